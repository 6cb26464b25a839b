"""ledger: imported marks (two clocks) and the append-only corrections

Every commitment, revision, resolution and mistake says whether it came from an import (its
claimed times are then the file's; the entry time is the import's). Rows that an ``import``
event names are marked. ``ledger_corrections`` holds each correction with the value it replaced.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from backwards.migrations import snapshot

revision = "ledger_0002"
down_revision = "ledger_0001"

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
    snapshot.create(revision)  # ledger_corrections, as frozen in snapshots/ledger_0002.json


def downgrade() -> None:
    snapshot.drop(revision)
    for table in MARKED:
        snapshot.drop_columns(table, "imported")
