"""Every export carries every quiz item, choice, correct answer and explanation, and agrees.

For generated quizzes of every kind, each export is read back as its consumer would:
the SCORM 1.2 and 2004 zips (``interactions.js``, the player page), the xAPI zip
(``tincan.xml``, ``activities.js``), the cmi5 zip (``activities.js``; ``cmi5.xml`` has
no element for interactions and must stay valid) and the API's JSON. The expected
forms are written out here from the standards, not taken from the code under test:
SCORM 1.2 names the n-th choice by the n-th letter and joins with ``,``; SCORM 2004
and xAPI join choice ids with ``[,]``; true/false is ``t``/``f`` in 1.2 and
``true``/``false`` elsewhere. Decoded back to choice ids, every target's correct
pattern must be the same set.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import msgspec
from hypothesis import given
from lxml import etree

from coprod_content import cmi5, scorm, xapi
from coprod_content.api.pages import Pages
from coprod_content.cmi5 import course
from coprod_content.loading import load_modules
from coprod_content.model import (
    Module,
    MultipleResponse,
    QuizItem,
    RichText,
    SingleChoice,
    TrueFalse,
)
from coprod_content.richtext import to_plain
from coprod_content.xapi import iri, tincan
from tests.scorm.readback import read
from tests.strategies import modules

T = f"{{{tincan.NS}}}"
LETTERS = "abcdefgh"
KIND_TAGS = {
    TrueFalse: "true-false",
    SingleChoice: "single-choice",
    MultipleResponse: "multiple-response",
}
ROOT = Path(__file__).resolve().parents[1]


def members(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def script_data(source: bytes, name: str) -> Any:
    """The JSON a generated ``window.<name> = ...;`` script holds."""
    match = re.fullmatch(rf"window\.{name} ?= ?(.*);\n", source.decode(), re.S)
    assert match, source[:200]
    return json.loads(match.group(1))


def options(item: QuizItem) -> list[str]:
    return ["true", "false"] if isinstance(item, TrueFalse) else [c.id for c in item.choices]


def right(item: QuizItem) -> set[str]:
    if isinstance(item, TrueFalse):
        return {"true" if item.answer else "false"}
    return {item.answer} if isinstance(item, SingleChoice) else set(item.answer)


def decoded(item: QuizItem, target: str, pattern: str) -> set[str]:
    """A correct-response pattern read back as the set of option ids it names."""
    if isinstance(item, TrueFalse):
        return {{"t": "true", "f": "false"}.get(pattern, pattern)}
    if target == "scorm12":
        assert re.fullmatch(r"[a-h](,[a-h])*", pattern), pattern
        return {options(item)[LETTERS.index(letter)] for letter in pattern.split(",")}
    return set(pattern.split("[,]"))


def check_exports(module: Module) -> None:
    packages = {
        "scorm12": members(scorm.build(module, "scorm12")),
        "scorm2004": members(scorm.build(module, "scorm2004")),
        "xapi": members(xapi.build(module)),
        "cmi5": members(cmi5.build(module)),
    }
    forms = {v: script_data(packages[v]["interactions.js"], "coprodInteractions") for v in VERSIONS}
    table = script_data(packages["xapi"]["activities.js"], "coprodActivities")
    assert script_data(packages["cmi5"]["activities.js"], "coprodActivities") == table
    assert course.problems(packages["cmi5"]["cmi5.xml"]) == []
    listed = {
        a.get("id"): a
        for a in etree.fromstring(packages["xapi"]["tincan.xml"]).iter(f"{T}activity")
    }
    page = {q.id: q for q in read(scorm.build(module, "scorm12")).quiz()}
    api = msgspec.json.decode(Pages([module]).get(f"/v1/modules/{module.id}").body)
    served = {i["id"]: i for i in api["quiz"]["items"]}
    assert list(served) == list(page) == list(forms["scorm12"]) == [i.id for i in module.quiz.items]
    assert api["quiz"]["attempts"] == module.quiz.attempts

    for item in module.quiz.items:
        want = right(item)
        kind = "true-false" if isinstance(item, TrueFalse) else "choice"
        for version in VERSIONS:
            form = forms[version][item.id]
            assert form["type"] == kind
            assert decoded(item, version, form["pattern"]) == want
        assert forms["scorm12"][item.id]["pattern"] == (
            ("t" if item.answer else "f")
            if isinstance(item, TrueFalse)
            else ",".join(LETTERS[n] for n, i in enumerate(options(item)) if i in want)
        )
        assert forms["scorm2004"][item.id]["pattern"] == "[,]".join(
            i for i in options(item) if i in want
        )

        element = listed[iri.item_iri(module, item.id)]
        patterns = [p.text or "" for p in element.iter(f"{T}correctResponsePattern")]
        assert patterns == [forms["scorm2004"][item.id]["pattern"]]
        assert element.findtext(f"{T}interactionType") == kind
        assert element.findtext(f"{T}description") == to_plain(item.statement)
        components = [
            (c.findtext(f"{T}id"), c.findtext(f"{T}description"))
            for c in element.iter(f"{T}component")
        ]
        definition = table["items"][item.id]["definition"]
        if isinstance(item, TrueFalse):
            assert components == [] and "choices" not in definition
        else:
            assert components == [(c.id, to_plain(c.text)) for c in item.choices]
            assert definition["choices"] == [
                {"id": c.id, "description": {module.language: to_plain(c.text)}}
                for c in item.choices
            ]
        assert definition["interactionType"] == kind
        assert definition["correctResponsesPattern"] == patterns

        shown = page[item.id]
        assert [o.id for o in shown.options] == options(item)
        assert set(shown.answer) == want
        assert shown.explanation == item.explanation

        wire = served[item.id]
        assert wire["kind"] == KIND_TAGS[type(item)]
        assert decoded(item, "api", _api_pattern(wire["answer"])) == want
        assert msgspec.convert(wire["statement"], type=RichText) == item.statement
        assert msgspec.convert(wire["explanation"], type=RichText) == item.explanation
        if not isinstance(item, TrueFalse):
            assert [c["id"] for c in wire["choices"]] == options(item)
            for got, choice in zip(wire["choices"], item.choices, strict=True):
                assert msgspec.convert(got["text"], type=RichText) == choice.text
                assert (got["feedback"] is None) == (choice.feedback is None)


def _api_pattern(answer: Any) -> str:
    if isinstance(answer, bool):
        return "true" if answer else "false"
    return answer if isinstance(answer, str) else "[,]".join(answer)


VERSIONS = ("scorm12", "scorm2004")


@given(modules())
def test_every_export_carries_every_item_and_the_patterns_agree(module: Module) -> None:
    check_exports(module)


def test_the_bundled_module_and_the_kinds_fixture() -> None:
    for content in (ROOT / "content", ROOT / "tests" / "fixtures" / "quiz"):
        (module,) = load_modules(content)
        check_exports(module)
