"""A person's growth report with the evidence gathered from every feature (see the package)."""

from __future__ import annotations

from datetime import date, datetime

from backwards.evidence.impact_figures import impact_evidence
from backwards.evidence.ledger_figures import ledger_evidence
from backwards.evidence.portfolio_figures import bet_records, portfolio_evidence
from backwards.evidence.prfaq_figures import prfaq_evidence
from backwards.growth import Evidence, GrowthReport
from backwards.growth import open as open_growth
from backwards.workspace import Workspace

__all__ = ["gather_evidence", "growth_report"]


def gather_evidence(
    workspace: Workspace, person: str, *, now: datetime, since: date | None = None
) -> tuple[Evidence, ...]:
    """Every evidence figure for ``person`` from the ledger, the PR/FAQs, the portfolio and
    the impact review."""
    bets = bet_records(workspace)  # read once for the plan and the impact review
    return (
        *ledger_evidence(workspace, person, now=now, since=since),
        *prfaq_evidence(workspace, person, today=now.date(), since=since),
        *portfolio_evidence(workspace, person, today=now.date(), records=bets),
        *impact_evidence(workspace, person, since=since, records=bets),
    )


def growth_report(
    workspace: Workspace,
    person: str,
    *,
    viewer: str,
    now: datetime,
    since: date | None = None,
) -> GrowthReport:
    """``person``'s growth report as ``viewer`` sees it (the journal entries they may see)."""
    with open_growth(workspace) as book:
        person = book.name(person, field="PERSON")
        evidence = gather_evidence(workspace, person, now=now, since=since)
        return book.report(person, viewer=viewer, today=now.date(), since=since, evidence=evidence)
