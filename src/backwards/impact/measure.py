"""Measure a launch's effect on a WBR metric: its daily series from the WBR read model
(``backwards.wbr.metric_series``), then the interrupted time series of ``its``."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypedDict, Unpack

from backwards.errors import InputError, StateError
from backwards.impact.bsts import fit_bsts
from backwards.impact.its import fit_its, launch_window, placebo_rate
from backwards.impact.measurement import Effect, Measurement, PreFit, WeekEffect
from backwards.portfolio import BetRecord, MeasuredEffect, Status
from backwards.wbr import MetricSeries, metric_series
from backwards.workspace import Workspace

__all__ = [
    "MeasureOptions",
    "as_measured",
    "is_additive",
    "measure_bet",
    "measure_daily",
    "measure_metric",
]


class MeasureOptions(TypedDict, total=False):
    """The options ``measure_bet`` hands to ``measure_metric`` (see its defaults)."""

    workspace: Workspace | None
    weeks: int | None
    week_ending: dt.date | None
    placebos: int
    method: str


def measure_daily(
    metric: str,
    days: Sequence[dt.date],
    values: Sequence[float],
    launch: dt.date,
    *,
    additive: bool = True,
    weeks: int | None = None,
    placebos: int = 20,
    source: str = "",
    method: str = "its",
) -> Measurement:
    """The effect of a launch on ``launch`` on a daily series (consecutive ``days``, NaN for a
    blank); ``weeks`` caps the post-launch window (default: every day with data). ``method``:
    ``its`` (the interrupted time series) or ``bsts`` (``backwards.impact.bsts``, optional)."""
    post_days = None if weeks is None else 7 * weeks
    if method == "bsts":
        return _measure_bsts(metric, days, values, launch, additive, post_days, source)
    if method != "its":
        raise InputError(f"--method: {method!r} is not a method (its, bsts)")
    fit = fit_its(launch_window(days, values, launch, post_days))
    scale = 7.0 if additive else 1.0
    level = fit.mean_counterfactual
    rel = level != 0 and math.isfinite(level)
    effect = Effect(
        absolute=fit.mean_effect * scale,
        low=fit.low * scale,
        high=fit.high * scale,
        relative=fit.mean_effect / level if rel else None,
        relative_low=fit.low / level if rel else None,
        relative_high=fit.high / level if rel else None,
    )
    rate, runs = placebo_rate(days, values, launch, len(fit.post_days), most=placebos)
    return _measurement(
        fit, metric, launch, "its", effect, additive, scale, source, (rate, runs),
        _notes(fit.control, rate, runs),
    )  # fmt: skip


def _measurement(
    fit: Any,
    metric: str,
    launch: dt.date,
    method: str,
    effect: Effect,
    additive: bool,
    scale: float,
    source: str,
    placebo: tuple[float | None, int],
    notes: tuple[str, ...],
) -> Measurement:
    """A ``Measurement`` from a fitted model (its or bsts: the same fields of a fit)."""
    return Measurement(
        metric=metric,
        launch=launch,
        method=method,
        effect=effect,
        additive=additive,
        post_start=fit.post_days[0],
        post_end=fit.post_days[-1],
        weeks=_weeks(fit.post_days, fit.actual, fit.counterfactual, launch, scale),
        pre_fit=PreFit(
            fit.pre_start, fit.pre_days, fit.r2, fit.mape, fit.autocorrelation, fit.control
        ),
        placebo_false_positive_rate=placebo[0],
        placebo_runs=placebo[1],
        source=source,
        notes=notes,
    )


def _measure_bsts(
    metric: str,
    days: Sequence[dt.date],
    values: Sequence[float],
    launch: dt.date,
    additive: bool,
    post_days: int | None,
    source: str,
) -> Measurement:
    fit = fit_bsts(launch_window(days, values, launch, post_days))
    scale = 7.0 if additive else 1.0
    effect = Effect(
        absolute=fit.mean_effect * scale,
        low=fit.low * scale,
        high=fit.high * scale,
        relative=fit.relative,
        relative_low=fit.relative_low,
        relative_high=fit.relative_high,
    )
    notes = [n for n in _notes(fit.control, 0.0, 1) if "placebo" not in n]
    notes.append("no placebo check with --method bsts (use the default its for one)")
    return _measurement(
        fit, metric, launch, "bsts", effect, additive, scale, source, (None, 0), tuple(notes)
    )


def _weeks(
    days: Sequence[dt.date],
    actual: Sequence[float],
    counter: Sequence[float],
    launch: dt.date,
    scale: float,
) -> tuple[WeekEffect, ...]:
    by_week: dict[int, list[int]] = {}
    for i, day in enumerate(days):
        by_week.setdefault((day - launch).days // 7, []).append(i)
    out = []
    for k, idx in sorted(by_week.items()):
        n = len(idx)
        out.append(
            WeekEffect(
                start=launch + dt.timedelta(days=7 * k),
                end=launch + dt.timedelta(days=7 * k + 6),
                days=n,
                actual=sum(actual[i] for i in idx) / n * scale,
                counterfactual=sum(counter[i] for i in idx) / n * scale,
            )
        )
    return tuple(out)


def _notes(control: bool, rate: float | None, runs: int) -> tuple[str, ...]:
    notes = []
    if not control:
        notes.append(
            "the data do not reach a year before the fitted days: no prior-year control, "
            "so the yearly season is not modelled"
        )
    if rate is None:
        notes.append("too little data before launch for a placebo check")
    elif rate > 0.2:
        notes.append(
            f"the placebo check found an effect at {rate:.0%} of {runs} fake launch dates "
            "(an honest 90 % interval does at about 10 %): treat the interval as too narrow"
        )
    return tuple(notes)


def is_additive(series: MetricSeries) -> bool:
    """Whether the metric's weekly value is the sum of its days (orders) rather than a level
    or ratio (conversion): judged on the deck's weeks that have all seven days."""
    votes = []
    for week in (*series.weeks, *series.prior_weeks):
        values = series.between(week.start, week.end)
        if week.value is None or len(values) != 7 or any(v is None for v in values):
            continue
        total = math.fsum(v for v in values if v is not None)
        votes.append(math.isclose(week.value, total, rel_tol=1e-6, abs_tol=1e-9))
    return bool(votes) and all(votes)


