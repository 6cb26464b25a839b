"""Measured effects of launched bets, kept as ``measure`` events of the bet (append-only).

A measurement is made outside the portfolio (``backwards.impact`` reads the WBR metric); the
portfolio stores what was measured: the effect per week in the forecast's metric units with
its 90 % interval, the method and the window. The latest measurement of a bet is the one in
force; earlier ones stay in its history.
"""

from __future__ import annotations

import math
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from backwards.errors import InputError, StateError
from backwards.portfolio import tables as t
from backwards.portfolio.records import MeasuredEffect, Status
from backwards.store import Store

__all__ = ["MeasurementLog"]

ACTION = "measure"


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
