"""Closing the loop: each measured bet against its forecast, and each owner's and team's record.

Per measured bet (the forecast frozen when it was planned, else the one in force, against the
latest measurement):

- **realisation** ``r = measured / P50`` (None when P50 is 0);
- **covered**: whether the P10-P90 range holds the measurement (an honest 80 % range does in
  about 80 % of launches);
- **PIT** ``u = F(measured)``, with ``F`` the split normal through the forecast's P10, P50 and
  P90 (uniform over many launches when the forecasts are calibrated).

Per owner and per team: the coverage of their ranges, the median realisation, and a
**shrinkage factor** ``k``: the mean realisation pulled towards a sceptical prior,

    k = (n * mean(r) + n0 * k0) / (n + n0),   at most 1,

with ``k0 = 1/3`` and ``n0 = 8``. The prior says that most ideas do not move their metric:
in Microsoft's online experiments about a third of ideas improved the metric they were
designed to improve, a third had no significant effect and a third hurt it (Kohavi, Crook,
Longbotham et al., "Online Experimentation at Microsoft", 2009; Kohavi, Tang and Xu,
"Trustworthy Online Controlled Experiments", 2020, chapter 1). If a third of forecasts come
true as stated and the rest realise about nothing, the expected realisation is a third. The
prior weighs as much as eight measured launches, so an owner's own record takes over as it
grows. Each ratio is clipped to [-1, 3] first, so that one forecast near 0 cannot swamp the
mean.

``calibrate`` applies ``k`` to a portfolio for planning: each bet's P10, P50 and P90 are
multiplied by its owner's ``k`` (an owner without measured launches gets the prior's), and its
probability of success becomes 1, because measured realisations already count the launches
that failed: the calibrated expected value per week is ``k x mean impact x value per unit``.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from statistics import NormalDist
from typing import Any

from backwards.portfolio import BetRecord, MeasuredEffect, Portfolio

__all__ = [
    "PRIOR_REALISATION",
    "PRIOR_WEIGHT",
    "BetReview",
    "GroupRecord",
    "calibrate",
    "calibration_rows",
    "group_records",
    "pit",
    "review_bets",
    "shrinkage",
]

PRIOR_REALISATION = 1 / 3  # k0: about a third of ideas move their metric (Kohavi et al.)
PRIOR_WEIGHT = 8.0  # n0: the prior weighs as much as eight measured launches
CLIP = (-1.0, 3.0)
_Z90 = NormalDist().inv_cdf(0.9)


def pit(measured: float, p10: float, p50: float, p90: float) -> float:
    """``F(measured)`` for the split normal whose 10th, 50th and 90th percentiles are the
    forecast's (a step where two of them coincide)."""
    spread = (p50 - p10) if measured < p50 else (p90 - p50)
    if spread <= 0:
        return 0.0 if measured < p50 else (1.0 if measured > p50 else 0.5)
    return NormalDist().cdf((measured - p50) / (spread / _Z90))


@dataclass(frozen=True, slots=True)
class BetReview:
    """One measured bet against the forecast it was planned with."""

    bet_id: str
    owner: str
    team: str
    metric: str
    p10: float
    p50: float
    p90: float
    probability: float
    measured: float
    low: float
    high: float
    method: str
    #: what one unit of the metric is worth (the forecast's), and the launch date
    value_per_unit: float | None = None
    launched_on: date | None = None

    @property
    def measured_value(self) -> float | None:
        """The measured effect per week in value (money or points): measured x value per unit."""
        return None if self.value_per_unit is None else self.measured * self.value_per_unit

    @property
    def realisation(self) -> float | None:
        return self.measured / self.p50 if self.p50 != 0 else None

    @property
    def covered(self) -> bool:
        return self.p10 <= self.measured <= self.p90

    @property
    def pit(self) -> float:
        return pit(self.measured, self.p10, self.p50, self.p90)

    def to_dict(self) -> dict[str, Any]:
        return {
            "bet": self.bet_id,
            "owner": self.owner,
            "team": self.team,
            "metric": self.metric,
            "forecast": {
                "p10": self.p10,
                "p50": self.p50,
                "p90": self.p90,
                "probability": self.probability,
            },
            "measured": {
                "absolute": self.measured,
                "interval": [self.low, self.high],
                "method": self.method,
                "value": _num(self.measured_value),
            },
            "launched_on": self.launched_on.isoformat() if self.launched_on else None,
            "realisation": _num(self.realisation),
            "covered": self.covered,
            "pit": round(self.pit, 6),
        }


