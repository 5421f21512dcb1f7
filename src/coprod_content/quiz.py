"""What each kind of quiz item means: its options, what is right, its score, its form per target.

The kinds are authored data (``model.TrueFalse``, ``model.SingleChoice``,
``model.MultipleResponse``, tagged by ``kind``); everything that depends on the kind
is decided here and nowhere else. The player, the saved state, the four package
adapters, the API and ``changes`` ask these functions; every dispatch over the kinds
ends in ``assert_never``, so a new kind that is not handled fails the type check.

One idea makes the rest uniform: every item offers **options** in a fixed order. A
choice item's options are its choices; a true/false item's are ``true`` then
``false``. A learner's response is the set of options chosen; an item is right when
that set is exactly the set of correct options (all or nothing), and scores 1 or 0.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from decimal import Decimal
from typing import Literal, NamedTuple, assert_never, get_args

from coprod_content.model import (
    Choice,
    MultipleResponse,
    QuizItem,
    RichText,
    SingleChoice,
    Text,
    TrueFalse,
)
from coprod_content.richtext import to_plain
from coprod_content.yamlsource import Path

Kind = Literal["true-false", "single-choice", "multiple-response"]
ITEM_TYPES: tuple[type[QuizItem], ...] = get_args(QuizItem)
DEFAULT_KIND: Kind = "true-false"
"""The kind of an item authored without ``kind`` (every item before choice kinds existed)."""
SCORM12_LETTERS = "abcdefgh"
"""SCORM 1.2 identifies a choice by one character; choice n is letter n (at most 8 choices)."""


class Option(NamedTuple):
    """Something a learner can choose: its id, its text and its feedback (if any)."""

    id: str
    text: RichText
    feedback: RichText | None


TRUE_FALSE: tuple[Option, Option] = (
    Option("true", (Text(text="True"),), None),
    Option("false", (Text(text="False"),), None),
)
"""A true/false item's options, in English unless the caller gives their words."""


def kind(item: QuizItem) -> Kind:
    """The item's ``kind`` tag."""
    tag: Kind = item.__struct_config__.tag  # type: ignore[assignment]
    return tag


def options(item: QuizItem, true_false: tuple[str, str] | None = None) -> tuple[Option, ...]:
    """What the learner can choose, in the order shown.

    Args:
        true_false: the words for a true/false item's options, when not English (the
            player's catalogue has them in the module's language).
    """
    if isinstance(item, TrueFalse):
        if true_false is None:
            return TRUE_FALSE
        yes, no = true_false
        return (Option("true", (Text(text=yes),), None), Option("false", (Text(text=no),), None))
    if isinstance(item, SingleChoice | MultipleResponse):
        return tuple(Option(c.id, c.text, c.feedback) for c in item.choices)
    assert_never(item)


def several(item: QuizItem) -> bool:
    """Whether the learner may choose several options (checkboxes) or one (radio buttons)."""
    if isinstance(item, TrueFalse | SingleChoice):
        return False
    if isinstance(item, MultipleResponse):
        return True
    assert_never(item)


def correct(item: QuizItem) -> tuple[str, ...]:
    """The ids of the correct options, in option order."""
    if isinstance(item, TrueFalse):
        return ("true",) if item.answer else ("false",)
    if isinstance(item, SingleChoice):
        return (item.answer,)
    if isinstance(item, MultipleResponse):
        return tuple(c.id for c in item.choices if c.id in item.answer)
    assert_never(item)


def is_correct(item: QuizItem, chosen: Collection[str]) -> bool:
    """Whether the options ``chosen`` are exactly the correct ones (all or nothing)."""
    return set(chosen) == set(correct(item)) and len(chosen) == len(set(chosen))


def plain(item: QuizItem) -> str:
    """The statement as plain text, for interaction descriptions and activity names."""
    return to_plain(item.statement)


def pass_mark(mastery_score: int) -> str:
    """The mastery score (a percentage) as a decimal from 0 to 1: 80 -> ``"0.8"``."""
    return format(Decimal(mastery_score).scaleb(-2).normalize(), "f")


# --- authoring rules needing more than one field (checks.py reports them) ---------------


def choices(item: QuizItem) -> tuple[Choice, ...]:
    """The authored choices of an item; none for a true/false item."""
    if isinstance(item, TrueFalse):
        return ()
    if isinstance(item, SingleChoice | MultipleResponse):
        return item.choices
    assert_never(item)


def problems(item: QuizItem) -> list[tuple[Path, str]]:
    """Answers naming no choice of the item, or one choice twice: (path in the item, message).

    Choice counts and an empty answer list are field rules (see ``model``); duplicate
    choice ids are reported with the other duplicate ids (``checks``).
    """
    if isinstance(item, TrueFalse):
        return []
    if isinstance(item, SingleChoice | MultipleResponse):
        known = [c.id for c in item.choices]
        named: list[tuple[Path, str]] = (
            [(("answer",), item.answer)]
            if isinstance(item, SingleChoice)
            else [(("answer", i), a) for i, a in enumerate(item.answer)]
        )
        found: list[tuple[Path, str]] = []
        for n, (path, answer) in enumerate(named):
            if answer not in known:
                found.append(
                    (
                        path,
                        f"answer {answer!r} names no choice of this item; "
                        f"expected one of: {', '.join(known)}",
                    )
                )
            elif any(answer == other for _, other in named[:n]):
                found.append((path, f"choice {answer!r} is named twice; name it once"))
        return found
    assert_never(item)


