"""ledger: commitments, revisions, resolutions, mistakes, action items, events"""

from __future__ import annotations

from backwards.migrations import snapshot

revision = "ledger_0001"
down_revision = None
branch_labels = ("ledger",)

# the tables, as frozen in snapshots/ledger_0001.json
upgrade, downgrade = snapshot.steps(revision)
