"""ledger: imported marks (two clocks) and the append-only corrections

Revision ID: ledger_0002
Revises: ledger_0001
Create Date: 2026-12-02

Every commitment, revision, resolution and mistake says whether it came from an import (its
claimed times are then the file's; the entry time is the import's). Rows that an ``import``
event names are marked. ``ledger_corrections`` holds each correction with the value it replaced.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "ledger_0002"
down_revision = "ledger_0001"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
MARKED = ("ledger_commitments", "ledger_revisions", "ledger_resolutions", "ledger_mistakes")


def upgrade() -> None:
    for table in MARKED:  # a plain ADD COLUMN (SQLite needs no table copy for it)
        op.add_column(
            table, sa.Column("imported", sa.Boolean, nullable=False, server_default=sa.false())
        )
    imported = "SELECT entity_id FROM ledger_events WHERE entity = '{}' AND action = 'import'"
    op.execute(
        "UPDATE ledger_commitments SET imported = TRUE WHERE id IN ("
        + imported.format("commitment")
        + ")"
    )
    for table in ("ledger_revisions", "ledger_resolutions"):
        op.execute(
            f"UPDATE {table} SET imported = TRUE WHERE commitment_id IN ("
            + imported.format("commitment")
            + ")"
        )
    op.execute(
        "UPDATE ledger_mistakes SET imported = TRUE WHERE id IN ("
        + imported.format("mistake")
        + ")"
    )
    op.create_table(
        "ledger_corrections",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("commitment_id", sa.Integer, nullable=False),
        sa.Column("field", sa.String(40), nullable=False),
        sa.Column("old_value", sa.Text, nullable=False),
        sa.Column("new_value", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("recorded_at", TS, nullable=False),
        sa.Column("imported", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.PrimaryKeyConstraint("id", name="pk_ledger_corrections"),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["ledger_commitments.id"],
            name="fk_ledger_corrections_commitment_id_ledger_commitments",
        ),
    )
    op.create_index("ix_ledger_corrections_commitment_id", "ledger_corrections", ["commitment_id"])


def downgrade() -> None:
    op.drop_index("ix_ledger_corrections_commitment_id", table_name="ledger_corrections")
    op.drop_table("ledger_corrections")
    for table in MARKED:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("imported")
