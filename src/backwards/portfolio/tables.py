"""The portfolio's tables (SQLAlchemy Core) on the shared ``backwards.store.metadata``.

Migration ``portfolio_0001`` creates exactly these; a test compares the two. A bet row holds
what the planner needs besides the forecast; forecasts are rows of their own, appended, never
updated (the one in force is the latest; ``baseline_forecast_id`` is the one frozen when the
bet was planned); every change is also an event (who, when, what).
"""

from __future__ import annotations

import sqlalchemy as sa

from backwards.store import UtcDateTime, event_table, metadata

__all__ = ["bets", "events", "forecasts", "teams"]

teams = sa.Table(
    "portfolio_teams",
    metadata,
    sa.Column("name", sa.String(200), primary_key=True),
    sa.Column("capacity", sa.Float, nullable=False),
    sa.Column("recorded_by", sa.String(200), nullable=False),
    sa.Column("recorded_at", UtcDateTime, nullable=False),
)

bets = sa.Table(
    "portfolio_bets",
    metadata,
    sa.Column("id", sa.String(200), primary_key=True),
    # the order bets were written in (the naive plan takes them in this order)
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("owner", sa.String(200), nullable=False),
    sa.Column("team", sa.String(200), nullable=False),
    sa.Column("prfaq", sa.Text, nullable=True),
    sa.Column("people", sa.Float, nullable=False),
    sa.Column("weeks", sa.Integer, nullable=False),
    sa.Column("weeks_p90", sa.Integer, nullable=True),
    sa.Column("requires", sa.JSON, nullable=False),
    sa.Column("exclusive", sa.String(200), nullable=True),
    sa.Column("cost_of_delay", sa.String(16), nullable=False),
    sa.Column("deadline", sa.Date, nullable=True),
    sa.Column("life_weeks", sa.Integer, nullable=True),
    sa.Column("rice", sa.Float, nullable=True),
    sa.Column("wsjf", sa.Float, nullable=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("launched_on", sa.Date, nullable=True),
    sa.Column("baseline_forecast_id", sa.Integer, nullable=True),
    sa.Column("recorded_by", sa.String(200), nullable=False),
    sa.Column("recorded_at", UtcDateTime, nullable=False),
)

forecasts = sa.Table(
    "portfolio_forecasts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "bet_id", sa.String(200), sa.ForeignKey("portfolio_bets.id"), nullable=False, index=True
    ),
    sa.Column("metric", sa.String(200), nullable=False),
    sa.Column("p10", sa.Float, nullable=False),
    sa.Column("p50", sa.Float, nullable=False),
    sa.Column("p90", sa.Float, nullable=False),
    sa.Column("value_per_unit", sa.Float, nullable=False),
    sa.Column("probability", sa.Float, nullable=False),
    sa.Column("made_on", sa.Date, nullable=False),
    sa.Column("revision", sa.Boolean, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("recorded_by", sa.String(200), nullable=False),
    sa.Column("recorded_at", UtcDateTime, nullable=False),
)

events = event_table(
    "portfolio_events", sa.Column("bet_id", sa.String(200), nullable=True, index=True)
)
