"""ledger: commitments, revisions, resolutions, mistakes, action items, events

Revision ID: ledger_0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

from backwards.migrations import snapshot

revision = "ledger_0001"
down_revision = None
branch_labels = ("ledger",)
depends_on = None


def upgrade() -> None:
    snapshot.create(revision)  # the tables, as frozen in snapshots/ledger_0001.json


def downgrade() -> None:
    snapshot.drop(revision)
