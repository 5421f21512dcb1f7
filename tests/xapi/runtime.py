"""Helpers for the xAPI/cmi5 browser tests: launching packages, a learner, reading the LRS."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from playwright.sync_api import Page

from coprod_content.model import Module
from tests.scorm.lms import unfold
from tests.xapi.conftest import Lrs

ADL = "http://adlnet.gov/expapi/verbs/"
CMI5 = "https://w3id.org/xapi/cmi5/context/"
LEARNER = {"objectType": "Agent", "name": "Test Learner", "mbox": "mailto:learner@example.org"}


def verb(statement: dict[str, Any]) -> str:
    return str(statement["verb"]["id"]).removeprefix(ADL)


def wait_for(lrs: Lrs, registration: str, done: Any, timeout: float = 15) -> list[dict[str, Any]]:
    """The registration's statements once ``done(statements)`` holds; fail after ``timeout``.

    ``done`` should ask for everything the test then asserts on: statements sent in
    separate requests may be stored in any order.
    """
    deadline = time.monotonic() + timeout
    while True:
        found = lrs.ralph.statements(registration=registration)
        if done(found):
            return found
        if time.monotonic() > deadline:
            raise AssertionError(
                f"the LRS did not hold the awaited statements within {timeout} s;"
                f" it holds {[verb(s) for s in found]}"
            )
        time.sleep(0.2)


def has(*verbs: str, times: int = 1) -> Any:
    """A ``wait_for`` condition: each of ``verbs`` stored at least ``times`` times."""
    return lambda found: all([verb(s) for s in found].count(v) >= times for v in verbs)


class Learner:
    """Drives the player in a top-level page, with the mouse."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def wait_ready(self) -> None:
        self.page.locator("html.js").wait_for(state="attached")
        self.page.wait_for_function(
            "() => !/needs JavaScript/.test(document.getElementById('save-status').textContent)"
        )

    def current(self) -> str:
        return self.page.locator(".page:not([hidden])").get_attribute("data-page") or ""

    def open(self, key: str) -> None:
        unfold(self.page)
        self.page.locator(f'.toc a[data-page="{key}"]').click()

    def read_through(self) -> list[str]:
        """Press Next until the last page; the keys of the pages shown."""
        shown = [self.current()]
        while self.page.locator("#next").is_visible():
            self.page.locator("#next").click()
            shown.append(self.current())
        return shown

    def choose(self, item_id: str, options: Sequence[str]) -> None:
        """Tick the options (their ids), then press the item's "Check answer"."""
        item = self.page.locator(f'.item[data-item="{item_id}"]')
        for option in options:
            item.locator(f'input[value="{option}"]').check()
        item.get_by_role("button", name="Check answer").click()

    def answer(self, item_id: str, value: bool) -> None:
        """Answer a true/false item."""
        self.choose(item_id, ["true" if value else "false"])

    def verdict(self, item_id: str) -> str:
        """The item's verdict once checked, or "" before."""
        found = self.page.locator(f'.item[data-item="{item_id}"] .verdict')
        return found.inner_text() if found.count() else ""

    def retry(self) -> None:
        self.page.get_by_role("button", name="Try again").click()

    def status(self) -> str:
        return self.page.locator("#save-status").inner_text()

    def save_and_exit(self) -> None:
        """Press "Save and exit"; the page then says the session has ended."""
        self.page.get_by_role("button", name="Save and exit").click()
        assert self.status() == CLOSED

    def leave(self) -> None:
        """Navigate away, as closing the window does: pagehide fires."""
        self.page.goto("about:blank")


CLOSED = "Your progress is saved and this session has ended. You can close this window."
"""The status once "Save and exit" has ended the session."""


def quiz_page(module: Module) -> str:
    from coprod_content.model import QuizRef

    return next(s.id for s in module.sections if any(isinstance(b, QuizRef) for b in s.blocks))


def tincan_url(
    base: str,
    path: str,
    lrs: Lrs,
    registration: str,
    activity_id: str,
    actor: dict[str, Any] = LEARNER,
) -> str:
    query = {
        "endpoint": lrs.front.endpoint,
        "auth": lrs.ralph.auth,
        "actor": json.dumps(actor),
        "registration": registration,
        "activity_id": activity_id,
    }
    return f"{base}{path}?{urlencode(query)}"


