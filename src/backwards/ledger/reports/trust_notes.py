"""The trust report's plain-language notes: thresholds and texts as data.

``THRESHOLDS`` holds every cut-off a note depends on and ``TEXTS`` every sentence, as
``str.format`` templates; the functions below only pick which texts apply and fill them in.
Change a threshold or a wording here, not in code (tests/ledger/test_report.py reads them).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from backwards.ledger.measures.forecast import Coverage, ForecastScores
from backwards.ledger.measures.provenance import Provenance
from backwards.ledger.measures.repeats import MistakeMeasures
from backwards.ledger.measures.saydo import SayDo, SayDoPolicy
from backwards.ledger.measures.slip import Slip

__all__ = ["TEXTS", "THRESHOLDS", "NoteThresholds", "ReportView", "report_notes"]


@dataclass(frozen=True, slots=True)
class NoteThresholds:
    """The cut-offs of the notes."""

    #: Below this many commitments due, rates are read through their intervals.
    small_sample: int = 10
    #: Below this many resolved forecasts, calibration figures are shown with a warning.
    min_forecasts: int = 30
    #: Say/do below this, with at least ``min_due_for_pattern`` due, is chronic over-commitment.
    over_commitment: float = 0.7
    min_due_for_pattern: int = 5
    #: Say/do at or above this, with at least ``small_sample`` due, may be sandbagging.
    sandbagging: float = 0.98
    #: Over- or underconfidence beyond this share, with ``min_forecasts_for_bias`` forecasts.
    confidence_bias: float = 0.05
    min_forecasts_for_bias: int = 5


THRESHOLDS = NoteThresholds()

TEXTS: dict[str, str] = {
    "nothing_due": "No committed work fell due in this period, so there is nothing to score.",
    "small_sample": "Only {due} fell due: read the rates through their intervals, not as exact "
    "figures.",
    "say_do": "{met} of {due} commitments {were} met by their original due date (say/do {rate}).",
    "over_commitment": "Fewer than {threshold:.0%} landed on the original date: a sign of chronic "
    "over-commitment.",
    "sandbagging": "Nearly everything lands on time: check that commitments are not padded "
    "(sandbagging).",
    "all_flagged": "Every miss ({misses}) was flagged before the due date.",
    "surprises": "{surprises} of {misses} misses came with no warning{flagged}",
    "surprises_flagged": "; {warned} {were} flagged before the due date.",
    "renegotiated": "{count} {were} reset early (at least {notice} business days' notice) and "
    "then honoured: {alpha:g} credit{each} in trust-weighted say/do.",
    "open_overdue": "{count} {are} overdue and still open.",
    "slip_early": "Four in five commitments land on or before their original due date.",
    "slip_unknown": "Most commitments due are still undelivered more than {longest} after their "
    "original date.",
    "slip_median": "Median slip {median}",
    "slip_half_early": "Half of the work lands on or before its original date",
    "slip_p80_unknown": "{head}; the P80 slip is more than {longest}: too many items are still "
    "open past their due date to pin it down.",
    "slip_p80": "{head}; one commitment in five slips more than {p80}.",
    "slip_censored": "Counting only delivered work would understate the P80 slip as {naive}: "
    "{censored} never arrived or are still open.",
    "few_forecasts": "Calibration needs about {needed} resolved forecasts; there are {count} so "
    "far.",
    "overconfident": "Forecasts were overconfident by {points:.0f} percentage points: the "
    "favoured outcome came true less often than the stated confidence.",
    "underconfident": "Forecasts were underconfident by {points:.0f} percentage points.",
    "brier": "The stated chances did {better} than always guessing how often things come true "
    "(the scores are in the details).",
    "repeats": "{repeats} of {mistakes} mistakes repeated an earlier one.",
    "repeated_after_closed": "{count} came back after every action item was closed: those "
    "actions did not work.",
    "repeats_with_open_actions": "{count} happened while the earlier mistake's actions were "
    "still open.",
    "actions_overdue": "{count} {are} overdue and still open.",
    "claimed_earlier": "{count} {were} claimed earlier than recorded (dated before the day "
    "{they} {were_typed} typed in): timing credit counts from the day of entry.",
    "imported": "{count} came from an import: {their} dates are as the file claims them.",
    "corrected": "{count} {were} corrected after being recorded (`backwards ledger show ID` "
    "lists who corrected what, when and why).",
}


class ReportView(Protocol):
    """What the notes and the page read of a ``TrustReport`` (which imports them both)."""

    @property
    def subject(self) -> str: ...
    @property
    def period(self) -> str: ...
    @property
    def today(self) -> date: ...
    @property
    def notes(self) -> tuple[str, ...]: ...
    @property
    def policy(self) -> SayDoPolicy: ...
    @property
    def open_overdue(self) -> int: ...
    @property
    def say_do(self) -> SayDo: ...
    @property
    def slip(self) -> Slip: ...
    @property
    def forecasts(self) -> ForecastScores: ...
    @property
    def coverage(self) -> Coverage: ...
    @property
    def mistakes(self) -> MistakeMeasures: ...
    @property
    def provenance(self) -> Provenance: ...


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _were(n: int) -> str:
    return "was" if n == 1 else "were"


def _days(value: float) -> str:
    return _plural(round(value), "business day")


def _say_do(sd: SayDo, t: NoteThresholds) -> Iterator[str]:
    if sd.due == 0:
        yield TEXTS["nothing_due"]
        return
    if sd.due < t.small_sample:
        yield TEXTS["small_sample"].format(due=_plural(sd.due, "commitment"))
    est = sd.by_count.estimate or 0.0
    yield TEXTS["say_do"].format(
        met=sd.met_on_time, due=sd.due, were=_were(sd.met_on_time), rate=_pct(sd.by_count.estimate)
    )
    if sd.due >= t.min_due_for_pattern and est < t.over_commitment:
        yield TEXTS["over_commitment"].format(threshold=t.over_commitment)
    elif sd.due >= t.small_sample and est >= t.sandbagging:
        yield TEXTS["sandbagging"]


def _misses(report: ReportView) -> Iterator[str]:
    sd, policy = report.say_do, report.policy
    if sd.misses:
        warned = sd.misses - sd.surprises
        if not sd.surprises:
            yield TEXTS["all_flagged"].format(misses=sd.misses)
        else:
            flagged = TEXTS["surprises_flagged"].format(warned=warned, were=_were(warned))
            yield TEXTS["surprises"].format(
                surprises=sd.surprises, misses=sd.misses, flagged=flagged if warned else "."
            )
    if sd.renegotiated_early:
        n = sd.renegotiated_early
        yield TEXTS["renegotiated"].format(
            count=_plural(n, "commitment"),
            were=_were(n),
            notice=policy.notice_days,
            alpha=policy.alpha,
            each="" if n == 1 else " each",
        )
    if report.open_overdue:
        n = report.open_overdue
        yield TEXTS["open_overdue"].format(
            count=_plural(n, "commitment"), are="is" if n == 1 else "are"
        )


def _slip_line(sl: Slip) -> str:
    longest = _days(sl.longest_observed or 0)
    if sl.p80 is not None and sl.p80 <= 0:
        return TEXTS["slip_early"]
    if sl.median is None:
        return TEXTS["slip_unknown"].format(longest=longest)
    head = (
        TEXTS["slip_median"].format(median=_days(sl.median))
        if sl.median > 0
        else TEXTS["slip_half_early"]
    )
    if sl.p80 is None:
        return TEXTS["slip_p80_unknown"].format(head=head, longest=longest)
    return TEXTS["slip_p80"].format(head=head, p80=_days(sl.p80))


def _slip(sl: Slip) -> Iterator[str]:
    if not sl.count:
        return
    yield _slip_line(sl)
    lost = sl.censored + sl.never_delivered
    if lost and sl.naive_p80 is not None and (sl.p80 is None or sl.p80 > sl.naive_p80):
        yield TEXTS["slip_censored"].format(
            naive=_days(sl.naive_p80), censored=_plural(lost, "item")
        )


def _forecasts(fc: ForecastScores, t: NoteThresholds) -> Iterator[str]:
    if not fc.count:
        return
    if fc.count < t.min_forecasts:
        yield TEXTS["few_forecasts"].format(needed=t.min_forecasts, count=fc.count)
    bias = fc.overconfidence
    if bias is not None and fc.count >= t.min_forecasts_for_bias:
        if bias > t.confidence_bias:
            yield TEXTS["overconfident"].format(points=bias * 100)
        elif bias < -t.confidence_bias:
            yield TEXTS["underconfident"].format(points=-bias * 100)
    if fc.brier_skill is not None:
        better = "better" if fc.brier_skill > 0 else "no better"
        yield TEXTS["brier"].format(brier=fc.brier, better=better, skill=fc.brier_skill)


def _mistakes(mm: MistakeMeasures) -> Iterator[str]:
    if mm.mistakes:
        yield TEXTS["repeats"].format(repeats=mm.repeats, mistakes=mm.mistakes)
        if mm.repeated_after_closed:
            count = _plural(mm.repeated_after_closed, "mistake")
            yield TEXTS["repeated_after_closed"].format(count=count)
        if mm.repeats_with_open_actions:
            count = _plural(mm.repeats_with_open_actions, "repeat")
            yield TEXTS["repeats_with_open_actions"].format(count=count)
    if mm.actions_open_overdue:
        n = mm.actions_open_overdue
        yield TEXTS["actions_overdue"].format(
            count=_plural(n, "action item"), are="is" if n == 1 else "are"
        )


def _provenance(p: Provenance) -> Iterator[str]:
    if p.claimed_earlier:
        n = p.claimed_earlier
        yield TEXTS["claimed_earlier"].format(
            count=_plural(n, "entry", "entries"),
            were=_were(n),
            they="it" if n == 1 else "they",
            were_typed=_were(n),
        )
    if p.imported:
        yield TEXTS["imported"].format(
            count=_plural(p.imported, "commitment"), their="its" if p.imported == 1 else "their"
        )
    if p.corrected:
        yield TEXTS["corrected"].format(
            count=_plural(p.corrected, "commitment"), were=_were(p.corrected)
        )


def report_notes(report: ReportView, thresholds: NoteThresholds = THRESHOLDS) -> tuple[str, ...]:
    """The notes of ``report``, in the order a reader needs them."""
    return (
        *_say_do(report.say_do, thresholds),
        *_misses(report),
        *_slip(report.slip),
        *_forecasts(report.forecasts, thresholds),
        *_mistakes(report.mistakes),
        *_provenance(report.provenance),
    )
