"""The packages in Chromium against a real SCORM runtime (scorm-again), as an LMS runs them.

Every scenario asserts on what the runtime ends up holding and that no API call
returned an error.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import msgspec
import pytest

from coprod_content.model import Module, Text
from coprod_content.player import state
from coprod_content.scorm import build
from tests.scorm.conftest import VERSIONS, Tab
from tests.scorm.lms import (
    API_CALLS,
    Learner,
    Lms,
    Site,
    first_launch,
    interactions,
    resume_data,
    tab_key,
)
from tests.scorm.test_accessibility import axe
from tests.scorm.test_boundaries import BOX

PATTERN = {"scorm12": {True: "t", False: "f"}, "scorm2004": {True: "true", False: "false"}}
WRONG = {"scorm12": "wrong", "scorm2004": "incorrect"}
LIMIT = {"scorm12": 4096, "scorm2004": 64000}
BUDGET = {"scorm12": BOX, "scorm2004": 5000}
"""Each notes box's share: SCORM 1.2's worked out in test_boundaries; in SCORM 2004 the
player's README caps a box at 5,000 characters, far below an equal share of 64,000."""


def _launch(lms: Lms, site: Site, packages: dict[str, bytes], version: str) -> Learner:
    url = site.add(packages[version])
    return Learner(lms.launch(version, url, first_launch(version, packages[version])))


def _status(version: str, cmi: dict[str, object]) -> tuple[object, ...]:
    if version == "scorm12":
        core = cmi["core"]
        assert isinstance(core, dict)
        return core["lesson_status"], core["score"], core["exit"]
    return cmi["completion_status"], cmi["success_status"], cmi["score"], cmi["exit"]


def _expected(version: str, module: Module, responses: list[bool]) -> list[dict[str, str]]:
    return [
        {
            "id": item.id,
            "type": "true-false",
            "response": PATTERN[version][response],
            "result": "correct" if response == item.answer else WRONG[version],
            "pattern": PATTERN[version][item.answer],
        }
        for item, response in zip(module.quiz.items, responses, strict=True)
    ]


@pytest.mark.parametrize("version", VERSIONS)
def test_all_right_passes_with_100(
    version: str, lms: Lms, tab: Tab, site: Site, packages: dict[str, bytes], module: Module
) -> None:
    learner = _launch(lms, site, packages, version)
    assert learner.status() == "Your progress is saved to your learning system."
    learner.open("quiz")
    for item in module.quiz.items:
        learner.answer(item.id, item.answer)
        assert learner.verdict(item.id).startswith("Correct.")
    lms.unload()

    cmi = lms.cmi()
    score = {"raw": "100", "min": "0", "max": "100"}
    if version == "scorm12":
        assert _status(version, cmi) == ("passed", score, "")
        # CMITimespan: HHHH:MM:SS with an optional one- or two-digit fraction of a second
        assert re.fullmatch(r"\d{2,4}:\d\d:\d\d(\.\d{1,2})?", cmi["core"]["session_time"])
    else:
        assert _status(version, cmi) == ("completed", "passed", {"scaled": "1", **score}, "normal")
        assert re.fullmatch(r"PT\d+(\.\d{1,2})?S", cmi["session_time"])
    responses = [item.answer for item in module.quiz.items]
    assert list(interactions(version, cmi)) == _expected(version, module, responses)
    assert lms.failed_calls() == []
    start, finish = API_CALLS[version]
    assert (lms.count(start), lms.count(finish)) == (1, 1)
    assert tab.problems() == []


