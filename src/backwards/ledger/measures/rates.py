"""Rates with their uncertainty: Wilson, Jeffreys and Beta-posterior intervals, recency weights.

Every rate the trust report shows is a ``Rate``: the count of successes ``k`` out of ``n``, the
point estimate and an interval, so that "2 of 2" never reads like "200 of 200".

- ``wilson`` (default): the Wilson score interval, good coverage at small ``n``.
- ``jeffreys``: the equal-tailed interval of ``Beta(k + 1/2, n - k + 1/2)``.
- ``beta_posterior``: a shrunk estimate ``(k + a) / (n + a + b)`` with the interval of
  ``Beta(k + a, n - k + b)``; the default prior ``a = 4, b = 1`` is worth five observations with
  a mean of 80 %.

Recency weighting gives each item the weight ``0.5 ** (age / half_life)``. A weighted rate is
``sum(w * x) / sum(w)`` and its interval uses Kish's effective sample size
``n_eff = sum(w) ** 2 / sum(w ** 2)`` with ``k_eff = estimate * n_eff``.

Pure functions; the Beta quantiles come from ``beta.beta_ppf`` (pure Python, no scipy).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from backwards.ledger.measures.beta import beta_ppf

__all__ = [
    "DEFAULT_PRIOR",
    "Method",
    "Rate",
    "beta_interval",
    "beta_posterior",
    "jeffreys_interval",
    "rate",
    "recency_weights",
    "weighted_rate",
    "wilson_interval",
]

Method = Literal["wilson", "jeffreys"]
DEFAULT_PRIOR = (4.0, 1.0)


@dataclass(frozen=True, slots=True)
class Rate:
    """``successes`` of ``total`` with an estimate and an interval (``None`` when total is 0).

    With weights, ``successes`` and ``total`` are the effective (Kish) counts and ``count`` is the
    number of items behind them.
    """

    successes: float
    total: float
    estimate: float | None
    low: float | None
    high: float | None
    method: str
    confidence: float
    count: int

    @property
    def empty(self) -> bool:
        return self.total <= 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "successes": _round(self.successes),
            "total": _round(self.total),
            "count": self.count,
            "estimate": _round(self.estimate),
            "low": _round(self.low),
            "high": _round(self.high),
            "method": self.method,
            "confidence": self.confidence,
        }

    def describe(self, *, percent: bool = True) -> str:
        """``"75% (3 of 4; 95% CI 30-95%)"``, or ``"no data"``."""
        if self.estimate is None or self.low is None or self.high is None:
            return "no data"
        k = _count_text(self.successes)
        n = _count_text(self.total)
        level = f"{self.confidence:.0%}"
        if percent:
            return (
                f"{self.estimate:.0%} ({k} of {n}; {level} CI "
                f"{self.low * 100:.0f}-{self.high * 100:.0f}%)"
            )
        return f"{self.estimate:.2f} ({k} of {n}; {level} CI {self.low:.2f}-{self.high:.2f})"


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 6)


def _count_text(value: float) -> str:
    return str(round(value)) if abs(value - round(value)) < 1e-9 else f"{value:.1f}"


def _z(confidence: float) -> float:
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    return NormalDist().inv_cdf(0.5 + confidence / 2.0)


def _check_counts(k: float, n: float) -> None:
    if n < 0 or k < 0 or k > n + 1e-9:
        raise ValueError(f"need 0 <= k <= n, got k={k}, n={n}")


def wilson_interval(k: float, n: float, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for ``k`` successes of ``n`` (fractional counts allowed)."""
    _check_counts(k, n)
    if n == 0:
        return (0.0, 1.0)
    z = _z(confidence)
    p = k / n
    denominator = 1.0 + z * z / n
    centre = (p + z * z / (2.0 * n)) / denominator
    half = z * math.sqrt(p * (1.0 - p) / n + z * z / (4.0 * n * n)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


def beta_interval(a: float, b: float, confidence: float = 0.95) -> tuple[float, float]:
    """Equal-tailed interval of ``Beta(a, b)``."""
    if a <= 0 or b <= 0:
        raise ValueError(f"Beta parameters must be positive, got a={a}, b={b}")
    tail = (1.0 - confidence) / 2.0
    return (beta_ppf(a, b, tail), beta_ppf(a, b, 1.0 - tail))


def jeffreys_interval(k: float, n: float, confidence: float = 0.95) -> tuple[float, float]:
    """Jeffreys interval: the equal-tailed interval of ``Beta(k + 1/2, n - k + 1/2)``."""
    _check_counts(k, n)
    _z(confidence)
    return beta_interval(k + 0.5, n - k + 0.5, confidence)


def rate(
    k: float,
    n: float,
    *,
    method: Method = "wilson",
    confidence: float = 0.95,
    count: int | None = None,
) -> Rate:
    """A raw rate ``k / n`` with a Wilson or Jeffreys interval."""
    _check_counts(k, n)
    items = round(n) if count is None else count
    if n == 0:
        return Rate(0.0, 0.0, None, None, None, method, confidence, items)
    if method == "wilson":
        low, high = wilson_interval(k, n, confidence)
    elif method == "jeffreys":
        low, high = jeffreys_interval(k, n, confidence)
    else:
        raise ValueError(f"unknown interval method {method!r}; use 'wilson' or 'jeffreys'")
    return Rate(float(k), float(n), k / n, low, high, method, confidence, items)


def beta_posterior(
    k: float,
    n: float,
    *,
    prior: tuple[float, float] = DEFAULT_PRIOR,
    confidence: float = 0.95,
) -> Rate:
    """Posterior mean ``(k + a) / (n + a + b)`` and the interval of ``Beta(k + a, n - k + b)``."""
    _check_counts(k, n)
    a, b = prior
    estimate = (k + a) / (n + a + b)
    low, high = beta_interval(k + a, n - k + b, confidence)
    return Rate(float(k), float(n), estimate, low, high, f"beta({a:g},{b:g})", confidence, round(n))


def recency_weights(ages_days: npt.ArrayLike, half_life_days: float) -> npt.NDArray[np.float64]:
    """``0.5 ** (age / half_life)``; ages below zero (future items) count fully."""
    if half_life_days <= 0:
        raise ValueError(f"half-life must be positive, got {half_life_days}")
    ages = np.maximum(np.asarray(ages_days, dtype=np.float64), 0.0)
    return np.power(0.5, ages / half_life_days)


def weighted_rate(
    values: npt.ArrayLike,
    weights: npt.ArrayLike | None = None,
    *,
    method: Method = "wilson",
    confidence: float = 0.95,
) -> Rate:
    """The weighted mean of ``values`` in [0, 1] with an interval on Kish's effective counts.

    Without weights this is ``rate(sum(values), len(values))``. Values between 0 and 1 (partial
    credit) are allowed; the interval then treats the credit as fractional successes.
    """
    v = np.asarray(values, dtype=np.float64)
    if v.size and (np.nanmin(v) < 0.0 or np.nanmax(v) > 1.0):
        raise ValueError("values must lie between 0 and 1")
    if weights is None:
        return rate(float(v.sum()), float(v.size), method=method, confidence=confidence)
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != v.shape:
        raise ValueError(f"values and weights differ in shape: {v.shape} vs {w.shape}")
    if w.size and np.min(w) < 0:
        raise ValueError("weights must not be negative")
    total_w = float(w.sum())
    if total_w <= 0:
        return Rate(0.0, 0.0, None, None, None, method, confidence, int(v.size))
    estimate = float((w * v).sum() / total_w)
    n_eff = total_w * total_w / float((w * w).sum())
    k_eff = min(estimate * n_eff, n_eff)
    result = rate(k_eff, n_eff, method=method, confidence=confidence, count=int(v.size))
    # keep the exact weighted mean (k_eff / n_eff can differ from it by rounding)
    return Rate(
        result.successes,
        result.total,
        estimate,
        result.low,
        result.high,
        method,
        confidence,
        int(v.size),
    )
