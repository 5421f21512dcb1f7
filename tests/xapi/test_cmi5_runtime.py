"""The cmi5 package in Chromium: the test is the LMS, Ralph the LRS; the cmi5 rules checked."""

from __future__ import annotations

import uuid
from typing import Any

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


def categories(statement: dict[str, Any]) -> set[str]:
    listed = statement["context"].get("contextActivities", {}).get("category", [])
    return {a["id"] for a in listed}


def check_cmi5_session(
    launch: Cmi5Launch, found: list[dict[str, Any]], version: str
) -> list[dict[str, Any]]:
    """The cmi5 rules for one AU session; returns the AU's statements (no ``launched``).

    Every AU statement carries the module's ``version`` as its revision.
    """
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
        assert context["revision"] == version
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
    au = check_cmi5_session(launch, found, module.version)
    verbs = [verb(s) for s in au]
    assert verbs.count("answered") == len(items)
    # completed when the attempt is finished; failed held until the session ends
    assert verbs[-3:] == ["completed", "failed", "terminated"]
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
    au = check_cmi5_session(launch, found, module.version)
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
    learner.save_and_exit()
    found = wait_for(lrs, registration, lambda f: any(verb(s) == "terminated" for s in f))
    au = check_cmi5_session(launch, found, module.version)
    assert [verb(s) for s in au][-2:] == ["answered", "terminated"]
    assert page.url == launch.url  # no returnURL: the page stays, saying what to do
    assert validate(found) == [[] for _ in found]
    assert failed_exchanges(lrs, since) == []
    assert browsing.problems() == []


ATTEMPT = "http://id.tincanapi.com/extension/attempt-id"
KIND_ITEMS = ("feedback-after-design", "when-to-involve", "what-helps", "takes-more-time")
HELPS = ["paying-people", "accessible-info", "sharing-power"]
FAIL = (["true"], ["after-launch"], HELPS, ["true"])  # 2 of 4: 50 %, below 75 %
PASS = (["false"], ["from-the-start"], HELPS, ["true"])  # 4 of 4


def _answer(learner: Learner, way: tuple[list[str], ...]) -> None:
    for item, options in zip(KIND_ITEMS, way, strict=True):
        learner.choose(item, options)


def _launch_kinds(
    browsing: Browsing, lrs: Lrs, kinds: Module, package: bytes, site: Site, registration: str
) -> tuple[Cmi5Launch, Learner]:
    launch = Cmi5Launch(
        lrs, site.base, site.add(package), iri.au_iri(kinds), registration, mastery=0.75
    )
    page = browsing.page()
    page.goto(launch.url)
    learner = Learner(page)
    learner.wait_ready()
    learner.open("check")
    return launch, learner


def _attempts(statements: list[dict[str, Any]], name: str) -> list[int]:
    return [s["context"]["extensions"][ATTEMPT] for s in statements if verb(s) == name]


def test_fail_then_retry_then_pass_in_one_session_sends_only_passed(
    browsing: Browsing, lrs: Lrs, kinds: Module, kinds_packages: dict[str, bytes], xapi_site: Site
) -> None:
    since = len(lrs.front.log)
    registration = str(uuid.uuid4())
    launch, learner = _launch_kinds(
        browsing, lrs, kinds, kinds_packages["cmi5"], xapi_site, registration
    )
    _answer(learner, FAIL)
    learner.retry()
    _answer(learner, PASS)
    learner.save_and_exit()

    found = wait_for(lrs, registration, lambda f: any(verb(s) == "terminated" for s in f))
    au = check_cmi5_session(launch, found, kinds.version)
    judged = [verb(s) for s in au if verb(s) in ("completed", "passed", "failed")]
    assert judged == ["completed", "passed"]
    assert _attempts(au, "answered") == [1, 1, 1, 1, 2, 2, 2, 2]
    assert _attempts(au, "completed") == [1]
    assert _attempts(au, "passed") == [2]
    passed = next(s for s in au if verb(s) == "passed")
    assert passed["result"]["score"] == {"scaled": 1, "raw": 4, "min": 0, "max": 4}
    assert passed["context"]["extensions"][MASTERY] == 0.75
    answered = [s for s in au if verb(s) == "answered"]
    assert [s["result"]["response"] for s in answered[:4]] == [
        "true",
        "after-launch",
        "paying-people[,]accessible-info[,]sharing-power",
        "true",
    ]
    assert [s["result"]["success"] for s in answered] == [False, False, True, True] + [True] * 4
    choice = answered[1]["object"]["definition"]
    assert choice["interactionType"] == "choice"
    assert choice["correctResponsesPattern"] == ["from-the-start"]
    assert [c["id"] for c in choice["choices"]] == [
        "after-launch",
        "from-the-start",
        "at-review",
        "never",
    ]
    assert validate(found) == [[] for _ in found]
    assert failed_exchanges(lrs, since) == []
    assert browsing.problems() == []