@pytest.mark.parametrize("version", VERSIONS)
def test_two_wrong_gives_the_score_and_fails_against_the_mastery_score(
    version: str, lms: Lms, tab: Tab, site: Site, packages: dict[str, bytes], module: Module
) -> None:
    learner = _launch(lms, site, packages, version)
    learner.open("quiz")
    items = module.quiz.items
    responses = [item.answer if i >= 2 else not item.answer for i, item in enumerate(items)]
    for item, response in zip(items, responses, strict=True):
        learner.answer(item.id, response)
    assert learner.verdict(items[0].id).startswith("Not quite.")
    lms.unload()

    correct = len(items) - 2
    raw = round(correct * 100 / len(items), 2)
    assert raw < module.mastery_score  # the bundled module's pass mark is above 4 of 6
    cmi = lms.cmi()
    score = {"raw": f"{raw:g}", "min": "0", "max": "100"}
    if version == "scorm12":  # suspended: the learner may come back and try again
        assert _status(version, cmi) == ("failed", score, "suspend")
    else:
        scaled = f"{round(correct / len(items), 4):g}"
        assert _status(version, cmi) == (
            "completed",
            "failed",
            {"scaled": scaled, **score},
            "suspend",
        )
    assert list(interactions(version, cmi)) == _expected(version, module, responses)
    assert lms.failed_calls() == []
    assert tab.problems() == []


def test_scorm2004_uses_the_lms_passing_score_when_it_sets_one(
    lms: Lms, tab: Tab, site: Site, packages: dict[str, bytes], module: Module
) -> None:
    url = site.add(packages["scorm2004"])
    learner = Learner(lms.launch("scorm2004", url, {"scaled_passing_score": "0.6"}))
    learner.open("quiz")
    items = module.quiz.items
    for i, item in enumerate(items):
        learner.answer(item.id, item.answer if i >= 2 else not item.answer)
    # the learner is told what the LMS records (scorm-again applies the passing score too)
    assert learner.results().splitlines()[2] == (
        "You answered 4 of 6 correctly (67%). The pass mark is 60%: you have passed."
    )
    lms.unload()
    cmi = lms.cmi()
    assert round((len(items) - 2) / len(items) * 100) < module.mastery_score
    assert (cmi["completion_status"], cmi["success_status"]) == ("completed", "passed")
    assert lms.failed_calls() == []
    assert tab.problems() == []


@pytest.mark.parametrize("version", VERSIONS)
def test_relaunch_resumes_at_the_same_place_with_earlier_answers(
    version: str, lms: Lms, tab: Tab, site: Site, packages: dict[str, bytes], module: Module
) -> None:
    items = module.quiz.items
    notes = [
        s.id for a in module.activities for s in a.steps if s.__struct_config__.tag == "reflect"
    ]
    learner = _launch(lms, site, packages, version)
    learner.open("in-practice")
    learner.frame.locator(f"#n--{notes[0]}").fill("My first thoughts: “power” & <trust>")
    learner.open("quiz")
    learner.answer(items[0].id, items[0].answer)
    learner.answer(items[1].id, not items[1].answer)
    lms.unload()

    first = lms.cmi()
    assert lms.failed_calls() == []
    if version == "scorm12":
        assert (first["core"]["exit"], first["core"]["lesson_status"]) == ("suspend", "incomplete")
    else:
        assert (first["exit"], first["completion_status"]) == ("suspend", "incomplete")
        assert first["success_status"] == "unknown"

    url = site.add(packages[version])
    learner = Learner(lms.launch(version, url, resume_data(version, first)))
    assert learner.page() == "quiz"
    # the pages visited come back: the start page, in-practice and the quiz, each once
    assert learner.frame.locator("#progress-text").inner_text() == "3 of 10 pages visited"
    ticked = learner.frame.eval_on_selector_all(".toc a.seen", "as => as.map(a => a.dataset.page)")
    assert ticked == ["_start", "in-practice", "quiz"]
    assert learner.verdict(items[0].id).startswith("Correct.")
    assert learner.verdict(items[1].id).startswith("Not quite.")
    checked = learner.frame.locator(f'.item[data-item="{items[1].id}"] input:checked')
    assert checked.get_attribute("value") == str(not items[1].answer).lower()
    assert learner.verdict(items[2].id) == ""
    for item in items[2:]:
        learner.answer(item.id, item.answer)
    learner.open("in-practice")
    assert learner.frame.locator(f"#n--{notes[0]}").input_value() == (
        "My first thoughts: “power” & <trust>"
    )
    lms.unload()

    cmi = lms.cmi()
    responses = [items[0].answer, not items[1].answer] + [i.answer for i in items[2:]]
    assert list(interactions(version, cmi)) == _expected(version, module, responses)
    assert round((len(items) - 1) * 100 / len(items), 2) >= module.mastery_score  # 5 of 6
    if version == "scorm12":
        assert (cmi["core"]["lesson_status"], cmi["core"]["exit"]) == ("passed", "")
    else:
        assert (cmi["success_status"], cmi["completion_status"]) == ("passed", "completed")
    assert lms.failed_calls() == []
    assert tab.problems() == []


