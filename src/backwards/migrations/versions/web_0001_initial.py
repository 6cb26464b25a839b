"""web: sessions, login attempts, events, variance explanations"""

from __future__ import annotations

from backwards.migrations import snapshot

revision = "web_0001"
down_revision = None
branch_labels = ("web",)

# the tables, as frozen in snapshots/web_0001.json
upgrade, downgrade = snapshot.steps(revision)
