"""Each item kind's rules, against values worked out by hand from the fixture quiz.

``tests/fixtures/quiz/kinds`` has one item of each kind (and a second true/false item):

=====================  =================  =====================================================
item                   kind               options (correct in capitals)
=====================  =================  =====================================================
feedback-after-design  true-false         true, FALSE
when-to-involve        single-choice      after-launch, FROM-THE-START, at-review, never
what-helps             multiple-response  PAYING-PEOPLE, jargon, ACCESSIBLE-INFO, one-off-survey,
                                          SHARING-POWER
takes-more-time        true-false         TRUE, false
=====================  =================  =====================================================
"""

from __future__ import annotations

import json
from pathlib import Path

import msgspec
import pytest

from coprod_content import quiz
from coprod_content.loading import load_modules
from coprod_content.model import Module, MultipleResponse, SingleChoice
from coprod_content.player import state

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="module")
def kinds() -> Module:
    (module,) = load_modules(FIXTURES / "quiz")
    return module


def test_an_item_without_kind_is_true_false(kinds: Module) -> None:
    first = kinds.quiz.items[0]
    assert b"kind" not in (FIXTURES / "quiz/kinds/quiz.yaml").read_bytes().split(b"- id:")[1]
    assert quiz.kind(first) == "true-false"
    assert [o.id for o in quiz.options(first)] == ["true", "false"]
    assert [quiz.kind(i) for i in kinds.quiz.items] == [
        "true-false",
        "single-choice",
        "multiple-response",
        "true-false",
    ]
    assert kinds.quiz.attempts == 2


def test_correct_options_are_in_option_order(kinds: Module) -> None:
    tf, single, multiple, last = kinds.quiz.items
    assert quiz.correct(tf) == ("false",)
    assert quiz.correct(last) == ("true",)
    assert quiz.correct(single) == ("from-the-start",)
    assert isinstance(multiple, MultipleResponse)
    shuffled = msgspec.structs.replace(
        multiple, answer=("sharing-power", "paying-people", "accessible-info")
    )
    assert quiz.correct(shuffled) == ("paying-people", "accessible-info", "sharing-power")
    assert [quiz.several(i) for i in kinds.quiz.items] == [False, False, True, False]


@pytest.mark.parametrize(
    ("index", "chosen", "right"),
    [
        (0, ["false"], True),
        (0, ["true"], False),
        (1, ["from-the-start"], True),
        (1, ["after-launch"], False),
        (1, ["from-the-start", "never"], False),
        (2, ["sharing-power", "paying-people", "accessible-info"], True),
        (2, ["paying-people", "accessible-info"], False),  # all or nothing: one missing
        (2, ["paying-people", "accessible-info", "sharing-power", "jargon"], False),  # one extra
        (2, ["paying-people", "paying-people", "accessible-info", "sharing-power"], False),
        (2, [], False),
    ],
)
def test_right_is_exactly_the_correct_set(
    kinds: Module, index: int, chosen: list[str], right: bool
) -> None:
    item = kinds.quiz.items[index]
    assert quiz.is_correct(item, chosen) is right


def test_forms_per_target(kinds: Module) -> None:
    tf, single, multiple, _ = kinds.quiz.items
    rows = {
        (item.id, target): (f.type, f.pattern, f.response(chosen))
        for item, chosen in (
            (tf, ["true"]),
            (single, ["at-review"]),
            (multiple, ["jargon", "sharing-power"]),
        )
        for target in ("scorm12", "scorm2004", "xapi")
        for f in [quiz.form(item, target)]  # type: ignore[arg-type]
    }
    assert rows == {
        ("feedback-after-design", "scorm12"): ("true-false", "f", "t"),
        ("feedback-after-design", "scorm2004"): ("true-false", "false", "true"),
        ("feedback-after-design", "xapi"): ("true-false", "false", "true"),
        ("when-to-involve", "scorm12"): ("choice", "b", "c"),
        ("when-to-involve", "scorm2004"): ("choice", "from-the-start", "at-review"),
        ("when-to-involve", "xapi"): ("choice", "from-the-start", "at-review"),
        ("what-helps", "scorm12"): ("choice", "a,c,e", "b,e"),
        ("what-helps", "scorm2004"): (
            "choice",
            "paying-people[,]accessible-info[,]sharing-power",
            "jargon[,]sharing-power",
        ),
        ("what-helps", "xapi"): (
            "choice",
            "paying-people[,]accessible-info[,]sharing-power",
            "jargon[,]sharing-power",
        ),
    }


@pytest.mark.parametrize(
    ("index", "value", "chosen"),
    [
        (0, True, ("true",)),
        (0, False, ("false",)),
        (1, "never", ("never",)),
        (2, ["sharing-power", "jargon"], ("jargon", "sharing-power")),
    ],
)
def test_answers_the_api_accepts(
    kinds: Module, index: int, value: object, chosen: tuple[str, ...]
) -> None:
    assert quiz.read_answer(kinds.quiz.items[index], value) == chosen