WORST_CASE = {
    "ascii": "a",
    "quotes": '"',  # 2 characters each in JSON
    "snowman": "\u2603",  # 6 characters each as a \\u escape
    "emoji": "\U0001f469\u200d\U0001f9af",  # surrogate pairs: 18 characters each
}


def _cost(text: str) -> int:
    """Characters ``text`` takes in the saved state: its JSON string, ASCII only, unquoted."""
    return len(json.dumps(text, ensure_ascii=True)) - 2


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("kind", list(WORST_CASE))
def test_notes_at_maximum_length_keep_suspend_data_within_the_limit(
    version: str,
    kind: str,
    lms: Lms,
    tab: Tab,
    site: Site,
    packages: dict[str, bytes],
    module: Module,
) -> None:
    budget = BUDGET[version]
    # the worst case: a learner on their 9,999th attempt (the last the counter holds) who
    # has passed before and answers every item, resumed from an earlier session
    key = tab_key(packages[version])
    earlier = json.dumps({"v": 2, "k": key, "t": 9998, "r": "121212", "b": 6, "p": 1, "n": {}})
    initial = {
        "scorm12": {"core": {"entry": "resume", "lesson_status": "passed"}},
        "scorm2004": {"entry": "resume", "success_status": "passed"},
    }[version]
    url = site.add(packages[version])
    learner = Learner(lms.launch(version, url, {**initial, "suspend_data": earlier}))
    learner.open("quiz")
    learner.retry()
    assert learner.frame.locator("#quiz--attempt").inner_text().startswith("Attempt 9999:")
    learner.open("in-practice")
    boxes = learner.frame.locator("textarea[data-note]")
    assert boxes.count() == len(state.reflect_ids(module))
    for i in range(boxes.count()):
        box = boxes.nth(i)
        assert box.get_attribute("maxlength") == str(budget)
        pasted = WORST_CASE[kind] * (budget + 10)
        box.fill(pasted)
        fitted = box.input_value()
        assert pasted.startswith(fitted) and 0 < _cost(fitted) <= budget
        # the longest start that fits: the next character would not
        assert budget - _cost(fitted) < _cost(pasted[len(fitted)])
        box.press("End")
        box.press_sequentially("xyz")  # each key kept only while it fits
        box.blur()
        extra = max(n for n in range(4) if _cost(fitted + "xyz"[:n]) <= budget)
        assert box.input_value() == fitted + "xyz"[:extra]
    learner.open("quiz")
    for item in module.quiz.items:
        learner.answer(item.id, not item.answer)  # every item answered: the largest state
    for key in learner.frame.eval_on_selector_all(".toc a", "as => as.map(a => a.dataset.page)"):
        learner.open(key)  # and every page visited
    lms.unload()

    data = lms.cmi()["suspend_data"]
    assert len(data) <= LIMIT[version]
    assert data.isascii()
    saved = json.loads(data)
    assert sorted(saved["n"]) == sorted(state.reflect_ids(module))
    assert {k: saved[k] for k in ("t", "b", "p", "s")} == {"t": 9999, "b": 6, "p": 1, "s": "ff3"}
    if version == "scorm12" and kind == "ascii":  # at the limit: within one character a box
        assert LIMIT[version] - len(data) < len(saved["n"])
    assert lms.failed_calls() == []
    assert tab.problems() == []


@pytest.mark.parametrize("version", VERSIONS)
def test_without_an_lms_the_module_works_and_says_nothing_is_saved(
    version: str, tab: Tab, site: Site, packages: dict[str, bytes], module: Module
) -> None:
    tab.page.goto(site.base + site.add(packages[version]))
    learner = Learner(tab.page.main_frame)
    assert learner.status().startswith("Progress is not being saved: no learning system")
    learner.frame.locator("#next").click()
    assert learner.page() == module.sections[0].id
    learner.open("quiz")
    item = module.quiz.items[0]
    learner.answer(item.id, item.answer)
    assert learner.verdict(item.id).startswith("Correct.")
    tab.page.goto("about:blank")  # leaving runs the pagehide handler
    assert tab.problems() == []


