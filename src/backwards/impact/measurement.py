"""A measured effect of a launch on a metric: the values ``impact measure`` reports.

``effect.absolute`` is the change per week in the metric's units (for a metric that adds up
over days, such as orders, seven times the mean daily change; for a ratio or a level, such as
conversion, the mean daily change), ``effect.relative`` the change over the counterfactual in
the post-launch period (0.06 for +6 %), each with its 90 % interval.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Effect", "Measurement", "PreFit", "WeekEffect"]


@dataclass(frozen=True, slots=True)
class Effect:
    """The effect per week (absolute) and over the counterfactual (relative), 90 % intervals."""

    absolute: float
    low: float
    high: float
    relative: float | None  # None when there is no counterfactual level (an A/B without one)
    relative_low: float | None
    relative_high: float | None

    def covers(self, value: float) -> bool:
        return self.low <= value <= self.high


@dataclass(frozen=True, slots=True)
class WeekEffect:
    """One post-launch week (the last may be shorter): metric per week, actual and without
    the launch."""

    start: dt.date
    end: dt.date
    days: int
    actual: float
    counterfactual: float

    @property
    def effect(self) -> float:
        return self.actual - self.counterfactual


@dataclass(frozen=True, slots=True)
class PreFit:
    """How well the model fits the days before launch."""

    start: dt.date
    days: int
    r2: float
    mape: float
    autocorrelation: float
    control: bool  # the prior-year series was used


@dataclass(frozen=True, slots=True)
class Measurement:
    """A launch's measured effect on ``metric``; ``method`` is ``its`` or ``ab``."""

    metric: str
    launch: dt.date
    method: str
    effect: Effect
    additive: bool  # the metric adds up over days (a week is the sum of its days)
    post_start: dt.date | None = None
    post_end: dt.date | None = None
    weeks: tuple[WeekEffect, ...] = ()
    pre_fit: PreFit | None = None
    placebo_false_positive_rate: float | None = None
    placebo_runs: int = 0
    source: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def significant(self) -> bool:
        """Whether the 90 % interval excludes 0."""
        return not self.effect.covers(0.0)

    def to_dict(self) -> dict[str, Any]:
        e = self.effect
        return {
            "metric": self.metric,
            "launch": self.launch.isoformat(),
            "method": self.method,
            "unit": "metric units per week",
            "additive": self.additive,
            "effect": {
                "absolute": _num(e.absolute),
                "interval": [_num(e.low), _num(e.high)],
                "relative": _num(e.relative),
                "relative_interval": (
                    None
                    if e.relative_low is None or e.relative_high is None
                    else [_num(e.relative_low), _num(e.relative_high)]
                ),
                "level": 0.9,
            },
            "significant": self.significant,
            "post_period": (
                None
                if self.post_start is None or self.post_end is None
                else {"start": self.post_start.isoformat(), "end": self.post_end.isoformat()}
            ),
            "weeks": [
                {
                    "start": w.start.isoformat(),
                    "end": w.end.isoformat(),
                    "days": w.days,
                    "actual": _num(w.actual),
                    "counterfactual": _num(w.counterfactual),
                    "effect": _num(w.effect),
                }
                for w in self.weeks
            ],
            "pre_fit": (
                None
                if self.pre_fit is None
                else {
                    "start": self.pre_fit.start.isoformat(),
                    "days": self.pre_fit.days,
                    "r2": _num(self.pre_fit.r2),
                    "mape": _num(self.pre_fit.mape),
                    "residual_autocorrelation": _num(self.pre_fit.autocorrelation),
                    "prior_year_control": self.pre_fit.control,
                }
            ),
            "placebo_false_positive_rate": _num(self.placebo_false_positive_rate),
            "placebo_runs": self.placebo_runs,
            "source": self.source,
            "notes": list(self.notes),
        }


def _num(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(value, 6)
