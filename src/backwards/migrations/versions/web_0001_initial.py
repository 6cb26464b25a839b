"""web: sessions, login attempts, events, variance explanations

Revision ID: web_0001
Revises:
Create Date: 2026-12-02
"""

from __future__ import annotations

from backwards.migrations import snapshot

revision = "web_0001"
down_revision = None
branch_labels = ("web",)
depends_on = None


def upgrade() -> None:
    snapshot.create(revision)  # the tables, as frozen in snapshots/web_0001.json


def downgrade() -> None:
    snapshot.drop(revision)