@pytest.mark.parametrize("version", VERSIONS)
def test_failing_lms_calls_keep_answers_and_tell_the_learner(
    version: str, lms: Lms, tab: Tab, site: Site, packages: dict[str, bytes], module: Module
) -> None:
    url = site.add(packages[version])
    setter = "LMSSetValue" if version == "scorm12" else "SetValue"
    learner = Learner(lms.launch(version, url, failing=(setter,)))
    assert learner.status().startswith("Progress could not be saved")
    learner.open("quiz")
    item = module.quiz.items[0]
    learner.answer(item.id, item.answer)
    assert learner.verdict(item.id).startswith("Correct.")
    lms.unload()
    start, finish = API_CALLS[version]
    assert (lms.count(start), lms.count(finish)) == (1, 1)
    assert tab.problems() == []


@pytest.mark.parametrize("version", VERSIONS)
def test_hiding_the_page_commits_and_finish_happens_once(
    version: str, lms: Lms, tab: Tab, site: Site, packages: dict[str, bytes]
) -> None:
    learner = _launch(lms, site, packages, version)
    learner.open("why-it-matters")
    commit = "LMSCommit" if version == "scorm12" else "Commit"
    before = lms.count(commit)
    learner.frame.evaluate(
        """() => {
          Object.defineProperty(document, "visibilityState", {value: "hidden", configurable: true});
          document.dispatchEvent(new Event("visibilitychange"));
        }"""
    )
    assert lms.count(commit) == before + 1
    location = "cmi.core.lesson_location" if version == "scorm12" else "cmi.location"
    setter = "LMSSetValue" if version == "scorm12" else "SetValue"
    saved = [c["args"][1] for c in lms.calls() if c["fn"] == setter and c["args"][0] == location]
    assert saved[-1] == "why-it-matters"
    learner.frame.evaluate("() => window.dispatchEvent(new PageTransitionEvent('pagehide'))")
    lms.unload()
    _, finish = API_CALLS[version]
    assert lms.count(finish) == 1
    assert lms.failed_calls() == []
    assert tab.problems() == []


def test_opened_from_disk_the_module_runs_under_its_csp(
    tab: Tab, packages: dict[str, bytes], tmp_path: Path
) -> None:
    with zipfile.ZipFile(io.BytesIO(packages["scorm12"])) as archive:
        archive.extractall(tmp_path)
    tab.page.goto((tmp_path / "index.html").as_uri())
    learner = Learner(tab.page.main_frame)
    assert learner.status().startswith("Progress is not being saved: no learning system")
    learner.frame.locator("#next").click()
    assert learner.page() != "_start"
    assert tab.problems() == []


def test_scorm2004_descriptions_fit_250_characters(
    lms: Lms, tab: Tab, site: Site, module: Module
) -> None:
    long = "{Braces first} then\nnew lines and a long tail " + "x" * 600
    item = msgspec.structs.replace(module.quiz.items[0], statement=(Text(text=long),))
    quiz = msgspec.structs.replace(module.quiz, items=(item, *module.quiz.items[1:]))
    package = build(msgspec.structs.replace(module, quiz=quiz), "scorm2004")
    learner = Learner(lms.launch("scorm2004", site.add(package)))
    learner.open("quiz")
    learner.answer(item.id, item.answer)
    lms.unload()
    description = lms.cmi()["interactions"]["0"]["description"]
    assert description.startswith("{lang=en-GB}Braces first} then new lines and a long tail xxx")
    assert len(description) == len("{lang=en-GB}") + 250
    assert description.endswith("x…")
    assert lms.failed_calls() == []
    assert tab.problems() == []


