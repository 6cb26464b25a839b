"""Tests that kill the mutants `make mutation` found alive in ``ledger/measures/rates.py``.

Intervals are checked against scipy's Beta distribution (the reference library); texts and
dictionaries are written out by hand. See docs/testing.md, "Mutation testing".
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from backwards.ledger.measures.rates import (
    Rate,
    jeffreys_interval,
    rate,
    recency_weights,
)


def test_to_dict_names_every_field_and_rounds_to_six_places() -> None:
    r = Rate(2.0000004, 3.0, 2 / 3, 0.123456789, 0.98765432, "wilson", 0.95, 3)
    assert r.to_dict() == {
        "successes": 2.0,
        "total": 3.0,
        "count": 3,
        "estimate": 0.666667,
        "low": 0.123457,
        "high": 0.987654,
        "method": "wilson",
        "confidence": 0.95,
    }
    empty = Rate(0.0, 0.0, None, None, None, "jeffreys", 0.9, 0)
    assert empty.to_dict() == {
        "successes": 0.0,
        "total": 0.0,
        "count": 0,
        "estimate": None,
        "low": None,
        "high": None,
        "method": "jeffreys",
        "confidence": 0.9,
    }
    assert type(r.to_dict()["successes"]) is float


def test_describe_in_percent_and_as_fractions() -> None:
    r = Rate(3.0, 4.0, 0.75, 0.7, 0.954, "wilson", 0.95, 4)
    assert r.describe() == "75% (3 of 4; 95% CI 70-95%)"
    assert r.describe(percent=False) == "0.75 (3 of 4; 95% CI 0.70-0.95)"
    # Effective (weighted) counts keep one decimal; a count within 1e-9 of a whole number
    # is shown whole.
    w = Rate(2.46, 3.5, 0.7028, 0.25, 0.95, "wilson", 0.9, 5)
    assert w.describe() == "70% (2.5 of 3.5; 90% CI 25-95%)"
    assert (
        Rate(2.0000000001, 3.0, 0.5, 0.25, 0.75, "wilson", 0.95, 3)
        .describe()
        .startswith("50% (2 of 3;")
    )
    assert (
        Rate(2.001, 3.0, 0.5, 0.25, 0.75, "wilson", 0.95, 3).describe().startswith("50% (2.0 of 3;")
    )
    # Exactly 1e-9 away from a whole number is no longer whole.
    assert (
        Rate(1e-9, 3.0, 0.5, 0.25, 0.75, "wilson", 0.95, 3).describe().startswith("50% (0.0 of 3;")
    )
    # Any missing bound reads "no data".
    for low, high in ((None, 0.9), (0.1, None)):
        assert Rate(1.0, 2.0, 0.5, low, high, "wilson", 0.95, 2).describe() == "no data"
    assert Rate(1.0, 2.0, None, 0.1, 0.9, "wilson", 0.95, 2).describe() == "no data"


@pytest.mark.parametrize("confidence", [0.5, 0.8, 0.99])
def test_jeffreys_uses_the_confidence_it_is_given(confidence: float) -> None:
    # scipy: the equal-tailed interval of Beta(k + 1/2, n - k + 1/2).
    k, n = 3, 10
    tail = (1 - confidence) / 2
    expected = stats.beta(k + 0.5, n - k + 0.5).ppf([tail, 1 - tail])
    assert jeffreys_interval(k, n, confidence) == pytest.approx(tuple(expected), rel=1e-9)
    got = rate(k, n, method="jeffreys", confidence=confidence)
    assert (got.low, got.high) == pytest.approx(tuple(expected), rel=1e-9)


def test_recency_weights_halve_every_half_life() -> None:
    # By hand: age 0 -> 1, one half-life -> 1/2, two -> 1/4; a future item counts fully.
    got = recency_weights([0, 30, 60, -5], 30)
    assert got.dtype == np.float64
    assert got.tolist() == [1.0, 0.5, 0.25, 1.0]
    # A half-life below one day is still a half-life.
    assert recency_weights([1], 0.5).tolist() == [0.25]
    for bad in (0, -1.0):
        with pytest.raises(ValueError) as caught:
            recency_weights([1], bad)
        assert str(caught.value) == f"half-life must be positive, got {bad}"