class Cmi5Launch:
    """The test playing the LMS: session, token, LMS.LaunchData, the launched statement."""

    def __init__(
        self,
        lrs: Lrs,
        base: str,
        path: str,
        publisher_id: str,
        registration: str,
        *,
        mode: str = "Normal",
        mastery: float | None = 0.8,
        return_url: str | None = None,
        actor: dict[str, Any] = LEARNER,
    ) -> None:
        self.registration = registration
        self.session = str(uuid.uuid4())
        self.activity_id = (
            f"https://lms.example.org/activities/{uuid.uuid5(uuid.NAMESPACE_URL, publisher_id)}"
        )
        self.publisher_id = publisher_id
        template = {
            "contextActivities": {"grouping": [{"objectType": "Activity", "id": publisher_id}]},
            "extensions": {CMI5 + "extensions/sessionid": self.session},
        }
        launch_data: dict[str, Any] = {
            "contextTemplate": template,
            "launchMode": mode,
            "moveOn": "CompletedAndPassed",
        }
        if mastery is not None:
            launch_data["masteryScore"] = mastery
        if return_url:
            launch_data["returnURL"] = return_url
        self.launch_data = launch_data
        lrs.front.documents.put_state(
            self.activity_id, actor, registration, "LMS.LaunchData", launch_data
        )
        token = lrs.ralph.auth.removeprefix("Basic ")
        fetch = lrs.front.issue_fetch(token)
        extensions = {
            **template["extensions"],
            CMI5 + "extensions/launchmode": mode,
            CMI5 + "extensions/launchurl": f"{base}{path}",
            CMI5 + "extensions/moveon": "CompletedAndPassed",
        }
        if mastery is not None:
            extensions[CMI5 + "extensions/masteryscore"] = mastery
        lrs.ralph.post(
            {
                "id": str(uuid.uuid4()),
                "actor": actor,
                "verb": {"id": ADL + "launched", "display": {"en-US": "launched"}},
                "object": {"objectType": "Activity", "id": self.activity_id},
                "context": {
                    "registration": registration,
                    "contextActivities": {
                        **template["contextActivities"],
                        "category": [{"objectType": "Activity", "id": CMI5 + "categories/cmi5"}],
                    },
                    "extensions": extensions,
                },
                "timestamp": _now(),
            }
        )
        query = {
            "endpoint": lrs.front.endpoint,
            "fetch": fetch,
            "actor": json.dumps(actor),
            "registration": registration,
            "activityId": self.activity_id,
        }
        self.url = f"{base}{path}?{urlencode(query)}"

    def of_session(self, statements: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The statements of this launch session (by the session id extension)."""
        key = CMI5 + "extensions/sessionid"
        return [
            s
            for s in statements
            if s.get("context", {}).get("extensions", {}).get(key) == self.session
        ]


def _now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


LOCAL = "http://127.0.0.1:"
VIDEO_HOSTS = ("https://player.vimeo.com/", "https://www.youtube-nocookie.com/")
QUIET_404 = ("/xAPI/activities/state", "/xAPI/agents/profile")


class Browsing:
    """A browser context for xAPI launches, and everything its pages reported.

    No request interception: with any Playwright route in place, Chromium drops a
    keepalive request that needs a CORS preflight once its page unloads, and that
    is exactly how an LRS on another origin receives ``terminated``. Requests that
    try to leave 127.0.0.1 (other than the embedded videos) are recorded instead.
    A 404 from the State or Agent Profile resource is how xAPI says "no document
    yet", so the console line Chromium prints for it is not a problem.
    """

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.set_default_timeout(10_000)
        self.left: list[str] = []
        self.errors: list[str] = []
        self.context.on("request", self._request)

    def _request(self, request: Any) -> None:
        url = request.url
        if not url.startswith((LOCAL, "about:", "data:", *VIDEO_HOSTS)):
            self.left.append(url)

    def _console(self, message: Any) -> None:
        if message.type not in ("error", "warning"):
            return
        where = str(message.location.get("url", ""))
        if where.startswith(VIDEO_HOSTS) or (
            " 404 " in message.text and any(p in where for p in QUIET_404)
        ):
            return
        self.errors.append(f"{message.text} ({where})")

    def page(self) -> Page:
        page = self.context.new_page()
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("console", self._console)
        return page

    def problems(self) -> list[str]:
        return self.errors + [f"request left the machine: {u}" for u in self.left]

    def close(self) -> None:
        self.context.close()


def failed_exchanges(lrs: Lrs, since: int = 0) -> list[Any]:
    """Requests to this test's LRS front that did not succeed (from log position ``since``;
    each test's front starts with an empty log).

    A GET of a State or Agent Profile document may answer 404: xAPI's "none yet".
    """
    return [
        e
        for e in lrs.front.log[since:]
        if e.status >= 400 and not (e.method == "GET" and e.status == 404 and e.path in QUIET_404)
    ]
