"""Tests that kill the mutants `make mutation` found alive in ``ledger/measures/rates.py``.

Intervals are checked against scipy's Beta distribution (the reference library); texts and
dictionaries are written out by hand. See docs/testing.md, "Mutation testing".
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from backwards.ledger.measures.rates import (
    Rate,
    beta_interval,
    beta_posterior,
    jeffreys_interval,
    rate,
    recency_weights,
    weighted_rate,
    wilson_interval,
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


# -- checks of the inputs, with their exact messages ------------------------------------------


@pytest.mark.parametrize("confidence", [0.0, 1.0, 1.5, -0.2])
def test_a_confidence_outside_zero_and_one_is_refused_by_name(confidence: float) -> None:
    # (NormalDist's own error for 1.0 or 1.5 is a ValueError too: the message tells them apart.)
    for method in ("wilson", "jeffreys"):
        with pytest.raises(ValueError) as caught:
            rate(1, 2, method=method, confidence=confidence)  # type: ignore[arg-type]
        assert str(caught.value) == f"confidence must be between 0 and 1, got {confidence}"


@pytest.mark.parametrize(("k", "n"), [(-1, 2), (-0.5, 0), (0, -1), (3, 2)])
def test_counts_outside_zero_to_n_are_refused(k: float, n: float) -> None:
    with pytest.raises(ValueError) as caught:
        rate(k, n)
    assert str(caught.value) == f"need 0 <= k <= n, got k={k}, n={n}"


def test_k_may_pass_n_by_a_rounding_error_of_1e9_and_the_interval_stays_within_one() -> None:
    # Effective counts are sums of floats: k = n + 1e-9 is accepted (not an error), and the
    # Wilson bound, which passes 1 for k > n, is clamped to 1.
    got = rate(1 + 1e-9, 1)
    assert got.high == 1.0 and got.estimate == pytest.approx(1.0)
    assert wilson_interval(1 + 1e-9, 1)[1] == 1.0
    # All successes: the upper bound is 1 in exact arithmetic, 1.0000000000000002 in floating
    # point for 2 of 2 at 50 % or 10 of 10 at 80 %: clamped to 1.
    assert wilson_interval(2, 2, 0.5)[1] == 1.0
    assert wilson_interval(10, 10, 0.8)[1] == 1.0
    with pytest.raises(ValueError):
        rate(1 + 2e-9, 1)


def test_no_items_give_the_whole_unit_interval() -> None:
    assert wilson_interval(0, 0) == (0.0, 1.0)


@pytest.mark.parametrize(("a", "b"), [(0, 1), (1, 0), (-1, 2), (2, -0.5), (0, 0)])
def test_beta_parameters_must_be_positive(a: float, b: float) -> None:
    with pytest.raises(ValueError) as caught:
        beta_interval(a, b)
    assert str(caught.value) == f"Beta parameters must be positive, got a={a}, b={b}"


def test_the_default_beta_interval_is_the_central_95_percent() -> None:
    expected = stats.beta(2, 3).ppf([0.025, 0.975])
    assert beta_interval(2, 3) == pytest.approx(tuple(expected), rel=1e-9)


# -- every field of the Rate returned ---------------------------------------------------------


def test_rate_keeps_the_item_count_it_is_given() -> None:
    assert rate(1, 2, count=5).count == 5
    assert rate(1, 2).count == 2


def test_an_empty_rate_keeps_its_method_and_confidence() -> None:
    assert rate(0, 0, method="jeffreys", confidence=0.9) == Rate(
        0.0, 0.0, None, None, None, "jeffreys", 0.9, 0
    )


def test_wilson_uses_the_confidence_it_is_given() -> None:
    # statsmodels' Wilson interval at 80 %: 3 of 4.
    low, high = proportion_confint(3, 4, alpha=0.2, method="wilson")
    got = rate(3, 4, confidence=0.8)
    assert (got.low, got.high) == pytest.approx((low, high), rel=1e-9)
    assert (got.method, got.confidence) == ("wilson", 0.8)


def test_beta_posterior_returns_every_field_at_its_confidence() -> None:
    # Prior Beta(4, 1), 3 of 4: posterior Beta(7, 2), mean 7/9; the 80 % interval from scipy.
    got = beta_posterior(3, 4, confidence=0.8)
    low, high = stats.beta(7, 2).ppf([0.1, 0.9])
    assert (got.successes, got.total, got.count) == (3.0, 4.0, 4)
    assert got.estimate == pytest.approx(7 / 9, rel=1e-12)
    assert (got.low, got.high) == pytest.approx((low, high), rel=1e-9)
    assert (got.method, got.confidence) == ("beta(4,1)", 0.8)
    assert type(got.successes) is float


def test_recency_weights_are_computed_in_double_precision() -> None:
    # float32 ages: each is widened to a double first (by hand: 0.5 ** (age / 7)). NumPy's
    # power may differ from Python's by an ulp (NumPy 1.26 does); single precision would be
    # off by about 1e-8.
    ages = np.array([10.3, 0.1], dtype=np.float32)
    got = recency_weights(ages, 7)
    assert got.dtype == np.float64
    assert got.tolist() == pytest.approx([0.5 ** (float(a) / 7) for a in ages], rel=1e-15, abs=0)


# -- weighted rates ---------------------------------------------------------------------------


def test_values_outside_zero_and_one_are_refused_by_name() -> None:
    for bad in ([1.5], [-0.1, 1]):
        with pytest.raises(ValueError) as caught:
            weighted_rate(bad)
        assert str(caught.value) == "values must lie between 0 and 1"


def test_unweighted_values_are_summed_in_double_precision() -> None:
    values = np.array([0.1, 0.2, 0.3], dtype=np.float32)
    got = weighted_rate(values)
    by_hand = (float(values[0]) + float(values[1]) + float(values[2])) / 3
    assert got.estimate == pytest.approx(by_hand, rel=1e-15, abs=0)


def test_unweighted_values_keep_the_method_and_confidence() -> None:
    # 2 of 3 by Jeffreys at 80 %: Beta(2.5, 1.5) from scipy.
    got = weighted_rate([1, 0, 1], method="jeffreys", confidence=0.8)
    low, high = stats.beta(2.5, 1.5).ppf([0.1, 0.9])
    assert (got.low, got.high) == pytest.approx((low, high), rel=1e-9)
    assert (got.method, got.confidence, got.count) == ("jeffreys", 0.8, 3)


def test_weights_of_another_shape_or_below_zero_are_refused_by_name() -> None:
    with pytest.raises(ValueError) as caught:
        weighted_rate([1, 0], [1.0])
    assert str(caught.value) == "values and weights differ in shape: (2,) vs (1,)"
    with pytest.raises(ValueError) as caught:
        weighted_rate([1, 0], [1.0, -0.5])
    assert str(caught.value) == "weights must not be negative"


def test_a_weight_of_zero_is_allowed_and_drops_its_item() -> None:
    got = weighted_rate([1, 0], [1.0, 0.0])
    assert got.estimate == 1.0 and got.total == pytest.approx(1.0) and got.count == 2


def test_weights_adding_up_to_less_than_one_still_give_a_rate() -> None:
    # w = 1/4, 1/4 for values 1, 0: estimate 1/2; n_eff = (1/2)^2 / (2/16) = 2, k_eff = 1.
    got = weighted_rate([1, 0], [0.25, 0.25])
    assert got.estimate == 0.5
    assert (got.successes, got.total) == pytest.approx((1.0, 2.0), rel=1e-12)


def test_all_weights_zero_is_an_empty_rate_with_its_method_and_confidence() -> None:
    got = weighted_rate([1, 0], [0, 0], method="jeffreys", confidence=0.9)
    assert got == Rate(0.0, 0.0, None, None, None, "jeffreys", 0.9, 2)


def test_weights_are_summed_in_double_precision() -> None:
    weights = np.array([0.1, 0.7, 0.35], dtype=np.float32)
    w = [float(x) for x in weights]  # each widened to a double, then summed by hand
    total = w[0] + w[1] + w[2]
    n_eff = total * total / (w[0] ** 2 + w[1] ** 2 + w[2] ** 2)
    got = weighted_rate([1, 0, 1], weights)
    assert got.estimate == pytest.approx((w[0] + w[2]) / total, rel=1e-15, abs=0)
    assert got.total == pytest.approx(n_eff, rel=1e-15, abs=0)


def test_a_weighted_rate_keeps_its_method_and_confidence() -> None:
    # Values 1, 1, 0 with weights 1, 1/2, 1/4: estimate 6/7, n_eff = (7/4)^2 / (21/16) = 7/3,
    # k_eff = 2; Jeffreys at 80 %: Beta(2.5, 1/3 + 1/2) from scipy.
    got = weighted_rate([1, 1, 0], [1, 0.5, 0.25], method="jeffreys", confidence=0.8)
    assert got.estimate == pytest.approx(6 / 7, rel=1e-12)
    assert (got.successes, got.total) == pytest.approx((2.0, 7 / 3), rel=1e-12)
    low, high = stats.beta(2.5, 7 / 3 - 2 + 0.5).ppf([0.1, 0.9])
    assert (got.low, got.high) == pytest.approx((low, high), rel=1e-9)
    assert (got.method, got.confidence, got.count) == ("jeffreys", 0.8, 3)
