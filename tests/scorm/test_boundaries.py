"""Boundaries in Chromium against scorm-again: the pass mark, and the SCORM 1.2 saved state.

The expected values are worked here from the specifications, never asked of the code:

* **Pass mark** (``tests/boundary.py``: 20 items, mastery 55 %). The LMS hands the
  package's own mark to the SCO, as the manifest tells it: SCORM 1.2
  ``cmi.student_data.mastery_score`` from ``adlcp:masteryscore`` (RTE 3.4.4.4); SCORM 2004
  ``cmi.scaled_passing_score`` from the primary objective's ``minNormalizedMeasure``
  (RTE 4.2.20). Exactly at the mark the learner has passed, one item below failed; the
  score is the share of items right (``score.raw`` out of 100; ``score.scaled`` from 0 to 1).
* **Saved state** (SCORM 1.2 ``cmi.suspend_data`` is a CMIString4096: at most 4,096
  characters, RTE 3.4.2.5). The bundled module in its worst case (the 9,999th attempt after
  a pass, every item answered) with both notes boxes full must fit, every note whole, with
  less than one box character to spare (two equal boxes share what is left; an odd
  remainder is one character unused); a box refuses one character more, and when the
  state would still be one character over, the player shortens the longest note by that
  one character (the player's README: "the core shortens notes before it would ever
  exceed the limit").
"""

from __future__ import annotations

import io
import json
import zipfile
from fractions import Fraction
from typing import Any

import pytest
from lxml import etree

from coprod_content.model import Module
from coprod_content.scorm import build
from tests.boundary import ITEMS, MASTERY, RIGHT, boundary_module, passes, responses
from tests.scorm.conftest import VERSIONS, Tab
from tests.scorm.lms import Learner, Lms, Site, tab_key

SUSPEND_DATA_LIMIT = 4096
"""SCORM 1.2 RTE 3.4.2.5: cmi.suspend_data is a CMIString4096."""
NOTES = ("reflect-poor-practice", "reflect-good-practice")
"""The bundled module's two notes boxes (reflect steps), both on the page "in-practice"."""
WORST_CASE = (
    '{"v":2,"k":"12345678","t":9999,"r":"ffffff","b":6,"p":1,"g":"12345678","s":"fff","n":{'
    '"reflect-poor-practice":"","reflect-good-practice":""}}'
)
"""The longest saved state of the bundled module but for the notes, written out from the
format (player/state.py): an 8-digit key, attempt 9,999, six one-digit responses, best 6,
passed, the pages' 8-digit key and three hex digits for its ten pages, and both notes
boxes present but empty."""
BOX = (SUSPEND_DATA_LIMIT - len(WORST_CASE)) // 2
"""What each of the two notes boxes may hold: an equal share of what is left."""
FULL = len(WORST_CASE) + 2 * BOX
"""The worst-case state with both boxes full: the limit, or one under it when what is left
after the rest of the state is odd."""
IMSSS = "{http://www.imsglobal.org/xsd/imsss}"
ADLCP12 = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"


@pytest.fixture(scope="module")
def boundary_packages(module: Module) -> dict[str, bytes]:
    boundary = boundary_module(module)
    return {version: build(boundary, version) for version in VERSIONS}  # type: ignore[arg-type]


