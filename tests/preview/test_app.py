"""``coprod serve --preview``: broken edits show their problems, the server keeps running,
and a fix shows the new text, in the pages, the player and the API."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from playwright.sync_api import Browser, expect

from coprod_content.preview.app import PreviewServer
from coprod_content.preview.watch import Watcher
from tests.gitrepo import isolate_git, make_repo

BROKEN_ROW = (
    '<tr class="diagnostic"><td><code>{root}/mini/quiz.yaml</code></td><td>12</td>'
    "<td><code>$.items[1].answer</code></td><td>expected true or false, got &#39;maybe&#39;</td>"
    "</tr>"
)


def _save(path: Path, text: str) -> None:
    """Write as an editor saves, the modification time moved on."""
    before = path.stat().st_mtime_ns
    path.write_text(text)
    os.utime(path, ns=(before + 10**9, before + 10**9))


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    isolate_git(monkeypatch)
    return make_repo(tmp_path)


def test_pages_player_and_api(content: Path) -> None:
    app = PreviewServer(Watcher(content, interval=0))

    async def run() -> None:
        transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://preview") as http:
            home = await http.get("/")
            assert (home.status_code, home.headers["location"]) == (302, "/preview/")
            overview = await http.get("/preview/")
            assert overview.status_code == 200
            assert overview.headers["cache-control"] == "no-store"
            assert "No problems found." in overview.text
            learner = await http.get("/preview/modules/mini/")
            assert 'src="/preview/modules/mini/player/index.html"' in learner.text
            player = await http.get("/preview/modules/mini/player/index.html")
            assert player.headers["content-type"] == "text/html; charset=utf-8"
            assert "Collaboration means" in player.text
            assert (await http.get("/preview/modules/mini/player/player.js")).status_code == 200
            assert (await http.get("/preview/assets/live.js")).status_code == 200
            assert (await http.get("/preview/modules/nope/")).status_code == 404
            assert (await http.get("/preview/modules/mini/player/nope.js")).status_code == 404
            api = await http.get("/v1/modules/mini")
            assert api.status_code == 200 and api.json()["version"] == "0.1.0"

            quiz = content / "mini" / "quiz.yaml"
            good = quiz.read_text()
            _save(quiz, good.replace("answer: true", "answer: maybe"))
            broken = await http.get("/preview/")
            assert BROKEN_ROW.format(root=content.as_posix()) in broken.text
            assert (await http.get("/preview/status")).json()["problems"] == 1
            learner = await http.get("/preview/modules/mini/")
            assert BROKEN_ROW.format(root=content.as_posix()) in learner.text
            assert (await http.get("/v1/modules/mini")).status_code == 404

            _save(quiz, good.replace("takes more time", "takes much more time"))
            fixed = await http.get("/preview/modules/mini/player/index.html")
            assert "takes much more time" in fixed.text
            assert "takes much more time" in (await http.get("/v1/modules/mini")).text

    # a thread of its own: a browser test of this file may hold Playwright's event loop,
    # which stays marked as running in the main thread while it is started
    with ThreadPoolExecutor(1) as pool:
        pool.submit(anyio.run, run).result()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def server(content: Path) -> Iterator[str]:
    """``coprod serve --preview`` over ``content`` in its own process; its base URL."""
    port = _free_port()
    coprod = str(Path(sys.executable).with_name("coprod"))
    args = [coprod, "serve", "--preview", "--port", str(port), "--content", str(content)]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    try:
        while True:
            try:
                httpx.get(f"{base}/preview/status", timeout=1)
                break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline
                time.sleep(0.1)
        yield base
        assert process.poll() is None  # still running after everything the test did
    finally:
        process.terminate()
        process.communicate(timeout=10)


def reloaded(http: httpx.Client, after: int, timeout: float = 10) -> dict[str, int]:
    """The preview's status once it has reloaded the content since stamp ``after``."""
    deadline = time.monotonic() + timeout
    while True:
        status: dict[str, int] = http.get("/preview/status").json()
        if status["stamp"] > after:
            return status
        assert time.monotonic() < deadline, f"no reload within {timeout} s of an edit"
        time.sleep(0.05)


def test_the_server_keeps_running_through_a_broken_edit(content: Path, server: str) -> None:
    with httpx.Client(base_url=server, timeout=5) as http:
        first = http.get("/preview/status").json()["stamp"]
        quiz = content / "mini" / "quiz.yaml"
        good = quiz.read_text()
        _save(quiz, good.replace("answer: true", "answer: maybe"))
        status = reloaded(http, first)
        assert status["problems"] == 1
        page = http.get("/preview/").text
        assert BROKEN_ROW.format(root=content.as_posix()) in page
        _save(quiz, good.replace("takes more time", "takes much more time"))
        assert reloaded(http, status["stamp"])["problems"] == 0
        player = http.get("/preview/modules/mini/player/index.html")
        assert player.status_code == 200 and "takes much more time" in player.text


def test_an_author_sees_the_edit_in_the_player_as_it_is_saved(
    content: Path, server: str, browser: Browser
) -> None:
    """In Chromium: the learner view follows each save without a reload by hand."""
    page = browser.new_page()
    try:
        page.goto(f"{server}/preview/modules/mini/")
        player = page.frame_locator("iframe.player")
        expect(player.locator("body")).to_contain_text("Collaboration means working together")
        quiz = content / "mini" / "quiz.yaml"
        good = quiz.read_text()
        _save(quiz, good.replace("answer: true", "answer: maybe"))
        expect(page.locator("tr.diagnostic td")).to_have_text(
            [
                f"{content.as_posix()}/mini/quiz.yaml",
                "12",
                "$.items[1].answer",
                "expected true or false, got 'maybe'",
            ],
            timeout=10_000,
        )
        basics = content / "mini" / "sections" / "basics.yaml"
        _save(quiz, good)
        _save(basics, basics.read_text().replace("working together", "working side by side"))
        expect(player.locator("body")).to_contain_text(
            "Collaboration means working side by side", timeout=10_000
        )
        expect(page.locator("tr.diagnostic")).to_have_count(0)
    finally:
        page.close()


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def test_the_author_pages_pass_axe(content: Path, server: str, browser: Browser) -> None:
    """WCAG 2.2 AA (axe-core) on the overview and learner pages, with problems and without."""
    context = browser.new_context(bypass_csp=True)  # to inject axe-core into the pages
    page = context.new_page()
    quiz = content / "mini" / "quiz.yaml"
    good = quiz.read_text()
    found: dict[str, list[str]] = {}
    try:
        for state, text in (("broken", good.replace("answer: true", "answer: 1")), ("ok", good)):
            page.goto("about:blank")  # no open preview page reloads itself during the edit
            with httpx.Client(base_url=server, timeout=5) as http:
                stamp = http.get("/preview/status").json()["stamp"]
                _save(quiz, text)
                assert reloaded(http, stamp)["problems"] == (1 if state == "broken" else 0)
            for name in ("", "modules/mini/"):
                page.goto(f"{server}/preview/{name}")
                page.add_script_tag(path=str(AXE))
                results: dict[str, Any] = page.evaluate(
                    """tags => axe.run(document, {runOnly: {type: "tag", values: tags},
                        iframes: false, resultTypes: ["violations"]})""",
                    AXE_TAGS,
                )
                found[f"{state} /preview/{name}"] = [
                    f"{v['id']}: {v['help']} at {node['target']}"
                    for v in results["violations"]
                    for node in v["nodes"]
                ]
    finally:
        context.close()
    assert found == {key: [] for key in found}
    assert len(found) == 4
