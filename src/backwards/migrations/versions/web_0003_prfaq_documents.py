"""web: PR/FAQ documents with their versions and line comments"""

from __future__ import annotations

from backwards.migrations import snapshot

revision = "web_0003"
down_revision = "web_0002"


# the tables, as frozen in snapshots/web_0003.json
upgrade, downgrade = snapshot.steps(revision)