def lms_launch(version: str, package: bytes) -> dict[str, Any]:
    """What a conformant LMS hands a first launch: the manifest's pass mark, read here."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        manifest = etree.fromstring(archive.read("imsmanifest.xml"))
    if version == "scorm12":
        score = manifest.findtext(f".//{ADLCP12}masteryscore")
        assert score == str(MASTERY)
        return {"student_data": {"mastery_score": score}}
    objective = manifest.find(f".//{IMSSS}primaryObjective")
    assert objective is not None and objective.get("satisfiedByMeasure") == "true"
    measure = objective.findtext(f"{IMSSS}minNormalizedMeasure")
    assert measure is not None and Fraction(measure) == Fraction(MASTERY, 100)
    return {"scaled_passing_score": measure}


def recorded(version: str, cmi: dict[str, Any]) -> dict[str, str]:
    if version == "scorm12":
        core = cmi["core"]
        return {"lesson_status": core["lesson_status"], "raw": core["score"]["raw"]}
    score = cmi["score"]
    return {
        "completion_status": cmi["completion_status"],
        "success_status": cmi["success_status"],
        "raw": score["raw"],
        "scaled": score["scaled"],
    }


def expected(version: str, right: int) -> dict[str, str]:
    """What the LMS must hold after one attempt with ``right`` of 20 right."""
    share = Fraction(right, ITEMS)
    raw, scaled = f"{float(share * 100):g}", f"{float(share):g}"
    verdict = "passed" if passes(right) else "failed"
    if version == "scorm12":
        return {"lesson_status": verdict, "raw": raw}
    return {
        "completion_status": "completed",
        "success_status": verdict,
        "raw": raw,
        "scaled": scaled,
    }


@pytest.mark.parametrize("case", list(RIGHT))
@pytest.mark.parametrize("version", VERSIONS)
def test_passed_exactly_at_the_mastery_score_and_failed_one_item_below(
    version: str,
    case: str,
    lms: Lms,
    tab: Tab,
    site: Site,
    module: Module,
    boundary_packages: dict[str, bytes],
) -> None:
    right = RIGHT[case]
    package = boundary_packages[version]
    learner = Learner(lms.launch(version, site.add(package), lms_launch(version, package)))
    learner.open("quiz")
    for item_id, given in responses(boundary_module(module), right):
        learner.answer(item_id, given)
    summary = learner.frame.locator(".results .summary").inner_text()
    percent = right * 100 // ITEMS
    assert summary.startswith(
        f"You answered {right} of {ITEMS} correctly ({percent}%). The pass mark is {MASTERY}%: "
        + ("you have passed." if passes(right) else "you have not passed this time.")
    )
    lms.unload()

    assert recorded(version, lms.cmi()) == expected(version, right)
    assert passes(RIGHT["at the mastery score"]) and not passes(RIGHT["one item below"])
    assert lms.failed_calls() == []
    assert tab.problems() == []


def _worst_case_launch(lms: Lms, site: Site, package: bytes, earlier: dict[str, Any]) -> Learner:
    initial = {
        "core": {"entry": "resume", "lesson_status": "passed"},
        "student_data": {"mastery_score": "80"},
        "suspend_data": json.dumps(earlier, separators=(",", ":")),
    }
    return Learner(lms.launch("scorm12", site.add(package), initial))


def _finish_every_item(lms: Lms, learner: Learner, module: Module, length: int) -> dict[str, Any]:
    """Answer every item (the attempt 9,999 finished), leave; the saved state: ``length``."""
    learner.open("quiz")
    for item in module.quiz.items:
        learner.answer(item.id, item.answer)
    lms.unload()
    data = lms.cmi()["suspend_data"]
    assert len(data) == length
    saved: dict[str, Any] = json.loads(data)
    assert {k: saved[k] for k in ("t", "b", "p")} == {"t": 9999, "b": 6, "p": 1}
    return saved


def test_notes_filling_suspend_data_to_its_4096_characters_are_kept_whole(
    lms: Lms, tab: Tab, site: Site, packages: dict[str, bytes], module: Module
) -> None:
    assert 0 <= SUSPEND_DATA_LIMIT - FULL <= 1  # two full boxes reach the limit
    package = packages["scorm12"]
    earlier = {"v": 2, "k": tab_key(package), "t": 9998, "r": "121212", "b": 6, "p": 1}
    learner = _worst_case_launch(lms, site, package, earlier)
    learner.open("quiz")
    learner.retry()
    assert learner.frame.locator("#quiz--attempt").inner_text().startswith("Attempt 9999:")
    learner.open("in-practice")
    for note, letter in zip(NOTES, "ab", strict=True):
        box = learner.frame.locator(f'textarea[data-note="{note}"]')
        assert box.get_attribute("maxlength") == str(BOX)
        box.fill(letter * BOX)
        box.press("End")
        box.press_sequentially("z")  # one character over: refused
        box.blur()
        assert box.input_value() == letter * BOX
        counter = learner.frame.locator(f"#{box.get_attribute('aria-describedby')}")
        assert counter.inner_text() == "0 characters left"
    saved = _finish_every_item(lms, learner, module, FULL)
    assert saved["n"] == {"reflect-poor-practice": "a" * BOX, "reflect-good-practice": "b" * BOX}
    assert lms.failed_calls() == []
    assert tab.problems() == []


def test_a_state_one_character_over_4096_loses_that_character_from_the_longest_note(
    lms: Lms, tab: Tab, site: Site, packages: dict[str, bytes], module: Module
) -> None:
    """Notes kept from an earlier session (when no attempt was finished, so the state had
    no best score) are longer than a box now allows. Finishing the attempt adds ``"b":6``
    and the pages seen: the state would be 4,097 characters, so the longest note loses its
    last character."""
    package = packages["scorm12"]
    longer, other = "a" * BOX + "z" * (SUSPEND_DATA_LIMIT + 1 - FULL), "b" * BOX
    notes = {"reflect-poor-practice": longer, "reflect-good-practice": other}
    earlier = {"v": 2, "k": tab_key(package), "t": 9999, "r": "------", "p": 1, "n": notes}
    finished = {**earlier, "b": 6, "g": "12345678", "s": "fff"}
    assert len(json.dumps(finished, separators=(",", ":"))) == SUSPEND_DATA_LIMIT + 1
    learner = _worst_case_launch(lms, site, package, earlier)
    learner.open("in-practice")
    assert learner.frame.locator('textarea[data-note="reflect-poor-practice"]').input_value() == (
        longer
    )
    saved = _finish_every_item(lms, learner, module, SUSPEND_DATA_LIMIT)
    assert saved["n"] == {"reflect-poor-practice": longer[:-1], "reflect-good-practice": other}
    assert lms.failed_calls() == []
    assert tab.problems() == []


def test_scorm2004_an_lms_pass_mark_finer_than_the_score_is_never_rounded_down(
    lms: Lms, tab: Tab, site: Site, module: Module, boundary_packages: dict[str, bytes]
) -> None:
    """An LMS may set a passing score with more digits than the score the SCO reports
    (``score.scaled`` to four places): 11 of 20 is 0.55, below 0.55001, so not passed."""
    right = RIGHT["at the mastery score"]
    passing = "0.55001"
    assert Fraction(right, ITEMS) < Fraction(passing)
    package = boundary_packages["scorm2004"]
    learner = Learner(lms.launch("scorm2004", site.add(package), {"scaled_passing_score": passing}))
    learner.open("quiz")
    for item_id, given in responses(boundary_module(module), right):
        learner.answer(item_id, given)
    summary = learner.frame.locator(".results .summary").inner_text()
    assert summary.endswith("The pass mark is 55.01%: you have not passed this time.")
    lms.unload()

    cmi = lms.cmi()
    assert (cmi["success_status"], cmi["score"]["scaled"]) == ("failed", "0.55")
    assert lms.failed_calls() == []
    assert tab.problems() == []
