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

from typing import TYPE_CHECKING

from backwards.lazy import front_door

if TYPE_CHECKING:
    from backwards.evidence.impact_figures import impact_evidence
    from backwards.evidence.ledger_figures import ledger_evidence
    from backwards.evidence.portfolio_figures import portfolio_evidence
    from backwards.evidence.prfaq_figures import authored_documents, prfaq_evidence
    from backwards.evidence.report import gather_evidence, growth_report

__all__ = [
    "authored_documents",
    "gather_evidence",
    "growth_report",
    "impact_evidence",
    "ledger_evidence",
    "portfolio_evidence",
    "prfaq_evidence",
]

#: name -> the module of this package that defines it, imported on first use.
_EXPORTS = {
    "authored_documents": "prfaq_figures",
    "gather_evidence": "report",
    "growth_report": "report",
    "impact_evidence": "impact_figures",
    "ledger_evidence": "ledger_figures",
    "portfolio_evidence": "portfolio_figures",
    "prfaq_evidence": "prfaq_figures",
}
__getattr__, __dir__ = front_door(globals(), _EXPORTS)
