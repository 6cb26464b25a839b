"""Relative forecasts in metric units: a fraction of the metric's last 12 weeks.

A bet may forecast its change as a fraction (``impact: {metric: Orders, p10: 0.02, p50: 0.05,
p90: 0.09, relative: true}``: +2 %, +5 %, +9 %). The base is the metric's mean week over the 12
weeks that end on the WBR's week ending, read through ``backwards.wbr.metric_series``: the
days' sum divided by 12 for a metric that adds up over days (orders), the days' mean for a ratio
or a level (conversion).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from backwards.errors import InputError
from backwards.impact.measure import is_additive
from backwards.portfolio import Impact, Portfolio
from backwards.wbr import MetricSeries, metric_series
from backwards.workspace import Workspace

__all__ = ["BASE_WEEKS", "Baseline", "absolute_forecasts", "baseline_of"]

BASE_WEEKS = 12


@dataclass(frozen=True, slots=True)
class Baseline:
    """A metric's mean week over its last 12 weeks: the base of relative forecasts."""

    metric: str
    per_week: float
    start: dt.date
    end: dt.date


def baseline_of(series: MetricSeries) -> Baseline:
    """The mean week of ``series`` over the 12 weeks ending on its week ending."""
    end = series.week_ending
    start = end - dt.timedelta(days=7 * BASE_WEEKS - 1)
    values = [v for v in series.between(start, end) if v is not None]
    if not values:
        raise InputError(
            f"{series.metric!r} has no values from {start} to {end}, the base of its relative "
            "forecasts",
            hint="Give the forecast in metric units, or WBR data that cover the last 12 weeks.",
        )
    per_week = (
        math.fsum(values) / BASE_WEEKS if is_additive(series) else math.fsum(values) / len(values)
    )
    return Baseline(series.metric, per_week, start, end)


def absolute_forecasts(
    portfolio: Portfolio,
    config: Path | str | None = None,
    data: Sequence[Path | str] = (),
    *,
    workspace: Workspace | None = None,
) -> tuple[Portfolio, dict[str, Baseline]]:
    """``portfolio`` with every relative forecast in metric units, and the base of each metric
    (WBR config and data as for ``backwards.wbr.build``)."""
    metrics = sorted({b.impact.metric for b in portfolio.bets if b.impact.relative})
    bases = {m: baseline_of(metric_series(m, config, data, workspace=workspace)) for m in metrics}
    bets = [
        replace(b, impact=_absolute(b.impact, bases[b.impact.metric].per_week))
        if b.impact.relative
        else b
        for b in portfolio.bets
    ]
    return replace(portfolio, bets=bets), bases


def _absolute(impact: Impact, base: float) -> Impact:
    return Impact(impact.metric, impact.p10 * base, impact.p50 * base, impact.p90 * base)
