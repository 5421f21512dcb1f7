"""The scripted cohort of the report tests, and every figure it must give, worked by hand.

A four-item module (the mini module plus two items) released as 1.0.0, then as 1.1.0
with one item (``takes-more-time``) reworded. Fourteen learners: seven take 1.0.0,
seven take 1.1.0, some through the Tin Can package and some through cmi5. Each
script is the responses given to items A-D in order ("-": left before answering)
and the minutes spent before answering. The figures in ``EXPECTED`` were worked out
by hand from these scripts (the arithmetic is in the comments), not by the report.
"""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal

from tests.gitrepo import MINI, PLACEHOLDER_IRI, commit_all, git
from tests.report.statements import T0, Session, agent

ITEMS = {
    "feedback-after-design": "false",  # A
    "takes-more-time": "true",  # B, reworded in 1.1.0
    "lived-experience": "true",  # C
    "women-lead": "false",  # D
}
EXTRA_ITEMS = """\
  - id: lived-experience
    statement: Lived experience is a kind of expertise.
    answer: true
    explanation: People who use a service know what works for them.
  - id: women-lead
    statement: Co-production means professionals decide and women agree.
    answer: false
    explanation: In co-production, decisions are shared.
"""
OLD_B = "Co-production takes more time but leads to better services."
NEW_B = "Co-production can take longer at first, and it leads to better services."

Channel = Literal["tincan", "cmi5"]
Script = tuple[int, Channel, str, int]
"""(learner number, package, responses to A-D as t/f/-, minutes before answering)."""

SCRIPTS: dict[str, list[Script]] = {
    "1.0.0": [
        (1, "tincan", "fttf", 3),  # 4 right: passed
        (2, "tincan", "fftf", 5),  # 3 right: passed
        (3, "tincan", "tftf", 7),  # 2 right, exactly the 50 % pass mark: passed
        (4, "tincan", "tfff", 9),  # 1 right: failed
        (5, "cmi5", "fftt", 11),  # 2 right: passed
        (6, "cmi5", "fttt", 13),  # 3 right: passed
        (7, "cmi5", "tfft", 15),  # 0 right: failed
    ],
    "1.1.0": [
        (8, "tincan", "fttf", 4),  # 4 right: passed
        (9, "tincan", "ftff", 6),  # 3 right: passed
        (10, "tincan", "tttt", 8),  # 2 right: passed
        (11, "cmi5", "fttt", 10),  # 3 right: passed
        (12, "cmi5", "ffff", 12),  # 2 right: passed
        (13, "cmi5", "tt--", 2),  # left after two items: no verdict, not completed
        (14, "tincan", "ft--", 2),  # left after two items
    ],
}
UNKNOWN = [15, 16, 17]
"""Learners whose statements carry no version (an older package): they answer A and B."""

H = "fewer than 5"


def item(
    ident: str,
    learners: int | str,
    correct: float,
    discrimination: float,
    responses: list[tuple[str, bool, int | str]],
    flags: tuple[str, ...] = (),
) -> dict[str, Any]:
    """An item's figures as report.json holds them (text and IRI are checked apart)."""
    return {
        "id": ident,
        "learners": learners,
        "correct_at_first_answer": correct,
        "discrimination": discrimination,
        "responses": [{"response": r, "correct": c, "learners": n} for r, c, n in responses],
        "flags": list(flags),
    }


