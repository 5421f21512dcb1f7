"""The scripted cohort of the report tests, and every figure it must give, worked by hand.

A four-item module, one item of each kind and a second true/false item, released as
1.0.0, then as 1.1.0 with the single-choice item (``when-to-involve``) reworded.
Fourteen learners: seven take 1.0.0, seven take 1.1.0, some through the Tin Can
package and some through cmi5; some fail and try again in the same sitting. Each
script is the minutes spent before answering and, per attempt, the responses given
to items A-D in order ("-": left before answering). The figures in
``EXPECTED_VERSIONS`` were worked out by hand from these scripts (the arithmetic is
in the comments), not by the report.
"""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal

from tests.gitrepo import MINI, PLACEHOLDER_IRI, commit_all, git
from tests.report.statements import JOIN, T0, Choice, Session, Spec, agent, is_right

OLD_B = "When should women with lived experience be first involved?"
NEW_B = "At what point should women with lived experience first be involved in a new service?"
QUIZ = f"""\
id: check-understanding
title: Quiz
intro:
  - Answer each question, then check your answer.
items:
  - id: feedback-after-design
    statement: Asking for feedback after a service is designed counts as co-production.
    answer: false
    explanation: Co-production means involving women from the beginning.
  - id: when-to-involve
    kind: single-choice
    statement: {OLD_B}
    choices:
      - id: after-launch
        text: After the service launches
      - id: from-the-start
        text: From the start, before decisions are made
      - id: at-review
        text: At the yearly review
    answer: from-the-start
    explanation: Involving women before decisions are made is what co-production means.
  - id: what-helps
    kind: multiple-response
    statement: Which of these help co-production work?
    choices:
      - id: paying-people
        text: Paying people for their time
      - id: jargon
        text: Using professional jargon
      - id: sharing-power
        text: Sharing power over decisions
    answer: [paying-people, sharing-power]
    explanation: Fair pay and shared power make involvement real.
  - id: takes-more-time
    statement: Co-production takes more time but leads to better services.
    answer: true
    explanation: It reduces problems *later on*.
"""
LETTERS: dict[str, dict[str, str]] = {
    "feedback-after-design": {"t": "true", "f": "false"},  # A, true/false
    "when-to-involve": {"a": "after-launch", "s": "from-the-start", "r": "at-review"},  # B
    "what-helps": {"p": "paying-people", "j": "jargon", "s": "sharing-power"},  # C
    "takes-more-time": {"t": "true", "f": "false"},  # D, true/false
}
"""The letters a script uses for each item's options, in the options' order."""
ITEMS: dict[str, Spec] = {
    "feedback-after-design": "false",
    "when-to-involve": Choice(tuple(LETTERS["when-to-involve"].values()), ("from-the-start",)),
    "what-helps": Choice(tuple(LETTERS["what-helps"].values()), ("paying-people", "sharing-power")),
    "takes-more-time": "true",
}
"""The items as their statements describe them (``statements.statements``)."""

Channel = Literal["tincan", "cmi5"]
Script = tuple[int, Channel, int, tuple[str, ...]]
"""(learner number, package, minutes before answering, responses to A-D per attempt)."""

SCRIPTS: dict[str, list[Script]] = {
    "1.0.0": [
        (1, "tincan", 3, ("f s ps t",)),  # 4 right: passed
        (2, "tincan", 5, ("f a ps t",)),  # 3 right: passed
        (3, "tincan", 7, ("t a p t", "f s ps t")),  # 1 right, failed; tries again: 4, passed
        (4, "tincan", 9, ("t a pj f",)),  # 0 right: failed
        (5, "cmi5", 11, ("f a ps f",)),  # 2 right, exactly the 50 % pass mark: passed
        (6, "cmi5", 13, ("f r pjs t",)),  # 2 right: passed
        (7, "cmi5", 15, ("t a j f", "t a j f")),  # 0 right twice: failed (on attempt 2)
    ],
    "1.1.0": [
        (8, "tincan", 4, ("f s ps t",)),  # 4 right: passed
        (9, "tincan", 6, ("f s p t",)),  # 3 right: passed
        (10, "tincan", 8, ("t s pj f", "f s ps t")),  # 1 right, failed; tries again: passed
        (11, "cmi5", 10, ("f s pj t",)),  # 3 right: passed
        (12, "cmi5", 12, ("t a ps t",)),  # 2 right: passed
        (13, "cmi5", 2, ("t s - -",)),  # left after two items: no verdict, not completed
        (14, "tincan", 2, ("f a - -",)),  # left after two items
    ],
}
UNKNOWN_ANSWERS = {15: "f s", 16: "t s", 17: "f a"}
"""Learners whose statements carry no version (an older package): they answer A and B."""

