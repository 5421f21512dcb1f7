"""Test helpers: a local web server, a scorm-again "LMS" host page, a learner driving the player.

The host page (``host/host.html``) puts a real SCORM runtime (npm ``scorm-again``)
in ``window.API`` / ``window.API_1484_11`` and loads the package in an iframe,
as an LMS does; ``host.js`` logs every API call with its result and error code.
"""

from __future__ import annotations

import functools
import io
import re
import shutil
import threading
import zipfile
from collections.abc import Iterator, Sequence
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from lxml import etree
from playwright.sync_api import Frame, Page

ROOT = Path(__file__).resolve().parents[2]
HOST = Path(__file__).resolve().parent / "host"
NODE_FILES = {
    "scorm12.min.js": ROOT / "node_modules/scorm-again/dist/scorm12.min.js",
    "scorm2004.min.js": ROOT / "node_modules/scorm-again/dist/scorm2004.min.js",
    "axe.min.js": ROOT / "node_modules/axe-core/axe.min.js",
}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
API_CALLS = {
    "scorm12": ("LMSInitialize", "LMSFinish"),
    "scorm2004": ("Initialize", "Terminate"),
}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class Site:
    """A folder served on 127.0.0.1: ``/lib/`` holds the host page and npm scripts."""

    def __init__(self, root: Path) -> None:
        self.root = root
        lib = root / "lib"
        lib.mkdir(parents=True)
        missing = [str(p) for p in NODE_FILES.values() if not p.is_file()]
        if missing:
            raise RuntimeError(f"npm test packages missing ({', '.join(missing)}); run `npm ci`")
        for name, path in NODE_FILES.items():
            shutil.copyfile(path, lib / name)
        for path in HOST.iterdir():
            shutil.copyfile(path, lib / path.name)
        handler = functools.partial(_Quiet, directory=str(root))
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self._count = 0

    def add(self, package: bytes) -> str:
        """Unzip ``package`` into a new folder; return the URL path of its index.html."""
        self._count += 1
        folder = self.root / "pkg" / str(self._count)
        with zipfile.ZipFile(io.BytesIO(package)) as archive:
            archive.extractall(folder)
        return f"/pkg/{self._count}/index.html"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


class Lms:
    """The host page in a browser tab: launch a package, read what the runtime holds."""

    def __init__(self, page: Page, site: Site) -> None:
        self.page, self.site = page, site
        page.goto(f"{site.base}/lib/host.html")

    def launch(
        self,
        version: str,
        url: str,
        initial: dict[str, Any] | None = None,
        failing: tuple[str, ...] = (),
    ) -> Frame:
        """Start a session: a fresh runtime holding ``initial``, the package in the iframe."""
        self.version = version
        self.page.evaluate(
            "([v, i, u, f]) => launch(v, i, u, f)", [version, initial, url, list(failing)]
        )
        frame = self.page.frame_locator("#sco")
        frame.locator("html.js").wait_for(state="attached")
        handle = self.page.locator("#sco").element_handle()
        content = handle.content_frame() if handle else None
        assert content is not None
        return content

    def unload(self) -> None:
        """Leave the module: the iframe navigates away, as when the learner closes it."""
        self.page.evaluate("unload()")
        self.page.wait_for_function(
            "document.getElementById('sco').contentWindow.location.href === 'about:blank'"
        )

    def calls(self) -> list[dict[str, Any]]:
        """Every API call of the current session: fn, args, result and error code."""
        calls: list[dict[str, Any]] = self.page.evaluate("calls")
        return calls

    def failed_calls(self) -> list[dict[str, Any]]:
        """Calls that returned "false" or left a non-zero error code.

        Reading an optional value the LMS never set (SCORM 2004 GetValue, error 403 "data
        model element value not initialized", such as cmi.scaled_passing_score) is how the
        standard says "none", so it is not counted.
        """
        return [
            c
            for c in self.calls()
            if (c["result"] == "false" or c["error"] not in ("0", ""))
            and not (c["fn"] == "GetValue" and c["error"] == "403")
        ]

    def count(self, fn: str) -> int:
        return sum(1 for c in self.calls() if c["fn"] == fn)

    def cmi(self) -> dict[str, Any]:
        """The runtime's whole data model, as JSON."""
        cmi: dict[str, Any] = self.page.evaluate("cmi()")
        return cmi


