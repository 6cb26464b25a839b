"""The portfolio plan of a person's bets as growth evidence for *prioritize*.

The plan is ``backwards portfolio plan --owner PERSON``'s: the person's active bets (ideas,
planned, building) and the bets they require, the workspace's teams, ``DEFAULT_HORIZON`` weeks
from today, solved as ``portfolio plan`` solves it (no Monte Carlo or sensitivity: they do not
change the plan). Two figures:

- **plan leverage**: the plan's expected value over the as-written plan's (``leverage``); 1
  means taking the bets as written already earns the most, above 1 what sequencing adds.
  Listed, not drawn on the radar (it speaks to the bets' order as much as to the person);
- **capacity on the plan's bets**: of the people x weeks the person's committed bets
  (planned, building) ask for, the share on bets the plan selects; committing people to a bet
  the best plan leaves out is capacity off the top-value bets. Drawn as 1 + 4 x share.

A workspace without bets, or a person with none, gives "no data".
"""

from __future__ import annotations

from datetime import date

from backwards.evidence.figures import Figures, radar_score
from backwards.growth import Evidence
from backwards.portfolio import (
    DEFAULT_HORIZON,
    BetRecord,
    BetRepository,
    PortfolioPlan,
    Status,
    plan_portfolio,
)
from backwards.store import open_store
from backwards.wording import count
from backwards.workspace import Workspace

__all__ = ["COMMITTED", "bet_records", "owner_plan", "portfolio_evidence"]

COMMITTED = (Status.PLANNED, Status.BUILDING)


def bet_records(workspace: Workspace) -> list[BetRecord]:
    """Every stored bet of the workspace, as written."""
    with open_store(workspace.database_url) as store:
        return BetRepository(store).records()


def owner_plan(
    workspace: Workspace, person: str, *, today: date, records: list[BetRecord] | None = None
) -> tuple[PortfolioPlan | None, list[BetRecord]]:
    """The plan of ``person``'s active bets (None without any) and every stored bet
    (``records``, when the caller has read them already)."""
    if records is None:
        records = bet_records(workspace)
    if not any(r.bet.owner == person for r in records):
        return None, records
    with open_store(workspace.database_url) as store:
        portfolio = BetRepository(store).portfolio(horizon=DEFAULT_HORIZON, start=today)
    portfolio = portfolio.owned_by(person)
    if not portfolio.bets or any(b.impact.relative for b in portfolio.bets):
        return None, records
    return plan_portfolio(portfolio, draws=0, with_sensitivity=False), records


def portfolio_evidence(
    workspace: Workspace, person: str, *, today: date, records: list[BetRecord] | None = None
) -> list[Evidence]:
    plan, records = owner_plan(workspace, person, today=today, records=records)
    link = f"backwards portfolio plan --owner {person}"
    horizon, start = (
        (DEFAULT_HORIZON, today) if plan is None else (plan.portfolio.horizon, plan.portfolio.start)
    )
    period = f"active bets, a plan of {count(horizon, 'week')} from {start}"
    if plan is None:
        note = (
            "the workspace has no bets"
            if not records
            else f"no ideas, planned or building bets owned by {person}"
        )
        leverage, planned, share, committed = None, None, None, []
    else:
        note = ""
        leverage = plan.leverage
        planned = len([b for b in plan.portfolio.bets if b.owner == person])
        chosen = set(plan.selected)
        committed = [r for r in records if r.bet.owner == person and r.status in COMMITTED]
        effort = sum(r.bet.people * r.bet.weeks for r in committed)
        kept = sum(r.bet.people * r.bet.weeks for r in committed if r.bet.id in chosen)
        share = kept / effort if effort else None
    figures = Figures("portfolio", period, link)
    no_leverage = "" if leverage is not None else "the as-written plan earns nothing to compare"
    no_commitment = "" if committed else f"no planned or building bets owned by {person}"
    return [
        figures.figure("prioritize", "plan leverage", leverage, "x", planned,
                       note=note or no_leverage),
        figures.figure("prioritize", "committed capacity on the plan's bets", share, "share",
                       len(committed) if committed else None, note=note or no_commitment,
                       score=radar_score(share)),
    ]  # fmt: skip
