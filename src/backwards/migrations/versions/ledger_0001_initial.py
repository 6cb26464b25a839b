"""ledger: commitments, revisions, resolutions, mistakes, action items, events

Revision ID: ledger_0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "ledger_0001"
down_revision = None
branch_labels = ("ledger",)
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "ledger_commitments",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("audience", sa.Text, nullable=False),
        sa.Column("statement", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("aspirational", sa.Boolean, nullable=False),
        sa.Column("made_at", TS, nullable=False),
        sa.Column("due", sa.Date, nullable=False),
        sa.Column("probability", sa.Float, nullable=True),
        sa.Column("p50_due", sa.Date, nullable=True),
        sa.Column("p90_due", sa.Date, nullable=True),
        sa.Column("metric", sa.String(200), nullable=True),
        sa.Column("target_value", sa.Float, nullable=True),
        sa.Column("weight", sa.Float, nullable=False),
        sa.Column("tags", sa.Text, nullable=False),
        sa.Column("links", sa.Text, nullable=False),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("recorded_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ledger_commitments"),
    )
    op.create_index("ix_ledger_commitments_owner", "ledger_commitments", ["owner"])
    op.create_table(
        "ledger_revisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("commitment_id", sa.Integer, nullable=False),
        sa.Column("made_at", TS, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("previous_due", sa.Date, nullable=False),
        sa.Column("new_due", sa.Date, nullable=True),
        sa.Column("new_target_value", sa.Float, nullable=True),
        sa.Column("new_scope", sa.Text, nullable=True),
        sa.Column("new_probability", sa.Float, nullable=True),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("recorded_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ledger_revisions"),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["ledger_commitments.id"],
            name="fk_ledger_revisions_commitment_id_ledger_commitments",
        ),
    )
    op.create_index("ix_ledger_revisions_commitment_id", "ledger_revisions", ["commitment_id"])
    op.create_table(
        "ledger_resolutions",
        sa.Column("commitment_id", sa.Integer, nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("resolved_on", sa.Date, nullable=False),
        sa.Column("actual_value", sa.Float, nullable=True),
        sa.Column("delivered_fraction", sa.Float, nullable=True),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("recorded_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("commitment_id", name="pk_ledger_resolutions"),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["ledger_commitments.id"],
            name="fk_ledger_resolutions_commitment_id_ledger_commitments",
        ),
    )
    op.create_table(
        "ledger_mistakes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("occurred_on", sa.Date, nullable=False),
        sa.Column("detected_on", sa.Date, nullable=True),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("what_happened", sa.Text, nullable=False),
        sa.Column("customer_impact", sa.Text, nullable=False),
        sa.Column("five_whys", sa.JSON, nullable=False),
        sa.Column("root_cause", sa.Text, nullable=False),
        sa.Column("tags", sa.Text, nullable=False),
        sa.Column("commitment_ids", sa.JSON, nullable=False),
        sa.Column("repeat_of", sa.Integer, nullable=True),
        sa.Column("repeat_confirmed_by", sa.String(200), nullable=False),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("recorded_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ledger_mistakes"),
        sa.ForeignKeyConstraint(
            ["repeat_of"],
            ["ledger_mistakes.id"],
            name="fk_ledger_mistakes_repeat_of_ledger_mistakes",
        ),
    )
    op.create_index("ix_ledger_mistakes_owner", "ledger_mistakes", ["owner"])
    op.create_table(
        "ledger_action_items",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("mistake_id", sa.Integer, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("due", sa.Date, nullable=False),
        sa.Column("closed_on", sa.Date, nullable=True),
        sa.Column("verification", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ledger_action_items"),
        sa.ForeignKeyConstraint(
            ["mistake_id"],
            ["ledger_mistakes.id"],
            name="fk_ledger_action_items_mistake_id_ledger_mistakes",
        ),
    )
    op.create_index("ix_ledger_action_items_mistake_id", "ledger_action_items", ["mistake_id"])
    op.create_table(
        "ledger_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", TS, nullable=False),
        sa.Column("who", sa.String(200), nullable=False),
        sa.Column("entity", sa.String(20), nullable=False),
        sa.Column("entity_id", sa.Integer, nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ledger_events"),
    )
    op.create_index("ix_ledger_events_entity", "ledger_events", ["entity", "entity_id"])


def downgrade() -> None:
    for index, table in (
        ("ix_ledger_events_entity", "ledger_events"),
        ("ix_ledger_action_items_mistake_id", "ledger_action_items"),
        ("ix_ledger_mistakes_owner", "ledger_mistakes"),
        ("ix_ledger_revisions_commitment_id", "ledger_revisions"),
        ("ix_ledger_commitments_owner", "ledger_commitments"),
    ):
        op.drop_index(index, table_name=table)
    for table in (
        "ledger_events",
        "ledger_action_items",
        "ledger_mistakes",
        "ledger_resolutions",
        "ledger_revisions",
        "ledger_commitments",
    ):
        op.drop_table(table)
