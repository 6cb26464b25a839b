"""Rates and intervals against hand-computed values and statsmodels/scipy."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from backwards.ledger.measures.rates import (
    beta_interval,
    beta_posterior,
    jeffreys_interval,
    rate,
    recency_weights,
    weighted_rate,
    wilson_interval,
)


def test_wilson_three_of_four_by_hand() -> None:
    # z = 1.959964; centre = (0.75 + z^2/8) / (1 + z^2/4); half = z sqrt(3/64 + z^2/64) / (...)
    low, high = wilson_interval(3, 4)
    assert low == pytest.approx(0.30064, abs=1e-4)
    assert high == pytest.approx(0.95441, abs=1e-4)


@pytest.mark.parametrize(
    ("k", "n"), [(0, 1), (1, 1), (0, 5), (3, 4), (7, 20), (50, 100), (99, 100)]
)
def test_wilson_and_jeffreys_match_statsmodels(k: int, n: int) -> None:
    for confidence in (0.8, 0.95):
        alpha = 1 - confidence
        assert wilson_interval(k, n, confidence) == pytest.approx(
            proportion_confint(k, n, alpha=alpha, method="wilson"), abs=1e-9
        )
    ref = stats.beta.ppf([0.025, 0.975], k + 0.5, n - k + 0.5)
    assert jeffreys_interval(k, n) == pytest.approx(tuple(ref), abs=1e-9)


def test_beta_four_one_prior_has_closed_form_quantiles() -> None:
    # Beta(4, 1) has CDF x^4, so its quantiles are q^(1/4)
    post = beta_posterior(0, 0)
    assert post.estimate == pytest.approx(0.8)
    assert post.low == pytest.approx(0.025**0.25)
    assert post.high == pytest.approx(0.975**0.25)
    assert beta_interval(1, 1, 0.9) == pytest.approx((0.05, 0.95))


def test_beta_posterior_shrinks_small_samples() -> None:
    post = beta_posterior(1, 2)  # Beta(5, 2)
    assert post.estimate == pytest.approx(5 / 7)
    assert (post.low, post.high) == pytest.approx(tuple(stats.beta.ppf([0.025, 0.975], 5, 2)))


def test_rate_reports_counts_and_empty() -> None:
    r = rate(3, 4)
    assert (r.successes, r.total, r.count, r.estimate) == (3.0, 4.0, 4, 0.75)
    assert r.describe() == "75% (3 of 4; 95% CI 30-95%)"
    empty = rate(0, 0)
    assert empty.estimate is None and empty.empty
    assert empty.describe() == "no data"
    assert rate(2, 4, method="jeffreys").method == "jeffreys"
    with pytest.raises(ValueError, match="0 <= k <= n"):
        rate(5, 4)
    with pytest.raises(ValueError, match="unknown interval method"):
        rate(1, 2, method="exact")  # type: ignore[arg-type]


def test_recency_weights_halve_every_half_life() -> None:
    w = recency_weights([0, 180, 360, -10], 180)
    assert w == pytest.approx([1.0, 0.5, 0.25, 1.0])
    with pytest.raises(ValueError):
        recency_weights([1], 0)


def test_weighted_rate_uses_kish_effective_size() -> None:
    r = weighted_rate([1, 0, 1], [1, 1, 2])
    assert r.estimate == pytest.approx(0.75)
    n_eff = 16 / 6
    assert r.total == pytest.approx(n_eff)
    assert r.successes == pytest.approx(0.75 * n_eff)
    assert (r.low, r.high) == pytest.approx(wilson_interval(0.75 * n_eff, n_eff))
    assert r.count == 3


def test_weighted_rate_without_weights_is_plain_rate() -> None:
    r = weighted_rate(np.array([1.0, 0.0, 0.5, 1.0]))
    assert r.estimate == pytest.approx(0.625)
    assert r.total == 4
    assert weighted_rate([], []).estimate is None
    with pytest.raises(ValueError, match="between 0 and 1"):
        weighted_rate([1.5])
