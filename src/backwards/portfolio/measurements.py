"""Measured effects of launched bets, kept as ``measure`` events of the bet (append-only).

A measurement is made outside the portfolio (``backwards.impact`` reads the WBR metric); the
portfolio stores what was measured: the effect per week in the forecast's metric units with
its 90 % interval, the method and the window. The latest measurement of a bet is the one in
force; earlier ones stay in its history.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from backwards.errors import InputError, StateError
from backwards.portfolio import tables as t
from backwards.portfolio.records import Status
from backwards.store import Store

__all__ = ["MeasuredEffect", "MeasurementLog"]

ACTION = "measure"


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
        assert launch is not None
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


class MeasurementLog:
    """The measurements of one store's bets."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def record(self, bet_id: str, effect: MeasuredEffect, *, by: str, at: datetime) -> None:
        """Store a launched bet's measurement (one event; the bet must be launched)."""
        values = (effect.absolute, effect.low, effect.high)
        if not all(math.isfinite(v) for v in values) or not effect.low <= effect.high:
            raise InputError(f"bet {bet_id!r}: the measured effect is not a finite interval")

        def work(conn: Connection) -> None:
            row = conn.execute(
                sa.select(t.bets.c.status).where(t.bets.c.id == bet_id)
            ).scalar_one_or_none()
            if row is None:
                raise InputError(
                    f"there is no bet {bet_id!r}", "Run `backwards bet list` to see the ids."
                )
            if Status(row) is not Status.LAUNCHED:
                raise StateError(
                    f"bet {bet_id!r} is {row}, not launched: there is nothing to measure",
                    f"Record the launch first: backwards bet launch {bet_id} --on DATE",
                )
            conn.execute(
                t.events.insert().values(
                    at=at, who=by, bet_id=bet_id, action=ACTION, data=effect.to_data()
                )
            )

        self.store.write(work)

    def latest(self) -> dict[str, MeasuredEffect]:
        """Each measured bet's latest measurement, by bet id."""
        query = sa.select(t.events.c.bet_id, t.events.c.data).where(t.events.c.action == ACTION)
        out: dict[str, MeasuredEffect] = {}
        with self.store.read() as conn:
            for bet_id, data in conn.execute(query.order_by(t.events.c.id)):
                out[str(bet_id)] = MeasuredEffect.from_data(dict(data))
        return out