@pytest.mark.parametrize("version", VERSIONS)
def test_a_package_opened_in_a_new_window_finds_the_api_through_its_opener(
    version: str, lms: Lms, tab: Tab, site: Site, packages: dict[str, bytes], module: Module
) -> None:
    url = site.add(packages[version])
    with tab.page.expect_popup() as opened:
        tab.page.evaluate(
            "([v, u]) => { window.popup = true; launch(v, null, u); }", [version, url]
        )
    opened.value.wait_for_selector("html.js", state="attached")
    learner = Learner(opened.value.main_frame)
    assert learner.status() == "Your progress is saved to your learning system."
    learner.open("quiz")
    item = module.quiz.items[0]
    learner.answer(item.id, item.answer)
    opened.value.close(run_before_unload=True)
    tab.page.wait_for_function("calls.some(c => c.fn === 'LMSFinish' || c.fn === 'Terminate')")
    assert [i["id"] for i in interactions(version, lms.cmi())] == [item.id]
    assert lms.failed_calls() == []
    assert tab.problems() == []


EXIT = {
    ("scorm12", False): [("LMSSetValue", ["cmi.core.exit", "suspend"])],
    ("scorm12", True): [("LMSSetValue", ["cmi.core.exit", ""])],
    ("scorm2004", False): [
        ("SetValue", ["cmi.exit", "suspend"]),
        ("SetValue", ["adl.nav.request", "suspendAll"]),
    ],
    ("scorm2004", True): [
        ("SetValue", ["cmi.exit", "normal"]),
        ("SetValue", ["adl.nav.request", "exitAll"]),
    ],
}
"""What "Save and exit" must tell the LMS, by whether the learner has passed: until then
suspend (SCORM 2004: and suspendAll), so they come back to their answers or their results
and "Try again"; once passed, a normal exit (SCORM 2004: exitAll)."""
WAYS = {"unfinished": (2, False), "failed": (6, False), "passed": (6, True)}
"""How many items the learner answers, and whether rightly (6 wrong of 6 fails)."""


@pytest.mark.parametrize("way", list(WAYS))
@pytest.mark.parametrize("version", VERSIONS)
def test_save_and_exit_ends_the_session_and_says_the_window_can_close(
    version: str,
    way: str,
    lms: Lms,
    tab: Tab,
    site: Site,
    packages: dict[str, bytes],
    module: Module,
) -> None:
    learner = _launch(lms, site, packages, version)
    frame = learner.frame
    learner.open("quiz")
    count, rightly = WAYS[way]
    items = module.quiz.items[:count]
    for item in items:
        learner.answer(item.id, item.answer if rightly else not item.answer)
    frame.get_by_role("button", name="Save and exit").click()
    assert learner.status() == (
        "Your progress is saved and this session has ended. You can close this window."
    )
    assert frame.evaluate("() => document.activeElement.id") == "save-status"
    assert frame.locator("#exit").is_hidden()

    assert axe(frame, site) == []

    calls = [(c["fn"], c["args"]) for c in lms.calls()]
    start, finish = API_CALLS[version]
    commit = "LMSCommit" if version == "scorm12" else "Commit"
    exits = ("cmi.core.exit", "cmi.exit", "adl.nav.request")
    told = [c for c in calls if c[0].endswith("SetValue") and c[1][0] in exits]
    assert told == EXIT[version, way == "passed"]
    end = calls.index((finish, [""]))
    assert calls.index(told[-1]) < end and calls[end - 1] == (commit, [""])
    assert lms.failed_calls() == []
    before = len(calls)
    learner.open("further-information")  # the session is over: nothing more reaches the LMS
    lms.unload()
    assert len(lms.calls()) == before
    assert (lms.count(start), lms.count(finish)) == (1, 1)

    cmi = lms.cmi()
    location = cmi["core"]["lesson_location"] if version == "scorm12" else cmi["location"]
    assert location == "quiz"
    saved = json.loads(cmi["suspend_data"])
    # true is option 1 ("1"), false option 2 ("2"); an item not answered is "-"
    given = "".join("1" if i.answer == rightly else "2" for i in items)
    assert saved["r"] == given.ljust(len(module.quiz.items), "-")
    assert saved["p"] == (1 if way == "passed" else 0)
    # the start page (0) and the quiz (page 8): digit 0 holds pages 0-3, digit 2 pages 8-9
    assert (saved["s"], module.sections[7].id) == ("101", "quiz")
    assert tab.problems() == []
