"""The workspace's bets as a plan file (YAML): ``portfolio export``, the same shape
``portfolio plan`` and ``portfolio import`` read, plus each bet's status, PR/FAQ, the date of
its forecast and its launch date."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from backwards.portfolio.model import Team
from backwards.portfolio.planfile import bet_to_yaml
from backwards.portfolio.records import BetRecord

__all__ = ["export_yaml"]


def export_yaml(teams: Mapping[str, Team], records: Sequence[BetRecord], *, horizon: int) -> str:
    """The plan file for ``records`` (every status; ``portfolio plan`` plans the active ones)."""
    bets: list[dict[str, Any]] = []
    for r in records:
        data = bet_to_yaml(r.bet)
        if r.prfaq:
            data["prfaq"] = r.prfaq
        data["status"] = r.status.value
        data["forecast_made"] = r.forecast.made_on
        if r.launched_on:
            data["launched"] = r.launched_on
        bets.append(data)
    doc = {
        "horizon_weeks": horizon,
        "teams": {name: {"capacity": team.capacity} for name, team in teams.items()},
        "bets": bets,
    }
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
