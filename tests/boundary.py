"""The module the pass-mark boundary tests run in every target, and the verdict the
specifications give for it (worked here from fractions, not from the code under test).

It is the bundled module with a quiz of 20 true/false items and a mastery score of 55 %:
11 right is exactly 55 %, 10 right (one item below) is 50 %. 55 is chosen on purpose:
as a fraction 0.55, times 100, it is 55.000000000000007 in binary floating point, so a
player that carries the pass mark as a fraction and compares it unrounded fails a learner
who is exactly at it.
"""

from __future__ import annotations

from fractions import Fraction

import msgspec

from coprod_content.model import Module, Text, TrueFalse

ITEMS = 20
MASTERY = 55
"""Percent, as ``module.yaml`` states it; SCORM 1.2 ``masteryscore`` 55, SCORM 2004
``minNormalizedMeasure`` and cmi5 ``masteryScore`` 0.55."""
RIGHT = {"at the mastery score": 11, "one item below": 10}


def boundary_module(module: Module) -> Module:
    """``module`` with 20 true/false items (answers alternate) and a mastery score of 55."""
    items = tuple(
        TrueFalse(
            id=f"statement-{n:02d}",
            statement=(Text(text=f"Statement number {n} is {'true' if n % 2 else 'false'}."),),
            answer=n % 2 == 1,
            explanation=(Text(text=f"It says so in statement {n}."),),
        )
        for n in range(1, ITEMS + 1)
    )
    quiz = msgspec.structs.replace(module.quiz, items=items, attempts=None)
    return msgspec.structs.replace(module, quiz=quiz, mastery_score=MASTERY)


def responses(module: Module, right: int) -> list[tuple[str, bool]]:
    """(item id, answer given): the first ``right`` items answered right, the rest wrong."""
    return [
        (item.id, item.answer if n < right else not item.answer)
        for n, item in enumerate(module.quiz.items)
        if isinstance(item, TrueFalse)
    ]


def passes(right: int) -> bool:
    """The verdict every target's specification gives: passed when the score (right of 20,
    exactly) is at least the mastery score; SCORM 1.2 compares ``score.raw`` with
    ``mastery_score``, SCORM 2004 ``score.scaled`` with ``scaled_passing_score``, cmi5 the
    scaled score with ``masteryScore`` (§9.3.4, §9.3.5)."""
    return Fraction(right, ITEMS) >= Fraction(MASTERY, 100)
