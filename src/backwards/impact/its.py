"""The interrupted time series: a launch's effect on a daily metric, with a placebo check.

The model, fitted by least squares on the pre-launch days (at most ``fit_days`` of them)::

    y[t] = a + b * t + d[weekday(t)] + c * control[t] + e[t]

``control`` is the prior-year series: the mean of the seven days centred on ``t - 364`` (the
same weekday a year earlier), which carries the yearly season; it is left out when the data
do not reach a year before the fitted days. The counterfactual after launch is the model's
prediction; the effect on each post-launch day is actual minus counterfactual.

The interval accounts for autocorrelated noise (HAC): the estimated mean effect is a linear
function of the noise, ``w . e`` (the post-launch days' noise, minus the noise the fitted
coefficients absorbed from the pre-launch days), so its variance is ``w' S w`` with ``S`` the
noise's autocovariance, estimated from the pre-launch residuals with a Bartlett kernel and the
bandwidth of Andrews (1991) for AR(1) residuals. The 90 % interval is the estimate plus or
minus 1.645 standard errors.

The placebo check runs the same method at fake launch dates before the real one (a week apart,
post-periods ending before the launch); the share whose interval excludes 0 is the method's
false-positive rate on this metric (about 10 % when the interval is honest).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from backwards.errors import InputError
from backwards.wording import count

__all__ = [
    "MIN_POST_DAYS",
    "MIN_PRE_DAYS",
    "Z90",
    "ItsFit",
    "LaunchWindow",
    "fit_its",
    "launch_window",
    "placebo_rate",
]

Floats = npt.NDArray[np.float64]

Z90 = 1.6448536269514722  # the standard normal's 95th percentile
MIN_PRE_DAYS = 56
MIN_POST_DAYS = 7


@dataclass(frozen=True, slots=True)
class ItsFit:
    """One fit: the post-launch days with their actual and counterfactual values, the mean
    daily effect with its standard error, and the pre-period diagnostics."""

    post_days: tuple[dt.date, ...]
    actual: tuple[float, ...]
    counterfactual: tuple[float, ...]
    mean_effect: float  # per day
    std_error: float  # of mean_effect
    pre_days: int
    pre_start: dt.date
    r2: float
    mape: float  # mean absolute percentage error of the pre-period fit (NaN if no day non-0)
    autocorrelation: float  # lag-1 autocorrelation of the pre-period residuals
    control: bool  # whether the prior-year series was used

    @property
    def low(self) -> float:
        return self.mean_effect - Z90 * self.std_error

    @property
    def high(self) -> float:
        return self.mean_effect + Z90 * self.std_error

    @property
    def mean_counterfactual(self) -> float:
        return float(np.mean(self.counterfactual))


def _year_back(first: dt.date, n: int) -> npt.NDArray[np.int64]:
    """For each day, the index of the same date a year earlier (28 Feb for 29 Feb; may be < 0)."""
    days = np.datetime64(first, "D") + np.arange(n)
    month = days.astype("datetime64[M]")
    dom = (days - month.astype("datetime64[D]")).astype(np.int64)  # 0-based day of month
    year = month.astype("datetime64[Y]")
    month_of_year = (month - year.astype("datetime64[M]")).astype(np.int64)
    dom = np.where((month_of_year == 1) & (dom == 28), 27, dom)  # 29 Feb -> 28 Feb
    back_month = (year - np.timedelta64(1, "Y")).astype("datetime64[M]") + month_of_year
    back = back_month.astype("datetime64[D]") + dom
    out: npt.NDArray[np.int64] = (back - np.datetime64(first, "D")).astype(np.int64)
    return out


def _control(first: dt.date, y: Floats) -> Floats:
    """The prior-year series: the mean of the 7 days centred on the same date a year earlier
    (at least 5 of them known; NaN elsewhere). The weekdays average out; ``d`` models them."""
    n = y.size
    valid = ~np.isnan(y)
    csum = np.concatenate(([0.0], np.cumsum(np.where(valid, y, 0.0))))
    ccount = np.concatenate(([0], np.cumsum(valid)))
    back = _year_back(first, n)
    lo, hi = back - 3, back + 4
    ok = lo >= 0
    lo, hi = np.clip(lo, 0, n), np.clip(hi, 0, n)
    count = ccount[hi] - ccount[lo]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (csum[hi] - csum[lo]) / count
    return np.where(ok & (count >= 5), mean, np.nan)


def _design(
    index: npt.NDArray[np.int64], weekday: npt.NDArray[np.int64], ctrl: Floats | None
) -> Floats:
    cols = [np.ones(index.size), index / 365.25]
    cols += [(weekday == d).astype(float) for d in range(1, 7)]
    if ctrl is not None:
        cols.append(ctrl)
    return np.column_stack(cols)


def _bandwidth(rho: float, n: int) -> int:
    """Andrews' (1991) Bartlett bandwidth with the AR(1) plug-in."""
    rho = min(max(rho, -0.97), 0.97)
    alpha = 4 * rho**2 / ((1 - rho) ** 2 * (1 + rho) ** 2)
    lags: int = math.ceil(1.1447 * float(alpha * n) ** (1 / 3))
    return max(7, min(n - 1, lags))


