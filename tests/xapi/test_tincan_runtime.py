"""The xAPI (Tin Can) package in Chromium against the real LRS: what the LRS stored."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec

from coprod_content.model import Module
from coprod_content.xapi import iri
from coprod_content.xapi.activities import activities
from tests.scorm.lms import Site
from tests.xapi.conftest import Lrs, validate
from tests.xapi.runtime import (
    Browsing,
    Learner,
    failed_exchanges,
    has,
    quiz_page,
    tincan_url,
    verb,
    wait_for,
)

SAVED = "Your progress is saved to your learning system."
ATTEMPT = "http://id.tincanapi.com/extension/attempt-id"
PENDING = "not saved yet"


def ended(count: int) -> Any:
    """A ``wait_for`` condition: ``count`` sessions terminated. Statements sent in separate
    requests may be stored in any order, so ask with ``has`` for every verb asserted on."""
    return has("terminated", times=count)


def only(found: list[dict[str, Any]], name: str) -> dict[str, Any]:
    (one,) = [s for s in found if verb(s) == name]
    return one


def definition(module: Module, item_id: str) -> dict[str, Any]:
    encoded: dict[str, Any] = msgspec.json.decode(
        msgspec.json.encode(activities(module).items[item_id].definition)
    )
    return encoded


def test_completing_the_module_records_every_statement_in_order(
    browsing: Browsing, lrs: Lrs, module: Module, xapi_packages: dict[str, bytes], xapi_site: Site
) -> None:
    registration = str(uuid.uuid4())
    activity_id = iri.module_iri(module)
    path = xapi_site.add(xapi_packages["xapi"])
    page = browsing.page()
    page.goto(tincan_url(xapi_site.base, path, lrs, registration, activity_id))
    learner = Learner(page)
    learner.wait_ready()
    assert learner.status() == SAVED
    learner.read_through()
    learner.open(quiz_page(module))
    items = module.quiz.items
    given = {item.id: (not item.answer if i == 0 else item.answer) for i, item in enumerate(items)}
    for item in items:
        learner.answer(item.id, given[item.id])
    learner.leave()

    found = wait_for(lrs, registration, has("passed", "completed", "terminated"))
    verbs = [verb(s) for s in found]
    assert verbs[:2] == ["initialized", "attempted"]
    assert verbs[-1] == "terminated"
    assert "suspended" not in verbs
    assert verbs.count("passed") == verbs.count("completed") == 1
    assert "failed" not in verbs
    assert verbs.index("passed") > max(i for i, v in enumerate(verbs) if v == "answered")
    experienced = [s["object"]["id"] for s in found if verb(s) == "experienced"]
    assert sorted(experienced) == sorted(iri.section_iri(module, s.id) for s in module.sections)

    answered = [s for s in found if verb(s) == "answered"]
    assert [s["object"]["id"] for s in answered] == [iri.item_iri(module, i.id) for i in items]
    for statement, item in zip(answered, items, strict=True):
        assert statement["context"]["extensions"] == {ATTEMPT: 1}
        assert statement["object"]["definition"] == definition(module, item.id)
        assert statement["result"]["response"] == str(given[item.id]).lower()
        assert statement["result"]["success"] is (given[item.id] == item.answer)
        assert statement["context"]["contextActivities"]["parent"] == [
            {"objectType": "Activity", "id": activity_id}
        ]

    passed = only(found, "passed")
    correct = len(items) - 1
    assert passed["result"]["score"] == {
        "scaled": round(correct / len(items), 4),
        "raw": correct,
        "min": 0,
        "max": len(items),
    }
    assert passed["result"]["score"]["scaled"] >= module.mastery_score / 100
    assert passed["result"]["success"] is True
    assert passed["context"]["extensions"] == {ATTEMPT: 1}
    assert only(found, "completed")["result"]["completion"] is True
    assert only(found, "terminated")["result"]["duration"].startswith("PT")
    for statement in found:
        assert statement["context"]["registration"] == registration
        assert statement["context"]["revision"] == module.version
        assert statement["actor"]["mbox"] == "mailto:learner@example.org"
        if verb(statement) not in ("answered", "experienced"):
            assert statement["object"]["id"] == activity_id

    assert validate(found) == [[] for _ in found]
    assert failed_exchanges(lrs) == []
    assert browsing.problems() == []


def test_leaving_mid_quiz_offline_then_relaunching_resumes_place_and_answers(
    browsing: Browsing, lrs: Lrs, module: Module, xapi_packages: dict[str, bytes], xapi_site: Site
) -> None:
    """The connection drops mid-quiz and is still down when the window closes; the next
    launch resumes from the browser's copy and delivers what the first could not send.

    Chromium's offline mode fails the page's own requests but not the ``keepalive`` ones a
    closing page sends, so while the first window closes the LRS is unavailable too (503,
    which the player treats as it treats a network failure: keep and retry later).
    """
    registration = str(uuid.uuid4())
    url = tincan_url(
        xapi_site.base,
        xapi_site.add(xapi_packages["xapi"]),
        lrs,
        registration,
        iri.module_iri(module),
    )
    items = module.quiz.items[:3]
    page = browsing.page()
    page.goto(url)
    learner = Learner(page)
    learner.wait_ready()
    learner.open(quiz_page(module))
    for item in items[:2]:
        learner.answer(item.id, item.answer)
    wait_for(lrs, registration, has("answered", times=2))

    browsing.context.set_offline(True)
    learner.answer(items[2].id, not items[2].answer)
    page.wait_for_function(
        "t => document.getElementById('save-status').textContent.includes(t)", arg=PENDING
    )
    with lrs.front.unavailable():
        learner.leave()  # the closing page's last POST is refused: it stays in the browser
        lrs.front.wait(lambda: any("terminated" in e.verbs for e in lrs.front.while_down))
    browsing.context.set_offline(False)
    assert not has("suspended")(lrs.ralph.statements(registration=registration))
    first_launch = len(lrs.front.log)

    again = browsing.page()
    again.goto(url)
    back = Learner(again)
    back.wait_ready()
    assert back.current() == quiz_page(module)
    for item, correct in zip(items, (True, True, False), strict=True):
        shown = back.verdict(item.id)
        assert shown.startswith("Correct." if correct else "Not quite."), shown
    assert back.verdict(module.quiz.items[3].id) == ""
    again.wait_for_function(
        "t => document.getElementById('save-status').textContent === t", arg=SAVED
    )
    back.leave()

    found = wait_for(lrs, registration, has("suspended", "terminated", times=2))
    verbs = [verb(s) for s in found]
    first, second = verbs[: verbs.index("terminated") + 1], verbs[verbs.index("terminated") + 1 :]
    assert first[:2] == ["initialized", "attempted"]
    assert first[-3:] == ["answered", "suspended", "terminated"]
    assert second[:2] == ["initialized", "resumed"]
    assert second[-2:] == ["suspended", "terminated"]
    posted = [e.verbs for e in lrs.front.log[first_launch:] if e.verbs]
    assert posted[0][:3] == ["answered", "suspended", "terminated"]  # the first launch's queue
    assert posted[-1] == ["suspended", "terminated"]  # a session's last statements leave together
    answered = [s for s in found if verb(s) == "answered"]
    assert [s["object"]["id"] for s in answered] == [iri.item_iri(module, i.id) for i in items]
    assert answered[2]["result"] == {
        "response": str(not items[2].answer).lower(),
        "success": False,
        "score": {"scaled": 0, "raw": 0, "min": 0, "max": 1},
    }
    assert validate(found) == [[] for _ in found]
    assert failed_exchanges(lrs) == []
    problems = [p for p in browsing.problems() if "ERR_INTERNET_DISCONNECTED" not in p]
    assert problems == []


def test_an_lrs_that_refuses_is_reported_and_nothing_is_dropped(
    browsing: Browsing, lrs: Lrs, module: Module, xapi_packages: dict[str, bytes], xapi_site: Site
) -> None:
    registration = str(uuid.uuid4())
    url = tincan_url(
        xapi_site.base,
        xapi_site.add(xapi_packages["xapi"]),
        lrs,
        registration,
        iri.module_iri(module),
    ).replace("auth=Basic", "auth=Basic+bm9ib2R5Om5vcGU%3D&was=")  # credentials the LRS refuses
    page = browsing.page()
    page.goto(url)
    learner = Learner(page)
    learner.wait_ready()
    learner.open(quiz_page(module))
    item = module.quiz.items[0]
    learner.answer(item.id, item.answer)
    refused = (
        "() => Object.entries(localStorage).filter(([k]) => k.endsWith(' refused'))"
        ".flatMap(([, v]) => JSON.parse(v)).map(s => s.verb.id.split('/').pop())"
    )
    page.wait_for_function(f"() => ({refused})().includes('answered')")
    assert learner.status().startswith("Progress could not be saved")
    assert page.evaluate(refused)[:2] == ["initialized", "attempted"]
    assert page.evaluate("() => Object.keys(localStorage).filter(k => k.endsWith(' queue'))") == []
    assert lrs.ralph.statements(registration=registration) == []
    assert {e.status for e in lrs.front.exchanges("/xAPI/statements")} == {401}
    assert any("The LRS refused" in p for p in browsing.problems())


def test_without_launch_parameters_the_module_works_and_says_nothing_is_saved(
    browsing: Browsing, module: Module, xapi_packages: dict[str, bytes], xapi_site: Site
) -> None:
    page = browsing.page()
    page.goto(xapi_site.base + xapi_site.add(xapi_packages["xapi"]))
    learner = Learner(page)
    learner.wait_ready()
    assert learner.status().startswith("Progress is not being saved: no learning system")
    learner.open(quiz_page(module))
    item = module.quiz.items[0]
    learner.answer(item.id, item.answer)
    assert learner.verdict(item.id).startswith("Correct.")
    assert browsing.problems() == []


def test_save_and_exit_sends_suspended_and_terminated_and_saves_the_place(
    browsing: Browsing, lrs: Lrs, module: Module, xapi_packages: dict[str, bytes], xapi_site: Site
) -> None:
    registration = str(uuid.uuid4())
    path = xapi_site.add(xapi_packages["xapi"])
    url = tincan_url(xapi_site.base, path, lrs, registration, iri.module_iri(module))
    page = browsing.page()
    page.goto(url)
    learner = Learner(page)
    learner.wait_ready()
    learner.open(quiz_page(module))
    first = module.quiz.items[0]
    learner.answer(first.id, first.answer)
    learner.save_and_exit()
    found = wait_for(lrs, registration, ended(1))
    verbs = [verb(s) for s in found]
    assert verbs[-2:] == ["suspended", "terminated"]
    after = module.sections[0].id
    learner.open(after)  # after the end, nothing more is sent: not this page, nor on leaving
    learner.leave()

    page = browsing.page()  # relaunch: the saved place and answer come back
    page.goto(url)
    learner = Learner(page)
    learner.wait_ready()
    assert learner.current() == quiz_page(module)
    assert learner.verdict(first.id).startswith("Correct.")
    both = wait_for(lrs, registration, lambda f: [verb(s) for s in f].count("initialized") == 2)
    assert [verb(s) for s in both][: len(verbs) + 1] == [*verbs, "initialized"]
    assert not any(s["object"]["id"].endswith(f"/sections/{after}") for s in both)
    assert validate(found) == [[] for _ in found]
    assert browsing.problems() == []  # the LRS refused nothing this learner sent


def test_choice_items_and_attempts_as_the_lrs_stores_them(
    browsing: Browsing, lrs: Lrs, kinds: Module, kinds_packages: dict[str, bytes], xapi_site: Site
) -> None:
    since = len(lrs.front.log)
    registration = str(uuid.uuid4())
    path = xapi_site.add(kinds_packages["xapi"])
    page = browsing.page()
    page.goto(tincan_url(xapi_site.base, path, lrs, registration, iri.module_iri(kinds)))
    learner = Learner(page)
    learner.wait_ready()
    learner.open("check")
    helps = ["paying-people", "accessible-info", "sharing-power"]
    ways = [
        (["true"], ["after-launch"], helps, ["true"]),  # 2 of 4: failed, below 75 %
        (["false"], ["from-the-start"], ["jargon"], ["true"]),  # 3 of 4: passed
    ]
    ids = [item.id for item in kinds.quiz.items]
    for n, way in enumerate(ways):
        if n:
            learner.retry()
        for item_id, options in zip(ids, way, strict=True):
            learner.choose(item_id, options)
    learner.leave()

    found = wait_for(lrs, registration, ended(1))
    verbs = [verb(s) for s in found]
    judged = [
        (v, s["context"]["extensions"][ATTEMPT])
        for v, s in zip(verbs, found, strict=True)
        if v in ("completed", "passed", "failed")
    ]
    assert judged == [("completed", 1), ("passed", 2)]  # the held failed is dropped by the pass
    assert only(found, "passed")["result"]["score"] == {
        "scaled": 0.75,
        "raw": 3,
        "min": 0,
        "max": 4,
    }
    answered = [s for s in found if verb(s) == "answered"]
    assert [(s["context"]["extensions"][ATTEMPT], s["result"]["response"]) for s in answered] == [
        (1, "true"),
        (1, "after-launch"),
        (1, "paying-people[,]accessible-info[,]sharing-power"),
        (1, "true"),
        (2, "false"),
        (2, "from-the-start"),
        (2, "jargon"),
        (2, "true"),
    ]
    many = answered[2]["object"]["definition"]
    assert many["interactionType"] == "choice"
    assert many["correctResponsesPattern"] == ["paying-people[,]accessible-info[,]sharing-power"]
    assert many["choices"][1] == {
        "id": "jargon",
        "description": {"en-GB": "Using professional jargon"},
    }
    assert answered[6]["result"]["success"] is False
    assert validate(found) == [[] for _ in found]
    assert failed_exchanges(lrs, since) == []
    assert browsing.problems() == []
