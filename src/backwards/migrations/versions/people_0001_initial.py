"""people: people, teams, API tokens, events"""

from __future__ import annotations

from backwards.migrations import snapshot

revision = "people_0001"
down_revision = None
branch_labels = ("people",)

# the tables, as frozen in snapshots/people_0001.json
upgrade, downgrade = snapshot.steps(revision)