@dataclass(frozen=True, slots=True)
class LaunchWindow:
    """A daily series cut at a launch, as every method fits it: the values ``y`` from day
    ``first``, the prior-year control, the launch's index ``cut`` and the end (exclusive) of
    the post-launch window."""

    first: dt.date
    launch: dt.date
    y: Floats
    ctrl: Floats
    cut: int
    end: int


def launch_window(
    days: Sequence[dt.date], values: Sequence[float], launch: dt.date, post_days: int | None = None
) -> LaunchWindow:
    """The series of ``days`` (consecutive, NaN for a blank) cut at ``launch``; ``post_days``
    caps the post-launch window (default: every day with data). Raises ``InputError`` naming
    ``launch`` when the data leave too few days before or after it."""
    y = np.asarray(values, dtype=float)
    if not days or y.size != len(days):
        raise InputError("no daily values to measure", hint="Check the metric and its data.")
    first = days[0]
    cut, end = _window(first, y, launch, post_days)
    return LaunchWindow(first, launch, y, _control(first, y), cut, end)


def fit_its(window: LaunchWindow, *, fit_days: int = 364) -> ItsFit:
    """Fit the model on the (at most ``fit_days``) days before the launch and measure the
    effect on the days of the window from the launch on."""
    first, y, ctrl, cut, end = window.first, window.y, window.ctrl, window.cut, window.end
    pre, post, use_ctrl = _periods(y, ctrl, cut, end, fit_days, window.launch)
    model = _Model(first, y, ctrl if use_ctrl else None, pre, post)
    effect = y[post] - model.counter
    ss_tot = float(np.sum((y[pre] - y[pre].mean()) ** 2))
    misfit = y[pre] - model.fitted
    nonzero = y[pre] != 0
    mape = float(np.mean(np.abs(misfit[nonzero] / y[pre][nonzero]))) if nonzero.any() else math.nan
    return ItsFit(
        post_days=tuple(first + dt.timedelta(days=int(i)) for i in post),
        actual=tuple(float(v) for v in y[post]),
        counterfactual=tuple(float(v) for v in model.counter),
        mean_effect=float(effect.mean()),
        std_error=math.sqrt(model.variance()),
        pre_days=int(pre.size),
        pre_start=first + dt.timedelta(days=int(pre[0])),
        r2=1 - float(np.sum(misfit**2)) / ss_tot if ss_tot > 0 else math.nan,
        mape=mape,
        autocorrelation=_lag1(model.resid),
        control=use_ctrl,
    )


def _window(first: dt.date, y: Floats, launch: dt.date, post_days: int | None) -> tuple[int, int]:
    """The launch's index and the end (exclusive) of the post-launch window."""
    cut = (launch - first).days
    known = np.flatnonzero(~np.isnan(y))
    last = int(known[-1]) if known.size else -1
    if cut < MIN_PRE_DAYS or cut > last - MIN_POST_DAYS + 1:
        raise InputError(
            f"launch {launch} is outside the data: it needs {MIN_PRE_DAYS} days of data before "
            f"it and {MIN_POST_DAYS} from it on, and the data run from {first} to "
            f"{first + dt.timedelta(days=max(last, 0))}",
            hint="Give a launch date inside the data (--launch), or data that cover it.",
        )
    return cut, last + 1 if post_days is None else min(last + 1, cut + post_days)


Index = npt.NDArray[np.int64]


