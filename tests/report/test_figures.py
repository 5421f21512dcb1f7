"""Figures from scripted statements (no LRS): every figure as worked by hand in the scripts."""

from __future__ import annotations

import json
import random
from datetime import timedelta
from pathlib import Path
from typing import Any

import msgspec
import pytest

from coprod_content.model import Choice, Module, MultipleResponse, SingleChoice, Text
from coprod_content.report import figures, schema
from coprod_content.report.privacy import Rule
from coprod_content.report.tally import Tally
from coprod_content.report.versions import activity_iris, item_prefix, module_versions
from coprod_content.xapi import iri
from tests.gitrepo import isolate_git
from tests.report.cohort import (
    EXPECTED_VERSIONS,
    ITEMS,
    NEW_B,
    OLD_B,
    USED,
    make_content,
    sessions,
)
from tests.report.statements import T0, Session, agent, statements

BASE = "https://learning.coprod-tests.org.uk/xapi"


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        isolate_git(patch)
        return make_content(tmp_path_factory.mktemp("cohort"), BASE)


def analyse(
    statements_: list[dict[str, Any]],
    module: Module,
    known: dict[str, Module],
    threshold: int = 5,
) -> schema.Report:
    tally = Tally(activity_iris(module), items=item_prefix(module), salt=b"fixed")
    for n, statement in enumerate(statements_):
        tally.add(f"statement {n}", json.dumps(statement).encode())
    return figures.report(tally, module, known, Rule(threshold), source="file")


def plain(report: schema.Report) -> dict[str, Any]:
    """The report as a consumer of report.json reads it."""
    data: dict[str, Any] = json.loads(msgspec.json.encode(report))
    return data