def measure_metric(
    metric: str,
    config: Path | str | None = None,
    data: Sequence[Path | str] = (),
    *,
    launch: dt.date,
    workspace: Workspace | None = None,
    weeks: int | None = None,
    week_ending: dt.date | None = None,
    placebos: int = 20,
    method: str = "its",
) -> Measurement:
    """The effect of a launch on ``launch`` on the WBR ``metric`` (config and data as for
    ``backwards.wbr.build``; an unknown metric raises ``InputError`` with "did you mean")."""
    series = metric_series(metric, config, data, workspace=workspace, week_ending=week_ending)
    if not series.days or not series.days[0] < launch <= series.days[-1]:
        window = f"{series.days[0]} to {series.days[-1]}" if series.days else "empty"
        raise InputError(
            f"launch {launch} is outside the WBR window of {metric!r} ({window})",
            hint="Give a --launch inside the data (or a --week-ending whose window holds it).",
        )
    return measure_daily(
        metric,
        series.days,
        series.as_floats(),
        launch,
        additive=is_additive(series),
        weeks=weeks,
        placebos=placebos,
        source=f"WBR metric {metric!r}, days {series.days[0]} to {series.days[-1]}",
        method=method,
    )


def measure_bet(
    record: BetRecord,
    config: Path | str | None = None,
    data: Sequence[Path | str] = (),
    **options: Unpack[MeasureOptions],
) -> Measurement:
    """The effect of a launched bet on the metric its forecast names, from its launch date
    (``options`` as for ``measure_metric``)."""
    if record.status is not Status.LAUNCHED or record.launched_on is None:
        raise StateError(
            f"bet {record.bet.id!r} is {record.status.value}, not launched: nothing to measure",
            f"Record the launch first: backwards bet launch {record.bet.id} --on DATE",
        )
    return measure_metric(
        record.bet.impact.metric, config, data, launch=record.launched_on, **options
    )


def as_measured(m: Measurement) -> MeasuredEffect:
    """The measurement as the portfolio stores it with a bet."""
    e = m.effect
    return MeasuredEffect(
        metric=m.metric,
        launch=m.launch,
        method=m.method,
        absolute=e.absolute,
        low=e.low,
        high=e.high,
        relative=e.relative,
        post_start=m.post_start,
        post_end=m.post_end,
    )