def test_fail_in_one_session_then_pass_in_the_next(
    browsing: Browsing, lrs: Lrs, kinds: Module, kinds_packages: dict[str, bytes], xapi_site: Site
) -> None:
    since = len(lrs.front.log)
    registration = str(uuid.uuid4())
    first, learner = _launch_kinds(
        browsing, lrs, kinds, kinds_packages["cmi5"], xapi_site, registration
    )
    _answer(learner, FAIL)
    learner.save_and_exit()
    found = wait_for(lrs, registration, lambda f: any(verb(s) == "terminated" for s in f))
    one = check_cmi5_session(first, found, kinds.version)
    assert [verb(s) for s in one if verb(s) in ("completed", "passed", "failed")] == [
        "completed",
        "failed",
    ]
    failed = next(s for s in one if verb(s) == "failed")
    assert failed["result"]["score"] == {"scaled": 0.5, "raw": 2, "min": 0, "max": 4}
    assert failed["context"]["extensions"][ATTEMPT] == 1

    second, learner = _launch_kinds(
        browsing, lrs, kinds, kinds_packages["cmi5"], xapi_site, registration
    )
    assert learner.page.locator(".quiz .results").is_visible()  # the results, not a locked quiz
    learner.retry()
    _answer(learner, PASS)
    learner.save_and_exit()
    found = wait_for(lrs, registration, lambda f: sum(verb(s) == "terminated" for s in f) == 2)
    two = check_cmi5_session(second, found, kinds.version)
    assert [verb(s) for s in two if verb(s) in ("completed", "passed", "failed")] == ["passed"]
    assert _attempts(two, "passed") == [2]
    assert _attempts(two, "answered") == [2, 2, 2, 2]
    assert [verb(s) for s in found].count("passed") == 1
    assert validate(found) == [[] for _ in found]
    assert failed_exchanges(lrs, since) == []
    assert browsing.problems() == []


def test_passing_again_in_a_later_session_sends_no_second_passed(
    browsing: Browsing, lrs: Lrs, kinds: Module, kinds_packages: dict[str, bytes], xapi_site: Site
) -> None:
    """cmi5 §9.3.4: "The AU MUST NOT issue multiple statements with Passed for the same AU
    within a given course registration"; a pass in the first session holds for the next."""
    since = len(lrs.front.log)
    registration = str(uuid.uuid4())
    first, learner = _launch_kinds(
        browsing, lrs, kinds, kinds_packages["cmi5"], xapi_site, registration
    )
    _answer(learner, PASS)
    learner.save_and_exit()
    found = wait_for(lrs, registration, has("passed", "terminated"))
    one = check_cmi5_session(first, found, kinds.version)
    assert [verb(s) for s in one if verb(s) in ("passed", "failed")] == ["passed"]

    second, learner = _launch_kinds(
        browsing, lrs, kinds, kinds_packages["cmi5"], xapi_site, registration
    )
    learner.retry()
    _answer(learner, PASS)
    learner.save_and_exit()
    found = wait_for(lrs, registration, has("terminated", times=2))
    two = check_cmi5_session(second, found, kinds.version)
    assert _attempts(two, "answered") == [2, 2, 2, 2]
    assert [verb(s) for s in two if verb(s) in ("completed", "passed", "failed")] == []
    assert [verb(s) for s in found].count("passed") == 1
    assert validate(found) == [[] for _ in found]
    assert failed_exchanges(lrs, since) == []
    assert browsing.problems() == []
