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
    "base-iri-scheme": [
        "{root}/module.yaml:6: $.base_iri: base IRI 'mailto:xapi@example.org' must start with"
        " https:// (or http://)",
    ],
    "block-not-a-mapping": [
        "{root}/sections/basics.yaml:18: $.blocks[4]: expected a mapping with a 'kind', found 'a"
        " callout about lived experience'",
    ],
    "block-not-shown": [
        "{root}/module.yaml:19: $.sections: no section shows the pyramid; add a block {kind:"
        " pyramid, id: ...} to a section",
    ],
    "block-shown-twice": [
        "{root}/sections/practice.yaml:22: $.blocks[4]: the quiz is already shown in an earlier"
        " block; remove one",
    ],
    "block-without-kind": [
        "{root}/sections/basics.yaml:18: $.blocks[4]: missing 'kind'; add one of: activity,"
        " callout, challenges, definition, help, image, link-card, list, paragraph, pyramid,"
        " quiz, recommendation, resources",
    ],
    "control-character": [
        "{root}/quiz.yaml:2: $: character U+0007 is not allowed in YAML; delete it (only tabs,"
        " line breaks and printable characters may appear)",
    ],
    "custom-tag": [
        "{root}/quiz.yaml:2: $.title: custom YAML tag '!include' is not allowed",
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
    "duplicate-key": [
        "{root}/quiz.yaml:3: $.title: duplicate key 'title'; keep only one of them",
    ],
    "empty-file": [
        "{root}/resources.yaml:1: $: file is empty; expected a mapping",
    ],
    "empty-list": [
        "{root}/sections/basics.yaml:15: $.blocks[3].items: list is empty; add at least 1 entry"
        " or remove the field",
    ],
    "empty-text": [
        "{root}/sections/basics.yaml:20: $.blocks[4].text: text is empty; write the text or remove"
        " the field",
    ],
    "file-too-large": [
        "{root}/sections/basics.yaml:1: $: file is 1000001 bytes, over the limit of 1000000;"
        " split it into smaller files",
    ],
    "id-not-file-name": [
        "{root}/sections/basics.yaml:1: $.id: id 'basic' does not match the file name 'basics';"
        " rename the file or change the id",
    ],
    "image-alt": [
        "{root}/sections/basics.yaml:13: $.blocks[3]: image needs 'alt': a short text saying"
        " what the picture shows, for people who cannot see it (or 'decorative: true' if it adds"
        " nothing to the text)",
        "{root}/sections/basics.yaml:17: $.blocks[4]: a decorative image has no alt text;"
        " remove 'alt', or remove 'decorative: true' if the picture tells something the text"
        " does not",
    ],
    "image-files": [
        "{root}/images/spare.png:1: $: image file is not shown by any block; add a block {kind:"
        " image, file: images/spare.png, alt: ...} to a section or delete the file",
        "{root}/sections/basics.yaml:15: $.blocks[3].file: image file 'images/levels.png' is"
        " not in the module folder; add it there or name one that is (images in the folder:"
        " images/spare.png)",
    ],
    "image-formats": [
        "{root}/images/drawing.webp:1: $: file is not an image file but its name promises a"
        " WebP image; save it in the format its name says, or rename it",
        "{root}/images/large.png:1: $: image is 1000001 bytes, over the limit of 1000000; scale"
        " it down or compress it",
        "{root}/images/photo.png:1: $: file holds a JPEG image but its name promises a PNG"
        " image; save it in the format its name says, or rename it",
    ],
    "image-hostile-svg": [
        "{root}/images/levels.svg:2: $: SVG has a <?xml-stylesheet?> instruction; remove it",
        "{root}/images/levels.svg:4: $: SVG style refers to something outside the file"
        " (@import, url() or an escape); only url(#id) is allowed",
        "{root}/images/levels.svg:5: $: SVG element <script> can run code or load a document;"
        " remove it",
        "{root}/images/levels.svg:6: $: SVG has an event handler attribute 'onclick'; remove it",
        "{root}/images/levels.svg:7: $: SVG attribute 'href' holds a javascript: address;"
        " remove it",
        "{root}/images/levels.svg:8: $: SVG <image> refers to 'https://evil.example/track.png'"
        " outside the file; only links to ids in the same file (#id) are allowed",
        "{root}/images/levels.svg:9: $: SVG <set> changes 'href'; remove it",
    ],
    "image-name": [
        "{root}/images/Photo 1.PNG:1: $: image file names use lower-case letters, digits and"
        " hyphens and end .png, .jpg, .jpeg, .svg or .webp, directly in images/ (e.g."
        " images/pyramid.png); rename the file",
    ],
    "image-svg-structure": [
        "{root}/images/broken.svg:4: $: not well-formed SVG: Opening and ending tag mismatch:"
        " rect line 3 and svg, line 4, column 7; export it again",
        "{root}/images/entities.svg:1: $: SVG has a DOCTYPE, which can define entities; remove it",
        "{root}/images/page.svg:2: $: the root element is not <svg> in the SVG namespace",
    ],
    "invalid-hostname": [
        "{root}/resources.yaml:4: $.resources[0].url: URL 'https://example_site/toolkit/think' has"
        " an invalid hostname 'example_site'; write a full name such as example.org",
    ],
    "invalid-video-id": [
        "{root}/activities/watch-and-think.yaml:8: $.steps[0].video: invalid vimeo video id"
        " '11659x0030'; expected 6 to 12 digits",
    ],
    "label-too-long": [
        "{root}/sections/basics.yaml:2: $.title: text is 501 characters, over the limit of 500;"
        " shorten it",
    ],
    "link-text-too-long": [
        "{root}/sections/basics.yaml:6: $.blocks[0].text: link text is 501 characters, over the"
        " limit of 500; shorten it",
    ],
    "link-url-too-long": [
        "{root}/sections/basics.yaml:6: $.blocks[0].text: link URL is 2049 characters, over the"
        " limit of 2048; shorten it",
    ],
    "link-with-emphasis": [
        "{root}/sections/basics.yaml:6: $.blocks[0].text: link to 'https://example.org/guide'"
        " has emphasis in its text; link text must be plain",
    ],
    "link-without-text": [
        "{root}/sections/basics.yaml:6: $.blocks[0].text: link to 'https://example.org/guide'"
        " has no text; write its text between [ and ]",
    ],
    "look-alike-hostname": [
        "{root}/resources.yaml:4: $.resources[0].url: URL"
        " 'https://equallysafe.sclد.org.uk/toolkit/think' has hostname 'equallysafe.sclد.org.uk'"
        " mixing writing systems (Arabic, Latin), so it can look like another address; retype the"
        " hostname in one writing system",
    ],
    "mailto-without-address": [
        "{root}/sections/basics.yaml:6: $.blocks[0].text: mailto URL 'mailto:guide-team' has no"
        " address; write mailto:name@example.org",
    ],
    "mastery-score": [
        "{root}/module.yaml:7: $.mastery_score: expected a whole number from 0 to 100; found 150",
    ],
    "missing-field": [
        "{root}/pyramid.yaml:12: $.levels[1]: missing required field 'name'; add it",
    ],
    "missing-file": [
        "{root}/resources.yaml:1: $: file is missing; every module folder needs it",
    ],
    "missing-section-file": [
        "{root}/module.yaml:22: $.sections[2]: section 'summary' is listed but"
        " sections/summary.yaml does not exist; create the file or remove the entry",
    ],
    "module-id-mismatch": [
        "{root}/module.yaml:1: $.id: module id 'mini-module' does not match its folder 'mini';"
        " rename one so they agree",
    ],
    "nesting-too-deep": [
        "{root}/resources.yaml:2: $.resources[0][0]: nesting deeper than 40 levels is not"
        " allowed; content never needs it, so look for unclosed brackets or runaway indentation",
    ],
    "non-text-key": [
        "{root}/quiz.yaml:3: $: keys must be text, found 2",
    ],
    "not-utf8": [
        "{root}/quiz.yaml:2: $: not valid UTF-8 (byte 0xe9); save the file as UTF-8",
    ],
    "pyramid-numbering": [
        "{root}/pyramid.yaml:20: $.levels[2].number: pyramid levels must be numbered 1..n from the"
        " base; expected 3, found 4",
    ],
    "quiz-attempts": [
        "{root}/quiz.yaml:3: $.attempts: expected a whole number of attempts, 1 to 100; found 0",
    ],
    "quiz-choice-named-twice": [
        "{root}/quiz.yaml:12: $.items[0].answer[1]: choice 'paying-people' is named twice; name"
        " it once",
    ],
    "quiz-duplicate-choice": [
        "{root}/quiz.yaml:14: $.items[0].choices[2].id: duplicate choice id 'from-the-start':"
        " already used at {root}/quiz.yaml:10 ($.items[0].choices[0].id); choice ids must be"
        " unique within an item, so choose another",
    ],
    "quiz-no-correct-choice": [
        "{root}/quiz.yaml:12: $.items[0].answer: list is empty; expected the ids of the correct"
        " choices, at least one (with none, no answer is right)",
    ],
    "quiz-too-few-choices": [
        "{root}/quiz.yaml:7: $.items[0].choices: list has 1 entry; expected 2 to 8 choices",
    ],
    "quiz-too-many-choices": [
        "{root}/quiz.yaml:7: $.items[0].choices: list has 9 entries; expected 2 to 8 choices",
    ],
    "quiz-two-correct-single": [
        "{root}/quiz.yaml:14: $.items[0].answer: expected the id of the one correct choice (a"
        " single-choice item has exactly one; for several, make it kind: multiple-response);"
        " found a list of 2",
    ],
    "quiz-unknown-choice": [
        "{root}/quiz.yaml:14: $.items[0].answer[1]: answer 'easy-read' names no choice of this"
        " item; expected one of: paying-people, jargon, accessible-info",
    ],
    "quiz-missing-explanation": [
        "{root}/quiz.yaml:10: $.items[1]: missing required field 'explanation'; add it",
    ],
    "quiz-non-boolean": [
        "{root}/quiz.yaml:8: $.items[0].answer: expected true or false, got 'no'",
    ],
    "recommendation-numbering": [
        "{root}/sections/practice.yaml:16: $.blocks[2].number: recommendations in a section must"
        " be numbered 1..n in order; expected 2, found 3",
    ],
    "second-document": [
        "{root}/quiz.yaml:14: $: a second YAML document starts on this line; a content file"
        " holds one document, so remove the '---' (and any '...') that separates them, or move"
        " the second into a file of its own",
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
    "text-not-text": [
        "{root}/sections/basics.yaml:20: $.blocks[4].text: expected text (one line of Markdown),"
        " found 42",
    ],
    "text-on-two-lines": [
        "{root}/sections/basics.yaml:20: $.blocks[4].text: text spans several lines; join them"
        " into one line, or split it into separate paragraphs or list items",
    ],
    "unexpected-file": [
        "{root}/notes.txt:1: $: unexpected file in a module folder; expected module.yaml,"
        " pyramid.yaml, quiz.yaml, resources.yaml, sections/*.yaml, activities/*.yaml,"
        " images/*, source/* or *.md",
    ],
    "unknown-block-kind": [
        "{root}/sections/basics.yaml:18: $.blocks[4].kind: unknown kind 'quote'; expected one of:"
        " activity, callout, challenges, definition, help, image, link-card, list, paragraph,"
        " pyramid, quiz, recommendation, resources",
    ],
    "unknown-choice": [
        "{root}/activities/watch-and-think.yaml:9: $.steps[0].video.provider: expected one of"
        " 'vimeo', 'youtube', found 'dailymotion'",
    ],
    "unknown-field": [
        "{root}/quiz.yaml:13: $.items[1].hint: unknown field 'hint'; expected one of: id,"
        " statement, answer, explanation (check the spelling or remove it)",
    ],
    "unlisted-section-file": [
        "{root}/sections/extra.yaml:1: $: file is not listed under 'sections' in module.yaml;"
        " add its id there or delete the file",
    ],
    "unreadable-value": [
        "{root}/pyramid.yaml:13: $.levels[1].number: cannot read '0x_' as a value; put it in"
        " quotes if it is text",
    ],
    "url-scheme": [
        "{root}/sections/basics.yaml:6: $.blocks[0].text: URL 'javascript:alert(1)' has scheme"
        " 'javascript'; only http, https and mailto links are allowed",
    ],
    "url-with-space": [
        "{root}/resources.yaml:4: $.resources[0].url: URL 'https://example.org/toolkit/think"
        " again' contains spaces or control characters; remove them",
    ],
    "url-without-host": [
        "{root}/resources.yaml:4: $.resources[0].url: URL 'https:///toolkit/think' has no host;"
        " write it as https://host/path",
    ],
    "video-url-mismatch": [
        "{root}/activities/watch-and-think.yaml:8: $.steps[0].video: video url"
        " 'https://vimeo.com/1165980031' does not match vimeo id '1165980030'; expected"
        " 'https://vimeo.com/1165980030' or 'https://player.vimeo.com/video/1165980030'",
    ],
    "wrong-type": [
        "{root}/module.yaml:8: $.duration_minutes: expected a whole number of minutes, 1 to 6000;"
        " found 'five'",
    ],
    "yaml-anchor": [
        "{root}/quiz.yaml:13: $.items[1].explanation: YAML anchors and aliases are not allowed;"
        " write the value out",
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


UNTRANSCRIBED = (
    "{file}:{line}: $.steps[{step}].video: warning: video '{title}' has no transcript: learners"
    " who cannot hear it or see it, or cannot play it where they are, miss what it says; add a"
    " transcript (a list of paragraphs) under video, written from the video itself (see the"
    ' README, "Video transcripts and captions")'
)


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
    assert {
        "PyramidLevel",
        "Activity",
        "TrueFalse",
        "SingleChoice",
        "MultipleResponse",
        "Choice",
    } <= set(schema["$defs"])


PLACEHOLDER_WARNING = (
    "{root}/module.yaml:{line}: $.base_iri: warning: base IRI '{iri}' is on {domain}, a domain"
    " reserved for examples that nobody owns: learners' statements and reports would join on"
    " activity IRIs no one controls; before the first release, set base_iri to an address under"
    " a domain your organisation controls (e.g."
    " https://learning.your-organisation.org/xapi/activities), and never change it once"
    " learners' statements exist"
)


def test_validate_shows_every_warning_of_the_bundled_module_and_still_passes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["validate", "content"]) == 0
    out, err = capsys.readouterr()
    activities = "content/coproduction/activities"
    assert err.splitlines() == [
        PLACEHOLDER_WARNING.format(
            root="content/coproduction",
            line=10,
            iri="https://coprod-content.example.org/xapi/activities",
            domain="example.org",
        ),
        UNTRANSCRIBED.format(
            file=f"{activities}/poor-collaboration.yaml",
            line=9,
            step=0,
            title="Watch our video on co-production – poor practice",
        ),
        UNTRANSCRIBED.format(
            file=f"{activities}/poor-collaboration.yaml",
            line=34,
            step=3,
            title="Watch our Equally Safe Group video: co-production",
        ),
        UNTRANSCRIBED.format(
            file=f"{activities}/good-collaboration.yaml",
            line=10,
            step=0,
            title="Watch our video on co-production – good practice",
        ),
    ]
    assert out == "ok: 1 module (coproduction 1.0.0); 4 warnings\n"


def test_a_video_with_a_transcript_gives_no_warning(capsys: pytest.CaptureFixture[str]) -> None:
    """The media fixture's one video has a transcript: its only warning is its base IRI."""
    assert main(["validate", str(FIXTURES / "media")]) == 0
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        PLACEHOLDER_WARNING.format(
            root=f"{FIXTURES / 'media'}/pictures",
            line=6,
            iri="https://example.org/xapi/activities",
            domain="example.org",
        )
    ]
    assert out == "ok: 1 module (pictures 0.1.0); 1 warning\n"


def test_an_owned_base_iri_gives_no_base_iri_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The valid fixture with an owned base IRI: only its video without a transcript warns."""
    module = FIXTURES / "valid" / "mini"
    copy = tmp_path / "content" / "mini"
    for path in module.rglob("*.yaml"):
        target = copy / path.relative_to(module)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(path.read_text().replace("example.org", "coprod-content.org.uk"))
    assert main(["validate", str(tmp_path / "content")]) == 0
    out, err = capsys.readouterr()
    video = UNTRANSCRIBED.format(
        file=f"{copy}/activities/watch-and-think.yaml",
        line=8,
        step=0,
        title="Co-production – poor practice",
    )
    assert (out, err) == ("ok: 1 module (mini 0.1.0); 1 warning\n", f"{video}\n")


def test_a_warning_never_stops_a_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The valid fixture has warnings (its placeholder base IRI, its video without a
    transcript); it builds all the same."""
    valid = str(FIXTURES / "valid")
    assert main(["validate", valid]) == 0
    assert " warning: " in capsys.readouterr().err
    assert main(["build", "--target", "all", "--content", valid, "--out", str(tmp_path)]) == 0
    assert "warning:" not in capsys.readouterr().err  # coprod validate is where they are read
    assert (tmp_path / "json" / "mini.json").is_file()
    assert (tmp_path / "mini-0.1.0-xapi.zip").is_file()


def test_errors_are_shown_without_the_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    """A module with errors lists only its errors: warnings follow once it loads."""
    assert main(["validate", str(FIXTURES / "broken" / "duplicate-id")]) == 1
    assert "warning:" not in capsys.readouterr().err