# Scores (1 right, 0 not) per learner on A B C D, and their totals:
#   1.0.0: L1 1111=4, L2 1011=3, L3 0011=2, L4 0001=1, L5 1010=2, L6 1110=3, L7 0000=0
#   1.1.0: L8 1111=4, L9 1101=3, L10 0110=2, L11 1110=3, L12 1001=2, L13 01--, L14 11--
# Discrimination is item-rest: r between the item score x and the rest score y (the
# other items' scores), r = (n Sxy - Sx Sy) / sqrt((n Sxx - Sx^2)(n Syy - Sy^2)).
ITEMS_1_0_0 = [
    # A: x 1100110, y 3221120: n7 Sx4 Sy11 Sxy8 Syy23 -> 12/sqrt(12*40) = 0.5477
    # first answers: false x4 (L1 L2 L5 L6), true x3: both fewer than 5
    item("feedback-after-design", 7, 0.5714, 0.5477, [("false", True, H), ("true", False, H)]),
    # B: 2 of 7 right. x 1000010, y 3321220: Sx2 Sy13 Sxy5 Syy31 -> 9/sqrt(10*48) = 0.4108
    item(
        "takes-more-time",
        7,
        0.2857,
        0.4108,
        [("true", True, H), ("false", False, 5)],
        ("mostly-wrong",),
    ),
    # C: 5 of 7. x 1110110, y 3211120: Sx5 Sy10 Sxy9 Syy20 -> 13/sqrt(10*40) = 0.65
    item("lived-experience", 7, 0.7143, 0.65, [("true", True, 5), ("false", False, H)]),
    # D: 4 of 7. x 1111000, y 3210230: Sx4 Sy11 Sxy6 Syy27 -> -2/sqrt(12*68) = -0.0700
    item(
        "women-lead",
        7,
        0.5714,
        -0.07,
        [("false", True, H), ("true", False, H)],
        ("negative-discrimination",),
    ),
]
ITEMS_1_1_0 = [
    # A: 5 of 7. x 1101101, y 3222111: Sx5 Sy12 Sxy9 Syy24 -> 3/sqrt(10*24) = 0.1936
    item("feedback-after-design", 7, 0.7143, 0.1936, [("false", True, 5), ("true", False, H)]),
    # B: 6 of 7. x 1111011, y 3212201: Sx6 Sy11 Sxy9 Syy23 -> -3/sqrt(6*40) = -0.1936
    item(
        "takes-more-time",
        7,
        0.8571,
        -0.1936,
        [("true", True, 6), ("false", False, H)],
        ("negative-discrimination",),
    ),
    # C: answered by exactly 5 (L8-L12), 3 right. x 10110, y 33122: Sx3 Sy11 Sxy6 Syy27
    #    -> (30 - 33)/sqrt((15 - 9)(135 - 121)) = -3/sqrt(84) = -0.3273
    item(
        "lived-experience",
        5,
        0.6,
        -0.3273,
        [("true", True, H), ("false", False, H)],
        ("negative-discrimination",),
    ),
    # D: 5, 3 right. x 11001, y 32231: Sx3 Sy11 Sxy6 Syy27 -> -0.3273
    item(
        "women-lead",
        5,
        0.6,
        -0.3273,
        [("false", True, H), ("true", False, H)],
        ("negative-discrimination",),
    ),
]
ATTEMPTS_ALL_FIRST = [
    {"attempt": 1, "learners": 5},
    {"attempt": 2, "learners": H},
    {"attempt": 3, "learners": H},
]
EXPECTED_VERSIONS: list[dict[str, Any]] = [
    {
        "version": "1.0.0",
        "learners": 7,
        "launches": 7,
        "completions": 7,
        "pass_rate": 0.7143,  # 5 passed of 7 with a verdict
        "attempts_to_pass": 1.0,
        "passes_by_attempt": ATTEMPTS_ALL_FIRST,
        "median_minutes_to_complete": 9.0,  # 3 5 7 [9] 11 13 15
        "items": ITEMS_1_0_0,
    },
    {
        "version": "1.1.0",
        "learners": 7,
        "launches": 7,
        "completions": 5,
        "pass_rate": 1.0,  # 5 of 5 with a verdict; L13 and L14 left
        "attempts_to_pass": 1.0,
        "passes_by_attempt": ATTEMPTS_ALL_FIRST,
        "median_minutes_to_complete": 8.0,  # 4 6 [8] 10 12
        "items": ITEMS_1_1_0,
    },
    {
        "version": None,
        "learners": H,
        "launches": H,
        "completions": H,
        "pass_rate": H,
        "attempts_to_pass": H,
        "passes_by_attempt": [{"attempt": a, "learners": H} for a in (1, 2, 3)],
        "median_minutes_to_complete": H,
        "items": [
            item("feedback-after-design", H, H, H, [("false", True, H), ("true", False, H)]),  # type: ignore[arg-type]
            item("takes-more-time", H, H, H, [("true", True, H), ("false", False, H)]),  # type: ignore[arg-type]
        ],
    },
]
UNKNOWN_ANSWERS = {15: "ft", 16: "tt", 17: "ff"}


def _given(responses: str) -> tuple[tuple[str, str], ...]:
    """A script's responses as (item id, response), items left out where it says "-"."""
    return tuple(
        (ident, "true" if r == "t" else "false")
        for ident, r in zip(ITEMS, responses.ljust(len(ITEMS), "-"), strict=True)
        if r != "-"
    )


def unknown_sessions() -> list[Session]:
    """The learners whose older package sent no version."""
    return [
        Session(learner=agent(n), version=None, answers=_given(given))
        for n, given in UNKNOWN_ANSWERS.items()
    ]


def sessions() -> list[Session]:
    """The whole cohort as statements would record it (one hour apart): what the browsers do
    in the LRS test, each verdict against the mini module's 50 % pass mark."""
    out = []
    for version, scripts in SCRIPTS.items():
        for number, _, responses, minutes in scripts:
            given = _given(responses)
            finished = len(given) == len(ITEMS)
            right = sum(ITEMS[ident] == r for ident, r in given)
            out.append(
                Session(
                    learner=agent(number),
                    version=version,
                    answers=given,
                    verdict=("passed" if right * 2 >= len(ITEMS) else "failed")
                    if finished
                    else None,
                    duration=minutes * 60 if finished else None,
                    start=T0 + timedelta(hours=number),
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
    quiz.write_text(quiz.read_text() + EXTRA_ITEMS)
    (content / "mini" / "CHANGELOG.md").write_text("# Changelog – A small module\n")
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "config", "user.name", "Test Author")
    git(root, "config", "user.email", "author@example.org")
    commit_all(root, "The cohort's module")
    release(content, "1.0.0")
    text = quiz.read_text()
    assert text.count(OLD_B) == 1
    quiz.write_text(text.replace(OLD_B, NEW_B))
    commit_all(root, "Reword takes-more-time")
    release(content, "1.1.0")
    return content


def release(content: Path, version: str) -> None:
    from coprod_content.cli import main

    assert main(["release", "mini", version, "--note", "Cohort.", "--content", str(content)]) == 0
