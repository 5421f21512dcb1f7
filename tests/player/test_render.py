"""The player's files, read statically: weight, inert content, own files only, structure."""

from __future__ import annotations

import ast
import itertools
import json
import typing
from pathlib import Path

import lxml.html
import msgspec
import pytest
from hypothesis import given

from coprod_content.diagnostics import PackageError
from coprod_content.loading import load_modules
from coprod_content.model import (
    Activity,
    Block,
    LinkCard,
    Module,
    Reflect,
    ResourceList,
    Step,
    Text,
    TrueFalse,
    Watch,
)
from coprod_content.player import Tracking, render, state, words
from coprod_content.player.render import FRAME_HOSTS, data_script
from tests.player.test_csp import POLICY, parse
from tests.strategies import modules

ROOT = Path(__file__).resolve().parents[2]
PLAYER = ROOT / "src" / "coprod_content" / "player"
TRACKING = Tracking(name="test", scripts=(("adapter.js", b"/* adapter */"),), state_limit=4096)


@pytest.fixture(scope="module")
def module() -> Module:
    return next(m for m in load_modules(ROOT / "content") if m.id == "coproduction")


def _html(files: dict[str, bytes]) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(files["index.html"].decode("utf-8"))


def test_player_weighs_under_60_kb(module: Module) -> None:
    from coprod_content.scorm.package import tracking  # the real adapters count too

    for version in ("scorm12", "scorm2004"):
        files = render(module, tracking(module, version))  # type: ignore[arg-type]
        weight = sum(
            len(data) for name, data in files.items() if name.endswith((".html", ".css", ".js"))
        )
        assert weight < 60_000, f"{version}: {weight} bytes"


def test_each_item_offers_its_options_as_inputs() -> None:
    (kinds,) = load_modules(ROOT / "tests" / "fixtures" / "quiz")
    html = _html(render(kinds, TRACKING))
    found = {}
    for li in html.find_class("item"):
        inputs = li.findall(".//input")
        found[li.get("data-item")] = (
            {i.get("type") for i in inputs},
            [i.get("value") for i in inputs],
            li.get("data-answer"),
            [label.find("span").text_content() for label in li.find_class("choice")][:2],
            [h.text_content() for h in li.find_class("hint")],
        )
        assert {i.get("name") for i in inputs} == {f"q--{li.get('data-item')}"}
        assert all(i.getparent().tag == "label" for i in inputs)  # each input in its label
        assert li.find(".//fieldset/legend") is not None
        assert li.find(".//button").get("hidden") is not None  # shown by the script only
        assert li.find_class("feedback")[0].get("aria-live") == "polite"
    assert found == {
        "feedback-after-design": (
            {"radio"},
            ["true", "false"],
            "false",
            ["True", "False"],
            [],
        ),
        "when-to-involve": (
            {"radio"},
            ["after-launch", "from-the-start", "at-review", "never"],
            "from-the-start",
            ["After the service launches", "From the very start, before decisions are made"],
            [],
        ),
        "what-helps": (
            {"checkbox"},
            ["paying-people", "jargon", "accessible-info", "one-off-survey", "sharing-power"],
            "paying-people accessible-info sharing-power",
            ["Paying people for their time", "Using professional jargon"],
            ["Choose all that apply."],
        ),
        "takes-more-time": ({"radio"}, ["true", "false"], "true", ["True", "False"], []),
    }
    feedback = [f.text_content() for f in html.find_class("choice-feedback")]
    assert feedback == [
        "By then the decisions are made.",
        "Yes – that is what makes it co-production.",
        "Jargon shuts people out.",
    ]
    body = html.find("body")
    assert (body.get("data-attempt-cap"), body.get("data-quiz-key-v1")) == ("2", "")
    assert html.find_class("quiz")[0].get("data-attempts") == "2"


@given(module=modules())
def test_any_module_renders_inert_self_contained_and_in_order(module: Module) -> None:
    """One generated module per example, checked three ways (generating is the slow part)."""
    html = _html(render(module, TRACKING))
    _inert_and_self_contained(html)
    _headings_never_skip_a_level(html)
    _videos_linked_and_notes_bounded(html, module)


