"""Tests that kill the mutants `make mutation` found alive in ``ledger/measures/survival.py``.

The curve is worked out by hand (and the step function checked against lifelines, the
reference library). See docs/testing.md, "Mutation testing".
"""

from __future__ import annotations

import numpy as np
import pytest
from lifelines import KaplanMeierFitter

from backwards.ledger.measures.survival import kaplan_meier

# Durations 1, 2, 2 (censored), 3: at risk 4, 3, 1; S = 3/4, 3/4 * 2/3 = 1/2, 1/2 * 0 = 0.
DURATIONS = [1.0, 2.0, 2.0, 3.0]
OBSERVED = [True, True, False, True]


@pytest.mark.parametrize(
    ("t", "expected"),
    [(0.5, 1.0), (1.0, 0.75), (1.5, 0.75), (2.0, 0.5), (2.999, 0.5), (3.0, 0.0), (10.0, 0.0)],
)
def test_survival_at_is_right_continuous(t: float, expected: float) -> None:
    curve = kaplan_meier(DURATIONS, OBSERVED)
    assert curve.survival_at(t) == pytest.approx(expected)
    reference = KaplanMeierFitter().fit(DURATIONS, OBSERVED)
    assert float(reference.survival_function_at_times(t).iloc[0]) == pytest.approx(expected)


def test_to_dict_names_every_series_and_rounds_to_six_places() -> None:
    # Three items, all ended: S = 2/3, 1/3, 0.
    assert kaplan_meier([1, 2, 3], [True, True, True]).to_dict() == {
        "times": [1.0, 2.0, 3.0],
        "survival": [0.666667, 0.333333, 0.0],
        "at_risk": [3, 2, 1],
        "events": [1, 1, 1],
        "censored": [0, 0, 0],
    }
    assert kaplan_meier(DURATIONS, OBSERVED).to_dict() == {
        "times": [1.0, 2.0, 3.0],
        "survival": [0.75, 0.5, 0.0],
        "at_risk": [4, 3, 1],
        "events": [1, 1, 1],
        "censored": [0, 1, 0],
    }


def test_a_quantile_of_zero_or_one_is_refused() -> None:
    curve = kaplan_meier(DURATIONS, OBSERVED)
    for q in (0.0, 1.0, -0.1, 1.5):
        with pytest.raises(ValueError, match=f"quantile must be between 0 and 1, got {q}"):
            curve.quantile(q)


def test_a_quantile_within_1e12_of_a_step_counts_as_reached() -> None:
    # S(2) = 1/2 exactly; q = 0.5 + 1e-12 asks for S <= 0.5 - 1e-12, which floating error
    # alone separates from 0.5: the tolerance gives the step at 2, not the next one at 3.
    curve = kaplan_meier(DURATIONS, OBSERVED)
    assert curve.quantile(0.5 + 1e-12) == 2.0
    assert curve.quantile(0.5) == 2.0
    assert curve.quantile(0.25) == 1.0
    assert curve.quantile(0.75) == 3.0


def test_one_item_and_no_item() -> None:
    assert kaplan_meier([3], [True]).to_dict() == {
        "times": [3.0],
        "survival": [0.0],
        "at_risk": [1],
        "events": [1],
        "censored": [0],
    }
    assert kaplan_meier([3], [False]).to_dict()["survival"] == [1.0]
    empty = kaplan_meier([], [])
    assert empty.to_dict() == {
        "times": [],
        "survival": [],
        "at_risk": [],
        "events": [],
        "censored": [],
    }
    assert empty.n == 0 and empty.quantile(0.5) is None and empty.survival_at(1.0) == 1.0


@pytest.mark.parametrize("durations", [[1, 2, 2, 3], []])
def test_the_series_have_their_declared_types_whatever_the_input(durations: list[int]) -> None:
    # Whole numbers in, flags as 0/1: times and survival are floats, counts are integers.
    curve = kaplan_meier(durations, [1, 1, 0, 1][: len(durations)])
    assert curve.times.dtype == np.float64 and curve.survival.dtype == np.float64
    assert curve.at_risk.dtype == np.int64
    assert curve.events.dtype == np.int64
    assert curve.censored.dtype == np.int64


def test_observed_flags_are_truth_values() -> None:
    # A flag of 2 is one event (true), not two: 1, 2 (flag 2), 3 give S = 2/3, 1/3, 0.
    curve = kaplan_meier([1.0, 2.0, 3.0], [1, 2, 0])
    assert curve.to_dict()["events"] == [1, 1, 0]
    assert curve.to_dict()["survival"] == [0.666667, 0.333333, 0.333333]


def test_a_duration_that_is_not_finite_is_refused_by_name() -> None:
    for bad in (float("nan"), float("inf")):
        with pytest.raises(ValueError, match=r"^durations must be finite numbers$"):
            kaplan_meier([1.0, bad], [True, True])
