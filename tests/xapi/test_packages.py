"""tincan.xml, cmi5.xml and the player's activity table, read back as a consumer would."""

from __future__ import annotations

import io
import json
import re
import zipfile

import msgspec
import pytest
from lxml import etree

from coprod_content import cmi5, xapi, xml
from coprod_content.cmi5 import course
from coprod_content.diagnostics import PackageError
from coprod_content.loading import load_modules
from coprod_content.model import Module
from coprod_content.xapi import iri, tincan
from coprod_content.xapi.activities import NAME_LIMIT, clip
from tests.scorm.lms import ROOT
from tests.test_exports import check_exports

T = f"{{{tincan.NS}}}"
C = f"{{{course.NS}}}"
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"


def members(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def activity_table(files: dict[str, bytes]) -> dict[str, object]:
    """The JSON the adapter reads from activities.js."""
    text = files["activities.js"].decode()
    match = re.fullmatch(r"window\.coprodActivities ?= ?(.*);\n", text, re.S)
    assert match, text[:200]
    table: dict[str, object] = json.loads(match.group(1))
    return table


def test_bundled_module_carries_every_quiz_item(module: Module) -> None:
    """Generated quizzes of every kind: tests/test_exports.py, across all targets."""
    check_exports(module)
    xfiles = members(xapi.build(module))
    assert tincan.problems(xfiles["tincan.xml"]) == []
    table = activity_table(xfiles)
    assert table["version"] == module.version  # context.revision in every statement
    items = table["items"]
    assert isinstance(items, dict)
    first = items[module.quiz.items[0].id]["definition"]
    assert first["interactionType"] == "true-false"
    assert first["correctResponsesPattern"] == ["false"]
    assert first["type"] == INTERACTION


def test_tincan_xml_has_one_launchable_activity(
    xapi_packages: dict[str, bytes], module: Module
) -> None:
    root = etree.fromstring(members(xapi_packages["xapi"])["tincan.xml"])
    assert root.tag == f"{T}tincan"
    launching = [a for a in root.iter(f"{T}activity") if a.find(f"{T}launch") is not None]
    assert [a.get("id") for a in launching] == [iri.module_iri(module)]
    assert launching[0].findtext(f"{T}launch") == "index.html"
    ids = [a.get("id") for a in root.iter(f"{T}activity")]
    assert ids == [
        iri.module_iri(module),
        *(iri.section_iri(module, s.id) for s in module.sections),
        *(iri.item_iri(module, i.id) for i in module.quiz.items),
    ]


def test_cmi5_xml_validates_with_one_au_and_explicit_move_on(
    xapi_packages: dict[str, bytes], module: Module
) -> None:
    document = members(xapi_packages["cmi5"])["cmi5.xml"]
    schema = etree.XMLSchema(etree.parse(str(ROOT / "tests/standards/cmi5/CourseStructure.xsd")))
    root = etree.fromstring(document)
    schema.assertValid(root)
    (au,) = root.findall(f"{C}au")
    assert au.get("moveOn") == "CompletedAndPassed"
    assert au.get("masteryScore") == "0.8"
    assert au.get("id") == iri.au_iri(module)
    assert au.findtext(f"{C}url") == "index.html"
    assert root.find(f"{C}course").get("id") == iri.module_iri(module)


@pytest.mark.parametrize(("percent", "decimal"), [(0, "0"), (80, "0.8"), (85, "0.85"), (100, "1")])
def test_mastery_score_is_a_decimal_from_0_to_1(module: Module, percent: int, decimal: str) -> None:
    assert course.mastery(msgspec.structs.replace(module, mastery_score=percent)) == decimal


def test_iris_are_stable_across_versions_and_base_iri_slashes(module: Module) -> None:
    later = msgspec.structs.replace(module, version="9.9.9", base_iri=module.base_iri + "/")
    for build_iri in (iri.module_iri, iri.au_iri):
        assert build_iri(later) == build_iri(module)
    item = module.quiz.items[0].id
    assert iri.item_iri(later, item) == iri.item_iri(module, item)
    assert iri.item_iri(module, item) == f"{module.base_iri}/{module.id}/quiz/{item}"


def test_an_invalid_course_structure_is_refused_before_a_zip_exists(
    module: Module, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(course, "MOVE_ON", "Complete")
    with pytest.raises(PackageError) as caught:
        cmi5.build(module)
    named = f"{module.id} {module.version}: cmi5.xml does not validate against CourseStructure"
    assert str(caught.value).startswith(named) and "'Complete'" in str(caught.value)


def test_an_unusable_tincan_xml_is_refused_naming_the_module(
    module: Module, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tincan, "problems", lambda document: ["no activity"])
    with pytest.raises(PackageError) as caught:
        xapi.build(module)
    assert str(caught.value) == f"{module.id} {module.version}: tincan.xml is invalid: no activity"


def test_a_tincan_xml_without_one_launch_is_refused() -> None:
    document = b'<tincan xmlns="http://projecttincan.com/tincan.xsd"><activities/></tincan>'
    with pytest.raises(PackageError, match="0 activities have <launch>, exactly one must"):
        tincan.check(document, "m 1.0.0")


def test_a_stray_percent_in_the_base_iri_is_escaped(module: Module) -> None:
    odd = msgspec.structs.replace(module, base_iri="https://example.org/a%zz%41")
    assert iri.module_iri(odd) == f"https://example.org/a%25zz%41/{module.id}"
    assert course.problems(xml.serialize(course.build(odd))) == []


def test_image_files_travel_in_both_packages() -> None:
    from coprod_content.loading import load_modules

    folder = ROOT / "tests" / "fixtures" / "media"
    (pictures,) = load_modules(folder)
    for package in (xapi.build(pictures), cmi5.build(pictures)):
        files = members(package)
        for name in ("images/levels.png", "images/divider.svg"):
            assert files[name] == (folder / "pictures" / name).read_bytes()


TINCAN = f'<tincan xmlns="{tincan.NS}"><activities>{{}}</activities></tincan>'


@pytest.mark.parametrize(
    ("document", "problems"),
    [
        (
            b'<x:tincan xmlns:x="urn:other"><activities/></x:tincan>',
            [
                "tincan.xml:1: root element is '{urn:other}tincan', expected"
                f" {{{tincan.NS}}}tincan"
            ],
        ),
        (
            TINCAN.format(
                '<activity id="a"><launch>index.html</launch></activity>\n'
                '<activity id="b"><launch>index.html</launch></activity>\n'
                '<activity id="a"/>\n<activity id="b"/>'
            ).encode(),
            [
                "tincan.xml: 2 activities have <launch>, exactly one must",
                "tincan.xml:3: activity id 'a' is listed more than once",
                "tincan.xml:4: activity id 'b' is listed more than once",
            ],
        ),
        (
            TINCAN.format(
                '<activity id="a"><launch>index.html</launch></activity><activity id="b"/>'
            ).encode(),
            [],
        ),
    ],
)
def test_what_makes_a_tincan_xml_unusable(document: bytes, problems: list[str]) -> None:
    assert [str(problem) for problem in tincan.problems(document)] == problems
    if problems:
        with pytest.raises(PackageError) as caught:
            tincan.check(document, "m 1.0.0")
        assert str(caught.value) == "m 1.0.0: tincan.xml is invalid: " + "; ".join(problems)
    else:
        tincan.check(document, "m 1.0.0")


def test_a_tincan_xml_that_does_not_parse_is_one_problem_at_its_line() -> None:
    (problem,) = tincan.problems(b"<tincan>\n<activities>")
    assert (problem.file, problem.line) == ("tincan.xml", 2)
    assert problem.message.startswith("not well-formed: ")


def test_every_schema_error_of_a_course_structure_is_named_in_the_refusal() -> None:
    cs = f"{{{course.NS}}}"
    document = f'<courseStructure xmlns="{course.NS}"><course/><au/></courseStructure>'.encode()
    with pytest.raises(PackageError) as caught:
        course.check(document, "m 1.0.0")
    assert str(caught.value) == (
        "m 1.0.0: cmi5.xml does not validate against CourseStructure.xsd: "
        f"cmi5.xml:1: Element '{cs}course': The attribute 'id' is required but missing.; "
        f"cmi5.xml:1: Element '{cs}course': Missing child element(s). Expected is ( {cs}title ).; "
        f"cmi5.xml:1: Element '{cs}au': The attribute 'id' is required but missing.; "
        f"cmi5.xml:1: Element '{cs}au': Missing child element(s). Expected is ( {cs}title )."
    )


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("a" * 120, "a" * 120),  # exactly the limit: kept whole
        ("a" * 121, "a" * 119 + "…"),
        ("a" * 118 + " " + "b" * 10, "a" * 118 + "…"),  # no space before the ellipsis
        (" Which\n of  these\tis right? ", "Which of these is right?"),
    ],
)
def test_an_activity_name_is_one_line_within_120_characters(text: str, name: str) -> None:
    assert clip(text, NAME_LIMIT) == name


