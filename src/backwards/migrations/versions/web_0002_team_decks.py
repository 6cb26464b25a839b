"""web: team decks (uploads), share links, explanations per deck

Revision ID: web_0002
Revises: web_0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "web_0002"
down_revision = "web_0001"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column(
        "web_explanations",
        sa.Column("deck", sa.String(32), nullable=False, server_default="workspace"),
    )
    op.create_table(
        "web_decks",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("team", sa.String(100), nullable=True),
        sa.Column("folder", sa.String(64), nullable=False),
        sa.Column("config_name", sa.String(200), nullable=False),
        sa.Column("data_name", sa.String(200), nullable=False),
        sa.Column("data_kind", sa.String(16), nullable=False),
        sa.Column("in_rollup", sa.Boolean, nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("removed_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_web_decks"),
    )
    op.create_table(
        "web_shares",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("deck", sa.String(32), nullable=False),
        sa.Column("week_ending", sa.Date, nullable=False),
        sa.Column("password_hash", sa.Text, nullable=True),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=True),
        sa.Column("revoked_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_web_shares"),
    )


def downgrade() -> None:
    op.drop_table("web_shares")
    op.drop_table("web_decks")
    with op.batch_alter_table("web_explanations") as batch:
        batch.drop_column("deck")