def unfold(where: Frame | Page) -> None:
    """Open the contents if a narrow window folded them behind their button."""
    toggle = where.locator("#toc-toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false":
        toggle.click()


class Learner:
    """Drives the player inside its frame as a learner would, with the mouse."""

    def __init__(self, frame: Frame) -> None:
        self.frame = frame

    def open(self, key: str) -> None:
        """Open the page whose location key is ``key`` from the table of contents."""
        unfold(self.frame)
        self.frame.locator(f'.toc a[data-page="{key}"]').click()

    def page(self) -> str:
        """The location key of the page on show."""
        key: str = self.frame.locator(".page:not([hidden])").get_attribute("data-page") or ""
        return key

    def choose(self, item_id: str, options: Sequence[str]) -> None:
        """Tick the options (their ids), then press the item's "Check answer"."""
        item = self.frame.locator(f'.item[data-item="{item_id}"]')
        for option in options:
            item.locator(f'input[value="{option}"]').check()
        item.get_by_role("button", name="Check answer").click()

    def answer(self, item_id: str, value: bool) -> None:
        """Answer a true/false item."""
        self.choose(item_id, ["true" if value else "false"])

    def verdict(self, item_id: str) -> str:
        """The item's verdict once checked, or "" before."""
        found = self.frame.locator(f'.item[data-item="{item_id}"] .verdict')
        return found.inner_text() if found.count() else ""

    def results(self) -> str:
        """The results view's text, or "" while it is hidden."""
        view = self.frame.locator(".quiz .results")
        return view.inner_text() if view.is_visible() else ""

    def retry(self) -> None:
        self.frame.get_by_role("button", name="Try again").click()

    def status(self) -> str:
        return self.frame.locator("#save-status").inner_text()


def resume_data(version: str, cmi: dict[str, Any]) -> dict[str, Any]:
    """What an LMS hands a relaunched SCO after an ``exit=suspend`` session."""
    if version == "scorm12":
        core = cmi["core"]
        return {
            "core": {
                "entry": "resume",
                "lesson_location": core["lesson_location"],
                "lesson_status": core["lesson_status"],
            },
            "suspend_data": cmi["suspend_data"],
            "student_data": cmi["student_data"],
            "interactions": cmi["interactions"],
        }
    return {
        "entry": "resume",
        "location": cmi["location"],
        "suspend_data": cmi["suspend_data"],
        "completion_status": cmi["completion_status"],
        "success_status": cmi["success_status"],
        "interactions": cmi["interactions"],
    }


def first_launch(version: str, package: bytes) -> dict[str, Any] | None:
    """What an LMS hands a first launch: the manifest's mastery score in SCORM 1.2."""
    if version != "scorm12":
        return None
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        root = etree.fromstring(archive.read("imsmanifest.xml"))
    score = root.findtext(".//{http://www.adlnet.org/xsd/adlcp_rootv1p2}masteryscore")
    return {"student_data": {"mastery_score": score}}


def interactions(version: str, cmi: dict[str, Any]) -> Iterator[dict[str, str]]:
    """The runtime's interactions in order, flattened to id/type/response/result/pattern."""
    records = cmi["interactions"]
    for key in sorted(records, key=int):
        record = records[key]
        yield {
            "id": record["id"],
            "type": record["type"],
            "response": record["student_response" if version == "scorm12" else "learner_response"],
            "result": record["result"],
            "pattern": record["correct_responses"]["0"]["pattern"],
        }


def tab_key(package: bytes) -> str:
    """The quiz key the package's page carries (body data-quiz-key)."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        page = archive.read("index.html").decode()
    match = re.search(r'data-quiz-key="([0-9a-f]{8})"', page)
    assert match
    return match.group(1)
