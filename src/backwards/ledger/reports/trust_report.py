"""The trust report: every measure of one owner (or team, or tag) as of a moment, with notes.

``report_from_frames(frame, log, now=...)`` takes the columns of one selection (read straight
from SQL by ``storage.trust_columns.load_trust_inputs``: the one path, which ``Book.trust_report``
takes), computes the say/do family, slip, forecast scores, date-forecast coverage and the
mistake measures of the period, and adds plain-language notes (``trust_notes``).
The result is a value: ``to_dict()`` gives the JSON form; ``backwards.ledger.reports.trust_text``
renders it for a terminal (alone or side by side) and ``backwards.ledger.reports.trust_html`` as an
offline HTML page with a calibration chart and a slip chart.

Pure: ``now`` is passed in; nothing is read from the clock or the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

import numpy as np

from backwards.ledger.measures.commitment_frame import OPEN, CommitmentFrame, busdays
from backwards.ledger.measures.forecast import (
    Coverage,
    ForecastScores,
    date_coverage,
    forecast_outcomes,
    score_forecasts,
)
from backwards.ledger.measures.provenance import Provenance
from backwards.ledger.measures.repeats import MistakeLog, MistakeMeasures, mistake_measures
from backwards.ledger.measures.saydo import SayDo, SayDoPolicy, say_do
from backwards.ledger.measures.slip import Slip, slip
from backwards.ledger.reports.joined import JoinedSection
from backwards.ledger.reports.report_items import ReportItem
from backwards.ledger.reports.trust_html import notebook_html
from backwards.ledger.reports.trust_notes import THRESHOLDS, report_notes
from backwards.ledger.reports.trust_summary import plain_summary

__all__ = [
    "MIN_FORECASTS",
    "REPORT_VERSION",
    "TrustReport",
    "report_from_frames",
]

#: 2: headline figures in plain words under ``summary``, technical ones under ``details``.
REPORT_VERSION = 2
#: Below this many resolved forecasts, calibration figures are shown with a warning.
MIN_FORECASTS = THRESHOLDS.min_forecasts


@dataclass(frozen=True, slots=True)
class TrustReport:
    """Every trust measure for one selection of the ledger, as of ``today``."""

    now: datetime
    today: date
    owner: str | None
    tag: str | None
    since: date | None
    policy: SayDoPolicy
    commitments: int
    open_overdue: int
    say_do: SayDo
    slip: Slip
    forecasts: ForecastScores
    coverage: Coverage
    mistakes: MistakeMeasures
    provenance: Provenance = field(default=Provenance())
    notes: tuple[str, ...] = field(default=())
    #: The commitments to talk about (missed, kept late, at risk), when asked for.
    items: tuple[ReportItem, ...] = field(default=())
    #: Sections other features add through a join (``joined``), shown after the ledger's own.
    joined: tuple[JoinedSection, ...] = field(default=())

    def joined_with(self, *sections: JoinedSection) -> TrustReport:
        """The report with ``sections`` added (say, ``backwards.impact``'s impact forecasts)."""
        return replace(self, joined=(*self.joined, *sections))

    @property
    def subject(self) -> str:
        """Who or what the report is about, for titles."""
        parts = [self.owner or "everyone"]
        if self.tag:
            parts.append(f"tag {self.tag}")
        return ", ".join(parts)

    @property
    def period(self) -> str:
        start = self.since.isoformat() if self.since else "the start"
        return f"due from {start} to {self.today.isoformat()}"

    def _repr_html_(self) -> str:
        """The report's HTML page in an iframe, for Jupyter (the page keeps its own policy)."""
        return notebook_html(self)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: the headline figures in plain words (``summary``, as the text and
        the page say them), the notes and the commitments to talk about, then ``details``
        with every measure under its technical name (say/do, Beta(4,1), Kaplan-Meier, Brier,
        Murphy, ECE, log score)."""
        return {
            "version": REPORT_VERSION,
            "now": self.now.isoformat(),
            "as_of": self.today.isoformat(),
            "owner": self.owner,
            "tag": self.tag,
            "since": None if self.since is None else self.since.isoformat(),
            "summary": plain_summary(
                commitments=self.commitments,
                open_overdue=self.open_overdue,
                confidence=self.policy.confidence,
                sd=self.say_do,
                sl=self.slip,
                fc=self.forecasts,
                coverage=self.coverage,
                mm=self.mistakes,
            ),
            "records": self.provenance.to_dict(),
            "notes": list(self.notes),
            "to_discuss": [i.to_dict() for i in self.items],
            **({"joined": {s.key: dict(s.data) for s in self.joined}} if self.joined else {}),
            "details": {
                "policy": {
                    "grace_days": self.policy.grace_days,
                    "alpha": self.policy.alpha,
                    "notice_days": self.policy.notice_days,
                    "half_life_days": self.policy.half_life_days,
                    "interval": self.policy.method,
                    "confidence": self.policy.confidence,
                },
                "commitments": self.commitments,
                "open_overdue": self.open_overdue,
                "say_do": self.say_do.to_dict(),
                "slip": self.slip.to_dict(),
                "forecasts": self.forecasts.to_dict(),
                "date_coverage": self.coverage.to_dict(),
                "mistakes": self.mistakes.to_dict(),
            },
        }


def report_from_frames(
    frame: CommitmentFrame,
    log: MistakeLog,
    *,
    now: datetime,
    owner: str | None = None,
    tag: str | None = None,
    since: date | None = None,
    policy: SayDoPolicy | None = None,
    provenance: Provenance | None = None,
) -> TrustReport:
    """The report from the columns of one selection of the ledger (``load_trust_inputs``)."""
    policy = policy or SayDoPolicy()
    today = now.date()
    sd = say_do(frame, today, since=since, policy=policy)
    sl = slip(frame, today, since=since, grace_days=policy.grace_days)
    p, o = forecast_outcomes(frame, today, since=since, grace_days=policy.grace_days)
    scores = score_forecasts(p, o)
    coverage = date_coverage(frame, today, since=since, confidence=policy.confidence)
    mm = mistake_measures(log, today, since=since, confidence=policy.confidence)
    as_of = frame.as_of(today)
    day = np.datetime64(today, "D")
    late = busdays(as_of.latest_due, np.full(len(as_of), day), as_of.holidays) > 0
    overdue = int(((as_of.outcome == OPEN) & late).sum())
    report = TrustReport(
        now=now,
        today=today,
        owner=owner,
        tag=tag,
        since=since,
        policy=policy,
        commitments=len(frame),
        open_overdue=overdue,
        say_do=sd,
        slip=sl,
        forecasts=scores,
        coverage=coverage,
        mistakes=mm,
        provenance=provenance or Provenance(),
    )
    return _with_notes(report)


def _with_notes(report: TrustReport) -> TrustReport:
    return replace(report, notes=report_notes(report))