def _periods(
    y: Floats, ctrl: Floats, cut: int, end: int, fit_days: int, launch: dt.date
) -> tuple[Index, Index, bool]:
    """The fitted days, the measured days, and whether the prior-year control is used."""
    pre = np.arange(max(0, cut - fit_days), cut)
    pre = pre[~np.isnan(y[pre])]
    with_ctrl = pre[~np.isnan(ctrl[pre])]
    use_ctrl = with_ctrl.size >= max(MIN_PRE_DAYS, pre.size // 2)
    if use_ctrl:
        pre = with_ctrl
    if pre.size < MIN_PRE_DAYS:
        raise InputError(
            f"only {count(int(pre.size), 'day')} with data in the {fit_days} days "
            f"before launch {launch}",
            hint=f"The fit needs at least {MIN_PRE_DAYS}; give a later --launch or more data.",
        )
    post = np.arange(cut, end)
    keep = ~np.isnan(y[post])
    if use_ctrl:
        keep &= ~np.isnan(ctrl[post])
    post = post[keep]
    if post.size < MIN_POST_DAYS:
        raise InputError(
            f"only {count(int(post.size), 'day')} with data from launch {launch} on",
            hint=f"Measuring needs at least {MIN_POST_DAYS}; give an earlier --launch.",
        )
    return pre, post, use_ctrl


class _Model:
    """The least-squares fit on ``pre`` and its prediction on ``post``.

    With positive values, ``log y - log control = a + b t + d[weekday]`` (the control's
    coefficient is 1, so its noise cannot shrink it); otherwise ``y = a + b t + d[weekday] +
    c control``. Without a control, the same without it.
    """

    def __init__(self, first: dt.date, y: Floats, ctrl: Floats | None, pre: Index, post: Index):
        weekday = (first.weekday() + np.arange(y.size)) % 7
        used = np.concatenate((pre, post))
        logs = bool(np.all(y[used] > 0) and (ctrl is None or np.all(ctrl[used] > 0)))
        offset = np.zeros(y.size)
        reg = None if logs else ctrl
        if logs:
            if ctrl is not None:
                offset = np.log(np.where(ctrl > 0, ctrl, np.nan))
            z = np.log(np.where(y > 0, y, np.nan)) - offset
        else:
            z = y
        x_pre = _design(pre, weekday[pre], None if reg is None else reg[pre])
        x_post = _design(post, weekday[post], None if reg is None else reg[post])
        pinv = np.linalg.pinv(x_pre)
        beta = pinv @ z[pre]
        self.resid: Floats = z[pre] - x_pre @ beta
        if logs:
            smear = float(np.mean(np.exp(self.resid)))
            self.counter: Floats = np.exp(x_post @ beta + offset[post]) * smear
            self.fitted: Floats = np.exp(x_pre @ beta + offset[pre])
            slope = self.counter  # d counterfactual / d log-noise
        else:
            self.counter = x_post @ beta
            self.fitted = x_pre @ beta
            slope = np.ones(post.size)
        # the mean effect's error, to first order: mean(slope * (e_post - x_post pinv e_pre))
        start = int(pre[0])
        span = int(post[-1]) + 1 - start
        self.weights: Floats = np.zeros(span)
        self.weights[pre - start] = -((slope @ x_post) / post.size) @ pinv
        self.weights[post - start] = slope / post.size
        self.noise: Floats = np.zeros(span)
        self.noise[pre - start] = self.resid
        self.observed = np.zeros(span, dtype=bool)
        self.observed[pre - start] = True
        self.dof_scale = float(pre.size / max(pre.size - x_pre.shape[1], 1))

    def variance(self) -> float:
        lags = _bandwidth(_lag1(self.resid), self.resid.size)
        return _hac_variance(self.weights, self.noise, self.observed, lags) * self.dof_scale


def _lag1(resid: Floats) -> float:
    r = resid - resid.mean()
    denom = float(np.dot(r, r))
    return float(np.dot(r[1:], r[:-1]) / denom) if denom > 0 else 0.0


def _hac_variance(
    weights: Floats, noise: Floats, observed: npt.NDArray[np.bool_], lags: int
) -> float:
    """``w' S w`` over a span of days; the autocovariance comes from the observed days."""
    r = np.where(observed, noise - noise[observed].mean(), 0.0)
    n = int(observed.sum())
    total = float(np.dot(r, r) / n) * float(np.dot(weights, weights))
    for k in range(1, min(lags, weights.size - 1) + 1):
        pairs = int(np.sum(observed[k:] & observed[:-k]))
        if pairs == 0:
            continue
        gamma = float(np.dot(r[k:], r[:-k]) / pairs) * (pairs / n) * (n / max(n - k, 1))
        total += 2 * (1 - k / (lags + 1)) * gamma * float(np.dot(weights[k:], weights[:-k]))
    return max(total, 0.0)


def placebo_rate(
    days: Sequence[dt.date],
    values: Sequence[float],
    launch: dt.date,
    post_days: int,
    *,
    fit_days: int = 364,
    most: int = 20,
) -> tuple[float | None, int]:
    """The share of fake launches (a week apart, before ``launch``) whose 90 % interval
    excludes 0, and how many ran (None when the data leave room for none)."""
    hits = runs = 0
    for j in range(most):
        fake = launch - dt.timedelta(days=post_days + 7 * j)
        if (fake - days[0]).days < MIN_PRE_DAYS:
            break
        cut = (fake - days[0]).days
        values_to = list(values[: cut + post_days])
        try:
            window = launch_window(days[: len(values_to)], values_to, fake, post_days)
            fit = fit_its(window, fit_days=fit_days)
        except InputError:
            continue
        runs += 1
        hits += not (fit.low <= 0 <= fit.high)
    return (hits / runs if runs else None), runs
