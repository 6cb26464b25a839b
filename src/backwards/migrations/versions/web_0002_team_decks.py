"""web: team decks (uploads), share links, explanations per deck

Revision ID: web_0002
Revises: web_0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from backwards.migrations import snapshot

revision = "web_0002"
down_revision = "web_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "web_explanations",
        sa.Column("deck", sa.String(32), nullable=False, server_default="workspace"),
    )
    snapshot.create(revision)  # web_decks and web_shares, as frozen in snapshots/web_0002.json


def downgrade() -> None:
    snapshot.drop(revision)
    with op.batch_alter_table("web_explanations") as batch:
        batch.drop_column("deck")
