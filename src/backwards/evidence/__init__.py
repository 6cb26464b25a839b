"""Evidence from outcomes for growth: a join one layer above the features.

The figures are the other features' own, read through their front doors, for one person and
one period, and handed to growth as plain ``Evidence`` values:

- the ledger (``ledger.open(ws).trust_report(owner=person, since=...)``): say/do, surprise
  misses, notice lead and repeated mistakes for *earn trust with others*; Brier skill,
  calibration error and date coverage for *forecast and measure*; on-time rate and slip for
  *execute*;
- the PR/FAQ reviews (``prfaq.review_many`` over ``growth.documents`` whose front matter
  ``author`` is the person): answer-first rate and numbers for *communicate*; weasel and hype
  words per 1,000 words and the share of "ready" verdicts for *write effective copy*;
- the portfolio (``portfolio plan --owner PERSON``'s plan of the person's bets): the plan's
  leverage and the share of their committed capacity on the plan's bets for *prioritize*;
- the impact review (``impact review --owner PERSON --since``): the measured value per week
  and the median realisation of their launches for *driven by impact, not promotion*, the
  coverage of their impact ranges for *forecast and measure*.

A feature the workspace does not use, or where the person has no records, gives "no data"
(``value=None``), never zero. ``growth_report`` composes the evidence with growth's own
records into the ``GrowthReport``.
"""

from __future__ import annotations

from datetime import date, datetime

from backwards.evidence.impact_figures import impact_evidence
from backwards.evidence.ledger_figures import ledger_evidence
from backwards.evidence.portfolio_figures import bet_records, portfolio_evidence
from backwards.evidence.prfaq_figures import authored_documents, prfaq_evidence
from backwards.growth import Evidence, GrowthReport
from backwards.growth import open as open_growth
from backwards.workspace import Workspace

__all__ = [
    "authored_documents",
    "gather_evidence",
    "growth_report",
    "impact_evidence",
    "ledger_evidence",
    "portfolio_evidence",
    "prfaq_evidence",
]


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
