"""portfolio: teams, bets, forecasts (append-only), events"""

from __future__ import annotations

from backwards.migrations import snapshot

revision = "portfolio_0001"
down_revision = None
branch_labels = ("portfolio",)

# the tables, as frozen in snapshots/portfolio_0001.json
upgrade, downgrade = snapshot.steps(revision)
