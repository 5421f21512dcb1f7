"""A learner who started under the package before the quiz engine resumes under the new one.

The saved states are real: captured from the SCORM 1.2 package of the bundled module as
built before choice kinds existed, under scorm-again (``tests/fixtures/saved-state``).
Format 1 is upgraded, not discarded: the answers and notes come back.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from coprod_content.model import Module
from coprod_content.player import state
from tests.scorm.conftest import Tab
from tests.scorm.lms import Learner, Lms, Site, interactions, tab_key

CAPTURED = json.loads(
    (Path(__file__).resolve().parents[1] / "fixtures/saved-state/format1-scorm12.json").read_bytes()
)
FIRST_NOTE = "Power: who decides? “Nothing about us without us” – ask early & often <trust>"


def _relaunch(lms: Lms, site: Site, package: bytes, captured: dict[str, Any]) -> Learner:
    """Launch as an LMS does after the old package's session ended with exit=suspend."""
    core = {k: captured[k] for k in ("lesson_location", "lesson_status") if k in captured}
    if "score" in captured:
        core["score"] = captured["score"]
    initial = {
        "core": {"entry": "resume", **core},
        "suspend_data": captured["suspend_data"],
        "student_data": {"mastery_score": "80"},
        "interactions": captured["interactions"],
    }
    return Learner(lms.launch("scorm12", site.add(package), initial))


def test_answers_and_notes_from_before_the_quiz_engine_come_back(
    lms: Lms, tab: Tab, site: Site, packages: dict[str, bytes], module: Module
) -> None:
    items = [item.id for item in module.quiz.items]
    learner = _relaunch(lms, site, packages["scorm12"], CAPTURED["in-progress"])
    assert learner.page() == "quiz"
    # captured: item 1 answered false (right), item 2 true (wrong), item 4 true (right)
    verdicts = [learner.verdict(item).split(".")[0] for item in items]
    assert verdicts == ["Correct", "Not quite", "", "Correct", "", ""]
    frame = learner.frame
    assert frame.locator(f'.item[data-item="{items[1]}"] input:checked').get_attribute("value") == (
        "true"
    )
    assert frame.locator(f'.item[data-item="{items[2]}"] input:not([disabled])').count() == 2
    for item in (items[2], items[4], items[5]):
        learner.answer(item, item != items[5])  # right: true, true, false
    assert learner.results().splitlines()[2] == (
        "You answered 5 of 6 correctly (83%). The pass mark is 80%: you have passed."
    )
    learner.open("in-practice")
    notes = frame.locator("textarea[data-note]")
    assert [notes.nth(i).input_value() for i in range(2)] == [
        FIRST_NOTE,
        "Paid the advisory group for their time.",
    ]
    lms.unload()

    cmi = lms.cmi()
    assert (cmi["core"]["lesson_status"], cmi["core"]["score"]["raw"]) == ("passed", "83.33")
    rows = list(interactions("scorm12", cmi))
    assert [r["id"] for r in rows] == [items[0], items[1], items[3], items[2], items[4], items[5]]
    assert [r["response"] for r in rows[3:]] == ["t", "t", "f"]
    saved = json.loads(cmi["suspend_data"])
    assert {k: saved[k] for k in ("v", "t", "r", "b", "p")} == {
        "v": 2,
        "t": 1,
        "r": "211112",  # true is option 1 ("1"), false option 2 ("2")
        "b": 5,
        "p": 1,
    }
    # no pages visited in format 1; now the quiz (page 8, bit 0 of digit 2) where the learner
    # resumed, and in-practice (page 5, bit 1 of digit 1)
    assert (saved["g"], saved["s"]) == (state.pages_key(module), "021")
    assert saved["n"] == {
        "reflect-poor-practice": FIRST_NOTE,
        "reflect-good-practice": "Paid the advisory group for their time.",
    }
    assert lms.failed_calls() == []
    assert tab.problems() == []


