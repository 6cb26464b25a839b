"""portfolio: teams, bets, forecasts (append-only), events

Revision ID: portfolio_0001
Revises:
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "portfolio_0001"
down_revision = None
branch_labels = ("portfolio",)
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "portfolio_teams",
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("capacity", sa.Float, nullable=False),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("recorded_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_portfolio_teams"),
    )
    op.create_table(
        "portfolio_bets",
        sa.Column("id", sa.String(200), nullable=False),
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
        sa.Column("recorded_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_portfolio_bets"),
    )
    op.create_table(
        "portfolio_forecasts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("bet_id", sa.String(200), nullable=False),
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
        sa.Column("recorded_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_portfolio_forecasts"),
        sa.ForeignKeyConstraint(
            ["bet_id"],
            ["portfolio_bets.id"],
            name="fk_portfolio_forecasts_bet_id_portfolio_bets",
        ),
    )
    op.create_index("ix_portfolio_forecasts_bet_id", "portfolio_forecasts", ["bet_id"])
    op.create_table(
        "portfolio_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", TS, nullable=False),
        sa.Column("who", sa.String(200), nullable=False),
        sa.Column("bet_id", sa.String(200), nullable=True),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_portfolio_events"),
    )
    op.create_index("ix_portfolio_events_bet_id", "portfolio_events", ["bet_id"])


def downgrade() -> None:
    op.drop_index("ix_portfolio_events_bet_id", table_name="portfolio_events")
    op.drop_index("ix_portfolio_forecasts_bet_id", table_name="portfolio_forecasts")
    for table in ("portfolio_events", "portfolio_forecasts", "portfolio_bets", "portfolio_teams"):
        op.drop_table(table)
