"""The cmi5 package in Chromium: the test is the LMS, Ralph the LRS; the cmi5 rules checked."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from coprod_content.model import Module
from coprod_content.xapi import iri
from tests.scorm.lms import Site
from tests.xapi.conftest import Lrs, validate
from tests.xapi.runtime import (
    CMI5,
    Browsing,
    Cmi5Launch,
    Learner,
    failed_exchanges,
    has,
    quiz_page,
    verb,
    wait_for,
)

CATEGORY = CMI5 + "categories/cmi5"
MOVEON = CMI5 + "categories/moveon"
SESSION = CMI5 + "extensions/sessionid"
MASTERY = CMI5 + "extensions/masteryscore"
DEFINED = {"initialized", "completed", "passed", "failed", "terminated"}
DURATION = {"completed", "passed", "failed", "terminated"}


@pytest.fixture
def browsing(browser: Any) -> Iterator[Browsing]:
    opened = Browsing(browser)
    yield opened
    opened.close()


def categories(statement: dict[str, Any]) -> set[str]:
    listed = statement["context"].get("contextActivities", {}).get("category", [])
    return {a["id"] for a in listed}


def check_cmi5_session(launch: Cmi5Launch, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The cmi5 rules for one AU session; returns the AU's statements (no ``launched``)."""
    session = launch.of_session(found)
    assert verb(session[0]) == "launched"  # the LMS's, before the AU's
    au = session[1:]
    verbs = [verb(s) for s in au]
    assert verbs[0] == "initialized"
    assert verbs[-1] == "terminated"
    defined = [v for v, s in zip(verbs, au, strict=True) if CATEGORY in categories(s)]
    assert len(defined) == len(set(defined)), f"duplicate cmi5 verbs in a session: {defined}"
    assert len([v for v in defined if v in ("passed", "failed")]) <= 1
    for statement in au:
        name = verb(statement)
        context = statement["context"]
        assert context["registration"] == launch.registration
        assert context["extensions"][SESSION] == launch.session
        assert {"objectType": "Activity", "id": launch.publisher_id} in context[
            "contextActivities"
        ]["grouping"]
        if name in DEFINED:
            assert CATEGORY in categories(statement), name
            assert statement["object"]["id"] == launch.activity_id
            judged = name in ("passed", "failed", "completed")
            assert (MOVEON in categories(statement)) is judged, name
            if name not in ("passed", "failed"):
                assert "score" not in statement.get("result", {}), name
        else:  # cmi5 "allowed": any verb, the context template, no cmi5 category
            assert not categories(statement) & {CATEGORY, MOVEON}, name
        if name in DURATION:
            assert statement["result"]["duration"].startswith("PT"), name
    return au


def no_launch_data_writes(lrs: Lrs) -> None:
    reads = writes = 0
    for exchange in lrs.front.exchanges("/xAPI/activities/state"):
        if exchange.query.get("stateId") == "LMS.LaunchData":
            reads += exchange.method == "GET"
            writes += exchange.method != "GET"
    assert reads and not writes


