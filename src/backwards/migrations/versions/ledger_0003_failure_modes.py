"""ledger: the failure modes of a mistake (why it happened, from a controlled vocabulary)

Revision ID: ledger_0003
Revises: ledger_0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "ledger_0003"
down_revision = "ledger_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "ledger_mistakes",
        sa.Column("failure_modes", sa.Text, nullable=False, server_default=""),
    )


def downgrade() -> None:
    with op.batch_alter_table("ledger_mistakes") as batch:
        batch.drop_column("failure_modes")
