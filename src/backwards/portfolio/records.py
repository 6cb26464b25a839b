"""Bets as stored: the record of one bet (its forecasts and events) and the status rules.

Statuses move forward: idea -> planned -> building -> launched, and any of the first three may
be dropped. When a bet becomes planned its forecast in force is frozen (the baseline); later
forecast changes are revisions, kept beside it, as in the ledger.
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from backwards.portfolio.model import Bet

__all__ = [
    "ACTIVE",
    "BetRecord",
    "Forecast",
    "MeasuredEffect",
    "PortfolioEvent",
    "Status",
    "bet_fields",
    "can_move",
    "forecast_dict",
    "record_dict",
]


class Status(enum.Enum):
    IDEA = "idea"
    PLANNED = "planned"
    BUILDING = "building"
    LAUNCHED = "launched"
    DROPPED = "dropped"


#: The statuses a plan considers.
ACTIVE = (Status.IDEA, Status.PLANNED, Status.BUILDING)

_ORDER = {Status.IDEA: 0, Status.PLANNED: 1, Status.BUILDING: 2, Status.LAUNCHED: 3}


def can_move(old: Status, new: Status) -> bool:
    """Forward moves only; a launched or dropped bet is final."""
    if old in (Status.LAUNCHED, Status.DROPPED):
        return False
    if new is Status.DROPPED:
        return True
    return _ORDER[new] > _ORDER[old]


@dataclass(frozen=True, slots=True)
class Forecast:
    """One forecast of a bet's impact, as made (never changed)."""

    id: int
    metric: str
    p10: float
    p50: float
    p90: float
    value_per_unit: float
    probability: float
    made_on: date
    revision: bool
    reason: str
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class PortfolioEvent:
    id: int
    at: datetime
    who: str
    bet_id: str | None
    action: str
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class BetRecord:
    """A stored bet: the planner's view (``bet``, with the forecast in force), its status,
    its forecasts (oldest first, the baseline marked) and its events."""

    bet: Bet
    status: Status
    prfaq: str | None
    launched_on: date | None
    forecasts: tuple[Forecast, ...]
    baseline_forecast_id: int | None
    events: tuple[PortfolioEvent, ...] = ()

    @property
    def forecast(self) -> Forecast:
        return self.forecasts[-1]

    @property
    def baseline(self) -> Forecast | None:
        for f in self.forecasts:
            if f.id == self.baseline_forecast_id:
                return f
        return None


@dataclass(frozen=True, slots=True)
class MeasuredEffect:
    """What a bet's launch did to its metric, per week (metric units), 90 % interval."""

    metric: str
    launch: date
    method: str
    absolute: float
    low: float
    high: float
    relative: float | None = None
    post_start: date | None = None
    post_end: date | None = None

    def to_data(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("launch", "post_start", "post_end"):
            data[key] = data[key].isoformat() if data[key] else None
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> MeasuredEffect:
        def day(key: str) -> date | None:
            return date.fromisoformat(data[key]) if data.get(key) else None

        launch = day("launch")
        if launch is None:
            raise ValueError("a measurement without a launch date")
        return cls(
            metric=str(data["metric"]),
            launch=launch,
            method=str(data["method"]),
            absolute=float(data["absolute"]),
            low=float(data["low"]),
            high=float(data["high"]),
            relative=None if data.get("relative") is None else float(data["relative"]),
            post_start=day("post_start"),
            post_end=day("post_end"),
        )


def forecast_dict(f: Forecast) -> dict[str, Any]:
    """A forecast as JSON-ready data: its fields in order, dates as ISO text."""
    return {**asdict(f), "made_on": f.made_on.isoformat(), "recorded_at": f.recorded_at.isoformat()}


def bet_fields(b: Bet) -> dict[str, Any]:
    """The fields of a bet that are stored and shown as they are (the rest is encoded)."""
    return {
        "title": b.title,
        "owner": b.owner,
        "team": b.team,
        "people": b.people,
        "weeks": b.weeks,
        "weeks_p90": b.weeks_p90,
        "requires": list(b.requires),
        "exclusive": b.exclusive,
    }


def record_dict(r: BetRecord) -> dict[str, Any]:
    """A stored bet as JSON-ready data: its fields, forecasts and events."""
    b = r.bet
    return {
        "id": b.id,
        **bet_fields(b),
        "status": r.status.value,
        "prfaq": r.prfaq,
        "launched_on": r.launched_on.isoformat() if r.launched_on else None,
        "cost_of_delay": b.cost_of_delay.describe(),
        "weekly_value": b.weekly_value,
        "forecast": forecast_dict(r.forecast),
        "baseline_forecast_id": r.baseline_forecast_id,
        "forecasts": [forecast_dict(f) for f in r.forecasts],
        "events": [
            {"at": e.at.isoformat(), "who": e.who, "action": e.action, "data": e.data}
            for e in r.events
        ],
    }
