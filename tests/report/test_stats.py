"""The statistics, against values worked by hand."""

from __future__ import annotations

import pytest

from coprod_content.report.stats import item_rest, mean, median, share


def test_share_rounds_to_four_places_and_has_no_value_without_a_whole() -> None:
    assert share(2, 7) == 0.2857
    assert share(5, 5) == 1.0
    assert share(0, 3) == 0.0
    assert share(0, 0) is None


def test_median_of_odd_and_even_counts() -> None:
    assert median([15.0, 3.0, 9.0]) == 9.0
    assert median([4.0, 1.0, 3.0, 2.0]) == 2.5
    assert median([]) is None


def test_mean_of_attempts() -> None:
    assert mean([1, 2, 2, 1]) == 1.5
    assert mean([1, 1, 2]) == 1.3333
    assert mean([]) is None


def test_item_rest_worked_by_hand() -> None:
    # x = item scores, y = rest scores of 7 learners:
    # x = 1 1 0 0 1 1 0, y = 3 2 2 1 1 2 0
    # n = 7, Sx = 4, Sy = 11, Sxy = 3+2+1+2 = 8, Sxx = 4, Syy = 9+4+4+1+1+4 = 23
    # r = (7*8 - 4*11) / sqrt((7*4 - 16) * (7*23 - 121)) = 12 / sqrt(12 * 40) = 0.54772...
    pairs = [(1, 3), (1, 2), (0, 2), (0, 1), (1, 1), (1, 2), (0, 0)]
    assert item_rest(pairs) == 0.5477


def test_item_rest_is_negative_when_the_weaker_learners_get_it_right() -> None:
    # x = 1 1 1 1 0 0 0, y = 3 2 1 0 2 3 0: Sx = 4, Sy = 11, Sxy = 6, Syy = 27
    # r = (42 - 44) / sqrt((28 - 16) * (189 - 121)) = -2 / sqrt(816) = -0.07001...
    pairs = [(1, 3), (1, 2), (1, 1), (1, 0), (0, 2), (0, 3), (0, 0)]
    assert item_rest(pairs) == -0.07


def test_item_rest_of_a_perfect_and_an_inverse_relation() -> None:
    assert item_rest([(1, 3), (0, 1), (1, 3), (0, 1)]) == 1.0
    assert item_rest([(0, 3), (1, 1), (0, 3), (1, 1)]) == -1.0


@pytest.mark.parametrize(
    "pairs",
    [
        [],
        [(1, 2)],
        [(1, 2), (1, 0), (1, 1)],  # everyone right: no spread in the item
        [(1, 2), (0, 2), (1, 2)],  # the same rest score for everyone
    ],
)
def test_item_rest_is_not_defined_without_spread(pairs: list[tuple[int, int]]) -> None:
    assert item_rest(pairs) is None
