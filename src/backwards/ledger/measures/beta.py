"""The Beta distribution's CDF and quantile in pure Python (no scipy at run time).

- ``beta_cdf(a, b, x)`` is the regularised incomplete beta function ``I_x(a, b)``: the
  continued fraction of the incomplete beta function evaluated by the modified Lentz method, on
  the side of ``(a + 1) / (a + b + 2)`` where it converges quickly (the other side by the
  symmetry ``I_x(a, b) = 1 - I_{1-x}(b, a)``). Numerical Recipes (3rd ed.), section 6.4.
- ``beta_ppf(a, b, p)`` is its inverse in ``x`` (scipy's ``betaincinv``): a starting point from
  the normal or power approximation (Numerical Recipes, ``invbetai``), then Halley steps on
  ``I_x(a, b) - p`` kept inside a bracket that every evaluation narrows, with a bisection when a
  step would leave it.

The residual is taken on the side of ``p`` that has full relative precision (``I - p`` below
one half, ``(1 - p) - (1 - I)`` above), so both tails are accurate. Tests compare both functions
with scipy to a relative 1e-9 over the parameters the ledger's intervals use (tests/ledger/
test_beta.py).
"""

from __future__ import annotations

import math

__all__ = ["beta_cdf", "beta_ppf"]

_EPS = 1e-15  # the continued fraction's relative convergence
_TINY = 1e-300  # Lentz's guard against a zero denominator
_MAX_TERMS = 1_000_000  # far beyond need: the fraction takes O(sqrt(max(a, b))) terms
_MAX_STEPS = 100


def _check(a: float, b: float) -> None:
    if not (a > 0 and b > 0 and math.isfinite(a) and math.isfinite(b)):
        raise ValueError(f"Beta parameters must be positive and finite, got a={a}, b={b}")


#: Stirling's series for ``lgamma(x) - ((x - 1/2) log x - x + log(2 pi) / 2)``, the
#: coefficients B_2k / (2k (2k - 1)) of x ** -(2k - 1).
_STIRLING = (
    1 / 12,
    -1 / 360,
    1 / 1260,
    -1 / 1680,
    1 / 1188,
    -691 / 360360,
    1 / 156,
    -3617 / 122400,
)
_LARGE = 10.0  # from here the eight terms are exact to double precision


def _stirling_rest(x: float) -> float:
    """``lgamma(x)`` less its Stirling approximation, for ``x >= _LARGE``."""
    inverse, square = 1.0 / x, 1.0 / (x * x)
    total, power = 0.0, inverse
    for coefficient in _STIRLING:
        total += coefficient * power
        power *= square
    return total


def _log_beta(a: float, b: float) -> float:
    """``log B(a, b)``; for large arguments without the cancellation of three large
    ``lgamma`` values (their ``x log x`` parts are combined first)."""
    small, big = min(a, b), max(a, b)
    if big < _LARGE:
        return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    total = a + b
    if small < _LARGE:  # lgamma(big) - lgamma(total) by Stirling: no difference of large numbers
        ratio = -(big - 0.5) * math.log1p(small / big) - small * math.log(total) + small
        return math.lgamma(small) + ratio + _stirling_rest(big) - _stirling_rest(total)
    # both large: all three by Stirling, their x log x parts combined into logs of shares
    return (
        0.5 * math.log(2.0 * math.pi / total)
        + (a - 0.5) * math.log(a / total)
        + (b - 0.5) * math.log(b / total)
        + _stirling_rest(a)
        + _stirling_rest(b)
        - _stirling_rest(total)
    )


def _continued_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of ``I_x(a, b)`` (modified Lentz); fast for x < (a+1)/(a+b+2)."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) >= _TINY else _TINY)
    h = d
    for m in range(1, _MAX_TERMS):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) >= _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) >= _TINY else _TINY
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) >= _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) >= _TINY else _TINY
        step = d * c
        h *= step
        if abs(step - 1.0) < _EPS:
            return h
    raise ArithmeticError(f"the incomplete beta fraction did not converge (a={a}, b={b}, x={x})")


