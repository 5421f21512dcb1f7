"""Words as a learner reads them, and word-level differences between two texts.

``text`` gives the words of any part of a module (a section, an activity, a quiz
item...) one line per paragraph or list item; ``links`` its links; ``word_diff``
the runs of words two texts share, and those only one of them has. Pure: no I/O.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Annotated, Any, Literal, assert_never

import msgspec

from coprod_content import model as m
from coprod_content import quiz
from coprod_content.richtext import to_plain

_WORD = re.compile(r"\w+(?:['’-]\w+)*|\s+|[^\w\s]")


class Words(msgspec.Struct, frozen=True, kw_only=True):
    """A run of a word-level diff: text both versions share, or that one of them has."""

    op: Annotated[
        Literal["same", "added", "removed"],
        msgspec.Meta(title="WordsOp", description="Whether both versions have the words, or one."),
    ]
    text: str


Diff = tuple[Words, ...]


_INLINE = (m.Text, m.Emphasis, m.Strong, m.Link)
_SKIPPED = {"id", "url", "number", "is_coproduction", "answer"}


def text(value: Any) -> str:
    """The words of a part as a learner reads them, one line per paragraph or list item."""
    return "\n".join(_lines(value))


def _lines(value: Any) -> Iterable[str]:
    if value is None or isinstance(value, bool | int):
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple):
        if value and isinstance(value[0], _INLINE):
            yield to_plain(value)
        else:
            for item in value:
                yield from _lines(item)
    elif isinstance(value, m.Block | m.Step | m.QuizItem):
        yield from _kind(value)
    elif isinstance(value, m.Challenge):
        yield f"{value.term}: {to_plain(value.text)}"
    elif isinstance(value, m.PyramidLevel):
        yield f"{value.number}. {value.name}"
        yield from _fields(value, skip={"name"})
        yield f"Counts as co-production: {'yes' if value.is_coproduction else 'no'}"
    elif isinstance(value, msgspec.Struct):
        # A part of no kind (a section, an activity, a choice...): its fields in order. A
        # tagged part must be one ``_kind`` knows, or its words would be guessed.
        assert value.__struct_config__.tag is None, f"no words for {type(value).__name__}"
        yield from _fields(value)


def _kind(part: m.Block | m.Step | m.QuizItem) -> Iterable[str]:
    """The words of a block of a section, a step of an activity or a quiz item, by kind."""
    if isinstance(part, m.Paragraph | m.Callout):
        yield to_plain(part.text)
    elif isinstance(part, m.BulletList):
        yield from (f"• {to_plain(item)}" for item in part.items)
    elif isinstance(part, m.Definition):
        yield f"{part.term}: {to_plain(part.text)}"
    elif isinstance(part, m.LinkCard):
        yield from (part.title, to_plain(part.text))
    elif isinstance(part, m.HelpPrompts):
        yield from (part.title, to_plain(part.intro), *map(to_plain, part.prompts))
    elif isinstance(part, m.ChallengeList):
        yield from (f"{c.term}: {to_plain(c.text)}" for c in part.items)
    elif isinstance(part, m.Recommendation):
        yield f"{part.number}. {part.title}"
        if part.intro is not None:
            yield to_plain(part.intro)
        yield from map(to_plain, part.points)
    elif isinstance(part, m.PyramidFigure):
        yield "(the pyramid)"
    elif isinstance(part, m.ActivityRef):
        yield f"(activity {part.activity})"
    elif isinstance(part, m.QuizRef):
        yield "(the quiz)"
    elif isinstance(part, m.ResourceList):
        yield "(the further resources)"
    elif isinstance(part, m.Image):
        # what a learner who cannot see it is told, and the file, so a new picture shows
        yield f"Picture ({part.file}): {part.alt}" if part.alt else f"(a picture, {part.file})"
        if part.caption is not None:
            yield to_plain(part.caption)
    elif isinstance(part, m.Watch):
        yield to_plain(part.intro)
        yield f"Video: {part.video.title}"
    elif isinstance(part, m.Reflect):
        yield from (to_plain(part.intro), *map(to_plain, part.prompts))
    elif isinstance(part, m.TrueFalse | m.SingleChoice | m.MultipleResponse):
        yield to_plain(part.statement)
        yield from _lines(quiz.choices(part))
        yield to_plain(part.explanation)
    else:
        assert_never(part)


def _fields(value: msgspec.Struct, skip: Iterable[str] = ()) -> Iterable[str]:
    for name in value.__struct_fields__:
        if name not in _SKIPPED and name not in skip:
            yield from _lines(getattr(value, name))


def links(value: Any) -> list[tuple[str, str]]:
    """Every link in a part as (text, address), in reading order; cards and videos included."""
    if isinstance(value, m.Link):
        return [(value.text, value.href)]
    found: list[tuple[str, str]] = []
    if isinstance(value, m.LinkCard | m.Resource | m.Video):
        found.append((value.title, value.url))
    if isinstance(value, tuple):
        for item in value:
            found += links(item)
    elif isinstance(value, msgspec.Struct):
        for name in value.__struct_fields__:
            found += links(getattr(value, name))
    return found


def word_diff(old: str, new: str) -> Diff:
    """A word-level diff: runs of text kept, removed and added, in reading order."""
    a, b = _WORD.findall(old), _WORD.findall(new)
    runs: list[Words] = []

    def put(op: Literal["same", "added", "removed"], words: list[str]) -> None:
        if not words:
            return
        if runs and runs[-1].op == op:
            runs[-1] = Words(op=op, text=runs[-1].text + "".join(words))
        else:
            runs.append(Words(op=op, text="".join(words)))

    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            put("same", a[i1:i2])
        else:
            put("removed", a[i1:i2])
            put("added", b[j1:j2])
    return tuple(runs)


_MARKS = {"same": ("", ""), "removed": ("[-", "-]"), "added": ("{+", "+}")}


def changed_lines(diff: Diff) -> list[str]:
    """The lines of a diff that changed, marked ``[-removed-]`` and ``{+added+}``.

    Marks follow ``git diff --word-diff``; lines that both versions share are left out.
    """
    lines: list[str] = []
    line, changed = "", False
    for run in diff:
        start, end = _MARKS[run.op]
        pieces = run.text.split("\n")
        for i, piece in enumerate(pieces):
            if i:
                if changed:
                    lines.append(line)
                line, changed = "", False
            if piece:
                line += start + piece + end
                changed = changed or run.op != "same"
    if changed:
        lines.append(line)
    return lines
