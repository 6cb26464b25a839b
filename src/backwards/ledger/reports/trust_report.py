"""The trust report: every measure of one owner (or team, or tag) as of a moment, with notes.

``build_trust_report(commitments, revisions, resolutions, mistakes, now=...)`` filters by owner,
tag and period, computes the say/do family, slip, forecast scores, date-forecast coverage and
the mistake measures, and writes plain-language notes ("3 of 4 misses came with no warning").
The result is a value: ``to_dict()`` gives the JSON form; ``backwards.ledger.reports.trust_text``
renders it for a terminal (alone or side by side) and ``backwards.ledger.reports.trust_html`` as an
offline HTML page with a calibration chart and a slip chart.

Pure: ``now`` is passed in; nothing is read from the clock or the database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

import numpy as np

from backwards.ledger.measures.commitment_frame import OPEN, CommitmentFrame, frame_from_values
from backwards.ledger.measures.forecast import (
    Coverage,
    ForecastScores,
    date_coverage,
    forecast_outcomes,
    score_forecasts,
)
from backwards.ledger.measures.repeats import MistakeLog, MistakeMeasures, mistake_measures
from backwards.ledger.measures.saydo import SayDo, SayDoPolicy, say_do
from backwards.ledger.measures.slip import Slip, slip
from backwards.ledger.model import Commitment, CommitmentRecord, Mistake, Resolution, Revision

__all__ = [
    "MIN_FORECASTS",
    "REPORT_VERSION",
    "TrustReport",
    "build_trust_report",
    "commitment_records",
    "report_from_frames",
]

REPORT_VERSION = 1
#: Below this many resolved forecasts, calibration figures are shown with a warning.
MIN_FORECASTS = 30
SMALL_SAMPLE = 10


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
    notes: tuple[str, ...] = field(default=())

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

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": REPORT_VERSION,
            "now": self.now.isoformat(),
            "as_of": self.today.isoformat(),
            "owner": self.owner,
            "tag": self.tag,
            "since": None if self.since is None else self.since.isoformat(),
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
            "notes": list(self.notes),
        }


def commitment_records(
    commitments: Sequence[Commitment],
    revisions: Sequence[Revision],
    resolutions: Sequence[Resolution],
) -> list[CommitmentRecord]:
    """Join revisions (oldest first) and resolutions to their commitments."""
    revs: dict[int, list[Revision]] = defaultdict(list)
    for r in revisions:
        revs[r.commitment_id].append(r)
    res = {r.commitment_id: r for r in resolutions}
    records = []
    for c in commitments:
        mine = revs.get(c.id)
        if mine and len(mine) > 1:
            mine.sort(key=lambda r: (r.made_at, r.id))
        records.append(CommitmentRecord(c, tuple(mine) if mine else (), res.get(c.id)))
    return records


def build_trust_report(
    commitments: Sequence[Commitment],
    revisions: Sequence[Revision],
    resolutions: Sequence[Resolution],
    mistakes: Sequence[Mistake],
    *,
    now: datetime,
    owner: str | None = None,
    tag: str | None = None,
    since: date | None = None,
    policy: SayDoPolicy | None = None,
) -> TrustReport:
    """The trust report of ``owner`` (or everyone), optionally one ``tag``, since ``since``.

    Commitments count when their *original* due date is in ``[since, today]``; mistakes when
    they occurred in it. ``today`` is ``now``'s date.
    """
    policy = policy or SayDoPolicy()
    today = now.date()
    wanted_tag = tag.lower() if tag else None
    chosen = [
        c
        for c in commitments
        if (owner is None or c.owner == owner)
        and (wanted_tag is None or wanted_tag in {t.lower() for t in c.tags})
    ]
    chosen_mistakes = [
        m
        for m in mistakes
        if (owner is None or m.owner == owner)
        and (wanted_tag is None or wanted_tag in {t.lower() for t in m.tags})
    ]
    frame = frame_from_values(chosen, revisions, resolutions, today)
    # the mistakes they repeat come along as context (for gaps and COE effectiveness)
    context = _predecessors(chosen_mistakes, mistakes)
    log = MistakeLog.from_mistakes([*chosen_mistakes, *context], counted=len(chosen_mistakes))
    return report_from_frames(frame, log, now=now, owner=owner, tag=tag, since=since, policy=policy)


def _predecessors(chosen: list[Mistake], everything: Sequence[Mistake]) -> list[Mistake]:
    """The mistakes that ``chosen`` ones repeat but that are not chosen themselves."""
    have = {m.id for m in chosen}
    by_id = {m.id: m for m in everything}
    extra = []
    for m in chosen:
        if m.repeat_of is not None and m.repeat_of not in have and m.repeat_of in by_id:
            have.add(m.repeat_of)
            extra.append(by_id[m.repeat_of])
    return extra


def report_from_frames(
    frame: CommitmentFrame,
    log: MistakeLog,
    *,
    now: datetime,
    owner: str | None = None,
    tag: str | None = None,
    since: date | None = None,
    policy: SayDoPolicy | None = None,
) -> TrustReport:
    """The report from already-built columns (what ``build_trust_report`` calls)."""
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
    overdue = int(((as_of.outcome == OPEN) & (as_of.latest_due < day)).sum())
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
    )
    return _with_notes(report)


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _days(value: float) -> str:
    return _plural(round(value), "business day")


def _slip_note(sl: Slip) -> str:
    if sl.p80 is not None and sl.p80 <= 0:
        return "Four in five commitments land on or before their original due date."
    if sl.median is None:
        return (
            f"Most commitments due are still undelivered more than "
            f"{_days(sl.longest_observed or 0)} after their original date."
        )
    head = (
        f"Median slip {_days(sl.median)}"
        if sl.median > 0
        else "Half of the work lands on or before its original date"
    )
    if sl.p80 is None:
        return (
            f"{head}; the P80 slip is more than {_days(sl.longest_observed or 0)}: too many "
            "items are still open past their due date to pin it down."
        )
    return f"{head}; one commitment in five slips more than {_days(sl.p80)}."


def _with_notes(report: TrustReport) -> TrustReport:
    notes: list[str] = []
    sd, sl, fc, mm = report.say_do, report.slip, report.forecasts, report.mistakes
    if sd.due == 0:
        notes.append("No committed work fell due in this period, so there is nothing to score.")
    else:
        if sd.due < SMALL_SAMPLE:
            notes.append(
                f"Only {_plural(sd.due, 'commitment')} fell due: read the rates through their "
                "intervals, not as exact figures."
            )
        est = sd.by_count.estimate or 0.0
        notes.append(
            f"{sd.met_on_time} of {sd.due} commitments "
            f"{'was' if sd.met_on_time == 1 else 'were'} met by their original due date "
            f"(say/do {_pct(sd.by_count.estimate)})."
        )
        if sd.due >= 5 and est < 0.7:
            notes.append(
                "Fewer than 70% landed on the original date: a sign of chronic over-commitment."
            )
        elif sd.due >= SMALL_SAMPLE and est >= 0.98:
            notes.append(
                "Nearly everything lands on time: check that commitments are not padded "
                "(sandbagging)."
            )
    if sd.misses:
        warned = sd.misses - sd.surprises
        if not sd.surprises:
            notes.append(f"Every miss ({sd.misses}) was flagged before the due date.")
        else:
            notes.append(
                f"{sd.surprises} of {sd.misses} misses came with no warning"
                + (
                    f"; {warned} {'was' if warned == 1 else 'were'} flagged before the due date."
                    if warned
                    else "."
                )
            )
    if sd.renegotiated_early:
        notes.append(
            f"{_plural(sd.renegotiated_early, 'commitment')} "
            f"{'was' if sd.renegotiated_early == 1 else 'were'} reset early (at least "
            f"{report.policy.notice_days} business days' notice) and then honoured: "
            f"{report.policy.alpha:g} credit{'' if sd.renegotiated_early == 1 else ' each'} "
            "in trust-weighted say/do."
        )
    if report.open_overdue:
        notes.append(
            f"{_plural(report.open_overdue, 'commitment')} "
            f"{'is' if report.open_overdue == 1 else 'are'} overdue and still open."
        )
    if sl.count:
        notes.append(_slip_note(sl))
        if sl.censored and sl.naive_p80 is not None and (sl.p80 is None or sl.p80 > sl.naive_p80):
            notes.append(
                f"Counting only delivered work would understate the P80 slip as "
                f"{_days(sl.naive_p80)}: {_plural(sl.censored, 'item')} never arrived or "
                "are still open."
            )
    if fc.count:
        if fc.count < MIN_FORECASTS:
            notes.append(
                f"Calibration needs about {MIN_FORECASTS} resolved forecasts; there are "
                f"{fc.count} so far."
            )
        if fc.overconfidence is not None and fc.count >= 5:
            stated = fc.overconfidence
            if stated > 0.05:
                notes.append(
                    f"Forecasts were overconfident by {stated:.0%}: the favoured outcome came "
                    "true less often than the stated confidence."
                )
            elif stated < -0.05:
                notes.append(f"Forecasts were underconfident by {-stated:.0%}.")
        if fc.brier_skill is not None:
            better = "better" if fc.brier_skill > 0 else "no better"
            notes.append(
                f"Brier score {fc.brier:.3f}: {better} than always forecasting the base rate "
                f"(skill {fc.brier_skill:+.2f})."
            )
    if mm.mistakes:
        notes.append(f"{mm.repeats} of {mm.mistakes} mistakes repeated an earlier one.")
        if mm.repeated_after_closed:
            notes.append(
                f"{_plural(mm.repeated_after_closed, 'mistake')} came back after every action "
                "item was closed: those actions did not work."
            )
        if mm.repeats_with_open_actions:
            notes.append(
                f"{_plural(mm.repeats_with_open_actions, 'repeat')} happened while the earlier "
                "mistake's actions were still open."
            )
    if mm.actions_open_overdue:
        notes.append(
            f"{_plural(mm.actions_open_overdue, 'action item')} "
            f"{'is' if mm.actions_open_overdue == 1 else 'are'} overdue and still open."
        )
    return replace(report, notes=tuple(notes))
