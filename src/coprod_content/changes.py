"""What changed between two versions of a module, at the level people think in.

``changes(old, new)`` matches everything by its stable id and reports sections,
activities, pyramid levels and resources added, removed, reworded (with a
word-level diff of the text a learner reads, see ``wording``) or reordered; quiz
items added or removed, answers flipped or changed, statements and explanations
reworded, choices added, removed, reworded or reordered (an item whose kind changed
is removed and added again); links changed; and settings such as the mastery score
and the number of attempts. ``describe`` and ``report`` say it in words for people.
Quiz texts (statements, explanations, choices and their feedback) are rich text trees, as
the model holds them; ``describe`` writes them as inline Markdown, as authored. Every
dispatch over the kinds of change ends in ``assert_never``. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any, Literal, TypeVar, assert_never

import msgspec

from coprod_content import model as m
from coprod_content import quiz
from coprod_content.richtext import to_markdown, to_plain
from coprod_content.wording import Diff, changed_lines, links, text, word_diff

Part = Annotated[
    Literal[
        "module", "section", "activity", "pyramid", "pyramid-level", "quiz", "quiz-item", "resource"
    ],
    msgspec.Meta(title="ChangedPart", description="The kind of part that changed."),
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


class ChoiceText(msgspec.Struct, frozen=True, kw_only=True):
    """A choice as authored: its id, text and feedback (rich text)."""

    id: str
    text: m.RichText
    feedback: m.RichText | None = None


Answer = quiz.Answer


class QuizItemAdded(Change, frozen=True, kw_only=True, tag="quiz-item-added"):
    """A new quiz item, whole; ``answer`` as authored (true/false, a choice id, or ids)."""

    id: str
    item_kind: quiz.Kind
    statement: m.RichText
    choices: tuple[ChoiceText, ...] = ()
    answer: Answer
    explanation: m.RichText


class QuizItemRemoved(Change, frozen=True, kw_only=True, tag="quiz-item-removed"):
    id: str
    statement: m.RichText


class AnswerFlipped(Change, frozen=True, kw_only=True, tag="answer-flipped"):
    """A true/false item's answer is now the other one."""

    id: str
    statement: m.RichText
    was: bool
    now: bool


class AnswerChanged(Change, frozen=True, kw_only=True, tag="answer-changed"):
    """A choice item's correct choices changed (``was`` and ``now`` are choice ids)."""

    id: str
    statement: m.RichText
    was: tuple[str, ...]
    now: tuple[str, ...]


class StatementReworded(Change, frozen=True, kw_only=True, tag="statement-reworded"):
    """``diff`` is over the plain text."""

    id: str
    was: m.RichText
    now: m.RichText
    diff: Diff


class ExplanationReworded(Change, frozen=True, kw_only=True, tag="explanation-reworded"):
    """``diff`` is over the plain text."""

    id: str
    statement: m.RichText
    was: m.RichText
    now: m.RichText
    diff: Diff


class ChoiceAdded(Change, frozen=True, kw_only=True, tag="choice-added"):
    """A new choice in quiz item ``id``."""

    id: str
    choice: ChoiceText


class ChoiceRemoved(Change, frozen=True, kw_only=True, tag="choice-removed"):
    id: str
    choice: ChoiceText


class ChoiceReworded(Change, frozen=True, kw_only=True, tag="choice-reworded"):
    """A choice's text or feedback changed; ``diff`` runs over both, text first."""

    id: str
    was: ChoiceText
    now: ChoiceText
    diff: Diff


class ChoicesReordered(Change, frozen=True, kw_only=True, tag="choices-reordered"):
    """The choices both versions have now come in another order (SCORM 1.2 letters move)."""

    id: str
    was: tuple[str, ...]
    now: tuple[str, ...]


class LinkChanged(Change, frozen=True, kw_only=True, tag="link-changed"):
    """A link's address changed (``was`` or ``now`` is ``None`` for a link removed or added)."""

    part: Part
    id: str
    text: str
    was: str | None
    now: str | None


Setting = Annotated[
    Literal["language", "base_iri", "mastery_score", "duration_minutes", "attempts"],
    msgspec.Meta(title="Setting", description="A module setting that is not text."),
]


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
    | AnswerChanged
    | StatementReworded
    | ExplanationReworded
    | ChoiceAdded
    | ChoiceRemoved
    | ChoiceReworded
    | ChoicesReordered
    | LinkChanged
    | SettingChanged
)

_SETTINGS: tuple[Setting, ...] = ("language", "base_iri", "mastery_score", "duration_minutes")


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
    if old.quiz.attempts != new.quiz.attempts:
        attempts = (str(q.attempts or "unlimited") for q in (old.quiz, new.quiz))
        out.append(SettingChanged(name="attempts", was=next(attempts), now=next(attempts)))
    texts = (old.quiz.title, old.quiz.intro), (new.quiz.title, new.quiz.intro)
    out += _compare("quiz", new.quiz.id, new.quiz.title, *texts)
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
        if was is not None and quiz.kind(was) != quiz.kind(item):
            out.append(QuizItemRemoved(id=was.id, statement=was.statement))
            was = None
        if was is None:
            out.append(_added(item))
        else:
            out += _item(was, item)
    out += [QuizItemRemoved(id=x.id, statement=x.statement) for x in old if x.id not in after]
    return out


def _added(item: m.QuizItem) -> QuizItemAdded:
    return QuizItemAdded(
        id=item.id,
        item_kind=quiz.kind(item),
        statement=item.statement,
        choices=tuple(_choice(c) for c in quiz.choices(item)),
        answer=item.answer,
        explanation=item.explanation,
    )


def _choice(choice: m.Choice) -> ChoiceText:
    return ChoiceText(id=choice.id, text=choice.text, feedback=choice.feedback)