@pytest.mark.parametrize(
    ("index", "value", "field", "message"),
    [
        (0, "true", "answer", "expected true or false, got the string 'true'"),
        (0, 1, "answer", "expected true or false, got the number 1"),
        (1, True, "answer", "expected one choice id (a string), got true"),
        (1, ["never"], "answer", "expected one choice id (a string), got a list"),
        (
            1,
            "soon",
            "answer",
            "'soon' is not a choice of this item; expected one of: after-launch, from-the-start,"
            " at-review, never",
        ),
        (2, "jargon", "answer", "expected a list of choice ids, got the string 'jargon'"),
        (2, [], "answer", "the list is empty; choose at least one choice"),
        (2, ["jargon", 3], "answer", "expected a list of choice ids, got a list"),
        (
            2,
            ["jargon", "easy-read"],
            "answer[1]",
            "'easy-read' is not a choice of this item; expected one of: paying-people, jargon,"
            " accessible-info, one-off-survey, sharing-power",
        ),
        (2, ["jargon", "jargon"], "answer[1]", "'jargon' is chosen twice; list each choice once"),
        (0, None, "answer", "expected true or false, got null"),
        (1, False, "answer", "expected one choice id (a string), got false"),
        (2, {"jargon": True}, "answer", "expected a list of choice ids, got an object"),
    ],
)
def test_answers_the_api_refuses(
    kinds: Module, index: int, value: object, field: str, message: str
) -> None:
    with pytest.raises(quiz.AnswerError) as caught:
        quiz.read_answer(kinds.quiz.items[index], value)
    assert (caught.value.field, caught.value.message, str(caught.value)) == (
        field,
        message,
        message,
    )


def test_every_response_is_listed_once(kinds: Module) -> None:
    tf, single, multiple, _ = kinds.quiz.items
    assert quiz.responses(tf) == [("true",), ("false",)]
    assert len(quiz.responses(single)) == 4
    assert len(quiz.responses(multiple)) == 2**5 - 1
    assert len(set(quiz.responses(multiple))) == 31
    assert ("paying-people", "accessible-info", "sharing-power") in quiz.responses(multiple)


def test_saved_responses_are_hex_bitmasks(kinds: Module) -> None:
    # true/false: false is option 1 -> bit 1 -> "2"; single: from-the-start is option 1 -> "2";
    # multiple (5 options, 2 digits): options 0, 2, 4 -> 1 + 4 + 16 = 0x15; not checked -> "-".
    chosen = [["false"], ["from-the-start"], ["paying-people", "accessible-info", "sharing-power"]]
    assert state.responses(kinds, [*chosen, None]) == "2215-"
    assert state.responses(kinds, [None, None, None, ["true"]]) == "----1"
    assert [state.width(i) for i in kinds.quiz.items] == [1, 1, 2, 1]
    with pytest.raises(ValueError):  # one response per item, never a silently shorter state
        state.responses(kinds, chosen)


def test_format1_fingerprint_of_the_real_quiz_is_the_one_captured() -> None:
    (module,) = load_modules(Path(__file__).resolve().parents[1] / "content")
    captured = json.loads((FIXTURES / "saved-state/format1-scorm12.json").read_bytes())
    old = json.loads(captured["in-progress"]["suspend_data"])
    assert state.legacy_key(module) == old["k"] == "0fbf330b"


def test_quizzes_with_choice_items_have_no_format1_fingerprint(kinds: Module) -> None:
    assert state.legacy_key(kinds) == ""


@pytest.mark.parametrize(("percent", "decimal"), [(0, "0"), (75, "0.75"), (80, "0.8"), (100, "1")])
def test_pass_mark_is_a_decimal(percent: int, decimal: str) -> None:
    assert quiz.pass_mark(percent) == decimal


def test_how_to_answer_each_kind_names_its_own_choices(kinds: Module) -> None:
    """What a 422 problem from the check endpoint suggests, for each kind of item."""
    assert [quiz.example(item) for item in kinds.quiz.items[:3]] == [
        'send {"answer": true} or {"answer": false}',
        'send {"answer": "<choice id>"}, e.g. {"answer": "after-launch"}',
        'send {"answer": [<choice ids>]}, e.g. {"answer": ["paying-people", "jargon"]}',
    ]


def test_the_quiz_key_is_stable_and_changes_with_what_a_saved_response_means(
    kinds: Module,
) -> None:
    """Saved states in learners' LMSs carry this key; a build that computed another for the
    same quiz would drop every learner's answers on upgrade, so the fixture's is pinned."""
    assert state.quiz_key(kinds) == "df1a1d32"
    items = kinds.quiz.items
    single = items[1]
    assert isinstance(single, SingleChoice)
    renamed = msgspec.structs.replace(single.choices[0], id="later")

    def key_with(index: int, item: object) -> str:
        changed = (*items[:index], item, *items[index + 1 :])
        return state.quiz_key(
            msgspec.structs.replace(kinds, quiz=msgspec.structs.replace(kinds.quiz, items=changed))
        )

    keys = {
        "an item's id": key_with(0, msgspec.structs.replace(items[0], id="renamed")),
        "a true/false answer": key_with(0, msgspec.structs.replace(items[0], answer=True)),
        "the right choice": key_with(1, msgspec.structs.replace(single, answer="never")),
        "the choices' order": key_with(
            1, msgspec.structs.replace(single, choices=single.choices[::-1])
        ),
        "a choice's id": key_with(
            1, msgspec.structs.replace(single, choices=(renamed, *single.choices[1:]))
        ),
        "the items' order": state.quiz_key(
            msgspec.structs.replace(
                kinds, quiz=msgspec.structs.replace(kinds.quiz, items=items[::-1])
            )
        ),
    }
    assert len(set(keys.values())) == len(keys) and "df1a1d32" not in keys.values()


def test_a_single_choice_answer_naming_no_choice_is_reported_at_its_answer(kinds: Module) -> None:
    single = kinds.quiz.items[1]
    assert isinstance(single, SingleChoice)
    wrong = msgspec.structs.replace(single, answer="sometimes")
    assert quiz.problems(wrong) == [
        (
            ("answer",),
            "answer 'sometimes' names no choice of this item; expected one of: after-launch,"
            " from-the-start, at-review, never",
        )
    ]