def _inert_and_self_contained(html: lxml.html.HtmlElement) -> None:
    assert [s.get("src") for s in html.iter("script")] == ["adapter.js", "words.js", "player.js"]
    assert all(not (s.text or "").strip() for s in html.iter("script"))
    assert list(html.iter("style")) == []
    for el in html.iter():
        if not isinstance(el.tag, str):
            continue
        assert not [a for a in el.attrib if a.startswith("on") or a == "style"], el.attrib
    csp = html.find(".//meta[@http-equiv='Content-Security-Policy']")
    assert csp is not None and parse(csp.get("content", "")) == POLICY
    assert [link.get("href") for link in html.iter("link")] == ["player.css"]
    for frame in html.iter("iframe"):
        assert frame.get("src", "").startswith(FRAME_HOSTS)
        assert frame.get("title", "").startswith("Video: ")
        assert "allow-scripts" in frame.get("sandbox", "")
    ids = [el.get("id") for el in html.iter() if isinstance(el.tag, str) and el.get("id")]
    assert len(ids) == len(set(ids))


def _headings_never_skip_a_level(html: lxml.html.HtmlElement) -> None:
    levels = [int(el.tag[1]) for el in html.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels[0] == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, levels


def _videos_linked_and_notes_bounded(html: lxml.html.HtmlElement, module: Module) -> None:
    links = {a.get("href") for a in html.find_class("video-link") for a in a.iter("a")}
    activities: list[Activity] = list(module.activities)
    videos = {s.video.url for a in activities for s in a.steps if hasattr(s, "video")}
    assert links == videos
    boxes = html.findall(".//textarea")
    reflect = [s.id for a in activities for s in a.steps if isinstance(s, Reflect)]
    assert sorted(b.get("data-note", "") for b in boxes) == sorted(reflect)
    budget = str(_budget(module, reflect, TRACKING.state_limit))
    assert [b.get("maxlength") for b in boxes] == [budget] * len(boxes)


def _budget(module: Module, reflect: list[str], limit: int) -> int:
    """Each notes box's share, counted here from saved-state format 2 as player/state.py
    documents it (not from state.py): the largest state but the notes is an 8-digit key,
    attempt 9999, one hex digit per item for up to 4 options and two for up to 8, every item
    right, passed, the pages' 8-digit key and one hex digit per four pages (the start page
    and one per section), and each box present but empty; the rest is shared equally, at
    most 5,000 characters a box (the player's README)."""
    options = [2 if isinstance(i, TrueFalse) else len(i.choices) for i in module.quiz.items]
    digits = sum(1 if n <= 4 else 2 for n in options)
    pages = -(-(1 + len(module.sections)) // 4)
    empty = ",".join(f'"{note}":""' for note in reflect)
    largest = (
        f'{{"v":2,"k":"12345678","t":9999,"r":"{"f" * digits}","b":{len(options)},"p":1,'
        f'"g":"12345678","s":"{"f" * pages}","n":{{{empty}}}}}'
    )
    return min((limit - len(largest)) // len(reflect), 5000) if reflect else 0


def test_every_block_and_step_kind_has_a_template() -> None:
    for union, folder in ((Block, "blocks"), (Step, "steps")):
        for cls in typing.get_args(union):
            tag = cls.__struct_config__.tag
            assert (PLAYER / "templates" / folder / f"{tag}.html.j2").is_file(), tag


def test_saved_state_budget_matches_the_largest_state(module: Module) -> None:
    budget = state.note_budget(module, 4096)
    notes = {step: '"' * (budget // 2) for step in state.reflect_ids(module)}
    largest = msgspec.json.decode(state.largest(module))
    assert len(state.encode({**largest, "n": notes})) <= 4096
    assert state.note_cost('a"\u2603\U0001f469') == 1 + 2 + 6 + 12
    # format 2, worked by hand for the 6 true/false items, 10 pages and 2 notes boxes of the
    # module: the last attempt, every item answered, every page visited
    assert largest == {
        "v": 2,
        "k": state.quiz_key(module),
        "t": 9999,
        "r": "ffffff",
        "b": 6,
        "p": 1,
        "g": state.pages_key(module),
        "s": "fff",
        "n": {"reflect-poor-practice": "", "reflect-good-practice": ""},
    }
    fixed = len('{"v":2,"k":"12345678","t":9999,"r":"ffffff","b":6,"p":1,"g":"12345678","s":"fff"')
    fixed += len(',"n":{')
    fixed += len('"reflect-poor-practice":"","reflect-good-practice":""}}')
    assert len(state.largest(module)) == fixed
    assert budget == (4096 - fixed) // 2
    # at the limit and one past it: every box full fits, one more character each does not
    full = {"reflect-poor-practice": "a" * budget, "reflect-good-practice": "a" * budget}
    assert len(state.encode({**largest, "n": full})) <= 4096
    over = {key: text + "a" for key, text in full.items()}
    assert len(state.encode({**largest, "n": over})) > 4096


def test_a_notes_box_of_exactly_200_characters_is_enough_and_199_is_not(module: Module) -> None:
    """A package is refused when a box would hold fewer than 200 characters (its message says
    so). The bundled module's largest state but the notes is 141 characters (worked out by
    hand in the test above), so 541 characters leave two boxes of 200 and 540 two of 199."""
    assert state.note_budget(module, 141 + 2 * 200) == 200
    with pytest.raises(PackageError, match="leave 199 characters per notes box"):
        state.note_budget(module, 141 + 2 * 200 - 1)
    with pytest.raises(PackageError, match="leave 0 characters per notes box"):
        state.note_budget(module, 100)  # less than the state without notes: no room at all


def test_pages_visited_are_four_a_hex_digit_in_page_order(module: Module) -> None:
    keys = [section.id for section in module.sections]
    assert state.pages(module) == ["_start", *keys]
    # pages 0-3, 4-7, 8-9: the start page is bit 0 (1) of digit 0, the last page bit 1 (2) of
    # digit 2; pages 0, 1, 3 make b, pages 4, 5 make 3
    assert state.seen(module, []) == "000"
    assert state.seen(module, ["_start"]) == "100"
    assert state.seen(module, ["_start", keys[0], keys[2], keys[3], keys[4], keys[8]]) == "b32"
    assert state.seen(module, ["_start", *keys]) == "ff3"
    one = msgspec.structs.replace(module, sections=module.sections[:3])  # exactly four pages
    assert state.seen(one, state.pages(one)) == "f"
    assert state.pages_key(one) != state.pages_key(module)


def test_too_many_notes_boxes_for_scorm12_is_a_package_error(module: Module) -> None:
    reflect = Reflect(id="r", intro=module.quiz.items[0].explanation, prompts=((),))  # type: ignore[arg-type]
    steps = tuple(msgspec.structs.replace(reflect, id=f"reflect-{i}") for i in range(30))
    crowded = msgspec.structs.replace(
        module, activities=(msgspec.structs.replace(module.activities[0], steps=steps),)
    )
    with pytest.raises(PackageError) as caught:
        state.note_budget(crowded, 4096)
    assert str(caught.value).startswith(
        "module 'coproduction': 30 notes boxes and 6 quiz items leave 1"
    )
    assert str(caught.value).endswith(
        "characters per notes box in a saved state of at most 4096 characters (at least 200 are"
        " needed); use fewer reflect steps or quiz items"
    )


def test_player_imports_no_target() -> None:
    for path in PLAYER.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                part = node.module.split(".")
                assert part[:2] != ["coprod_content", "scorm"], path
                assert part[1:2] not in (["api"], ["cli"], ["targets"]), path


PICTURES = ROOT / "tests" / "fixtures" / "media"


@pytest.fixture(scope="module")
def pictures() -> Module:
    (only,) = load_modules(PICTURES)
    return only


def test_images_ship_with_the_player_with_their_text_alternative(pictures: Module) -> None:
    files = render(pictures, TRACKING)
    folder = PICTURES / "pictures" / "images"
    assert files["images/levels.png"] == (folder / "levels.png").read_bytes()
    assert files["images/divider.svg"] == (folder / "divider.svg").read_bytes()
    html = _html(files)
    shown = [(img.get("src"), img.get("alt")) for img in html.iter("img")]
    assert shown == [
        (
            "images/levels.png",
            "Three bands, widest at the base, narrowing to co-production at the top.",
        ),
        ("images/divider.svg", ""),
    ]
    (figure,) = html.findall(".//figure[@class='image']")
    assert figure.findtext("figcaption") == "The levels of collaboration, drawn as a pyramid."


def test_a_transcript_is_a_disclosure_under_its_video(pictures: Module) -> None:
    html = _html(render(pictures, TRACKING))
    (watch,) = html.find_class("watch")
    kids = [el.get("class") or el.tag for el in watch]
    assert kids == ["h4", "p", "frame", "captions", "transcript", "video-link"]
    (details,) = watch.find_class("transcript")
    assert details.tag == "details" and details.get("open") is None
    assert details.findtext("summary") == "Read the transcript"
    assert [p.text_content() for p in details.iter("p")] == [
        "A support worker sits across a desk from a woman. Support worker: I have filled in"
        " the form for you already; just sign here.",
        "The woman looks at the form and says nothing. The support worker does not wait for an"
        " answer.",
    ]
    (captions,) = watch.find_class("captions")
    assert captions.text_content() == "Captions: en-GB, cy"


def test_each_link_card_resource_and_video_shows_one_link(module: Module) -> None:
    """The seed's card and resources link to their address in their text: that is the link."""
    html = _html(render(module, TRACKING))
    (card,) = html.find_class("card")
    assert [(a.text_content(), a.get("href")) for a in card.iter("a")] == [
        ("here", "http://www.coproductionscotland.org.uk/guide")
    ]
    for item, resource in zip(html.find_class("resources")[0], module.resources, strict=True):
        assert [a.get("href") for a in item.iter("a")] == [resource.url]
        assert item.find_class("title")[0].text_content() == resource.title
    fallbacks = [a.text_content() for p in html.find_class("video-link") for a in p.iter("a")]
    assert fallbacks == [
        "Watch on Vimeo: Watch our video on co-production – poor practice",
        "Watch on Vimeo: Watch our Equally Safe Group video: co-production",
        "Watch on Vimeo: Watch our video on co-production – good practice",
    ]


def test_a_card_or_resource_without_a_link_in_its_text_links_its_title(module: Module) -> None:
    card = LinkCard(id="c", title="Guide", url="https://example.org/g", text=(Text(text="Read"),))
    plain = (Text(text="A toolkit."),)
    section = msgspec.structs.replace(module.sections[0], blocks=(card, ResourceList(id="r")))
    resource = msgspec.structs.replace(module.resources[0], description=plain)
    lone = msgspec.structs.replace(module, sections=(section,), resources=(resource,))
    html = _html(render(lone, TRACKING))
    links = [(a.text_content(), a.get("href")) for a in html.find_class("solo")]
    assert links == [
        ("https://example.org/g", "https://example.org/g"),
        (resource.title, resource.url),
    ]


def test_the_pyramid_caption_counts_its_levels_in_words(module: Module) -> None:
    """The caption says how many levels there are: "1 level" alone, otherwise the range."""
    lone = msgspec.structs.replace(module.pyramid, levels=module.pyramid.levels[:1])
    star = "★ marks co-production, where decisions are made together."
    title = module.pyramid.title
    assert pyramid_drawn(module)[0] == (
        f"{title}: 3 levels, level 1 at the base, level 3 at the top. {star}"
    )
    assert pyramid_drawn(msgspec.structs.replace(module, pyramid=lone))[0] == (
        f"{title}: 1 level. {star}"
    )


def test_the_pyramid_narrows_from_a_full_width_base_to_the_top(module: Module) -> None:
    """Width classes ``w0`` (40 %, the top) to ``w10`` (100 %, the base) in the player's CSS;
    drawn top first. A pyramid of one level is all base."""
    lone = msgspec.structs.replace(module.pyramid, levels=module.pyramid.levels[:1])
    assert pyramid_drawn(module)[1] == ["w0", "w5", "w10"]
    assert pyramid_drawn(msgspec.structs.replace(module, pyramid=lone))[1] == ["w10"]


def pyramid_drawn(module: Module) -> tuple[str, list[str]]:
    """The pyramid figure's caption, and its levels' width classes from the top."""
    (figure,) = _html(render(module, TRACKING)).find_class("pyramid")[0].iter("figure")
    widths = [str(li.get("class")).split()[0] for li in figure.iter("li")]
    return str(figure.findtext("figcaption")), widths


def test_a_youtube_video_is_named_youtube_in_its_link(module: Module) -> None:
    activity = module.activities[0]
    watch = next(s for s in activity.steps if isinstance(s, Watch))
    video = msgspec.structs.replace(
        watch.video, provider="youtube", id="dQw4w9WgXcQ", url="https://www.youtube.com/watch?v=x"
    )
    steps = tuple(
        msgspec.structs.replace(s, video=video) if s is watch else s for s in activity.steps
    )
    changed = msgspec.structs.replace(
        module, activities=(msgspec.structs.replace(activity, steps=steps), *module.activities[1:])
    )
    html = _html(render(changed, TRACKING))
    fallbacks = [a.text_content() for p in html.find_class("video-link") for a in p.iter("a")]
    assert fallbacks[0] == f"Watch on YouTube: {video.title}"
    assert fallbacks[1:] == [
        "Watch on Vimeo: Watch our Equally Safe Group video: co-production",
        "Watch on Vimeo: Watch our video on co-production – good practice",
    ]


def test_carriage_returns_in_the_text_survive_the_html_parser(module: Module) -> None:
    """An HTML parser reads a raw carriage return as a line feed (HTML's input stream
    normalises them), so the player writes each one as ``&#13;``: in plain text (a title)
    and in rich text (a quiz explanation) alike."""
    section = msgspec.structs.replace(module.sections[0], title="Before\rafter")
    item = msgspec.structs.replace(module.quiz.items[0], explanation=(Text(text="one\rtwo"),))
    quiz = msgspec.structs.replace(module.quiz, items=(item, *module.quiz.items[1:]))
    changed = msgspec.structs.replace(module, sections=(section, *module.sections[1:]), quiz=quiz)
    text = _html(render(changed, TRACKING)).text_content()
    assert "Before\rafter" in text and "Before\nafter" not in text
    assert "one\rtwo" in text and "one\ntwo" not in text


def test_a_catalogue_given_to_render_is_the_one_the_player_speaks(module: Module) -> None:
    said = dict(words.for_language(module.language))
    said["start.title"] = "Welcome, in other words"  # in the page
    said["quiz.used.one"] = "Your one try is used."  # in words.js, for player.js
    files = render(module, TRACKING, said)
    assert "Welcome, in other words" in _html(files).text_content()
    assert b'"quiz.used.one":"Your one try is used."' in files["words.js"]


def test_a_data_script_cannot_end_its_script_or_a_line_and_reads_back_unchanged() -> None:
    """``</script>`` inside a value would close the script element, and U+2028/U+2029 end a
    line in older JavaScript engines: none of them may appear raw; JSON reads it all back."""
    value = {"a": "</script><!--", "b": "line\u2028paragraph\u2029end"}
    script = data_script("coprodTest", value).decode()
    assert script.startswith("window.coprodTest = ") and script.endswith(";\n")
    assert not {"<", "\u2028", "\u2029"} & set(script)
    assert json.loads(script.removeprefix("window.coprodTest = ").removesuffix(";\n")) == value