def _cdf_pair(a: float, b: float, x: float, log_beta: float) -> tuple[float, float]:
    """``(I_x(a, b), 1 - I_x(a, b))``, the one computed directly with full relative precision."""
    if x <= 0.0:
        return 0.0, 1.0
    if x >= 1.0:
        return 1.0, 0.0
    front = math.exp(a * math.log(x) + b * math.log1p(-x) - log_beta)
    if x < (a + 1.0) / (a + b + 2.0):
        low = front * _continued_fraction(a, b, x) / a
        return low, 1.0 - low
    high = front * _continued_fraction(b, a, 1.0 - x) / b
    return 1.0 - high, high


def beta_cdf(a: float, b: float, x: float) -> float:
    """``I_x(a, b)``, the CDF of ``Beta(a, b)`` at ``x`` (scipy's ``betainc``)."""
    _check(a, b)
    return _cdf_pair(a, b, x, _log_beta(a, b))[0]


def _start(a: float, b: float, p: float) -> float:
    """A first guess at the ``p`` quantile (Numerical Recipes, ``invbetai``)."""
    if a >= 1.0 and b >= 1.0:
        pp = p if p < 0.5 else 1.0 - p
        t = math.sqrt(-2.0 * math.log(pp))
        z = (2.30753 + t * 0.27061) / (1.0 + t * (0.99229 + t * 0.04481)) - t
        if p < 0.5:
            z = -z
        al = (z * z - 3.0) / 6.0
        inv_a, inv_b = 1.0 / (2.0 * a - 1.0), 1.0 / (2.0 * b - 1.0)  # a, b >= 1: no zero
        h = 2.0 / (inv_a + inv_b)
        w = z * math.sqrt(al + h) / h - (inv_b - inv_a) * (al + 5.0 / 6.0 - 2.0 / (3.0 * h))
        return a / (a + b * math.exp(min(2.0 * w, 700.0)))
    lna, lnb = math.log(a / (a + b)), math.log(b / (a + b))
    t, u = math.exp(a * lna) / a, math.exp(b * lnb) / b
    w = t + u
    if p < t / w:
        return float((a * w * p) ** (1.0 / a))
    return 1.0 - float((b * w * (1.0 - p)) ** (1.0 / b))


def beta_ppf(a: float, b: float, p: float) -> float:
    """The ``p`` quantile of ``Beta(a, b)``: ``x`` with ``I_x(a, b) = p`` (scipy's
    ``betaincinv``)."""
    _check(a, b)
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"a probability must lie between 0 and 1, got {p}")
    if p == 0.0 or p == 1.0:
        return p
    log_beta = _log_beta(a, b)
    upper = p > 0.5  # compare on the side of p that keeps its relative precision
    target = 1.0 - p if upper else p
    lo, hi = 0.0, 1.0  # I(lo) < p < I(hi)
    x = min(max(_start(a, b, p), 1e-300), 1.0 - 1e-16)
    if not 0.0 < x < 1.0 or math.isnan(x):
        x = 0.5
    for _ in range(_MAX_STEPS):
        low, high = _cdf_pair(a, b, x, log_beta)
        error = target - high if upper else low - target  # I(x) - p, accurately
        if error == 0.0:
            return x
        if error < 0.0:
            lo = x
        else:
            hi = x
        density = math.exp((a - 1.0) * math.log(x) + (b - 1.0) * math.log1p(-x) - log_beta)
        if density > 0.0 and math.isfinite(density):
            u = error / density
            bend = u * ((a - 1.0) / x - (b - 1.0) / (1.0 - x))
            step = u / (1.0 - 0.5 * min(1.0, bend))  # Halley
            new = x - step
        else:
            new = math.nan
        if abs(new - x) <= 4e-16 * x:  # converged (a NaN step is not)
            return new
        if not lo < new < hi:  # outside the bracket: bisect (geometrically near zero)
            new = math.sqrt(lo * hi) if lo > 0.0 and hi < 0.5 else 0.5 * (lo + hi)
            if not lo < new < hi:  # the bracket is as narrow as floats allow
                return x
        x = new
    return x
