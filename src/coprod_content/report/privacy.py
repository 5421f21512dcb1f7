"""The anonymity rule: no figure drawn from fewer than ``min_learners`` distinct learners.

Each figure is computed with the number of distinct learners it rests on; below the
threshold it is replaced by the words "fewer than N", so a small group (one class, one
learner who took a rare path) cannot be picked out. The threshold can be raised, never
lowered below ``MIN_LEARNERS``.
"""

from __future__ import annotations

from typing import TypeVar

from coprod_content.diagnostics import CoprodError

_T = TypeVar("_T")

MIN_LEARNERS = 5
"""The lowest threshold allowed: the smallest group whose figures the report shows."""


class ThresholdError(CoprodError):
    """A threshold below ``MIN_LEARNERS`` was asked for."""


def hidden(threshold: int) -> str:
    """The words that stand for a figure from too few learners."""
    return f"fewer than {threshold}"


class Rule:
    """Shows a figure only when enough distinct learners are behind it.

    Raises:
        ThresholdError: ``threshold`` is below ``MIN_LEARNERS``.
    """

    def __init__(self, threshold: int = MIN_LEARNERS) -> None:
        if threshold < MIN_LEARNERS:
            raise ThresholdError(
                f"--min-learners must be {MIN_LEARNERS} or more, not {threshold}: a figure from"
                f" fewer than {MIN_LEARNERS} learners could point to one of them"
            )
        self.threshold = threshold
        self.words = hidden(threshold)

    def shows(self, learners: int) -> bool:
        """Whether a figure resting on ``learners`` distinct learners may be shown."""
        return learners >= self.threshold

    def count(self, learners: int) -> int | str:
        """A number of learners, or the words when it is below the threshold."""
        return learners if self.shows(learners) else self.words

    def value(self, value: _T, learners: int) -> _T | str:
        """``value``, computed from ``learners`` distinct learners, or the words."""
        return value if self.shows(learners) else self.words
