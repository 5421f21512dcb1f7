"""The words of a part as a learner reads them, and word-level diffs."""

from __future__ import annotations

from pathlib import Path

import pytest
from msgspec.structs import replace

from coprod_content.loading import load_modules
from coprod_content.model import Image, Model, RichText, Text
from coprod_content.wording import Words, changed_lines, links, text, word_diff

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "valid"


def test_word_diff_keeps_every_word() -> None:
    diff = word_diff("one two three", "one 2 three four")
    assert diff == (
        Words(op="same", text="one "),
        Words(op="removed", text="two"),
        Words(op="added", text="2"),
        Words(op="same", text=" three"),
        Words(op="added", text=" four"),
    )
    assert "".join(w.text for w in diff if w.op != "added") == "one two three"
    assert "".join(w.text for w in diff if w.op != "removed") == "one 2 three four"


def test_words_are_whole_words_and_single_marks() -> None:
    diff = word_diff("co-production isn't easy.", "co-design isn't easy!")
    assert changed_lines(diff) == ["[-co-production-]{+co-design+} isn't easy[-.-]{+!+}"]


def test_changed_lines_leave_out_lines_both_share() -> None:
    diff = word_diff("same\nold line\nsame again", "same\nnew line\nsame again")
    assert changed_lines(diff) == ["[-old-]{+new+} line"]
    assert changed_lines(word_diff("a\nb", "a\nb")) == []


def test_text_and_links_of_a_section() -> None:
    (module,) = load_modules(FIXTURES)
    basics = module.sections[0]
    assert text(basics).splitlines() == [
        "Basics",
        "Collaboration means working together. See the guide.",
        "Co-production: Making decisions together and sharing power.",
        "(the pyramid)",
        "• Better services",
        "• More trust",
        "Lived experience is expertise.",
        "Time pressures: Build time into the process.",
        "The guide",
        "Read the guide.",
    ]
    assert links(basics) == [
        ("the guide", "https://example.org/guide"),
        ("The guide", "https://example.org/guide"),
        ("guide", "https://example.org/guide"),
    ]
    practice = text(module.sections[1]).splitlines()
    assert practice[:3] == ["Practice", "(activity watch-and-think)", "1. Start with relationships"]


class _Unknown(Model, frozen=True, kw_only=True, tag="unknown", tag_field="kind"):
    """A kind of block ``text`` was never taught."""

    id: str
    text: RichText


def test_an_unknown_kind_of_block_has_no_guessed_words() -> None:
    (module,) = load_modules(FIXTURES)
    basics = module.sections[0]
    odd = _Unknown(id="odd", text=(Text(text="Words"),))
    with pytest.raises(AssertionError, match="no words for _Unknown"):
        text(replace(basics, blocks=(*basics.blocks, odd)))


def test_a_picture_is_its_file_its_text_alternative_and_its_caption() -> None:
    (pictures,) = load_modules(FIXTURES.parent / "media")
    shown, plain = (b for s in pictures.sections for b in s.blocks if isinstance(b, Image))
    assert text(shown) == (
        "Picture (images/levels.png): Three bands, widest at the base, narrowing to"
        " co-production at the top.\nThe levels of collaboration, drawn as a pyramid."
    )
    assert text(plain) == "(a picture, images/divider.svg)"
