"""ledger: the failure modes of a mistake (why it happened, from a controlled vocabulary)"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from backwards.migrations import snapshot

revision = "ledger_0003"
down_revision = "ledger_0002"


def upgrade() -> None:
    op.add_column(
        "ledger_mistakes",
        sa.Column("failure_modes", sa.Text, nullable=False, server_default=""),
    )


def downgrade() -> None:
    snapshot.drop_columns("ledger_mistakes", "failure_modes")