# --- a learner's answer as the API receives it ------------------------------------------

Answer = bool | str | tuple[str, ...]
"""An answer as JSON carries it: true/false, one choice id, or a list of choice ids."""


class AnswerError(ValueError):
    """An answer of the wrong shape for its item, or naming an unknown choice."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def example(item: QuizItem) -> str:
    """How to answer ``item`` in a check request, for error messages."""
    if isinstance(item, TrueFalse):
        return 'send {"answer": true} or {"answer": false}'
    if isinstance(item, SingleChoice):
        return f'send {{"answer": "<choice id>"}}, e.g. {{"answer": "{item.choices[0].id}"}}'
    if isinstance(item, MultipleResponse):
        ids = ", ".join(f'"{c.id}"' for c in item.choices[:2])
        return f'send {{"answer": [<choice ids>]}}, e.g. {{"answer": [{ids}]}}'
    assert_never(item)


def read_answer(item: QuizItem, value: object) -> tuple[str, ...]:
    """The options a check request's ``answer`` chooses, in option order.

    Raises:
        AnswerError: naming the field (``answer`` or ``answer[i]``) that is wrong.
    """
    if isinstance(item, TrueFalse):
        if not isinstance(value, bool):
            raise AnswerError("answer", f"expected true or false, got {_json(value)}")
        return ("true",) if value else ("false",)
    if isinstance(item, SingleChoice):
        if not isinstance(value, str):
            raise AnswerError("answer", f"expected one choice id (a string), got {_json(value)}")
        return _known(item, [value], lambda i: "answer")
    if isinstance(item, MultipleResponse):
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise AnswerError("answer", f"expected a list of choice ids, got {_json(value)}")
        if not value:
            raise AnswerError("answer", "the list is empty; choose at least one choice")
        return _known(item, list(value), lambda i: f"answer[{i}]")
    assert_never(item)


def _known(
    item: SingleChoice | MultipleResponse, ids: list[str], field: Callable[[int], str]
) -> tuple[str, ...]:
    known = [c.id for c in item.choices]
    for i, given in enumerate(ids):
        name = field(i)
        if given not in known:
            raise AnswerError(
                name, f"{given!r} is not a choice of this item; expected one of: {', '.join(known)}"
            )
        if given in ids[:i]:
            raise AnswerError(name, f"{given!r} is chosen twice; list each choice once")
    return tuple(k for k in known if k in ids)


def _json(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return f"the number {value!r}"


def responses(item: QuizItem) -> list[tuple[str, ...]]:
    """Every response the API accepts for ``item``, each as ``read_answer`` returns it."""
    ids = [o.id for o in options(item)]
    if not several(item):
        return [(i,) for i in ids]
    return [
        tuple(i for n, i in enumerate(ids) if mask >> n & 1) for mask in range(1, 1 << len(ids))
    ]


# --- the item as each target records it ----------------------------------------------------

Target = Literal["scorm12", "scorm2004", "xapi"]


class Form(NamedTuple):
    """How a target records an item: interaction type, response tokens, correct pattern.

    A response is the tokens of the chosen options, in option order, joined by ``separator``.
    """

    type: Literal["true-false", "choice"]
    tokens: dict[str, str]
    separator: str
    pattern: str

    def response(self, chosen: Collection[str]) -> str:
        """The response string for the options ``chosen``."""
        return self.separator.join(t for i, t in self.tokens.items() if i in chosen)


def form(item: QuizItem, target: Target) -> Form:
    """The interaction form of ``item`` in ``target`` (SCORM 1.2, SCORM 2004, or xAPI)."""
    ids = [o.id for o in options(item)]
    if isinstance(item, TrueFalse):
        type_: Literal["true-false", "choice"] = "true-false"
        tokens = {"true": "t", "false": "f"} if target == "scorm12" else {i: i for i in ids}
    elif isinstance(item, SingleChoice | MultipleResponse):
        type_ = "choice"
        letters = dict(zip(ids, SCORM12_LETTERS, strict=False))
        tokens = letters if target == "scorm12" else {i: i for i in ids}
    else:
        assert_never(item)
    separator = "," if target == "scorm12" else "[,]"
    return Form(type_, tokens, separator, separator.join(tokens[i] for i in correct(item)))


def format1_code(item: QuizItem) -> str | None:
    """How saved-state format 1 named this item's answer (``t``/``f``); None for choice kinds.

    Format 1 (before choice kinds) fingerprinted the quiz as ``<id>=<code>`` lines; a
    learner's format-1 state is upgraded only while that fingerprint still matches.
    """
    if isinstance(item, TrueFalse):
        return "t" if item.answer else "f"
    if isinstance(item, SingleChoice | MultipleResponse):
        return None
    assert_never(item)