def test_a_normal_session_fails_below_mastery_and_returns_to_the_lms(
    browsing: Browsing, lrs: Lrs, module: Module, xapi_packages: dict[str, bytes], xapi_site: Site
) -> None:
    registration = str(uuid.uuid4())
    returned = f"{xapi_site.base}/returned.html"
    launch = Cmi5Launch(
        lrs,
        xapi_site.base,
        xapi_site.add(xapi_packages["cmi5"]),
        iri.au_iri(module),
        registration,
        return_url=returned,
    )
    page = browsing.page()
    page.goto(launch.url)
    learner = Learner(page)
    learner.wait_ready()
    assert learner.status() == "Your progress is saved to your learning system."
    learner.read_through()
    learner.open(quiz_page(module))
    items = module.quiz.items
    wrong = {items[0].id, items[1].id}
    for item in items:
        learner.answer(item.id, item.answer != (item.id in wrong))
    page.get_by_role("button", name="Save and exit").click()
    page.wait_for_url(returned)

    found = wait_for(lrs, registration, has("failed", "completed", "terminated"))
    au = check_cmi5_session(launch, found)
    verbs = [verb(s) for s in au]
    assert verbs.count("answered") == len(items)
    assert verbs[-3:] == ["failed", "completed", "terminated"]
    assert "passed" not in verbs
    failed = next(s for s in au if verb(s) == "failed")
    scaled = round((len(items) - 2) / len(items), 4)
    assert failed["result"]["score"] == {
        "scaled": scaled,
        "raw": len(items) - 2,
        "min": 0,
        "max": len(items),
    }
    assert failed["result"]["success"] is False
    assert scaled < 0.8
    assert failed["context"]["extensions"][MASTERY] == 0.8
    completed = next(s for s in au if verb(s) == "completed")
    assert completed["result"]["completion"] is True
    answered = [s for s in au if verb(s) == "answered"]
    assert [s["object"]["id"] for s in answered] == [iri.item_iri(module, i.id) for i in items]
    for statement, item in zip(answered, items, strict=True):
        assert statement["result"]["success"] is (item.id not in wrong)
        assert statement["result"]["response"] == str(item.answer != (item.id in wrong)).lower()

    assert [e.status for e in lrs.front.log if e.path.startswith("/fetch/")] == [200]
    no_launch_data_writes(lrs)
    profile = [e for e in lrs.front.exchanges("/xAPI/agents/profile") if e.method == "GET"]
    assert [e.query["profileId"] for e in profile] == ["cmi5LearnerPreferences"]
    assert validate(found) == [[] for _ in found]
    assert failed_exchanges(lrs) == []
    assert browsing.problems() == []


def test_browse_mode_sends_only_initialized_and_terminated_and_a_reload_keeps_the_token(
    browsing: Browsing, lrs: Lrs, module: Module, xapi_packages: dict[str, bytes], xapi_site: Site
) -> None:
    registration = str(uuid.uuid4())
    launch = Cmi5Launch(
        lrs,
        xapi_site.base,
        xapi_site.add(xapi_packages["cmi5"]),
        iri.au_iri(module),
        registration,
        mode="Browse",
    )
    page = browsing.page()
    page.goto(launch.url)
    learner = Learner(page)
    learner.wait_ready()
    learner.open(quiz_page(module))
    learner.answer(module.quiz.items[0].id, module.quiz.items[0].answer)
    page.reload()  # ends this session (terminated on pagehide); the token is reused
    learner.wait_ready()
    assert "could not be saved" in learner.status()
    learner.leave()

    found = wait_for(lrs, registration, has("terminated"))
    au = check_cmi5_session(launch, found)
    assert [verb(s) for s in au] == ["initialized", "terminated"]
    fetched = [e for e in lrs.front.log if e.path.startswith("/fetch/")]
    assert [e.method for e in fetched] == ["POST"]
    no_launch_data_writes(lrs)
    assert validate(found) == [[] for _ in found]
    assert failed_exchanges(lrs) == []
    assert browsing.problems() == []


def test_save_and_exit_without_a_return_url_ends_the_session_and_says_the_window_can_close(
    browsing: Browsing, lrs: Lrs, module: Module, xapi_packages: dict[str, bytes], xapi_site: Site
) -> None:
    since = len(lrs.front.log)
    registration = str(uuid.uuid4())
    path = xapi_site.add(xapi_packages["cmi5"])
    launch = Cmi5Launch(lrs, xapi_site.base, path, iri.au_iri(module), registration)
    page = browsing.page()
    page.goto(launch.url)
    learner = Learner(page)
    learner.wait_ready()
    learner.open(quiz_page(module))
    first = module.quiz.items[0]
    learner.answer(first.id, first.answer)
    page.get_by_role("button", name="Save and exit").click()
    assert learner.status() == (
        "Your progress is saved and this session has ended. You can close this window."
    )
    found = wait_for(lrs, registration, lambda f: any(verb(s) == "terminated" for s in f))
    au = check_cmi5_session(launch, found)
    assert [verb(s) for s in au][-2:] == ["answered", "terminated"]
    assert page.url == launch.url  # no returnURL: the page stays, saying what to do
    assert validate(found) == [[] for _ in found]
    assert failed_exchanges(lrs, since) == []
    assert browsing.problems() == []