def test_each_choice_is_listed_under_its_item_with_its_text_in_the_module_language() -> None:
    """tincan.xml's ``choices/component`` (Rustici's Tin Can package format): each choice's id
    and its text without markup, tagged with the module's language; true/false lists none."""
    (kinds,) = load_modules(ROOT / "tests" / "fixtures" / "quiz")
    root = etree.fromstring(members(xapi.build(kinds))["tincan.xml"])
    listed = {
        a.get("id"): [
            (c.findtext(f"{T}id"), [(d.get("lang"), d.text) for d in c.findall(f"{T}description")])
            for c in a.findall(f"{T}choices/{T}component")
        ]
        for a in root.iter(f"{T}activity")
    }
    assert listed[iri.item_iri(kinds, "feedback-after-design")] == []
    assert listed[iri.item_iri(kinds, "when-to-involve")] == [
        ("after-launch", [("en-GB", "After the service launches")]),
        ("from-the-start", [("en-GB", "From the very start, before decisions are made")]),
        ("at-review", [("en-GB", "At the yearly review")]),
        ("never", [("en-GB", "Only if they ask")]),
    ]
    assert [c for c, _ in listed[iri.item_iri(kinds, "what-helps")]] == [
        "paying-people",
        "jargon",
        "accessible-info",
        "one-off-survey",
        "sharing-power",
    ]
