"""``coprod validate``: every broken fixture gives its exact diagnostics and exit 1."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from coprod_content.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path("tests/fixtures")

EXPECTED: dict[str, list[str]] = {
    "base-iri": [
        "{root}/module.yaml:6: $.base_iri: base IRI 'https://example.org/xapi?v=1' may hold only"
        " a host and a plain path (letters, digits, '.', '_', '~', '-', '/'); remove any '?', '#',"
        " '%' or other characters",
    ],
    "dangling-reference": [
        "{root}/activities/watch-and-think.yaml:1: $.id: activity 'watch-and-think' is not shown in"
        " any section; add a block {kind: activity, activity: watch-and-think} to a section or"
        " remove it",
        "{root}/sections/practice.yaml:6: $.blocks[0].activity: activity 'watch-and-reflect' does"
        " not exist; expected one of: watch-and-think",
    ],
    "duplicate-id": [
        "{root}/sections/practice.yaml:15: $.blocks[2].id: duplicate id 'start-with-relationships':"
        " already used at {root}/sections/practice.yaml:8 ($.blocks[1].id); ids must be unique"
        " within a module, so choose another",
    ],
    "empty-text": [
        "{root}/sections/basics.yaml:20: $.blocks[4].text: text is empty; write the text or remove"
        " the field",
    ],
    "image-hostile-svg": [
        "{root}/images/levels.svg:3: $: SVG has an event handler attribute 'onclick'; remove it",
    ],
    "image-no-alt": [
        "{root}/sections/basics.yaml:13: $.blocks[3]: image needs 'alt': a short text saying what"
        " the picture shows, for people who cannot see it (or 'decorative: true' if it adds"
        " nothing to the text)",
    ],
    "invalid-hostname": [
        "{root}/resources.yaml:4: $.resources[0].url: URL 'https://example_site/toolkit/think' has"
        " an invalid hostname 'example_site'; write a full name such as example.org",
    ],
    "invalid-video-id": [
        "{root}/activities/watch-and-think.yaml:8: $.steps[0].video: invalid vimeo video id"
        " '11659x0030'; expected 6 to 12 digits",
    ],
    "look-alike-hostname": [
        "{root}/resources.yaml:4: $.resources[0].url: URL"
        " 'https://equallysafe.sclد.org.uk/toolkit/think' has hostname 'equallysafe.sclد.org.uk'"
        " mixing writing systems (Arabic, Latin), so it can look like another address; retype the"
        " hostname in one writing system",
    ],
    "mastery-score": [
        "{root}/module.yaml:7: $.mastery_score: expected a whole number from 0 to 100; found 150",
    ],
    "missing-field": [
        "{root}/pyramid.yaml:12: $.levels[1]: missing required field 'name'; add it",
    ],
    "missing-section-file": [
        "{root}/module.yaml:22: $.sections[2]: section 'summary' is listed but"
        " sections/summary.yaml does not exist; create the file or remove the entry",
    ],
    "pyramid-numbering": [
        "{root}/pyramid.yaml:20: $.levels[2].number: pyramid levels must be numbered 1..n from the"
        " base; expected 3, found 4",
    ],
    "quiz-missing-explanation": [
        "{root}/quiz.yaml:10: $.items[1]: missing required field 'explanation'; add it",
    ],
    "quiz-non-boolean": [
        "{root}/quiz.yaml:8: $.items[0].answer: expected true or false, got 'no'",
    ],
    "several-problems": [
        "{root}/quiz.yaml:8: $.items[0].answer: expected true or false, got 'yes please'",
        "{root}/quiz.yaml:13: $.items[1].hint: unknown field 'hint'; expected one of: id,"
        " statement, answer, explanation (check the spelling or remove it)",
        "{root}/sections/basics.yaml:7: $.blocks[1]: missing required field 'term'; add it",
    ],
    "syntax-error": [
        "{root}/quiz.yaml:9: $: YAML syntax error: did not find expected '-' indicator; check the"
        " indentation, brackets and quotes on this line and the one before",
    ],
    "unknown-block-kind": [
        "{root}/sections/basics.yaml:18: $.blocks[4].kind: unknown kind 'quote'; expected one of:"
        " activity, callout, challenges, definition, help, image, link-card, list, paragraph,"
        " pyramid, quiz, recommendation, resources",
    ],
    "unknown-field": [
        "{root}/quiz.yaml:13: $.items[1].hint: unknown field 'hint'; expected one of: id,"
        " statement, answer, explanation (check the spelling or remove it)",
    ],
    "url-scheme": [
        "{root}/sections/basics.yaml:6: $.blocks[0].text: URL 'javascript:alert(1)' has scheme"
        " 'javascript'; only http, https and mailto links are allowed",
    ],
    "wrong-type": [
        "{root}/module.yaml:8: $.duration_minutes: expected a whole number of minutes, 1 to 6000;"
        " found 'five'",
    ],
}


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_every_broken_fixture_is_covered() -> None:
    assert sorted(p.name for p in (FIXTURES / "broken").iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_fixture_gives_exact_diagnostics(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = FIXTURES / "broken" / name
    assert main(["validate", str(folder)]) == 1
    lines = capsys.readouterr().err.splitlines()
    root = f"{folder}/mini"
    assert lines[:-1] == [line.replace("{root}", root) for line in EXPECTED[name]]
    count = len(EXPECTED[name])
    assert lines[-1] == f"{count} problem{'s' if count != 1 else ''} found"


def test_valid_content_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "content"]) == 0
    assert capsys.readouterr().out.startswith("ok: 1 module (coproduction ")
    assert main(["validate", str(FIXTURES / "valid")]) == 0
    assert main(["validate", str(FIXTURES / "media")]) == 0


def test_missing_content_folder_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "no-such-folder"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "no-such-folder:1: $: content folder does not exist; pass the folder holding modules"
    )


def test_build_json_writes_the_model(tmp_path: Path) -> None:
    assert main(["build", "--target", "json", "--out", str(tmp_path)]) == 0
    data = json.loads((tmp_path / "json" / "coproduction.json").read_bytes())
    assert [item["answer"] for item in data["quiz"]["items"]] == [
        False,
        False,
        True,
        True,
        True,
        False,
    ]


def test_failed_build_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "json").mkdir()
    before = tmp_path / "json" / "mini.json"
    before.write_bytes(b"previous build")
    broken = FIXTURES / "broken" / "several-problems"
    assert main(["build", "--content", str(broken), "--out", str(tmp_path)]) == 1
    assert before.read_bytes() == b"previous build"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["json", "mini.json"]


def test_schema_is_json_schema(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert main(["build", "--target", "json", "--out", str(tmp_path)]) == 0
    exported = json.loads((tmp_path / "json" / "coproduction.json").read_bytes())
    jsonschema.Draft202012Validator(schema).validate(exported)
    exported["quiz"]["items"][0]["answer"] = "no"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(exported)
    assert schema["$ref"] == "#/$defs/Module"
    assert {"PyramidLevel", "Activity", "QuizItem", "Text", "Emphasis", "Link"} <= set(
        schema["$defs"]
    )