def review_bets(
    records: Iterable[BetRecord],
    measured: Mapping[str, MeasuredEffect],
    *,
    owner: str | None = None,
    since: date | None = None,
) -> list[BetReview]:
    """The measured bets among ``records`` (in their order), each against the forecast frozen
    when it was planned (else the one in force); only ``owner``'s, and only those launched on
    or after ``since``, when given."""
    out = []
    for record in records:
        effect = measured.get(record.bet.id)
        if effect is None or (owner is not None and record.bet.owner != owner):
            continue
        launched = record.launched_on or effect.launch
        if since is not None and launched < since:
            continue
        f = record.baseline or record.forecast
        out.append(
            BetReview(
                bet_id=record.bet.id,
                owner=record.bet.owner or "-",
                team=record.bet.team,
                metric=f.metric,
                p10=f.p10,
                p50=f.p50,
                p90=f.p90,
                probability=f.probability,
                measured=effect.absolute,
                low=effect.low,
                high=effect.high,
                method=effect.method,
                value_per_unit=f.value_per_unit,
                launched_on=launched,
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class GroupRecord:
    """An owner's or a team's measured launches: coverage, median realisation, shrinkage."""

    name: str
    launches: int
    coverage: float | None
    median_realisation: float | None
    mean_realisation: float | None
    shrinkage: float
    #: the measured effects per week in value, summed (None: no bet knows its unit's value)
    measured_value: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "launches": self.launches,
            "coverage": _num(self.coverage),
            "median_realisation": _num(self.median_realisation),
            "mean_realisation": _num(self.mean_realisation),
            "shrinkage": round(self.shrinkage, 6),
            "measured_value": _num(self.measured_value),
        }


def shrinkage(ratios: list[float]) -> float:
    """``k``: the clipped mean realisation pulled towards the sceptical prior, at most 1."""
    n = len(ratios)
    clipped = [min(max(r, CLIP[0]), CLIP[1]) for r in ratios]
    k = (math.fsum(clipped) + PRIOR_WEIGHT * PRIOR_REALISATION) / (n + PRIOR_WEIGHT)
    return min(k, 1.0)


def group_records(reviews: Iterable[BetReview], by: str = "owner") -> list[GroupRecord]:
    """Per owner (``by="owner"``) or per team (``"team"``), sorted by name."""
    groups: dict[str, list[BetReview]] = {}
    for r in reviews:
        groups.setdefault(r.owner if by == "owner" else r.team, []).append(r)
    out = []
    for name in sorted(groups):
        items = groups[name]
        ratios = [x for x in (r.realisation for r in items) if x is not None]
        values = [v for v in (r.measured_value for r in items) if v is not None]
        out.append(
            GroupRecord(
                name=name,
                launches=len(items),
                coverage=sum(r.covered for r in items) / len(items),
                median_realisation=statistics.median(ratios) if ratios else None,
                mean_realisation=statistics.fmean(ratios) if ratios else None,
                shrinkage=shrinkage(ratios),
                measured_value=math.fsum(values) if values else None,
            )
        )
    return out


def calibrate(portfolio: Portfolio, owners: Mapping[str, GroupRecord]) -> Portfolio:
    """The portfolio with each bet's impact scaled by its owner's shrinkage factor (the prior's
    without a record) and its probability 1 (the factor counts failed launches already)."""
    prior = shrinkage([])
    bets = [
        replace(
            b,
            impact=b.impact.scaled(owners[b.owner].shrinkage if b.owner in owners else prior),
            probability=1.0,
        )
        for b in portfolio.bets
    ]
    return replace(portfolio, bets=bets)


def _num(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else round(value, 6)


def calibration_rows(stated: Portfolio, owners: Mapping[str, GroupRecord]) -> list[dict[str, Any]]:
    """Each bet's stated and calibrated forecast and expected value per week, side by side."""
    prior = shrinkage([])
    rows = []
    for b in stated.bets:
        record = owners.get(b.owner)
        k = record.shrinkage if record else prior
        i = b.impact
        rows.append(
            {
                "id": b.id,
                "owner": b.owner,
                "launches_measured": record.launches if record else 0,
                "factor": round(k, 6),
                "stated": {
                    "p10": i.p10,
                    "p50": i.p50,
                    "p90": i.p90,
                    "probability": b.probability,
                    "weekly_value": b.weekly_value,
                },
                "calibrated": {
                    "p10": i.p10 * k,
                    "p50": i.p50 * k,
                    "p90": i.p90 * k,
                    "probability": 1.0,
                    "weekly_value": k * i.mean * b.value_per_unit,
                },
            }
        )
    return rows
