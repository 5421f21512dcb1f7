"""Reading and judging responses: the quiz's rules for known content, the statements' otherwise."""

from __future__ import annotations

import pytest

from coprod_content.model import Choice, MultipleResponse, SingleChoice, Text, TrueFalse
from coprod_content.report import keys
from coprod_content.report.statement import Component, Definition
from coprod_content.report.tally import Answer, Item


def words(value: str) -> tuple[Text]:
    return (Text(text=value),)


def choices(*ids: str) -> tuple[Choice, ...]:
    return tuple(Choice(id=i, text=words(i.title())) for i in ids)


TF = TrueFalse(id="tf", statement=words("S"), answer=False, explanation=words("E"))
ONE = SingleChoice(
    id="one",
    statement=words("S"),
    choices=choices("a", "b", "c"),
    answer="b",
    explanation=words("E"),
)
SEVERAL = MultipleResponse(
    id="several",
    statement=words("S"),
    choices=choices("a", "b", "c"),
    answer=("a", "c"),
    explanation=words("E"),
)


def answer(response: str, success: bool | None = None) -> Answer:
    return Answer(attempt=1, time=0.0, response=response, success=success)


@pytest.mark.parametrize(
    ("item", "kind", "options", "right"),
    [
        (TF, "true-false", [("true", "True"), ("false", "False")], {"false"}),
        (ONE, "single-choice", [("a", "A"), ("b", "B"), ("c", "C")], {"b"}),
        (SEVERAL, "multiple-response", [("a", "A"), ("b", "B"), ("c", "C")], {"a", "c"}),
    ],
)
def test_content_gives_the_kind_options_and_right_answer(
    item: TrueFalse | SingleChoice | MultipleResponse,
    kind: str,
    options: list[tuple[str, str]],
    right: set[str],
) -> None:
    key = keys.from_content(item)
    assert (key.kind, [tuple(o) for o in key.options], set(key.right)) == (kind, options, right)


@pytest.mark.parametrize(
    ("item", "response", "expected"),
    [
        (TF, "false", True),
        (TF, "true", False),
        (TF, "False", False),  # xAPI responses are case-sensitive
        (ONE, "b", True),
        (ONE, "a", False),
        (ONE, "b[,]a", False),
        (ONE, "", False),
        (SEVERAL, "a[,]c", True),
        (SEVERAL, "c[,]a", True),
        (SEVERAL, "a", False),
        (SEVERAL, "a[,]b[,]c", False),
        (SEVERAL, "a[,]a", False),
        (SEVERAL, "a[,]c[,]a", False),
        (SEVERAL, "a[,]c[,]z", False),
    ],
)
def test_content_judges_as_the_quiz_does_whatever_the_statement_says(
    item: TrueFalse | SingleChoice | MultipleResponse, response: str, expected: bool
) -> None:
    key = keys.from_content(item)
    assert key.judge(answer(response, success=not expected)) is expected


def test_a_response_is_read_as_the_options_it_chooses() -> None:
    key = keys.from_content(SEVERAL)
    assert key.chosen("c[,]a") == ("c", "a")
    assert key.chosen("a[,]a[,]z") == ("a", "z")
    assert key.chosen("") == ()


def item(**definition: object) -> Item:
    return Item(Definition(**definition))  # type: ignore[arg-type]


def test_a_true_false_definition_gives_the_quizs_own_options() -> None:
    about = item(interaction_type="true-false", correct_responses_pattern=["true"])
    key = keys.from_statements(about, shown=False)
    assert (key.kind, [o.id for o in key.options], set(key.right)) == (
        "true-false",
        ["true", "false"],
        {"true"},
    )


@pytest.mark.parametrize("shown", [True, False])
def test_a_choice_definitions_choices_are_listed_only_when_shown(shown: bool) -> None:
    about = item(
        interaction_type="choice",
        correct_responses_pattern=["a[,]c"],
        choices=[Component(id="a", description={"en": "Apples"}), Component(id="c")],
    )
    key = keys.from_statements(about, shown=shown)
    assert key.kind is None
    assert [tuple(o) for o in key.options] == ([("a", "Apples"), ("c", "")] if shown else [])
    assert set(key.right) == {"a", "c"}


@pytest.mark.parametrize(
    ("response", "success", "expected"),
    [
        ("c[,]a", None, True),  # no success: the pattern, in any order
        ("a", None, False),
        ("a[,]a", None, False),
        ("a", True, True),  # the statement's own success first
        ("c[,]a", False, False),
    ],
)
def test_without_content_success_then_the_pattern_judges(
    response: str, success: bool | None, expected: bool
) -> None:
    about = item(interaction_type="choice", correct_responses_pattern=["a[,]c"])
    assert keys.from_statements(about, shown=True).judge(answer(response, success)) is expected


def test_another_interaction_type_is_read_whole() -> None:
    about = item(interaction_type="fill-in", correct_responses_pattern=["co-production"])
    key = keys.from_statements(about, shown=True)
    assert key.chosen("co[,]production") == ("co[,]production",)
    assert key.judge(answer("co-production")) is True
    assert key.judge(answer("something")) is False
    assert keys.from_statements(item(), shown=True).judge(answer("x")) is None
    assert [o.id for o in keys.from_statements(about, shown=False).options] == []
