"""The portfolio's bets as growth evidence: where a person puts the capacity they ask for.

*Prioritize*: the share of the person's bet effort (people x weeks, bets planned, building or
launched) that goes to the workspace's top third of bets by expected weekly value.
*Driven by impact, not promotion*: measured impact after launch is not recorded yet (the impact
loop's measurement is issue 11), so it is "no data" with that note.
"""

from __future__ import annotations

from backwards.growth import Evidence
from backwards.portfolio import BetRepository, Status
from backwards.store import open_store
from backwards.workspace import Workspace

__all__ = ["portfolio_evidence"]

COMMITTED = (Status.PLANNED, Status.BUILDING, Status.LAUNCHED)


def portfolio_evidence(workspace: Workspace, person: str) -> list[Evidence]:
    with open_store(workspace.database_url) as store:
        records = BetRepository(store).records()
    values = sorted((r.bet.weekly_value for r in records), reverse=True)
    cut = values[max(0, len(values) // 3 - 1)] if values else None
    mine = [r for r in records if r.bet.owner == person and r.status in COMMITTED]
    effort = sum(r.bet.people * r.bet.weeks for r in mine)
    top = sum(
        r.bet.people * r.bet.weeks for r in mine if cut is not None and r.bet.weekly_value >= cut
    )
    share = top / effort if effort else None
    link = "backwards bet list"
    return [
        Evidence(
            attribute="prioritize",
            source="portfolio",
            measure="effort on top-third bets",
            value=share,
            unit="share",
            sample=len(mine) if mine else None,
            period="bets planned, building or launched",
            link=link,
            note="" if mine else f"no planned, building or launched bets owned by {person}",
            score=None if share is None else 1 + 4 * share,
        ),
        Evidence(
            attribute="driven-by-impact-not-promotion",
            source="impact",
            measure="measured impact of launched bets",
            value=None,
            unit="",
            sample=None,
            period="launched bets",
            link=link,
            note="impact measured after launch is not recorded yet",
        ),
    ]
