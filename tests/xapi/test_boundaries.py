"""The pass mark's boundary in Chromium against the LRS, for Tin Can and cmi5.

The module is ``tests/boundary.py``'s (20 items, mastery 55 %). One session per case, each
with a registration of its own: the learner finishes one attempt exactly at the mastery
score (11 right) or one item below (10 right) and leaves. What the LRS holds is checked
against the specifications, worked here:

* xAPI 1.0.3 (ADL verbs ``passed``/``failed``; Data 2.4.5 Result): the judgement is
  ``passed`` with ``success: true`` at or above the module's mastery score, else
  ``failed`` with ``success: false``; ``score.scaled`` is the share right (0 to 1) and
  ``raw`` the items right of ``min`` 0 and ``max`` 20.
* cmi5 (the LMS's ``masteryScore`` 0.55 in LMS.LaunchData, taken from the AU's
  ``masteryScore`` in ``cmi5.xml``): §9.3.4, "If the Passed statement contains a (scaled)
  score, the (scaled) score MUST be equal to or greater than the masteryScore"; §9.3.5, a
  Failed statement's scaled score "MUST be less than the masteryScore"; §9.5.1, "the verb
  MUST be consistent with masteryScore".
"""

from __future__ import annotations

import io
import uuid
import zipfile
from fractions import Fraction
from typing import Any

import pytest
from lxml import etree

from coprod_content import cmi5, xapi
from coprod_content.model import Module
from coprod_content.xapi import iri
from tests.boundary import ITEMS, MASTERY, RIGHT, boundary_module, passes, responses
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
    tincan_url,
    verb,
    wait_for,
)

COURSE = "{https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd}"


@pytest.fixture(scope="module")
def boundary(module: Module) -> Module:
    return boundary_module(module)


@pytest.fixture(scope="module")
def boundary_packages(boundary: Module) -> dict[str, bytes]:
    return {"xapi": xapi.build(boundary), "cmi5": cmi5.build(boundary)}


def mastery_score(package: bytes) -> float:
    """The AU's ``masteryScore`` in ``cmi5.xml``, as an LMS imports it."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        course = etree.fromstring(archive.read("cmi5.xml"))
    (au,) = course.findall(f"{COURSE}au")
    value = au.get("masteryScore")
    assert value is not None and Fraction(value) == Fraction(MASTERY, 100)
    return float(value)


def judge(learner: Learner, boundary: Module, right: int) -> None:
    """Answer one whole attempt with ``right`` items right; the results say the verdict."""
    learner.open(quiz_page(boundary))
    for item_id, given in responses(boundary, right):
        learner.answer(item_id, given)
    summary = learner.page.locator(".results .summary").inner_text()
    assert f"The pass mark is {MASTERY}%: " in summary
    assert summary.split(": ", 1)[1].startswith(
        "you have passed." if passes(right) else "you have not passed this time."
    )


def judgement(found: list[dict[str, Any]], right: int) -> dict[str, Any]:
    """The session's one passed or failed statement, checked against the expected verdict."""
    verdicts = [s for s in found if verb(s) in ("passed", "failed")]
    assert [verb(s) for s in verdicts] == ["passed" if passes(right) else "failed"]
    (statement,) = verdicts
    share = Fraction(right, ITEMS)
    assert statement["result"]["success"] is passes(right)
    assert statement["result"]["score"] == {
        "scaled": float(share),
        "raw": right,
        "min": 0,
        "max": ITEMS,
    }
    return statement


@pytest.mark.parametrize("case", list(RIGHT))
def test_tincan_passed_exactly_at_the_mastery_score_and_failed_one_item_below(
    case: str,
    browsing: Browsing,
    lrs: Lrs,
    xapi_site: Site,
    boundary: Module,
    boundary_packages: dict[str, bytes],
) -> None:
    right = RIGHT[case]
    registration = str(uuid.uuid4())
    path = xapi_site.add(boundary_packages["xapi"])
    page = browsing.page()
    page.goto(tincan_url(xapi_site.base, path, lrs, registration, iri.module_iri(boundary)))
    learner = Learner(page)
    learner.wait_ready()
    judge(learner, boundary, right)
    learner.leave()

    verdict = "passed" if passes(right) else "failed"
    found = wait_for(lrs, registration, has(verdict, "completed", "terminated"))
    statement = judgement(found, right)
    assert Fraction(statement["result"]["score"]["scaled"]) >= Fraction(MASTERY, 100) or (
        verdict == "failed"
    )
    assert validate(found) == [[] for _ in found]
    assert failed_exchanges(lrs) == []
    assert browsing.problems() == []


@pytest.mark.parametrize("case", list(RIGHT))
def test_cmi5_passed_exactly_at_the_mastery_score_and_failed_one_item_below(
    case: str,
    browsing: Browsing,
    lrs: Lrs,
    xapi_site: Site,
    boundary: Module,
    boundary_packages: dict[str, bytes],
) -> None:
    right = RIGHT[case]
    package = boundary_packages["cmi5"]
    mastery = mastery_score(package)
    registration = str(uuid.uuid4())
    launch = Cmi5Launch(
        lrs,
        xapi_site.base,
        xapi_site.add(package),
        iri.au_iri(boundary),
        registration,
        mastery=mastery,
    )
    page = browsing.page()
    page.goto(launch.url)
    learner = Learner(page)
    learner.wait_ready()
    judge(learner, boundary, right)
    learner.save_and_exit()

    verdict = "passed" if passes(right) else "failed"
    found = wait_for(lrs, registration, has(verdict, "completed", "terminated"))
    statement = judgement(launch.of_session(found), right)
    scaled = statement["result"]["score"]["scaled"]
    # §9.3.4 / §9.3.5: the verb is consistent with the LMS's masteryScore
    assert (verdict == "passed") is (scaled >= launch.launch_data["masteryScore"])
    assert statement["context"]["extensions"][CMI5 + "extensions/masteryscore"] == mastery
    assert validate(found) == [[] for _ in found]
    assert failed_exchanges(lrs) == []
    assert browsing.problems() == []


def test_cmi5_judges_against_the_lms_mastery_score_not_the_modules(
    browsing: Browsing,
    lrs: Lrs,
    xapi_site: Site,
    boundary: Module,
    boundary_packages: dict[str, bytes],
) -> None:
    """cmi5 §10 (LMS.LaunchData masteryScore) rules: an LMS may set 0.5 where the module says
    0.55, and 10 of 20 (0.5) then passes."""
    right = RIGHT["one item below"]
    registration = str(uuid.uuid4())
    path = xapi_site.add(boundary_packages["cmi5"])
    launch = Cmi5Launch(lrs, xapi_site.base, path, iri.au_iri(boundary), registration, mastery=0.5)
    page = browsing.page()
    page.goto(launch.url)
    learner = Learner(page)
    learner.wait_ready()
    learner.open(quiz_page(boundary))
    for item_id, given in responses(boundary, right):
        learner.answer(item_id, given)
    summary = learner.page.locator(".results .summary").inner_text()
    assert summary.endswith("The pass mark is 50%: you have passed.")
    learner.save_and_exit()

    found = launch.of_session(wait_for(lrs, registration, has("passed", "terminated")))
    (passed,) = [s for s in found if verb(s) in ("passed", "failed")]
    assert verb(passed) == "passed"
    assert passed["result"]["score"]["scaled"] == float(Fraction(right, ITEMS)) == 0.5
    assert failed_exchanges(lrs) == []
    assert browsing.problems() == []
