"""What changed between two versions of a module, at the level people think in.

``changes(old, new)`` matches everything by its stable id and reports sections,
activities, pyramid levels and resources added, removed, reworded (with a
word-level diff of the text a learner reads) or reordered; quiz items added or
removed, answers flipped, statements and explanations reworded; links changed;
and settings such as the mastery score. Pure: no I/O.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal, TypeVar

import msgspec

from coprod_content import model as m
from coprod_content.richtext import to_markdown, to_plain

Part = Literal[
    "module", "section", "activity", "pyramid", "pyramid-level", "quiz", "quiz-item", "resource"
]
PART_NAMES: dict[Part, str] = {
    "module": "Module details",
    "section": "Section",
    "activity": "Activity",
    "pyramid": "Pyramid",
    "pyramid-level": "Pyramid level",
    "quiz": "Quiz",
    "quiz-item": "Quiz item",
    "resource": "Resource",
}


class Words(msgspec.Struct, frozen=True, kw_only=True):
    """A run of a word-level diff: text both versions share, or that one of them has."""

    op: Literal["same", "added", "removed"]
    text: str


Diff = tuple[Words, ...]


class Change(msgspec.Struct, frozen=True, kw_only=True, tag_field="kind"):
    """Base of every change; ``kind`` names it on the wire."""


class Added(Change, frozen=True, kw_only=True, tag="added"):
    """A section, activity, pyramid level or resource that is new."""

    part: Part
    id: str
    title: str


class Removed(Change, frozen=True, kw_only=True, tag="removed"):
    part: Part
    id: str
    title: str


class Reworded(Change, frozen=True, kw_only=True, tag="reworded"):
    """The words changed; ``diff`` runs over the whole text of the part, title first."""

    part: Part
    id: str
    title: str
    diff: Diff


class Restyled(Change, frozen=True, kw_only=True, tag="restyled"):
    """The same words, but emphasis, block kinds or block ids changed."""

    part: Part
    id: str
    title: str


class Reordered(Change, frozen=True, kw_only=True, tag="reordered"):
    """Parts of one kind that both versions have now come in another order."""

    part: Part
    was: tuple[str, ...]
    now: tuple[str, ...]


class QuizItemAdded(Change, frozen=True, kw_only=True, tag="quiz-item-added"):
    """A new quiz item; ``explanation`` is inline Markdown, as authored."""

    id: str
    statement: str
    answer: bool
    explanation: str


class QuizItemRemoved(Change, frozen=True, kw_only=True, tag="quiz-item-removed"):
    id: str
    statement: str


class AnswerFlipped(Change, frozen=True, kw_only=True, tag="answer-flipped"):
    id: str
    statement: str
    was: bool
    now: bool


class StatementReworded(Change, frozen=True, kw_only=True, tag="statement-reworded"):
    id: str
    was: str
    now: str
    diff: Diff


class ExplanationReworded(Change, frozen=True, kw_only=True, tag="explanation-reworded"):
    """``was`` and ``now`` are inline Markdown, as authored; ``diff`` is over the plain text."""

    id: str
    statement: str
    was: str
    now: str
    diff: Diff


class LinkChanged(Change, frozen=True, kw_only=True, tag="link-changed"):
    """A link's address changed (``was`` or ``now`` is ``None`` for a link removed or added)."""

    part: Part
    id: str
    text: str
    was: str | None
    now: str | None


Setting = Literal["language", "base_iri", "mastery_score", "duration_minutes"]


class SettingChanged(Change, frozen=True, kw_only=True, tag="setting-changed"):
    """A module setting that is not text a learner reads."""

    name: Setting
    was: str
    now: str


AnyChange = (
    Added
    | Removed
    | Reworded
    | Restyled
    | Reordered
    | QuizItemAdded
    | QuizItemRemoved
    | AnswerFlipped
    | StatementReworded
    | ExplanationReworded
    | LinkChanged
    | SettingChanged
)

_SETTINGS: tuple[Setting, ...] = ("language", "base_iri", "mastery_score", "duration_minutes")
_WORD = re.compile(r"\w+(?:['’-]\w+)*|\s+|[^\w\s]")


