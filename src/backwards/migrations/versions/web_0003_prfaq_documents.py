"""web: PR/FAQ documents with their versions and line comments

Revision ID: web_0003
Revises: web_0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "web_0003"
down_revision = "web_0002"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "web_prfaq_documents",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("owner", sa.String(64), nullable=False),
        sa.Column("team", sa.String(100), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_web_prfaq_documents"),
    )
    op.create_table(
        "web_prfaq_versions",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("document_id", sa.Integer, nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("verdict", sa.String(40), nullable=False),
        sa.Column("score", sa.Integer, nullable=True),
        sa.Column("findings", sa.Integer, nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("saved_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_web_prfaq_versions"),
        sa.UniqueConstraint("document_id", "number", name="uq_web_prfaq_versions_number"),
    )
    op.create_index("ix_web_prfaq_versions_document_id", "web_prfaq_versions", ["document_id"])
    op.create_table(
        "web_prfaq_comments",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("document_id", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("line", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("written_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_web_prfaq_comments"),
    )
    op.create_index("ix_web_prfaq_comments_document_id", "web_prfaq_comments", ["document_id"])


def downgrade() -> None:
    op.drop_table("web_prfaq_comments")
    op.drop_table("web_prfaq_versions")
    op.drop_table("web_prfaq_documents")
