"""The statistics of the report, from whole numbers where it can, so any order gives the same.

Pure functions over plain numbers; ``item_rest`` is the discrimination index.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

DIGITS = 4
"""Decimal places kept in shares and correlations."""


def share(part: int, whole: int) -> float | None:
    """``part / whole`` rounded to ``DIGITS`` places; None when ``whole`` is 0."""
    return round(part / whole, DIGITS) if whole else None


def median(values: Sequence[float]) -> float | None:
    """The middle value (the mean of the two middle ones for an even count); None if empty."""
    ordered = sorted(values)
    n = len(ordered)
    if not n:
        return None
    middle = n // 2
    return ordered[middle] if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def mean(values: Sequence[int]) -> float | None:
    """The arithmetic mean of whole numbers, rounded to ``DIGITS`` places; None if empty."""
    return round(sum(values) / len(values), DIGITS) if values else None


def item_rest(pairs: Sequence[tuple[int, int]]) -> float | None:
    """The item-rest correlation of (item score, rest score) pairs, one pair per learner.

    Pearson's correlation between a learner's score on one item (1 correct, 0 not) and
    their score on every other item of the same version (the rest score, so the item
    does not correlate with itself). With a 0/1 item this is the point-biserial
    correlation. It runs from -1 to 1: positive when learners who do well on the rest
    also get this item right. None when it is not defined: fewer than two learners,
    or every learner has the same item score or the same rest score.
    """
    n = len(pairs)
    sx = sum(x for x, _ in pairs)
    sy = sum(y for _, y in pairs)
    sxx = sum(x * x for x, _ in pairs)
    syy = sum(y * y for _, y in pairs)
    sxy = sum(x * y for x, y in pairs)
    spread = (n * sxx - sx * sx) * (n * syy - sy * sy)
    if n < 2 or spread <= 0:
        return None
    return round((n * sxy - sx * sy) / math.sqrt(spread), DIGITS)