def changes(old: m.Module, new: m.Module) -> list[AnyChange]:
    """Every change from ``old`` to ``new``, module first, then in reading order."""
    out: list[AnyChange] = [
        SettingChanged(name=name, was=str(getattr(old, name)), now=str(getattr(new, name)))
        for name in _SETTINGS
        if getattr(old, name) != getattr(new, name)
    ]
    out += _compare("module", new.id, new.title, _own(old), _own(new))
    out += _collection("section", old.sections, new.sections, lambda s: s.title)
    pyramid = (old.pyramid.title, old.pyramid.intro), (new.pyramid.title, new.pyramid.intro)
    out += _compare("pyramid", new.pyramid.id, new.pyramid.title, *pyramid)
    out += _collection("pyramid-level", old.pyramid.levels, new.pyramid.levels, lambda v: v.name)
    out += _collection("activity", old.activities, new.activities, lambda a: a.title)
    quiz = (old.quiz.title, old.quiz.intro), (new.quiz.title, new.quiz.intro)
    out += _compare("quiz", new.quiz.id, new.quiz.title, *quiz)
    out += _quiz(old.quiz.items, new.quiz.items)
    out += _collection("resource", old.resources, new.resources, lambda r: r.title)
    return out


def _own(module: m.Module) -> tuple[str, str, m.Aims, m.Outcomes]:
    """The module's own words: everything but its parts and settings."""
    return module.title, module.description, module.aims, module.learning_outcomes


# --- comparing ---------------------------------------------------------------------

_T = TypeVar("_T", m.Section, m.PyramidLevel, m.Activity, m.Resource)


def _collection(
    part: Part, old: Sequence[_T], new: Sequence[_T], title: Callable[[_T], str]
) -> list[AnyChange]:
    out: list[AnyChange] = []
    before = {x.id: x for x in old}
    after = {x.id: x for x in new}
    if [i for i in before if i in after] != [i for i in after if i in before]:
        out.append(Reordered(part=part, was=tuple(before), now=tuple(after)))
    for item in new:
        if item.id in before:
            out += _compare(part, item.id, title(item), before[item.id], item)
        else:
            out.append(Added(part=part, id=item.id, title=title(item)))
    out += [Removed(part=part, id=x.id, title=title(x)) for x in old if x.id not in after]
    return out


def _compare(part: Part, ident: str, title: str, old: Any, new: Any) -> list[AnyChange]:
    if old == new:
        return []
    out: list[AnyChange] = []
    was, now = text(old), text(new)
    if was != now:
        out.append(Reworded(part=part, id=ident, title=title, diff=word_diff(was, now)))
    out += _links(part, ident, links(old), links(new))
    if not out:
        out.append(Restyled(part=part, id=ident, title=title))
    return out


def _quiz(old: Sequence[m.QuizItem], new: Sequence[m.QuizItem]) -> list[AnyChange]:
    out: list[AnyChange] = []
    before = {x.id: x for x in old}
    after = {x.id: x for x in new}
    if [i for i in before if i in after] != [i for i in after if i in before]:
        out.append(Reordered(part="quiz-item", was=tuple(before), now=tuple(after)))
    for item in new:
        was = before.get(item.id)
        if was is None:
            md = to_markdown(item.explanation)
            added = QuizItemAdded(
                id=item.id, statement=item.statement, answer=item.answer, explanation=md
            )
            out.append(added)
            continue
        if was.statement != item.statement:
            diff = word_diff(was.statement, item.statement)
            out.append(
                StatementReworded(id=item.id, was=was.statement, now=item.statement, diff=diff)
            )
        if was.answer != item.answer:
            flipped = AnswerFlipped(
                id=item.id, statement=item.statement, was=was.answer, now=item.answer
            )
            out.append(flipped)
        if was.explanation != item.explanation:
            out.append(
                ExplanationReworded(
                    id=item.id,
                    statement=item.statement,
                    was=to_markdown(was.explanation),
                    now=to_markdown(item.explanation),
                    diff=word_diff(to_plain(was.explanation), to_plain(item.explanation)),
                )
            )
            out += _links("quiz-item", item.id, links(was.explanation), links(item.explanation))
    out += [QuizItemRemoved(id=x.id, statement=x.statement) for x in old if x.id not in after]
    return out