H = "fewer than 5"


def item(
    ident: str,
    kind: str | None,
    learners: int | str,
    correct: float | str,
    discrimination: float | str,
    responses: list[tuple[str | None, bool | None, int | str]],
    flags: tuple[str, ...] = (),
) -> dict[str, Any]:
    """An item's figures as report.json holds them (wordings and IRI are checked apart)."""
    return {
        "id": ident,
        "kind": kind,
        "learners": learners,
        "correct_at_first_answer": correct,
        "discrimination": discrimination,
        "responses": [{"response": r, "correct": c, "learners": n} for r, c, n in responses],
        "flags": list(flags),
    }


# Scores at the first attempt (1 right, 0 not) per learner on A B C D, and their totals:
#   1.0.0: L1 1111=4, L2 1011=3, L3 0001=1, L4 0000=0, L5 1010=2, L6 1001=2, L7 0000=0
#   1.1.0: L8 1111=4, L9 1101=3, L10 0100=1, L11 1101=3, L12 0011=2, L13 01--, L14 10--
# (C is right only for exactly paying-people and sharing-power: L6's three choices are wrong.)
# Discrimination is item-rest: r between the item score x and the rest score y (the
# other items' scores), r = (n Sxy - Sx Sy) / sqrt((n Sxx - Sx^2)(n Syy - Sy^2)).
# Responses: one row per option in the item's order; a learner counts in each option
# they chose, so C's rows add up to more than its learners.
TF = "true-false"
ITEMS_1_0_0 = [
    # A: x 1100110, y 3210110: n7 Sx4 Sy8 Sxy7 Syy16 -> (49-32)/sqrt(12*48) = 17/24 = 0.7083
    # true: L3 L4 L7, false: L1 L2 L5 L6
    item("feedback-after-design", TF, 7, 0.5714, 0.7083, [("true", False, H), ("false", True, H)]),
    # B: 1 of 7 right. x 1000000, y 3310220: Sx1 Sy11 Sxy3 Syy27 -> 10/sqrt(6*68) = 0.4951
    # after-launch: L2 L3 L4 L5 L7, from-the-start: L1, at-review: L6
    item(
        "when-to-involve",
        "single-choice",
        7,
        0.1429,
        0.4951,
        [("after-launch", False, 5), ("from-the-start", True, H), ("at-review", False, H)],
        ("mostly-wrong",),
    ),
    # C: 3 of 7. x 1100100, y 3210120: Sx3 Sy9 Sxy6 Syy19 -> 15/sqrt(12*52) = 0.6005
    # paying-people: L1-L6, jargon: L4 L6 L7, sharing-power: L1 L2 L5 L6
    item(
        "what-helps",
        "multiple-response",
        7,
        0.4286,
        0.6005,
        [("paying-people", True, 6), ("jargon", False, H), ("sharing-power", True, H)],
        ("mostly-wrong",),
    ),
    # D: 4 of 7. x 1110010, y 3200210: Sx4 Sy8 Sxy6 Syy18 -> 10/sqrt(12*62) = 0.3666
    # true: L1 L2 L3 L6, false: L4 L5 L7
    item("takes-more-time", TF, 7, 0.5714, 0.3666, [("true", True, H), ("false", False, H)]),
]
ITEMS_1_1_0 = [
    # A: 4 of 7. x 1101001, y 3212210: Sx4 Sy11 Sxy7 Syy23 -> 5/sqrt(12*40) = 0.2282
    # true: L10 L12 L13, false: L8 L9 L11 L14
    item("feedback-after-design", TF, 7, 0.5714, 0.2282, [("true", False, H), ("false", True, H)]),
    # B: 5 of 7. x 1111010, y 3202201: Sx5 Sy10 Sxy7 Syy22 -> -1/sqrt(10*54) = -0.0430
    # after-launch: L12 L14, from-the-start: L8 L9 L10 L11 L13, at-review: nobody
    item(
        "when-to-involve",
        "single-choice",
        7,
        0.7143,
        -0.043,
        [("after-launch", False, H), ("from-the-start", True, 5), ("at-review", False, H)],
        ("negative-discrimination",),
    ),
    # C: answered by exactly 5 (L8-L12), 2 right. x 10001, y 33131: Sx2 Sy11 Sxy4 Syy29
    #    -> (20 - 22)/sqrt((10 - 4)(145 - 121)) = -2/12 = -0.1667
    # paying-people: L8-L12, jargon: L10 L11, sharing-power: L8 L12
    item(
        "what-helps",
        "multiple-response",
        5,
        0.4,
        -0.1667,
        [("paying-people", True, 5), ("jargon", False, H), ("sharing-power", True, H)],
        ("mostly-wrong", "negative-discrimination"),
    ),
    # D: 5, 4 right. x 11011, y 32121: Sx4 Sy9 Sxy8 Syy19 -> (40 - 36)/sqrt(4*14) = 0.5345
    # true: L8 L9 L11 L12, false: L10
    item("takes-more-time", TF, 5, 0.8, 0.5345, [("true", True, H), ("false", False, H)]),
]
EXPECTED_VERSIONS: list[dict[str, Any]] = [
    {
        "version": "1.0.0",
        "learners": 7,
        "launches": 7,  # a second attempt is in the same sitting
        "completions": 7,  # completed: when the first attempt is finished
        "pass_rate": 0.7143,  # 5 passed (L1 L2 L3 L5 L6) of 7 with a verdict
        "first_attempt_pass_rate": 0.5714,  # 4 of 7: L3 passed on attempt 2
        "attempts_to_pass": 1.2,  # (1 + 1 + 2 + 1 + 1) / 5
        "passes_by_attempt": [
            {"attempt": 1, "learners": H},  # 4
            {"attempt": 2, "learners": H},  # 1
            {"attempt": 3, "learners": H},  # 0
        ],
        "tried_again": H,  # L3 and L7
        "median_minutes_to_complete": 9.0,  # 3 5 7 [9] 11 13 15
        "items": ITEMS_1_0_0,
    },
    {
        "version": "1.1.0",
        "learners": 7,
        "launches": 7,
        "completions": 5,
        "pass_rate": 1.0,  # 5 of 5 with a verdict; L13 and L14 left
        "first_attempt_pass_rate": 0.8,  # 4 of 5: L10 passed on attempt 2
        "attempts_to_pass": 1.2,  # (1 + 1 + 2 + 1 + 1) / 5
        "passes_by_attempt": [
            {"attempt": 1, "learners": H},  # 4
            {"attempt": 2, "learners": H},  # 1
            {"attempt": 3, "learners": H},
        ],
        "tried_again": H,  # L10
        "median_minutes_to_complete": 8.0,  # 4 6 [8] 10 12
        "items": ITEMS_1_1_0,
    },
    {
        "version": None,
        "learners": H,
        "launches": H,
        "completions": H,
        "pass_rate": H,
        "first_attempt_pass_rate": H,
        "attempts_to_pass": H,
        "passes_by_attempt": [{"attempt": a, "learners": H} for a in (1, 2, 3)],
        "tried_again": H,
        "median_minutes_to_complete": H,
        "items": [
            # no content for this version: the statements' definitions. True and false are
            # the quiz's own options; the choices a definition names are shown only when
            # enough learners answered, so B's three responses are all "other responses"
            item("feedback-after-design", TF, H, H, H, [("true", False, H), ("false", True, H)]),
            item("when-to-involve", None, H, H, H, [(None, None, H)]),
        ],
    },
]
USED = 111
"""Statements counted: per learner, initialized, an answer per item checked, completed
after the first attempt, and passed or failed: 7 for one finished attempt, 11 with a
second attempt (L3 L7 L10), 3 for leaving after two items (L13 L14) and for each
unknown-version learner: 1.0.0 7+7+11+7+7+7+11 = 57, 1.1.0 7+7+11+7+7+3+3 = 45, 9."""


