"""web: PR/FAQ documents with their versions and line comments

Revision ID: web_0003
Revises: web_0002
Create Date: 2026-12-02
"""

from __future__ import annotations

from backwards.migrations import snapshot

revision = "web_0003"
down_revision = "web_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    snapshot.create(revision)  # the tables, as frozen in snapshots/web_0003.json


def downgrade() -> None:
    snapshot.drop(revision)
