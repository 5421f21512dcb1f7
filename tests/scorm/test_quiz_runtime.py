"""The quiz engine in Chromium against scorm-again: attempts, retry, results, resume.

The module is ``tests/fixtures/quiz/kinds`` (mastery 75 %, ``attempts: 2``): a true/false
item, a single-choice item, a multiple-response item and another true/false item. Three
ways of answering it, worked out by hand (option letters for SCORM 1.2 are a, b, c... in
the order authored; a saved response is a hex bitmask of the options checked):

====  ==========================================================  =======  ===========
name  choices (item by item)                                      right    saved ``r``
====  ==========================================================  =======  ===========
FAIL  true; after-launch; paying-people+accessible-info+sharing-  2 of 4   ``11151``
      power; true                                                 (50 %)
PASS  false; from-the-start; the same three; true                 4 of 4   ``22151``
      (100 %)
LOW   true; never; jargon; true                                   1 of 4   ``18021``
      (25 %)
====  ==========================================================  =======  ===========
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import msgspec
import pytest

from coprod_content.loading import load_modules
from coprod_content.model import Module
from coprod_content.player import state
from coprod_content.scorm import build
from tests.scorm.conftest import Tab
from tests.scorm.lms import Learner, Lms, Site, first_launch, interactions, resume_data
from tests.scorm.test_accessibility import axe

KINDS = Path(__file__).resolve().parents[1] / "fixtures" / "quiz"
ITEMS = ("feedback-after-design", "when-to-involve", "what-helps", "takes-more-time")
HELPS = ["paying-people", "accessible-info", "sharing-power"]
FAIL = (["true"], ["after-launch"], HELPS, ["true"])
PASS = (["false"], ["from-the-start"], HELPS, ["true"])
LOW = (["true"], ["never"], ["jargon"], ["true"])

# (type, response, result, pattern) per item, per answering, per SCORM version
ROWS: dict[str, dict[str, list[tuple[str, str, str, str]]]] = {
    "scorm12": {
        "FAIL": [
            ("true-false", "t", "wrong", "f"),
            ("choice", "a", "wrong", "b"),
            ("choice", "a,c,e", "correct", "a,c,e"),
            ("true-false", "t", "correct", "t"),
        ],
        "PASS": [
            ("true-false", "f", "correct", "f"),
            ("choice", "b", "correct", "b"),
            ("choice", "a,c,e", "correct", "a,c,e"),
            ("true-false", "t", "correct", "t"),
        ],
        "LOW": [
            ("true-false", "t", "wrong", "f"),
            ("choice", "d", "wrong", "b"),
            ("choice", "b", "wrong", "a,c,e"),
            ("true-false", "t", "correct", "t"),
        ],
    },
    "scorm2004": {
        "FAIL": [
            ("true-false", "true", "incorrect", "false"),
            ("choice", "after-launch", "incorrect", "from-the-start"),
            ("choice", "[,]".join(HELPS), "correct", "[,]".join(HELPS)),
            ("true-false", "true", "correct", "true"),
        ],
        "PASS": [
            ("true-false", "false", "correct", "false"),
            ("choice", "from-the-start", "correct", "from-the-start"),
            ("choice", "[,]".join(HELPS), "correct", "[,]".join(HELPS)),
            ("true-false", "true", "correct", "true"),
        ],
        "LOW": [
            ("true-false", "true", "incorrect", "false"),
            ("choice", "never", "incorrect", "from-the-start"),
            ("choice", "jargon", "incorrect", "[,]".join(HELPS)),
            ("true-false", "true", "correct", "true"),
        ],
    },
}


@pytest.fixture(scope="module")
def kinds() -> Module:
    (module,) = load_modules(KINDS)
    return module


@pytest.fixture(scope="module")
def kinds_packages(kinds: Module) -> dict[str, bytes]:
    unlimited = msgspec.structs.replace(
        kinds, quiz=msgspec.structs.replace(kinds.quiz, attempts=None)
    )
    return {
        "scorm12": build(kinds, "scorm12"),
        "scorm2004": build(kinds, "scorm2004"),
        "scorm12-unlimited": build(unlimited, "scorm12"),
        "scorm2004-unlimited": build(unlimited, "scorm2004"),
    }


def _launch(
    lms: Lms, site: Site, package: bytes, version: str, initial: dict[str, Any] | None = None
) -> Learner:
    learner = Learner(
        lms.launch(version, site.add(package), initial or first_launch(version, package))
    )
    learner.open("check")
    return learner


def _answer(learner: Learner, way: tuple[list[str], ...]) -> None:
    for item, options in zip(ITEMS, way, strict=True):
        learner.choose(item, options)


def _rows(version: str, *ways: str) -> list[dict[str, str]]:
    return [
        {"id": item, "type": t, "response": r, "result": res, "pattern": pat}
        for way in ways
        for item, (t, r, res, pat) in zip(ITEMS, ROWS[version][way], strict=True)
    ]


def _outcome(version: str, cmi: dict[str, Any]) -> tuple[Any, ...]:
    if version == "scorm12":
        core = cmi["core"]
        return core["lesson_status"], core["score"]["raw"], core["exit"]
    return (
        cmi["completion_status"],
        cmi["success_status"],
        cmi["score"]["raw"],
        cmi["score"]["scaled"],
        cmi["exit"],
    )


def _saved(cmi: dict[str, Any]) -> dict[str, Any]:
    state: dict[str, Any] = json.loads(cmi["suspend_data"])
    """The saved quiz: fingerprints, notes and pages visited (test_runtime's) left aside."""
    return {k: v for k, v in state.items() if k not in ("k", "n", "g", "s")}


@pytest.mark.parametrize("version", ["scorm12", "scorm2004"])
def test_fail_then_pass_then_a_lower_attempt_keeps_the_pass_and_the_best_score(
    version: str,
    lms: Lms,
    tab: Tab,
    site: Site,
    kinds: Module,
    kinds_packages: dict[str, bytes],
) -> None:
    learner = _launch(lms, site, kinds_packages[f"{version}-unlimited"], version)
    assert learner.frame.locator("#quiz--attempt").is_hidden()  # unlimited, first attempt
    _answer(learner, FAIL)
    assert learner.results().splitlines()[:3] == [
        "Your results: attempt 1",
        "",
        "You answered 2 of 4 correctly (50%). The pass mark is 75%: you have not passed this time.",
    ]
    after_fail = lms.cmi()
    assert _outcome(version, after_fail)[:-1] == (
        ("failed", "50") if version == "scorm12" else ("completed", "failed", "50", "0.5")
    )
    assert _saved(after_fail) == {"v": 2, "t": 1, "r": "11151", "b": 2, "p": 0}
    assert state.responses(kinds, FAIL) == "11151"  # the script and state.py agree

    learner.retry()
    assert learner.frame.locator("#quiz--attempt").inner_text() == (
        "Attempt 2: your earlier answers are cleared."
    )
    assert learner.verdict(ITEMS[0]) == ""
    _answer(learner, PASS)
    assert "you have passed." in learner.results()
    learner.retry()
    _answer(learner, LOW)
    summary = learner.frame.locator(".results .summary").inner_text()
    assert summary == (
        "You answered 1 of 4 correctly (25%). The pass mark is 75%: you have not passed this"
        " time. Your best score is 100%. You passed an earlier attempt, and that pass stands."
    )
    lms.unload()

    cmi = lms.cmi()
    assert _outcome(version, cmi) == (
        ("passed", "100", "")
        if version == "scorm12"
        else ("completed", "passed", "100", "1", "normal")
    )
    assert list(interactions(version, cmi)) == _rows(version, "FAIL", "PASS", "LOW")
    assert _saved(cmi) == {"v": 2, "t": 3, "r": "18021", "b": 4, "p": 1}
    assert state.responses(kinds, LOW) == "18021"
    assert json.loads(cmi["suspend_data"])["k"] == state.quiz_key(kinds)
    assert lms.failed_calls() == []
    assert tab.problems() == []


def test_the_attempts_limit_holds_and_the_best_score_is_reported(
    lms: Lms, tab: Tab, site: Site, kinds_packages: dict[str, bytes]
) -> None:
    version = "scorm12"
    learner = _launch(lms, site, kinds_packages[version], version)
    assert learner.frame.locator("#quiz--attempt").inner_text() == "Attempt 1 of 2."
    _answer(learner, FAIL)
    learner.retry()
    assert learner.frame.locator("#quiz--attempt").inner_text() == (
        "Attempt 2 of 2: your earlier answers are cleared."
    )
    _answer(learner, LOW)
    results = learner.results()
    assert results.startswith("Your results: attempt 2 of 2\n")
    assert results.endswith("You have used all 2 attempts.")
    assert learner.frame.get_by_role("button", name="Try again").count() == 0
    lms.unload()
    first = lms.cmi()
    assert _outcome(version, first) == ("failed", "50", "suspend")

    again = Learner(
        lms.launch(version, site.add(kinds_packages[version]), resume_data(version, first))
    )
    assert again.page() == "check"
    assert again.results().startswith("Your results: attempt 2 of 2\n")
    assert again.frame.get_by_role("button", name="Try again").count() == 0
    assert again.frame.locator(".quiz .items").is_hidden()
    lms.unload()
    assert list(interactions(version, lms.cmi())) == _rows(version, "FAIL", "LOW")
    assert lms.failed_calls() == []
    assert tab.problems() == []


def test_relaunch_after_a_fail_shows_the_results_and_try_again(
    lms: Lms, tab: Tab, site: Site, kinds_packages: dict[str, bytes]
) -> None:
    version = "scorm2004"
    learner = _launch(lms, site, kinds_packages[version], version)
    _answer(learner, FAIL)
    lms.unload()
    first = lms.cmi()
    assert _outcome(version, first) == ("completed", "failed", "50", "0.5", "suspend")

    again = Learner(
        lms.launch(version, site.add(kinds_packages[version]), resume_data(version, first))
    )
    assert again.results().startswith(
        "Your results: attempt 1 of 2\n\nYou answered 2 of 4 correctly (50%)."
    )
    review = again.frame.locator(".results .review li")
    assert review.count() == 4
    assert review.nth(1).inner_text().splitlines() == [
        "When should women with lived experience be first involved?",
        "",
        "Your answer: After the service launches",
        "",
        "Not quite. The answer is: From the very start, before decisions are made.",
        "",
        "About “After the service launches”: By then the decisions are made.",
        "",
        "Involving women before decisions are made is what co-production means.",
    ]
    again.retry()
    _answer(again, PASS)
    lms.unload()
    cmi = lms.cmi()
    assert _outcome(version, cmi) == ("completed", "passed", "100", "1", "normal")
    assert list(interactions(version, cmi)) == _rows(version, "FAIL", "PASS")
    assert lms.failed_calls() == []
    assert tab.problems() == []


def test_checked_feedback_goes_to_a_polite_live_region_and_controls_leave_the_tab_order(
    lms: Lms, tab: Tab, site: Site, kinds_packages: dict[str, bytes]
) -> None:
    learner = _launch(lms, site, kinds_packages["scorm12"], "scorm12")
    item = learner.frame.locator('.item[data-item="when-to-involve"]')
    region = item.locator('[aria-live="polite"]')
    assert region.count() == 1
    assert region.inner_text() == ""  # present and empty before, so its change is announced
    item.get_by_role("button", name="Check answer").click()
    assert region.inner_text() == "Choose an answer first, then check it."
    learner.choose("when-to-involve", ["after-launch"])
    assert region.inner_text().splitlines() == [
        "Not quite. The answer is: From the very start, before decisions are made.",
        "",
        "About “After the service launches”: By then the decisions are made.",
        "",
        "Involving women before decisions are made is what co-production means.",
    ]
    assert item.locator("input:not([disabled])").count() == 0
    assert item.get_by_role("button", name="Check answer").count() == 0
    assert item.locator("input:checked").get_attribute("value") == "after-launch"
    assert tab.problems() == []


def _tab_until(learner: Learner, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches ``selector``."""
    for _ in range(limit):
        learner.frame.page.keyboard.press("Tab")
        if learner.frame.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_alone_chooses_checks_reviews_and_retries(
    lms: Lms, tab: Tab, site: Site, kinds_packages: dict[str, bytes]
) -> None:
    version = "scorm2004"
    learner = _launch(lms, site, kinds_packages[version], version)
    keys = tab.page.keyboard
    learner.frame.locator("#p--check--h").focus()
    steps = {  # the keys that choose FAIL's options, from the first option of each item
        "feedback-after-design": ["Space"],  # true
        "when-to-involve": ["Space"],  # after-launch
        "what-helps": ["Space", "Tab", "Tab", "Space", "Tab", "Tab", "Space"],
        "takes-more-time": ["Space"],  # true
    }
    for item, presses in steps.items():
        _tab_until(learner, f'.item[data-item="{item}"] input')
        for key in presses:
            keys.press(key)
        _tab_until(learner, f'.item[data-item="{item}"] .check')
        keys.press("Enter")
        if item != ITEMS[-1]:
            assert learner.verdict(item).startswith(("Correct.", "Not quite."))
    assert learner.frame.evaluate("document.activeElement.id") == "quiz--results"
    _tab_until(learner, ".retry")
    keys.press("Enter")
    assert learner.frame.evaluate("document.activeElement.id") == "quiz--attempt"
    _tab_until(learner, f'.item[data-item="{ITEMS[0]}"] input')
    keys.press("ArrowDown")  # radios: the arrow moves to "false" and checks it
    _tab_until(learner, f'.item[data-item="{ITEMS[0]}"] .check')
    keys.press("Enter")
    keys.press("Tab")  # the checked item's inputs and button are out of the tab order
    assert (
        learner.frame.evaluate("() => document.activeElement.closest('.item').dataset.item")
        == ITEMS[1]
    )
    assert learner.verdict(ITEMS[0]).startswith("Correct.")
    lms.unload()
    assert [row["result"] for row in interactions(version, lms.cmi())] == [
        "incorrect",
        "incorrect",
        "correct",
        "correct",
        "correct",
    ]
    assert lms.failed_calls() == []
    assert tab.problems() == []


def test_axe_finds_nothing_in_any_quiz_state_or_the_results(
    lms: Lms, tab: Tab, site: Site, kinds_packages: dict[str, bytes]
) -> None:
    learner = _launch(lms, site, kinds_packages["scorm12"], "scorm12")
    frame = learner.frame
    found = {"new attempt": axe(frame, site)}
    frame.locator('.item[data-item="what-helps"] input[value="jargon"]').check()
    frame.locator('.item[data-item="feedback-after-design"] .check').click()
    found["chosen, not checked; asked to choose first"] = axe(frame, site)
    learner.choose("feedback-after-design", ["true"])
    learner.choose("what-helps", ["paying-people"])
    found["some checked, right and wrong"] = axe(frame, site)
    learner.choose("when-to-involve", ["after-launch"])
    learner.choose("takes-more-time", ["true"])
    found["results, not passed"] = axe(frame, site)
    learner.retry()
    found["second attempt"] = axe(frame, site)
    _answer(learner, PASS)
    found["results, passed, no attempts left"] = axe(frame, site)
    assert found == {key: [] for key in found}
    assert tab.problems() == []