def _item(was: m.QuizItem, item: m.QuizItem) -> list[AnyChange]:
    """Changes to one item of the same kind in both versions."""
    out: list[AnyChange] = []
    if was.statement != item.statement:
        diff = word_diff(to_plain(was.statement), to_plain(item.statement))
        out.append(StatementReworded(id=item.id, was=was.statement, now=item.statement, diff=diff))
    out += _choices(item.id, quiz.choices(was), quiz.choices(item))
    if quiz.correct(was) != quiz.correct(item):
        out.append(_answer(was, item))
    if was.explanation != item.explanation:
        out.append(
            ExplanationReworded(
                id=item.id,
                statement=item.statement,
                was=was.explanation,
                now=item.explanation,
                diff=word_diff(to_plain(was.explanation), to_plain(item.explanation)),
            )
        )
        out += _links("quiz-item", item.id, links(was.explanation), links(item.explanation))
    return out


def _answer(was: m.QuizItem, item: m.QuizItem) -> AnyChange:
    if isinstance(item, m.TrueFalse):
        return AnswerFlipped(
            id=item.id, statement=item.statement, was=not item.answer, now=item.answer
        )
    if isinstance(item, m.SingleChoice | m.MultipleResponse):
        return AnswerChanged(
            id=item.id, statement=item.statement, was=quiz.correct(was), now=quiz.correct(item)
        )
    assert_never(item)


def _choices(item_id: str, old: Sequence[m.Choice], new: Sequence[m.Choice]) -> list[AnyChange]:
    out: list[AnyChange] = []
    before = {c.id: c for c in old}
    after = {c.id: c for c in new}
    if [i for i in before if i in after] != [i for i in after if i in before]:
        out.append(ChoicesReordered(id=item_id, was=tuple(before), now=tuple(after)))
    for choice in new:
        was = before.get(choice.id)
        if was is None:
            out.append(ChoiceAdded(id=item_id, choice=_choice(choice)))
        elif was != choice:
            diff = word_diff(text(was), text(choice))
            out.append(ChoiceReworded(id=item_id, was=_choice(was), now=_choice(choice), diff=diff))
    out += [ChoiceRemoved(id=item_id, choice=_choice(c)) for c in old if c.id not in after]
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


# --- in words ------------------------------------------------------------------------


def describe(change: AnyChange) -> str:
    """One line saying what changed, for people (the CLI and CHANGELOG.md); quiz texts are
    written as inline Markdown, as authored."""
    if isinstance(change, Added | Removed | Reworded | Restyled):
        return f"{PART_NAMES[change.part]} “{change.title}” ({change.id}) {_done(change)}"
    if isinstance(change, Reordered):
        return f"{PART_NAMES[change.part]}s reordered: now {', '.join(change.now)}"
    if isinstance(change, QuizItemAdded):
        answer = _answer_words(change.answer)
        statement = to_markdown(change.statement)
        return f"Quiz item ({change.id}) added: “{statement}” (answer: {answer})"
    if isinstance(change, QuizItemRemoved):
        return f"Quiz item ({change.id}) removed: “{to_markdown(change.statement)}”"
    if isinstance(change, AnswerFlipped | AnswerChanged):
        was, now = _answer_words(change.was), _answer_words(change.now)
        what = "answer flipped" if isinstance(change, AnswerFlipped) else "correct answer changed"
        statement = to_markdown(change.statement)
        return f"Quiz item ({change.id}): {what} from {was} to {now}: “{statement}”"
    if isinstance(change, StatementReworded):
        return f"Quiz item ({change.id}): statement reworded"
    if isinstance(change, ExplanationReworded):
        return f"Quiz item ({change.id}): explanation reworded"
    if isinstance(change, ChoiceAdded | ChoiceRemoved):
        what = "added" if isinstance(change, ChoiceAdded) else "removed"
        choice = change.choice
        return f"Quiz item ({change.id}): choice “{to_markdown(choice.text)}” ({choice.id}) {what}"
    if isinstance(change, ChoiceReworded):
        return f"Quiz item ({change.id}): choice ({change.now.id}) reworded"
    if isinstance(change, ChoicesReordered):
        return f"Quiz item ({change.id}): choices reordered: now {', '.join(change.now)}"
    if isinstance(change, LinkChanged):
        where = f"{PART_NAMES[change.part]} ({change.id})"
        if change.was is None:
            return f"{where}: link “{change.text}” added, to {change.now}"
        if change.now is None:
            return f"{where}: link “{change.text}” removed (was {change.was})"
        return f"{where}: link “{change.text}” changed from {change.was} to {change.now}"
    if isinstance(change, SettingChanged):
        return f"Setting {change.name} changed from {change.was} to {change.now}"
    assert_never(change)


def _done(change: Added | Removed | Reworded | Restyled) -> str:
    if isinstance(change, Added):
        return "added"
    if isinstance(change, Removed):
        return "removed"
    if isinstance(change, Reworded):
        return "reworded"
    if isinstance(change, Restyled):
        return "restyled (same words, different formatting or structure)"
    assert_never(change)


def _answer_words(answer: Answer) -> str:
    if isinstance(answer, bool):
        return "true" if answer else "false"
    if isinstance(answer, str):
        return answer
    if isinstance(answer, tuple):
        return ", ".join(answer)
    assert_never(answer)


def report(found: Sequence[AnyChange]) -> list[str]:
    """Changes as lines for people: each change, then its changed lines indented."""
    lines: list[str] = []
    for change in found:
        lines.append(f"- {describe(change)}")
        if isinstance(change, Reworded | StatementReworded | ExplanationReworded | ChoiceReworded):
            lines += [f"    {line}" for line in changed_lines(change.diff)]
    return lines
