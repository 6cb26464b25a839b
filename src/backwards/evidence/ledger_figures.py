"""The ledger's trust figures as growth evidence: the trust report's own numbers, unrounded."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from backwards import ledger
from backwards.evidence.figures import Figures, radar_score
from backwards.growth import Evidence
from backwards.workspace import Workspace

__all__ = ["MEASURES", "ledger_evidence"]

Figure = tuple[float | None, int | None]
Getter = Callable[[Any], Figure]


def _rate(rate: Any) -> Figure:
    return (None if rate.empty else rate.estimate), int(rate.count)


#: (attribute, measure, (value, sample) from the TrustReport, unit, higher is better / None)
MEASURES: tuple[tuple[str, str, Getter, str, bool | None], ...] = (
    ("earn-trust-with-others", "say/do", lambda r: _rate(r.say_do.by_count), "share", True),
    ("earn-trust-with-others", "surprise-miss rate",
     lambda r: _rate(r.say_do.surprise_miss), "share", False),
    ("earn-trust-with-others", "notice lead (median)",
     lambda r: (r.say_do.notice_lead_median, r.say_do.revised), "business days", None),
    ("earn-trust-with-others", "repeat-mistake rate",
     lambda r: _rate(r.mistakes.repeat_rate), "share", False),
    ("forecast-and-measure", "Brier skill",
     lambda r: (r.forecasts.brier_skill, r.forecasts.count), "score", None),
    ("forecast-and-measure", "calibration error (ECE)",
     lambda r: (r.forecasts.ece, r.forecasts.count), "score", None),
    ("forecast-and-measure", "P90 date coverage", lambda r: _rate(r.coverage.p90), "share", True),
    ("execute", "on-time rate", lambda r: _rate(r.say_do.on_time), "share", True),
    ("execute", "slip (median)", lambda r: (r.slip.median, r.slip.count), "business days", None),
)  # fmt: skip


def ledger_evidence(
    workspace: Workspace, person: str, *, now: datetime, since: date | None = None
) -> list[Evidence]:
    """The trust report of ``person`` (commitments due since ``since``) as evidence."""
    with ledger.open(workspace) as book:
        report = book.trust_report(now=now, owner=person, since=since)
    used = report.commitments > 0 or report.mistakes.mistakes > 0
    link = f"backwards ledger trust --owner {person}" + (f" --since {since}" if since else "")
    note = "" if used else f"no commitments or mistakes of {person} in the ledger"
    figures = Figures("ledger", report.period, link, note)
    out = []
    for attribute, measure, get, unit, higher in MEASURES:
        value, sample = get(report) if used else (None, None)
        share = None if value is None or higher is None else (value if higher else 1 - value)
        number, score = (None if value is None else float(value)), radar_score(share)
        out.append(figures.figure(attribute, measure, number, unit, sample, score=score))
    return out
