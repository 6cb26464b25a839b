"""growth: journal entries, assessments (expectations frozen), events

Revision ID: growth_0001
Revises:
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "growth_0001"
down_revision = None
branch_labels = ("growth",)
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "growth_entries",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("link", sa.Text, nullable=True),
        sa.Column("occurred_on", sa.Date, nullable=False),
        sa.Column("grades", sa.JSON, nullable=False),
        sa.Column("answered_first", sa.Boolean, nullable=True),
        sa.Column("gave_number", sa.Boolean, nullable=True),
        sa.Column("owned_problem", sa.Boolean, nullable=True),
        sa.Column("pushed_back", sa.Boolean, nullable=True),
        sa.Column("return_on_time", sa.Integer, nullable=True),
        sa.Column("better", sa.Text, nullable=False),
        sa.Column("tags", sa.JSON, nullable=False),
        sa.Column("shared", sa.Boolean, nullable=False),
        sa.Column("recorded_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_growth_entries"),
    )
    op.create_index("ix_growth_entries_author", "growth_entries", ["author"])
    op.create_table(
        "growth_assessments",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("person", sa.String(200), nullable=False),
        sa.Column("rater", sa.String(200), nullable=False),
        sa.Column("rater_kind", sa.String(16), nullable=False),
        sa.Column("level", sa.String(200), nullable=False),
        sa.Column("assessed_on", sa.Date, nullable=False),
        sa.Column("expected", sa.JSON, nullable=False),
        sa.Column("ratings", sa.JSON, nullable=False),
        sa.Column("notes", sa.JSON, nullable=False),
        sa.Column("recorded_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_growth_assessments"),
    )
    op.create_index("ix_growth_assessments_person", "growth_assessments", ["person"])
    op.create_table(
        "growth_events",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("who", sa.String(200), nullable=False),
        sa.Column("entry_id", sa.Integer, nullable=True),
        sa.Column("assessment_id", sa.Integer, nullable=True),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_growth_events"),
    )
    op.create_index("ix_growth_events_entry_id", "growth_events", ["entry_id"])
    op.create_index("ix_growth_events_assessment_id", "growth_events", ["assessment_id"])


def downgrade() -> None:
    op.drop_index("ix_growth_events_assessment_id", table_name="growth_events")
    op.drop_index("ix_growth_events_entry_id", table_name="growth_events")
    op.drop_index("ix_growth_assessments_person", table_name="growth_assessments")
    op.drop_index("ix_growth_entries_author", table_name="growth_entries")
    for table in ("growth_events", "growth_assessments", "growth_entries"):
        op.drop_table(table)
