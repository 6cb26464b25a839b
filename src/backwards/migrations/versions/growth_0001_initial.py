"""growth: journal entries, assessments (expectations frozen), events"""

from __future__ import annotations

from backwards.migrations import snapshot

revision = "growth_0001"
down_revision = None
branch_labels = ("growth",)

# the tables, as frozen in snapshots/growth_0001.json
upgrade, downgrade = snapshot.steps(revision)