def without_words(versions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The versions' figures with item and option texts and IRIs left out (checked apart)."""
    return [{**v, "items": [_figures(i) for i in v["items"]]} for v in versions]


def _figures(item: dict[str, Any]) -> dict[str, Any]:
    found = {k: x for k, x in item.items() if k not in ("text", "iri")}
    found["responses"] = [{k: x for k, x in r.items() if k != "text"} for r in item["responses"]]
    return found


def test_the_cohort_gives_the_figures_worked_by_hand(content: Path) -> None:
    module, known, notes = module_versions(content, "mini")
    assert (sorted(known), notes) == (["1.0.0", "1.1.0"], [])
    module_iri = iri.module_iri(module)
    found = plain(analyse(statements(module_iri, ITEMS, sessions()), module, known))
    assert without_words(found["versions"]) == EXPECTED_VERSIONS
    texts = {(v["version"], i["id"]): i["text"] for v in found["versions"] for i in v["items"]}
    assert texts[("1.0.0", "when-to-involve")] == OLD_B
    assert texts[("1.1.0", "when-to-involve")] == NEW_B
    assert texts[("1.1.0", "what-helps")] == "Which of these help co-production work?"
    # no content for statements without a version: the statements' own wording, which
    # (like any figure) is shown only when enough learners are behind it
    assert texts[(None, "when-to-involve")] == ""
    options = {
        (v["version"], i["id"]): [(r["response"], r["text"]) for r in i["responses"]]
        for v in found["versions"]
        for i in v["items"]
    }
    assert options[("1.0.0", "feedback-after-design")] == [("true", "True"), ("false", "False")]
    assert options[("1.1.0", "what-helps")] == [
        ("paying-people", "Paying people for their time"),
        ("jargon", "Using professional jargon"),
        ("sharing-power", "Sharing power over decisions"),
    ]
    assert options[(None, "feedback-after-design")] == [("true", "True"), ("false", "False")]
    assert options[(None, "when-to-involve")] == [(None, "")]
    assert found["versions"][0]["items"][0]["iri"] == f"{module_iri}/quiz/feedback-after-design"
    (compared,) = found["reworded"]
    assert {k: compared[k] for k in ("item", "changes", "before", "after")} == {
        "item": "when-to-involve",
        "changes": ["Quiz item (when-to-involve): statement reworded"],
        "before": "1.0.0",
        "after": "1.1.0",
    }
    assert compared["was"] == found["versions"][0]["items"][1]
    assert compared["now"] == found["versions"][1]["items"][1]
    assert found["statements"] == {"read": USED, "used": USED, "ignored": 0, "skipped": []}


def test_the_order_statements_arrive_in_changes_nothing(content: Path) -> None:
    module, known, _ = module_versions(content, "mini")
    made = statements(iri.module_iri(module), ITEMS, sessions())
    shuffled = made[:]
    random.Random(7).shuffle(shuffled)
    assert analyse(shuffled, module, known) == analyse(made, module, known)


def test_a_higher_threshold_hides_more(content: Path) -> None:
    module, known, _ = module_versions(content, "mini")
    made = statements(iri.module_iri(module), ITEMS, sessions())
    found = plain(analyse(made, module, known, threshold=7))
    first = found["versions"][0]
    assert (first["learners"], first["pass_rate"]) == (7, 0.7143)  # 7 learners: at the limit
    assert first["passes_by_attempt"][0]["learners"] == "fewer than 7"  # 4 on attempt 1
    second = found["versions"][1]
    assert second["completions"] == "fewer than 7"
    assert second["items"][2]["learners"] == "fewer than 7"
    assert found["min_learners"] == 7


def attempts_cohort() -> list[Session]:
    """Retries: passes on attempt 1 (one with no attempt number), 2 and 4, and a learner who
    never passes; one learner passes on attempt 2 and again on attempt 3."""
    out: list[Session] = []
    answers = (("feedback-after-design", "false"),)

    def sitting(n: int, attempt: int | None, verdict: str, hour: int) -> Session:
        return Session(
            learner=agent(n),
            version="1.1.0",
            answers=answers,
            verdict=verdict,
            attempt=attempt,
            start=T0 + timedelta(hours=hour),
        )

    for n in range(1, 6):
        out.append(sitting(n, 1, "passed", n))
    out.append(sitting(6, None, "passed", 6))  # no attempt number: attempt 1
    for n in range(7, 12):
        out += [sitting(n, 1, "failed", n), sitting(n, 2, "passed", n + 20)]
    out.append(sitting(11, 3, "passed", 40))  # passes again later: the first pass counts
    out += [sitting(12, a, "failed" if a < 4 else "passed", 12 + 10 * a) for a in (1, 2, 3, 4)]
    out += [sitting(13, a, "failed", 13 + 10 * a) for a in (1, 2)]
    return out


def test_attempts_to_pass_are_the_attempt_of_each_learners_first_pass(content: Path) -> None:
    module, known, _ = module_versions(content, "mini")
    made = statements(iri.module_iri(module), ITEMS, attempts_cohort())
    random.Random(3).shuffle(made)
    (version,) = plain(analyse(made, module, known))["versions"]
    # passes on attempt: 1 x6 (one with no number), 2 x5, 4 x1; learner 13 never passes
    assert version["pass_rate"] == 0.9231  # 12 of 13 with a verdict
    assert version["first_attempt_pass_rate"] == 0.4615  # 6 of 13
    assert version["tried_again"] == 7  # learners 7 to 13
    assert version["attempts_to_pass"] == 1.6667  # (6*1 + 5*2 + 1*4) / 12 = 20 / 12
    assert version["passes_by_attempt"] == [
        {"attempt": 1, "learners": 6},
        {"attempt": 2, "learners": 5},
        {"attempt": 3, "learners": "fewer than 5"},  # attempt 3 or later: 1 learner
    ]
    assert version["launches"] == 23  # one initialized per sitting
    assert version["completions"] == "fewer than 5"  # no sitting sends completed


def test_responses_only_learners_gave_are_shown_only_when_enough_share_them(
    content: Path,
) -> None:
    module, known, _ = module_versions(content, "mini")
    # free-text responses to item A: "maybe" by 5 learners, "not sure" by 4, "ask Jo" by 1
    given = ["maybe"] * 5 + ["not sure"] * 4 + ["ask Jo"] + ["false"] * 2
    sessions = [
        Session(learner=agent(n), version="1.0.0", answers=(("feedback-after-design", r),))
        for n, r in enumerate(given)
    ]
    made = statements(iri.module_iri(module), ITEMS, sessions)
    (version,) = plain(analyse(made, module, known))["versions"]
    assert version["items"][0]["responses"] == [
        {"response": "true", "text": "True", "correct": False, "learners": "fewer than 5"},
        {"response": "false", "text": "False", "correct": True, "learners": "fewer than 5"},
        {"response": "maybe", "text": "", "correct": False, "learners": 5},
        {"response": None, "text": "", "correct": None, "learners": 5},  # "not sure" x4, "ask Jo"
    ]
    assert version["items"][0]["learners"] == 12
    assert version["items"][0]["correct_at_first_answer"] == 0.1667  # 2 of 12


def test_only_the_first_answer_counts(content: Path) -> None:
    module, known, _ = module_versions(content, "mini")
    sessions = [
        Session(
            learner=agent(n),
            version="1.0.0",
            answers=(("feedback-after-design", "true"), ("feedback-after-design", "false")),
        )
        for n in range(6)
    ]
    made = statements(iri.module_iri(module), ITEMS, sessions)
    random.Random(1).shuffle(made)
    (version,) = plain(analyse(made, module, known))["versions"]
    assert version["items"][0]["correct_at_first_answer"] == 0.0
    assert version["items"][0]["flags"] == ["mostly-wrong"]
    assert version["items"][0]["discrimination"] is None  # everyone wrong: not defined


@pytest.mark.parametrize(("learners", "shown"), [(5, "feedback-after-design"), (4, "")])
def test_without_content_the_wording_comes_from_enough_learners_statements(
    content: Path, learners: int, shown: str
) -> None:
    module, known, _ = module_versions(content, "mini")
    sessions = [
        Session(learner=agent(n), version="9.9.9", answers=(("feedback-after-design", "true"),))
        for n in range(learners)
    ]
    made = statements(iri.module_iri(module), ITEMS, sessions)  # definition name: the item id
    (version,) = plain(analyse(made, module, known))["versions"]
    assert version["items"][0]["text"] == shown


def test_answers_about_other_activities_are_left_aside(content: Path) -> None:
    module, known, _ = module_versions(content, "mini")
    module_iri = iri.module_iri(module)
    sessions = [
        Session(learner=agent(n), version="1.0.0", answers=(("feedback-after-design", "true"),))
        for n in range(5)
    ]
    made = statements(module_iri, ITEMS, sessions)
    stray = json.loads(json.dumps(made[1]))
    stray["object"]["id"] = f"{module_iri}/sections/basics"  # a parent of the module, no item
    found = plain(analyse([*made, stray], module, known))
    assert [i["id"] for i in found["versions"][0]["items"]] == ["feedback-after-design"]
    assert found["statements"]["ignored"] == 1


def one_answer(item: str, responses: list[str], version: str = "1.0.0") -> list[Session]:
    """A learner for each response, answering ``item`` once."""
    return [
        Session(learner=agent(n), version=version, answers=((item, r),))
        for n, r in enumerate(responses)
    ]


def test_choice_items_are_judged_by_the_quiz_whatever_the_statement_says(content: Path) -> None:
    module, known, _ = module_versions(content, "mini")
    made = statements(
        iri.module_iri(module),
        ITEMS,
        one_answer(
            "what-helps",
            [
                "paying-people[,]sharing-power",  # right
                "sharing-power[,]paying-people",  # right: the order of choices does not matter
                "paying-people[,]jargon[,]sharing-power",  # one too many: wrong
                "paying-people",  # one too few: wrong
                "paying-people[,]paying-people",  # one twice, one missing: wrong
                "paying-people[,]sharing-power[,]free-lunch",  # not a choice: wrong
            ],
        ),
    )
    for statement in made:  # a package that judged every answer right changes nothing
        if "result" in statement:
            statement["result"]["success"] = True
    (version,) = plain(analyse(made, module, known))["versions"]
    (item,) = version["items"]
    assert item["kind"] == "multiple-response"
    assert item["correct_at_first_answer"] == 0.3333  # 2 of 6
    assert [(r["response"], r["correct"], r["learners"]) for r in item["responses"]] == [
        ("paying-people", True, 6),  # every learner chose it (learner 5 twice: once counted)
        ("jargon", False, "fewer than 5"),
        ("sharing-power", True, "fewer than 5"),  # 4: learners 0, 1, 2 and 5
        (None, None, "fewer than 5"),  # "free-lunch", given by one learner
    ]


def test_a_single_choice_item_counts_each_choice(content: Path) -> None:
    module, known, _ = module_versions(content, "mini")
    given = ["from-the-start"] * 5 + ["after-launch"] * 2 + ["at-review"]
    made = statements(iri.module_iri(module), ITEMS, one_answer("when-to-involve", given))
    (version,) = plain(analyse(made, module, known))["versions"]
    (item,) = version["items"]
    assert (item["kind"], item["learners"], item["correct_at_first_answer"]) == (
        "single-choice",
        8,
        0.625,  # 5 of 8
    )
    assert item["responses"] == [
        {"response": "after-launch", "text": "After the service launches", "correct": False,
         "learners": "fewer than 5"},
        {"response": "from-the-start", "text": "From the start, before decisions are made",
         "correct": True, "learners": 5},
        {"response": "at-review", "text": "At the yearly review", "correct": False,
         "learners": "fewer than 5"},
    ]  # fmt: skip


@pytest.mark.parametrize(("learners", "listed"), [(5, True), (4, False)])
def test_without_content_the_choices_come_from_enough_learners_statements(
    content: Path, learners: int, listed: bool
) -> None:
    """A version released elsewhere: its statements' definitions say what the choices are,
    and the statements' own success says who was right."""
    module, known, _ = module_versions(content, "mini")
    given = ["paying-people[,]sharing-power"] * (learners - 1) + ["jargon"]
    made = statements(iri.module_iri(module), ITEMS, one_answer("what-helps", given, "2.0.0"))
    (version,) = plain(analyse(made, module, known))["versions"]
    (item,) = version["items"]
    assert item["kind"] is None  # a choice definition does not say one or several
    rows = [(r["response"], r["text"], r["correct"]) for r in item["responses"]]
    if listed:
        assert item["correct_at_first_answer"] == 0.8
        assert rows == [
            ("paying-people", "Choice paying-people", True),
            ("jargon", "Choice jargon", False),
            ("sharing-power", "Choice sharing-power", True),
        ]
    else:  # the choices the definition names are words from the learners' browsers
        assert item["correct_at_first_answer"] == "fewer than 5"
        assert rows == [(None, "", None)]


def test_without_content_or_success_the_pattern_judges(content: Path) -> None:
    module, known, _ = module_versions(content, "mini")
    given = ["sharing-power[,]paying-people"] * 3 + ["jargon"] * 2
    made = statements(iri.module_iri(module), ITEMS, one_answer("what-helps", given, "2.0.0"))
    for statement in made:
        statement.get("result", {}).pop("success", None)
    (version,) = plain(analyse(made, module, known))["versions"]
    assert version["items"][0]["correct_at_first_answer"] == 0.6  # 3 of 5, in any order


def test_the_first_answer_is_the_first_attempts_even_from_a_clock_behind(content: Path) -> None:
    """Attempt 2 stamped before attempt 1 (another device's clock): attempt 1 is first."""
    module, known, _ = module_versions(content, "mini")
    sessions = []
    for n in range(5):
        for attempt, response, hour in ((1, "true", 5), (2, "false", 1)):
            sessions.append(
                Session(
                    learner=agent(n),
                    version="1.0.0",
                    answers=(("feedback-after-design", response),),
                    attempt=attempt,
                    start=T0 + timedelta(hours=hour),
                )
            )
    made = statements(iri.module_iri(module), ITEMS, sessions)
    (version,) = plain(analyse(made, module, known))["versions"]
    assert version["items"][0]["correct_at_first_answer"] == 0.0
    assert version["tried_again"] == 5


def test_a_reworded_choice_is_compared_and_an_item_of_another_kind_is_not(
    content: Path,
) -> None:
    """1.2.0 (known only in memory) rewords a choice of what-helps and makes
    takes-more-time a single-choice item on the same IRI: a different question."""
    module, known, _ = module_versions(content, "mini")
    old = known["1.1.0"]
    items = {i.id: i for i in old.quiz.items}
    helps = items["what-helps"]
    assert isinstance(helps, MultipleResponse)
    jargon = msgspec.structs.replace(helps.choices[1], text=(Text(text="Using jargon"),))
    reworded = msgspec.structs.replace(helps, choices=(helps.choices[0], jargon, helps.choices[2]))
    time = items["takes-more-time"]
    chosen = SingleChoice(
        id=time.id,
        statement=time.statement,
        choices=(
            Choice(id="yes", text=(Text(text="Yes"),)),
            Choice(id="no", text=(Text(text="No"),)),
        ),
        answer="yes",
        explanation=time.explanation,
    )
    quiz = msgspec.structs.replace(
        old.quiz,
        items=tuple(
            {"what-helps": reworded, "takes-more-time": chosen}.get(i.id, i) for i in old.quiz.items
        ),
    )
    new = msgspec.structs.replace(old, version="1.2.0", quiz=quiz)
    answers = (("what-helps", "paying-people[,]sharing-power"), ("takes-more-time", "true"))
    sessions = [
        Session(learner=agent(n), version=v, answers=answers)
        for n, v in enumerate(["1.1.0"] * 5 + ["1.2.0"] * 5)
    ]
    made = statements(iri.module_iri(module), ITEMS, sessions)
    found = plain(analyse(made, module, {"1.1.0": old, "1.2.0": new}))
    (compared,) = found["reworded"]
    assert (compared["item"], compared["changes"]) == (
        "what-helps",
        ["Quiz item (what-helps): choice (jargon) reworded"],
    )
    assert [r["text"] for r in compared["was"]["responses"]][1] == "Using professional jargon"
    assert [r["text"] for r in compared["now"]["responses"]][1] == "Using jargon"
    later = {i["id"]: i for i in found["versions"][1]["items"]}["takes-more-time"]
    assert later["kind"] == "single-choice"
    assert later["correct_at_first_answer"] == 0.0  # "true" is no choice of 1.2.0's item