def responses(attempt: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """One attempt of a script as (item id, option ids chosen), items left out at "-"."""
    given = attempt.split() + ["-"] * (len(LETTERS) - len(attempt.split()))
    return tuple(
        (ident, tuple(o for letter, o in LETTERS[ident].items() if letter in letters))
        for ident, letters in zip(LETTERS, given, strict=True)
        if letters != "-"
    )


def _given(attempt: str) -> tuple[tuple[str, str], ...]:
    return tuple((ident, JOIN.join(chosen)) for ident, chosen in responses(attempt))


def unknown_sessions() -> list[Session]:
    """The learners whose older package sent no version."""
    return [
        Session(learner=agent(n), version=None, answers=_given(given))
        for n, given in UNKNOWN_ANSWERS.items()
    ]


def sessions() -> list[Session]:
    """The whole cohort as statements would record it (one hour apart): what the browsers do
    in the LRS test, each verdict against the mini module's 50 % pass mark.

    A sitting with a second attempt is two ``Session``s of one registration: the first
    attempt (initialized, its answers, completed) and the second (its answers, the
    verdict), as the packages send them: a failed attempt's ``failed`` waits for the
    sitting to end, and is not sent at all if a later attempt passes.
    """
    out = []
    for version, scripts in SCRIPTS.items():
        for number, _, minutes, attempts in scripts:
            start = T0 + timedelta(hours=number)
            registration = f"00000000-0000-4000-8000-{number:012d}"
            for attempt, given in enumerate(attempts, start=1):
                answers = _given(given)
                finished = len(answers) == len(ITEMS)
                right = sum(is_right(ITEMS[ident], r) for ident, r in answers)
                passed = right * 2 >= len(ITEMS)
                last = attempt == len(attempts)
                out.append(
                    Session(
                        learner=agent(number),
                        version=version,
                        answers=answers,
                        verdict=("passed" if passed else "failed" if last else None)
                        if finished
                        else None,
                        duration=minutes * 60 if finished and attempt == 1 else None,
                        attempt=attempt,
                        start=start + timedelta(minutes=10 * (attempt - 1)),
                        initialized=attempt == 1,
                        registration=registration,
                    )
                )
    return out + unknown_sessions()


def make_content(root: Path, base_iri: str) -> Path:
    """A git repository holding the cohort's module, released as 1.0.0 and 1.1.0."""
    content = root / "content"
    shutil.copytree(MINI, content / "mini")
    head = content / "mini" / "module.yaml"
    head.write_text(head.read_text().replace(PLACEHOLDER_IRI, base_iri))
    quiz = content / "mini" / "quiz.yaml"
    quiz.write_text(QUIZ)
    (content / "mini" / "CHANGELOG.md").write_text("# Changelog – A small module\n")
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "config", "user.name", "Test Author")
    git(root, "config", "user.email", "author@example.org")
    commit_all(root, "The cohort's module")
    release(content, "1.0.0")
    text = quiz.read_text()
    assert text.count(OLD_B) == 1
    quiz.write_text(text.replace(OLD_B, NEW_B))
    commit_all(root, "Reword when-to-involve")
    release(content, "1.1.0")
    return content


def release(content: Path, version: str) -> None:
    from coprod_content.cli import main

    assert main(["release", "mini", version, "--note", "Cohort.", "--content", str(content)]) == 0