def _links(
    part: Part, ident: str, old: list[tuple[str, str]], new: list[tuple[str, str]]
) -> list[AnyChange]:
    """Links whose address changed, matched by their text; unmatched ones added or removed."""
    gone = list(old)
    fresh: list[tuple[str, str]] = []
    for link in new:
        if link in gone:
            gone.remove(link)
        else:
            fresh.append(link)
    out: list[AnyChange] = []
    for label, href in fresh:
        match = next((g for g in gone if g[0] == label), None)
        if match is not None:
            gone.remove(match)
        was = None if match is None else match[1]
        out.append(LinkChanged(part=part, id=ident, text=label, was=was, now=href))
    out += [LinkChanged(part=part, id=ident, text=t, was=h, now=None) for t, h in gone]
    return out


# --- the text a learner reads ------------------------------------------------------


_INLINE = (m.Text, m.Emphasis, m.Strong, m.Link)
_PLACED = {
    m.PyramidFigure: "(the pyramid)",
    m.QuizRef: "(the quiz)",
    m.ResourceList: "(the further resources)",
}
_SKIPPED = {"id", "url", "number", "is_coproduction", "activity", "video"}


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
    elif type(value) in _PLACED:
        yield _PLACED[type(value)]
    elif isinstance(value, m.ActivityRef):
        yield f"(activity {value.activity})"
    elif isinstance(value, m.BulletList):
        yield from (f"• {to_plain(item)}" for item in value.items)
    elif isinstance(value, m.Definition | m.Challenge):
        yield f"{value.term}: {to_plain(value.text)}"
    elif isinstance(value, m.Recommendation | m.PyramidLevel):
        name = value.title if isinstance(value, m.Recommendation) else value.name
        yield f"{value.number}. {name}"
        yield from _fields(value, skip={"title", "name"})
        if isinstance(value, m.PyramidLevel):
            yield f"Counts as co-production: {'yes' if value.is_coproduction else 'no'}"
    elif isinstance(value, m.Watch):
        yield to_plain(value.intro)
        yield f"Video: {value.video.title}"
    elif isinstance(value, msgspec.Struct):
        yield from _fields(value)


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


# --- in words ------------------------------------------------------------------------


def describe(change: AnyChange) -> str:
    """One line saying what changed, for people (the CLI and CHANGELOG.md)."""
    if isinstance(change, Added | Removed | Reworded | Restyled):
        what = {Added: "added", Removed: "removed", Reworded: "reworded"}.get(
            type(change), "restyled (same words, different formatting or structure)"
        )
        return f"{PART_NAMES[change.part]} “{change.title}” ({change.id}) {what}"
    if isinstance(change, Reordered):
        return f"{PART_NAMES[change.part]}s reordered: now {', '.join(change.now)}"
    if isinstance(change, QuizItemAdded):
        answer = "true" if change.answer else "false"
        return f"Quiz item ({change.id}) added: “{change.statement}” (answer: {answer})"
    if isinstance(change, QuizItemRemoved):
        return f"Quiz item ({change.id}) removed: “{change.statement}”"
    if isinstance(change, AnswerFlipped):
        was, now = ("true" if v else "false" for v in (change.was, change.now))
        return f"Quiz item ({change.id}): answer flipped from {was} to {now}: “{change.statement}”"
    if isinstance(change, StatementReworded):
        return f"Quiz item ({change.id}): statement reworded"
    if isinstance(change, ExplanationReworded):
        return f"Quiz item ({change.id}): explanation reworded"
    if isinstance(change, LinkChanged):
        where = f"{PART_NAMES[change.part]} ({change.id})"
        if change.was is None:
            return f"{where}: link “{change.text}” added, to {change.now}"
        if change.now is None:
            return f"{where}: link “{change.text}” removed (was {change.was})"
        return f"{where}: link “{change.text}” changed from {change.was} to {change.now}"
    return f"Setting {change.name} changed from {change.was} to {change.now}"


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


def report(found: Sequence[AnyChange]) -> list[str]:
    """Changes as lines for people: each change, then its changed lines indented."""
    lines: list[str] = []
    for change in found:
        lines.append(f"- {describe(change)}")
        if isinstance(change, Reworded | StatementReworded | ExplanationReworded):
            lines += [f"    {line}" for line in changed_lines(change.diff)]
    return lines
