"""The Bayesian structural time-series method (``impact measure --method bsts``), optional.

The idea of Google's CausalImpact, with statsmodels' ``UnobservedComponents`` (the optional
extra ``backwards[bsts]``): a state-space model fitted on the days before launch,

    log y[t] - log control[t] = level[t] + weekday[t] + u[t],   level[t] a random walk,
                                                                u[t] AR(1) noise,

with the same prior-year control as the interrupted time series (the mean of the seven days
centred on the same date a year earlier; left out when the data do not reach back a year),
and a metric with zero or negative days modelled in its own units. The counterfactual after
launch is simulated from the fitted model (``DRAWS`` paths from the state at launch, seeded):
each path gives a mean effect (actual minus the path); the estimate is their median and the
90 % interval their 5th to 95th percentiles, so the uncertainty of the level carried forward
is in the interval. Parameter uncertainty is not (maximum likelihood, not MCMC), and there is no
placebo check (one fit takes about a second): the interrupted time series is the default.
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from backwards.errors import InputError
from backwards.impact.its import MIN_PRE_DAYS, LaunchWindow
from backwards.wording import count

__all__ = ["DRAWS", "BstsFit", "fit_bsts"]

DRAWS = 400


@dataclass(frozen=True, slots=True)
class BstsFit:
    """The post-launch days, actual and counterfactual values, and the effect's draws."""

    post_days: tuple[dt.date, ...]
    actual: tuple[float, ...]
    counterfactual: tuple[float, ...]  # the median path, day by day
    mean_effect: float
    low: float
    high: float
    relative: float | None
    relative_low: float | None
    relative_high: float | None
    pre_start: dt.date
    pre_days: int
    r2: float
    mape: float
    autocorrelation: float
    control: bool


def _statsmodels() -> Any:
    try:
        from statsmodels.tsa.statespace.structural import (  # type: ignore[import-untyped]
            UnobservedComponents,
        )
    except ImportError:
        raise InputError(
            "--method bsts needs statsmodels, which is not installed",
            hint="Install the extra: pip install 'backwards[bsts]' (or use the default --method "
            "its).",
        ) from None
    return UnobservedComponents


def fit_bsts(
    window: LaunchWindow, *, fit_days: int = 364, draws: int = DRAWS, seed: int = 0
) -> BstsFit:
    """Fit on the (at most ``fit_days``) days before the launch and simulate the
    counterfactual over the window after it."""
    components = _statsmodels()
    first, launch, y, ctrl = window.first, window.launch, window.y, window.ctrl
    cut, end = window.cut, window.end
    start = max(0, cut - fit_days)
    known = ~np.isnan(ctrl[start:cut])
    use_ctrl = int(known.sum()) >= max(MIN_PRE_DAYS, (cut - start) // 2)
    if use_ctrl:
        start += int(np.argmax(known))  # from the first day with a control
    with_data = int(np.sum(~np.isnan(y[start:cut])))
    if with_data < MIN_PRE_DAYS:
        raise InputError(
            f"only {count(with_data, 'day')} with data before launch {launch}",
            hint=f"The fit needs at least {MIN_PRE_DAYS}; give a later --launch or more data.",
        )
    span = slice(start, end)
    logged = bool(np.all(y[span][~np.isnan(y[span])] > 0)) and (
        not use_ctrl or bool(np.all(ctrl[span][~np.isnan(ctrl[span])] > 0))
    )
    fwd = np.log if logged else (lambda a: a)
    back = np.exp if logged else (lambda a: a)
    # the control's coefficient is 1, as in the interrupted time series: noise in last year's
    # values cannot shrink it
    base = fwd(_ffill(ctrl)) if use_ctrl else np.zeros(y.size)
    target = fwd(y) - base
    pre = slice(start, cut)
    model = components(
        target[pre], level="local level", freq_seasonal=[{"period": 7, "harmonics": 3}],
        autoregressive=1,
    )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter from the optimiser
        result = model.fit(disp=False, maxiter=200)
        paths = result.simulate(
            end - cut, repetitions=draws, anchor="end", rng=np.random.default_rng(seed)
        )
    sims = back(np.asarray(paths).reshape(end - cut, draws) + base[cut:end, None])
    actual = y[cut:end]
    ok = ~np.isnan(actual)
    effects = np.mean(actual[ok, None] - sims[ok], axis=0)
    levels = np.mean(sims[ok], axis=0)
    low, mid, high = (float(v) for v in np.quantile(effects, [0.05, 0.5, 0.95]))
    rel_draws = effects / levels
    rel = [float(v) for v in np.quantile(rel_draws, [0.05, 0.5, 0.95])]
    relative_ok = bool(np.all(levels > 0))
    fitted = back(np.asarray(result.fittedvalues) + base[pre])
    obs = y[pre]
    keep = ~np.isnan(obs)
    keep[: min(14, keep.size)] = False  # the filter's burn-in
    misfit = obs[keep] - fitted[keep]
    ss = float(np.sum((obs[keep] - obs[keep].mean()) ** 2))
    nonzero = obs[keep] != 0
    return BstsFit(
        post_days=tuple(first + dt.timedelta(days=int(i)) for i in np.arange(cut, end)[ok]),
        actual=tuple(float(v) for v in actual[ok]),
        counterfactual=tuple(float(v) for v in np.median(sims[ok], axis=1)),
        mean_effect=mid,
        low=low,
        high=high,
        relative=rel[1] if relative_ok else None,
        relative_low=rel[0] if relative_ok else None,
        relative_high=rel[2] if relative_ok else None,
        pre_start=first + dt.timedelta(days=start),
        pre_days=int(np.sum(~np.isnan(obs))),
        r2=1 - float(np.sum(misfit**2)) / ss if ss > 0 else math.nan,
        mape=float(np.mean(np.abs(misfit[nonzero] / obs[keep][nonzero])))
        if nonzero.any()
        else math.nan,
        autocorrelation=_lag1(misfit),
        control=use_ctrl,
    )


def _ffill(a: Any) -> Any:
    """Blanks carry the last known value forward (the first ones the first known)."""
    out = np.array(a, dtype=float)
    idx = np.where(~np.isnan(out), np.arange(out.size), 0)
    np.maximum.accumulate(idx, out=idx)
    out = out[idx]
    known = np.flatnonzero(~np.isnan(out))
    if known.size:
        out[: known[0]] = out[known[0]]
    return out


def _lag1(r: Any) -> float:
    if r.size < 3:
        return math.nan
    d = r - r.mean()
    den = float(np.dot(d, d))
    return float(np.dot(d[1:], d[:-1]) / den) if den > 0 else math.nan
