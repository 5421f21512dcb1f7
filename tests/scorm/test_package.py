"""Packages read back as a consumer would: valid manifests, every file listed, the quiz intact."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import lxml.html
import msgspec
import pytest
from hypothesis import given
from lxml import etree

from coprod_content import xml
from coprod_content.cli import main
from coprod_content.diagnostics import PackageError
from coprod_content.model import Module, SingleChoice, Text, TrueFalse
from coprod_content.scorm import build, manifest, package_name, validation
from tests.scorm.conftest import VERSIONS
from tests.scorm.lms import ROOT
from tests.scorm.readback import OptionHtml, read
from tests.strategies import modules

STANDARDS = ROOT / "tests" / "standards"
VALIDATE = STANDARDS / "validate.py"
ADLCP = {v: NS["adlcp"] for v, NS in manifest.NS.items()}
CP = {v: NS["cp"] for v, NS in manifest.NS.items()}


def _check_package(module: Module, version: str, package: bytes) -> None:
    back = read(package)
    assert validation.problems(back.members["imsmanifest.xml"], version) == []  # type: ignore[arg-type]
    assert sorted(back.listed(version)) == sorted(set(back.members) - {"imsmanifest.xml"})
    for location in back.manifest.get(
        f"{{{manifest.NS[version]['xsi']}}}schemaLocation", ""
    ).split()[1::2]:
        assert location in back.members
    quiz = back.quiz()
    assert [q.id for q in quiz] == [item.id for item in module.quiz.items]
    for html, item in zip(quiz, module.quiz.items, strict=True):
        assert html.statement == item.statement
        assert html.explanation == item.explanation
        if isinstance(item, TrueFalse):
            assert html.options == (
                OptionHtml("true", "radio", (Text(text="True"),), None),
                OptionHtml("false", "radio", (Text(text="False"),), None),
            )
            assert html.answer == ("true" if item.answer else "false",)
            continue
        box = "radio" if isinstance(item, SingleChoice) else "checkbox"
        assert html.options == tuple(
            OptionHtml(c.id, box, c.text, c.feedback) for c in item.choices
        )
        right = {item.answer} if isinstance(item, SingleChoice) else set(item.answer)
        assert html.answer == tuple(c.id for c in item.choices if c.id in right)


@given(module=modules())
def test_any_module_packages_with_every_quiz_item_exactly(module: Module) -> None:
    for version in VERSIONS:
        _check_package(module, version, build(module, version))  # type: ignore[arg-type]


@pytest.mark.parametrize("version", VERSIONS)
def test_bundled_module_package(version: str, module: Module, packages: dict[str, bytes]) -> None:
    _check_package(module, version, packages[version])
    root = read(packages[version]).manifest
    cp, adlcp = CP[version], ADLCP[version]
    assert root.get("identifier") == "coprod-coproduction"
    assert root.get("version") == module.version
    resource = root.find(f"{{{cp}}}resources/{{{cp}}}resource")
    assert resource is not None
    scorm_type = "scormtype" if version == "scorm12" else "scormType"
    assert (resource.get("href"), resource.get(f"{{{adlcp}}}{scorm_type}")) == ("index.html", "sco")
    assert len(root.findall(f".//{{{cp}}}item")) == 1
    mastery = root.findtext(f".//{{{adlcp}}}masteryscore")
    assert mastery == (str(module.mastery_score) if version == "scorm12" else None)


@pytest.mark.parametrize("version", VERSIONS)
def test_reference_validator_accepts_the_manifests(
    version: str, packages: dict[str, bytes], tmp_path: Path
) -> None:
    path = tmp_path / "imsmanifest.xml"
    path.write_bytes(read(packages[version]).members["imsmanifest.xml"])
    run = subprocess.run(
        [sys.executable, str(VALIDATE), version, str(path)], capture_output=True, text=True
    )
    assert (run.returncode, run.stdout.strip()) == (0, f"VALID ({version}): {path}")


def test_identifiers_stay_put_across_versions(module: Module) -> None:
    newer = msgspec.structs.replace(module, version="2.1.0")
    for version in VERSIONS:
        old = read(build(module, version)).manifest  # type: ignore[arg-type]
        new = read(build(newer, version)).manifest  # type: ignore[arg-type]
        ids = [el.get("identifier") for el in old.iter() if el.get("identifier")]
        assert ids == [el.get("identifier") for el in new.iter() if el.get("identifier")]
        assert new.get("version") == "2.1.0"


def test_long_titles_are_shortened_for_the_manifest(module: Module) -> None:
    long = msgspec.structs.replace(module, title="Word " * 100)
    title = read(build(long, "scorm12")).manifest.findtext(f".//{{{CP['scorm12']}}}title")
    assert title is not None and len(title) == manifest.TITLE_MAX and title.endswith("…")


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("a" * 200, "a" * 200),  # exactly the limit: kept whole
        ("a" * 201, "a" * 199 + "…"),
        ("a" * 198 + " " + "b" * 10, "a" * 198 + "…"),  # no space before the ellipsis
        ("  Co-\x01production \n\t in  practice \ufffe ", "Co-production in practice"),
    ],
)
def test_a_manifest_title_is_one_line_of_xml_characters_within_200(text: str, title: str) -> None:
    assert manifest.title(text) == title


def test_scorm12_takes_a_version_of_exactly_20_characters(module: Module) -> None:
    twenty = msgspec.structs.replace(module, version="1.0.0-beta.123456789")
    assert len(twenty.version) == 20
    assert read(build(twenty, "scorm12")).manifest.get("version") == twenty.version


def test_scorm12_refuses_a_version_too_long_for_its_manifest(module: Module) -> None:
    long = msgspec.structs.replace(module, version="1.0.0-beta.1234567890")
    with pytest.raises(PackageError) as caught:
        build(long, "scorm12")
    assert str(caught.value) == (
        "module 'coproduction': version '1.0.0-beta.1234567890' has 21 characters; SCORM 1.2 "
        "manifests allow at most 20, so shorten its pre-release part"
    )
    assert read(build(long, "scorm2004")).manifest.get("version") == long.version


def _dangling(real: object) -> object:
    def broken(module: Module, version: str, files: object) -> etree._Element:
        root = real(module, version, files)  # type: ignore[operator]
        item = next(el for el in root.iter() if etree.QName(el).localname == "item")
        item.set("identifierref", "nowhere")
        return root  # type: ignore[no-any-return]

    return broken


def test_broken_manifest_is_caught_before_anything_is_written(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(manifest, "build", _dangling(manifest.build))
    previous = tmp_path / "coproduction-1.0.0-scorm12.zip"
    previous.write_bytes(b"previous build")
    content = str(ROOT / "content")
    status = main(["build", "--target", "scorm12", "--content", content, "--out", str(tmp_path)])
    assert status == 1
    assert previous.read_bytes() == b"previous build"
    assert sorted(p.name for p in tmp_path.iterdir()) == [previous.name]
    assert capsys.readouterr().err == (
        "error: coproduction 1.0.0: imsmanifest.xml is not valid scorm12; nothing was written:\n"
        "  imsmanifest.xml:10: item 'coprod-coproduction-item' refers to resource 'nowhere',"
        " which does not exist\n"
    )


def test_schema_errors_are_reported_with_their_line(module: Module) -> None:
    document = xml.serialize(manifest.build(module, "scorm2004", ["index.html"]))
    broken = document.replace(b'adlcp:scormType="sco"', b'adlcp:scormType="SCO"')
    assert list(map(str, validation.problems(broken, "scorm2004"))) == [
        "imsmanifest.xml:24: Element '{http://www.imsglobal.org/xsd/imscp_v1p1}resource',"
        " attribute '{http://www.adlnet.org/xsd/adlcp_v1p3}scormType': [facet 'enumeration']"
        " The value 'SCO' is not an element of the set {'sco', 'asset'}."
    ]


EXAMPLES = STANDARDS / "examples"


def _examples() -> list[tuple[str, str, int]]:
    listing = EXAMPLES / "expected.tsv"
    rows = [line.split("\t") for line in listing.read_text().splitlines()[1:] if line.strip()]
    return [(kind, path, int(code)) for kind, path, code, *_ in rows if kind in VERSIONS]


@pytest.mark.parametrize(("kind", "path", "code"), _examples())
def test_validation_agrees_with_the_reference_examples(kind: str, path: str, code: int) -> None:
    found = validation.problems((EXAMPLES.parent / path).read_bytes(), kind)  # type: ignore[arg-type]
    assert (found == []) == (code == 0), found


def test_target_names_packages(module: Module) -> None:
    assert package_name(module, "scorm12") == "coproduction-1.0.0-scorm12.zip"


@pytest.mark.parametrize("version", VERSIONS)
def test_image_files_are_packaged_and_listed_in_the_manifest(version: str) -> None:
    from coprod_content.loading import load_modules

    folder = ROOT / "tests" / "fixtures" / "media"
    (pictures,) = load_modules(folder)
    back = read(build(pictures, version))  # type: ignore[arg-type]
    for name in ("images/levels.png", "images/divider.svg"):
        assert back.members[name] == (folder / "pictures" / name).read_bytes()
        assert name in back.listed(version)
    assert validation.problems(back.members["imsmanifest.xml"], version) == []  # type: ignore[arg-type]


IMSSS = "{http://www.imsglobal.org/xsd/imsss}"


def test_scorm2004_manifest_declares_the_pass_mark_and_lets_the_content_set_status(
    packages: dict[str, bytes], module: Module
) -> None:
    root = read(packages["scorm2004"]).manifest
    (item,) = root.iter(f"{{{CP['scorm2004']}}}item")
    (sequencing,) = item.findall(f"{IMSSS}sequencing")
    primary = sequencing.find(f"{IMSSS}objectives/{IMSSS}primaryObjective")
    assert primary is not None
    assert primary.get("satisfiedByMeasure") == "true"
    assert module.mastery_score == 80
    assert primary.findtext(f"{IMSSS}minNormalizedMeasure") == "0.8"
    controls = sequencing.find(f"{IMSSS}deliveryControls")
    assert controls is not None
    assert dict(controls.attrib) == {
        "completionSetByContent": "true",
        "objectiveSetByContent": "true",
    }
    assert read(packages["scorm12"]).manifest.find(f".//{IMSSS}sequencing") is None


def test_sequencing_is_checked_against_the_imsss_schema(packages: dict[str, bytes]) -> None:
    document = read(packages["scorm2004"]).members["imsmanifest.xml"]
    assert validation.problems(document, "scorm2004") == []
    over = document.replace(b">0.8<", b">1.5<")  # a measure is at most 1
    assert over != document
    assert any("minNormalizedMeasure" in p.message for p in validation.problems(over, "scorm2004"))


@pytest.mark.parametrize("version", VERSIONS)
def test_the_page_names_its_target_as_generator(version: str, packages: dict[str, bytes]) -> None:
    with zipfile.ZipFile(io.BytesIO(packages[version])) as archive:
        page = lxml.html.fromstring(archive.read("index.html"))
    (generator,) = page.xpath("//meta[@name='generator']/@content")
    assert generator == f"coprod-content {version}"
