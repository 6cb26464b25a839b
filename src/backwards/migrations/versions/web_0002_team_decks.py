"""web: team decks (uploads), share links, explanations per deck"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from backwards.migrations import snapshot

revision = "web_0002"
down_revision = "web_0001"


def upgrade() -> None:
    op.add_column(
        "web_explanations",
        sa.Column("deck", sa.String(32), nullable=False, server_default="workspace"),
    )
    snapshot.create(revision)  # web_decks and web_shares, as frozen in snapshots/web_0002.json


def downgrade() -> None:
    snapshot.drop(revision)
    snapshot.drop_columns("web_explanations", "deck")
