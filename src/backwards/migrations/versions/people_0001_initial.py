"""people: people, teams, API tokens, events

Revision ID: people_0001
Revises:
Create Date: 2026-12-02
"""

from __future__ import annotations

from backwards.migrations import snapshot

revision = "people_0001"
down_revision = None
branch_labels = ("people",)
depends_on = None


def upgrade() -> None:
    snapshot.create(revision)  # the tables, as frozen in snapshots/people_0001.json


def downgrade() -> None:
    snapshot.drop(revision)