def test_a_learner_who_failed_before_sees_the_results_and_can_try_again(
    lms: Lms, tab: Tab, site: Site, packages: dict[str, bytes], module: Module
) -> None:
    learner = _relaunch(lms, site, packages["scorm12"], CAPTURED["failed"])
    assert learner.results().splitlines()[:3] == [
        "Your results: attempt 1",
        "",
        "You answered 4 of 6 correctly (67%). The pass mark is 80%: you have not passed this time.",
    ]
    assert lms.cmi()["core"]["lesson_status"] == "failed"  # as the old package left it
    learner.retry()
    for item in module.quiz.items:
        learner.answer(item.id, item.answer)
    learner.open("in-practice")
    assert learner.frame.locator("#n--reflect-good-practice").input_value() == (
        "Ask the group first, then plan."
    )
    lms.unload()
    cmi = lms.cmi()
    assert (cmi["core"]["lesson_status"], cmi["core"]["score"]["raw"]) == ("passed", "100")
    assert len(list(interactions("scorm12", cmi))) == 12
    assert json.loads(cmi["suspend_data"])["t"] == 2
    assert lms.failed_calls() == []
    assert tab.problems() == []


def test_a_state_from_a_changed_quiz_keeps_the_pass_and_notes_and_starts_the_quiz_afresh(
    lms: Lms, tab: Tab, site: Site, packages: dict[str, bytes], module: Module
) -> None:
    """Saved-state format 2 (player/state.py): when ``k`` is not this quiz's key, the
    attempt, its answers and the best score are dropped; the pass and the notes are kept."""
    earlier = {
        "v": 2,
        "k": "00000000",
        "t": 3,
        "r": "121212",
        "b": 6,
        "p": 1,
        "n": {"reflect-good-practice": "Kept across the change."},
    }
    initial = {
        "core": {"entry": "resume", "lesson_location": "quiz", "lesson_status": "passed"},
        "suspend_data": json.dumps(earlier),
        "student_data": {"mastery_score": "80"},
    }
    learner = Learner(lms.launch("scorm12", site.add(packages["scorm12"]), initial))
    assert learner.page() == "quiz"
    assert [learner.verdict(item.id) for item in module.quiz.items] == [""] * 6
    # no attempt is finished now, yet a pass is never turned back to incomplete
    assert lms.cmi()["core"]["lesson_status"] == "passed"
    for item in module.quiz.items:
        learner.answer(item.id, not item.answer)
    assert learner.results().splitlines()[:3] == [
        "Your results: attempt 1",
        "",
        "You answered 0 of 6 correctly (0%). The pass mark is 80%: you have not passed this"
        " time. You passed an earlier attempt, and that pass stands.",
    ]
    learner.open("in-practice")
    assert learner.frame.locator("#n--reflect-good-practice").input_value() == (
        "Kept across the change."
    )
    lms.unload()

    cmi = lms.cmi()
    assert (cmi["core"]["lesson_status"], cmi["core"]["score"]["raw"]) == ("passed", "0")
    saved = json.loads(cmi["suspend_data"])
    # every answer the opposite of false, false, true, true, true, false: true is "1", false "2"
    assert {k: saved[k] for k in ("t", "r", "b", "p")} == {"t": 1, "r": "112221", "b": 0, "p": 1}
    assert saved["n"] == {"reflect-good-practice": "Kept across the change."}
    assert lms.failed_calls() == []
    assert tab.problems() == []


def test_a_saved_response_naming_an_option_the_item_lacks_is_not_restored(
    lms: Lms, tab: Tab, site: Site, packages: dict[str, bytes], module: Module
) -> None:
    """A true/false item has two options (bits 1 and 2), so the response ``4`` names none
    of them: the saved answers do not fit this quiz and are not restored; the notes are."""
    earlier = {
        "v": 2,
        "k": tab_key(packages["scorm12"]),
        "t": 1,
        "r": "41----",
        "p": 0,
        "n": {"reflect-poor-practice": "Still here."},
    }
    initial = {
        "core": {"entry": "resume", "lesson_location": "quiz", "lesson_status": "incomplete"},
        "suspend_data": json.dumps(earlier),
        "student_data": {"mastery_score": "80"},
    }
    learner = Learner(lms.launch("scorm12", site.add(packages["scorm12"]), initial))
    assert [learner.verdict(item.id) for item in module.quiz.items] == [""] * 6
    learner.open("in-practice")
    assert learner.frame.locator("#n--reflect-poor-practice").input_value() == "Still here."
    lms.unload()
    saved = json.loads(lms.cmi()["suspend_data"])
    assert (saved["r"], saved["n"]) == ("------", {"reflect-poor-practice": "Still here."})
    assert lms.failed_calls() == []
    assert tab.problems() == []
