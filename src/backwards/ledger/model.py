"""The trust ledger's model: commitments as forecasts, their revisions and outcomes, mistakes.

Plain frozen dataclasses with no storage and no clock. A commitment's *original* due date is a
field of the commitment and never changes; every later change is a separate, append-only value:

::

    Commitment ──< Revision          new due date / target / scope, with a reason
               ──○ Resolution        met | partially_met | missed | withdrawn (at most one)
    Mistake    ──< ActionItem        owner, due date, closed_on
               ──○ repeat_of         another Mistake, confirmed by a person
    Commitment ──< Correction        a wrong resolution date, outcome or statement, with a reason
    Event                            who did what when (the audit log of every change)

Two clocks: each value keeps the *claimed* time a person gives (``made_at``, ``resolved_on``)
and ``recorded_at``, the store's clock when it was entered (never settable). Credit that
depends on timing (notice before a due date) counts from the entry time, except for
``imported`` history, whose claimed times are all there is (it is marked wherever it counts).

``CommitmentRecord`` bundles one commitment with its revisions and resolution and derives the
state *as of a date*: the due date in force, the status (open, overdue, met, ...), the slip.
Time is always passed in (``as_of``); nothing here reads the clock.

Datetimes are timezone-aware (UTC); dates are calendar dates.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any

from backwards.errors import InputError

__all__ = [
    "ActionItem",
    "Commitment",
    "CommitmentOutcome",
    "CommitmentRecord",
    "Correction",
    "Event",
    "Kind",
    "Mistake",
    "MistakeCategory",
    "Outcome",
    "Resolution",
    "Revision",
    "Status",
    "business_days",
    "cause_text",
    "current_due",
    "due_in_force",
    "missing",
    "status_as_of",
    "status_from",
]


class Kind(StrEnum):
    """What is promised: a date (ship X by D), a target (metric reaches V by D), a scope."""

    DATE = "date"
    TARGET = "target"
    SCOPE = "scope"


class Outcome(StrEnum):
    """How a commitment ended."""

    MET = "met"
    PARTIALLY_MET = "partially_met"
    MISSED = "missed"
    WITHDRAWN = "withdrawn"


class Status(StrEnum):
    """The derived state of a commitment as of a date."""

    OPEN = "open"  # not resolved, due date in force not yet passed
    OVERDUE = "overdue"  # not resolved, due date in force has passed
    MET = "met"
    PARTIALLY_MET = "partially_met"
    MISSED = "missed"
    WITHDRAWN = "withdrawn"

    @property
    def resolved(self) -> bool:
        return self not in (Status.OPEN, Status.OVERDUE)


class MistakeCategory(StrEnum):
    """A controlled taxonomy of mistakes (trust-and-impact.md, 2.3)."""

    ESTIMATION = "estimation"
    STAKEHOLDER_COMMUNICATION = "stakeholder_communication"
    DEPENDENCY = "dependency"
    QUALITY = "quality"
    SCOPE = "scope"
    DATA = "data"
    DECISION = "decision"
    OTHER = "other"


def missing(kind: str, ident: int) -> InputError:
    """The error for an id the ledger does not hold (``kind``: commitment or mistake)."""
    command = "ledger list" if kind == "commitment" else "mistake list"
    return InputError(f"there is no {kind} {ident}", f"Run `backwards {command}` to see the ids.")


def _require(condition: bool, message: str, hint: str) -> None:
    if not condition:
        raise InputError(message, hint)


def _require_probability(p: float | None) -> None:
    if p is not None and not 0.0 <= p <= 1.0:  # NaN fails both comparisons too
        raise InputError(
            f"probability {p} is not between 0 and 1", "Give a probability such as 0.8 (80%)."
        )


def _require_aware(value: datetime, name: str) -> None:
    zone = value.tzinfo
    if zone is None or (zone is not UTC and value.utcoffset() is None):
        raise InputError(
            f"{name} must carry a time zone (got {value.isoformat()})",
            "Pass an aware datetime, e.g. datetime.now(UTC).",
        )


def _require_told(
    words: str, missing: str, hint: str, made_at: datetime, probability: float | None
) -> None:
    """What a commitment and a revision both need: their ``words`` (else the error
    ``missing``, with ``hint``), a claimed time with a zone, and a chance between 0 and 1 if
    one is stated."""
    _require(bool(words.strip()), missing, hint)
    _require_aware(made_at, "made_at")
    _require_probability(probability)


def _require_labels(values: tuple[str, ...], what: str) -> None:
    for value in values:
        if not value.strip() or "\n" in value:
            raise InputError(
                f"{what} {value!r} is empty or spans lines",
                f"Give each {what} as one short line of text.",
            )


@dataclass(frozen=True, slots=True)
class Commitment:
    """An expectation set with someone, modelled as a forecast.

    ``due`` is the original due date, frozen forever; revisions never change it. ``probability``
    is the stated chance of meeting it (0..1); alternatively (or as well) ``p50_due`` and
    ``p90_due`` give the dates by which it is 50% and 90% likely to be done. A ``target``
    commitment names a ``metric`` and a ``target_value``. ``weight`` is effort or business value
    (1 by default) for weighted say/do. ``aspirational`` marks a stretch goal (expected ~0.6-0.7)
    as opposed to a firm commitment (expected 1.0).
    """

    id: int
    owner: str
    statement: str
    due: date
    made_at: datetime
    audience: str = ""
    kind: Kind = Kind.DATE
    aspirational: bool = False
    probability: float | None = None
    p50_due: date | None = None
    p90_due: date | None = None
    metric: str | None = None
    target_value: float | None = None
    weight: float = 1.0
    tags: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    recorded_by: str = ""
    recorded_at: datetime | None = None
    imported: bool = False

    def __post_init__(self) -> None:
        if not self.owner.strip():
            raise InputError("a commitment needs an owner", "Pass --owner NAME.")
        _require_told(
            self.statement,
            "a commitment needs a statement",
            "Say what was promised, e.g. 'Ship checkout v2 to all EU customers'.",
            self.made_at,
            self.probability,
        )
        if self.p50_due is not None and self.p90_due is not None and self.p50_due > self.p90_due:
            raise InputError(
                f"P50 date {self.p50_due} is after P90 date {self.p90_due}",
                "The P90 date is the later, safer date; swap them.",
            )
        if not (self.weight > 0 and math.isfinite(self.weight)):
            raise InputError(
                f"weight {self.weight} must be a positive number",
                "Use effort or business value, e.g. 1, 3 or 8.",
            )
        if self.kind is Kind.TARGET and (self.metric is None or self.target_value is None):
            raise InputError(
                "a target commitment needs a metric and a target value",
                "Pass --metric NAME --target VALUE, or use --kind date.",
            )
        if self.tags:
            _require_labels(self.tags, "tag")
        if self.links:
            _require_labels(self.links, "link")

    @property
    def committed(self) -> bool:
        """True for a firm commitment, False for an aspirational one."""
        return not self.aspirational


@dataclass(frozen=True, slots=True)
class RevisionChange:
    """What a revision sets (a new due date, target, scope or stated probability) and why:
    the part of a ``Revision`` its author chooses, which ``LedgerRepository.revise`` appends
    with the due date in force, the author and the two clocks."""

    reason: str
    new_due: date | None = None
    new_target_value: float | None = None
    new_scope: str | None = None
    new_probability: float | None = None

    @property
    def changes_nothing(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self) if f.name != "reason")

    def as_fields(self) -> dict[str, Any]:
        """The ``Revision`` fields it sets."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True, slots=True)
class Revision:
    """A change to an open commitment, append-only, always with a reason.

    ``previous_due`` is the due date in force just before this revision (the original due date
    for the first revision). ``new_due`` is None when only the target or scope changed.
    """

    id: int
    commitment_id: int
    made_at: datetime
    reason: str
    previous_due: date
    new_due: date | None = None
    new_target_value: float | None = None
    new_scope: str | None = None
    new_probability: float | None = None
    recorded_by: str = ""
    recorded_at: datetime | None = None
    imported: bool = False

    def __post_init__(self) -> None:
        _require_told(
            self.reason,
            "a revision needs a reason",
            "Say why, e.g. --reason 'payments API slipped two weeks'.",
            self.made_at,
            self.new_probability,
        )

    @property
    def counted_at(self) -> datetime:
        """The time that earns (or loses) timing credit: when it was entered, not when it is
        claimed to have happened; for imported history (or before it is stored) the claim."""
        if self.imported or self.recorded_at is None:
            return self.made_at
        return self.recorded_at

    @property
    def claimed_earlier(self) -> bool:
        """Entered on a later day than the day it claims (``--at`` in the past)."""
        return self.recorded_at is not None and self.made_at.date() < self.recorded_at.date()

    @property
    def notice_days(self) -> int:
        """Calendar days of notice: the due date in force minus the day the revision was
        entered (``counted_at``).

        Positive when the expectation was reset before it fell due (early renegotiation);
        zero or negative when it came on or after the due date (no warning).
        """
        return (self.previous_due - self.counted_at.date()).days


@dataclass(frozen=True, slots=True)
class Resolution:
    """How and when a commitment ended. At most one per commitment.

    ``resolved_on`` is the delivery (or decision) date used for slip; ``delivered_fraction`` is
    the share of scope or value delivered (0..1) for weighted say/do; ``actual_value`` is the
    measured metric for target commitments.
    """

    commitment_id: int
    outcome: Outcome
    resolved_on: date
    recorded_at: datetime
    actual_value: float | None = None
    delivered_fraction: float | None = None
    evidence: str = ""
    recorded_by: str = ""
    imported: bool = False

    def __post_init__(self) -> None:
        _require_aware(self.recorded_at, "recorded_at")
        f = self.delivered_fraction
        if f is not None and not 0.0 <= f <= 1.0:
            raise InputError(
                f"delivered fraction {f} is not between 0 and 1",
                "Give the share of scope delivered, e.g. 0.5 for half.",
            )

    @property
    def fraction(self) -> float:
        """The delivered fraction, defaulting by outcome: met 1, partially met 0.5, else 0."""
        if self.delivered_fraction is not None:
            return self.delivered_fraction
        return {Outcome.MET: 1.0, Outcome.PARTIALLY_MET: 0.5}.get(self.outcome, 0.0)


@dataclass(frozen=True, slots=True)
class ActionItem:
    """A correction-of-errors follow-up with an owner and a due date."""

    id: int
    mistake_id: int
    description: str
    owner: str
    due: date
    closed_on: date | None = None
    verification: str = ""

    def closed_by(self, day: date) -> bool:
        """Closed on or before ``day``."""
        return self.closed_on is not None and self.closed_on <= day

    @property
    def closed_on_time(self) -> bool:
        return self.closed_on is not None and self.closed_on <= self.due

    @classmethod
    def parse(cls, text: str) -> ActionItem:
        """An open action item from ``OWNER:YYYY-MM-DD:DESCRIPTION`` (as ``--action`` takes it)."""
        example = "Example: --action 'ana:2026-03-01:add a legal gate to the launch checklist'"
        parts = text.split(":", 2)
        if len(parts) != 3 or not all(p.strip() for p in parts):
            raise InputError(f"--action {text!r} is not OWNER:YYYY-MM-DD:DESCRIPTION", example)
        owner, due_text, description = (p.strip() for p in parts)
        try:
            due = date.fromisoformat(due_text)
        except ValueError:
            raise InputError(
                f"--action {text!r}: {due_text!r} is not a date (YYYY-MM-DD)", example
            ) from None
        return cls(0, 0, description, owner, due)


@dataclass(frozen=True, slots=True)
class Mistake:
    """A correction-of-errors record.

    ``repeat_of`` is the id of an earlier mistake that this one repeats; only a person sets it
    (``confirm-repeat``); similarity only ever suggests candidates.
    """

    id: int
    owner: str
    title: str
    occurred_on: date
    recorded_at: datetime
    category: MistakeCategory = MistakeCategory.OTHER
    what_happened: str = ""
    customer_impact: str = ""
    five_whys: tuple[str, ...] = ()
    root_cause: str = ""
    detected_on: date | None = None
    tags: tuple[str, ...] = ()
    commitment_ids: tuple[int, ...] = ()
    action_items: tuple[ActionItem, ...] = ()
    repeat_of: int | None = None
    repeat_confirmed_by: str = ""
    recorded_by: str = ""
    imported: bool = False
    failure_modes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _require(bool(self.owner.strip()), "a mistake needs an owner", "Pass --owner NAME.")
        _require(
            bool(self.title.strip()),
            "a mistake needs a title",
            "Give a one-line title, e.g. 'Launch date promised before legal review'.",
        )
        _require_aware(self.recorded_at, "recorded_at")
        if self.tags:
            _require_labels(self.tags, "tag")
        _require(
            self.repeat_of != self.id,
            f"mistake {self.id} cannot be a repeat of itself",
            "Name an earlier mistake.",
        )

    @property
    def text(self) -> str:
        """All its words: title, narrative, whys and root cause."""
        parts = [self.title, self.what_happened, *self.five_whys, self.root_cause]
        return "\n".join(p for p in parts if p)

    @property
    def cause_text(self) -> str:
        """The words that say *why* it happened: the whys and the root cause (the title and
        the narrative when neither was written). Repeats are found by these, not by the
        story: two mistakes on Black Friday need not share a cause."""
        return cause_text(self.five_whys, self.root_cause, self.title, self.what_happened)

    def actions_closed_by(self, day: date) -> bool:
        """All action items closed on or before ``day`` (False when there are none)."""
        return bool(self.action_items) and all(a.closed_by(day) for a in self.action_items)


@dataclass(frozen=True, slots=True)
class Correction:
    """A correction of a commitment's recorded fact, appended with a reason (never an edit).

    ``field`` is ``resolved_on``, ``outcome`` or ``statement``; ``old_value`` and ``new_value``
    are text (ISO dates, outcome names). The record shows the corrected value and this entry.
    """

    id: int
    commitment_id: int
    field: str
    old_value: str
    new_value: str
    reason: str
    recorded_by: str
    recorded_at: datetime
    imported: bool = False


@dataclass(frozen=True, slots=True)
class Event:
    """One change in the audit log: ``who`` did ``action`` to ``entity`` ``entity_id`` ``at``."""

    id: int
    at: datetime
    who: str
    entity: str  # "commitment" | "mistake"
    entity_id: int
    action: str  # "commit", "revise", "resolve", "add", "confirm_repeat", "close_action", ...
    data: Mapping[str, Any] = field(default_factory=dict)


def cause_text(five_whys: Sequence[str], root_cause: str, title: str, what_happened: str) -> str:
    """``Mistake.cause_text`` from its parts: the whys and the root cause, one a line (the
    title and the narrative when neither was written)."""
    parts = [*five_whys, root_cause]
    return "\n".join(p for p in parts if p) or f"{title}\n{what_happened}"


def current_due(commitment: Commitment, revisions: tuple[Revision, ...], as_of: date) -> date:
    """The due date in force on ``as_of``: the latest date-changing revision made by then."""
    return due_in_force(commitment.due, revisions, as_of)


def due_in_force(due: date, revisions: tuple[Revision, ...], as_of: date) -> date:
    """``due`` (the original date) as the revisions entered by ``as_of`` moved it."""
    for rev in sorted(revisions, key=lambda r: (r.counted_at, r.id)):
        if rev.counted_at.date() > as_of:
            break
        if rev.new_due is not None:
            due = rev.new_due
    return due


def status_as_of(
    commitment: Commitment,
    revisions: tuple[Revision, ...],
    resolution: Resolution | None,
    as_of: date,
    holidays: Collection[date] = (),
) -> Status:
    """The status of a commitment on ``as_of``.

    Resolved (by ``resolved_on``) gives the outcome; otherwise ``overdue`` once a business day
    has passed since the due date in force (as the measures count a delivery late), else
    ``open``: due on a Saturday and still open on the Monday is not overdue.
    """
    due = current_due(commitment, revisions, as_of)
    if resolution is None:
        return status_from(due, None, None, as_of, holidays)
    return status_from(due, resolution.outcome, resolution.resolved_on, as_of, holidays)


def status_from(
    due: date,
    outcome: Outcome | str | None,
    resolved_on: date | None,
    as_of: date,
    holidays: Collection[date] = (),
) -> Status:
    """``status_as_of`` from the due date in force and the resolution's outcome and date."""
    if outcome is not None and resolved_on is not None and resolved_on <= as_of:
        return Status(outcome.value if isinstance(outcome, Outcome) else outcome)
    if business_days(due, as_of, holidays) > 0:
        return Status.OVERDUE
    return Status.OPEN


def business_days(start: date, end: date, holidays: Collection[date] = ()) -> int:
    """Business days (Mon-Fri, less ``holidays``) in ``[start, end)``; when ``end`` is
    earlier, minus those in ``(end, start]`` (``numpy.busday_count``'s rule, which the
    measures use)."""
    if end < start:
        one = timedelta(days=1)
        return -business_days(end + one, start + one, holidays)
    weeks, rest = divmod((end - start).days, 7)
    first = start.weekday()
    days = weeks * 5 + sum((first + i) % 7 < 5 for i in range(rest))
    return days - sum(start <= h < end and h.weekday() < 5 for h in set(holidays))


@dataclass(frozen=True, slots=True)
class CommitmentOutcome:
    """A commitment and its outcome as of a date: the read model other features join on.

    ``due`` is the original due date (the one trust is measured against), ``due_in_force`` the
    date after the revisions made by ``as_of``. ``outcome``, ``resolved_on`` and the slips are
    None while the commitment is open on ``as_of``; a slip is from the original due date to the
    resolution, negative when early (``slip_business_days`` counts Mon-Fri as the trust report
    does).
    """

    id: int
    owner: str
    statement: str
    kind: Kind
    committed: bool
    made_on: date
    due: date
    due_in_force: date
    probability: float | None
    metric: str | None
    target_value: float | None
    tags: tuple[str, ...]
    links: tuple[str, ...]
    as_of: date
    status: Status
    revisions: int
    outcome: Outcome | None
    resolved_on: date | None
    delivered_fraction: float | None
    actual_value: float | None
    slip_days: int | None
    slip_business_days: int | None


@dataclass(frozen=True, slots=True)
class CommitmentRecord:
    """A commitment with its revisions (oldest first) and its resolution, if any."""

    commitment: Commitment
    revisions: tuple[Revision, ...] = ()
    resolution: Resolution | None = None
    corrections: tuple[Correction, ...] = ()

    @property
    def id(self) -> int:
        return self.commitment.id

    def due_as_of(self, as_of: date) -> date:
        return current_due(self.commitment, self.revisions, as_of)

    def status(self, as_of: date, holidays: Collection[date] = ()) -> Status:
        return status_as_of(self.commitment, self.revisions, self.resolution, as_of, holidays)

    @property
    def latest_due(self) -> date:
        """The due date after every revision."""
        due = self.commitment.due
        for rev in self.revisions:
            if rev.new_due is not None:
                due = rev.new_due
        return due

    @property
    def first_revision(self) -> Revision | None:
        return self.revisions[0] if self.revisions else None

    def slip_days(self, as_of: date) -> int | None:
        """Calendar days from the original due date to delivery; None while open.

        Negative = early. Business-day slip and censoring are the measures' job.
        """
        if self.resolution is None or self.resolution.resolved_on > as_of:
            return None
        return (self.resolution.resolved_on - self.commitment.due).days

    def outcome_as_of(self, as_of: date, holidays: Collection[date] = ()) -> CommitmentOutcome:
        """This commitment and its outcome as they stood on ``as_of`` (the read model);
        business days skip ``holidays``."""
        c = self.commitment
        res = self.resolution if self.resolution and self.resolution.resolved_on <= as_of else None
        return CommitmentOutcome(
            id=c.id,
            owner=c.owner,
            statement=c.statement,
            kind=c.kind,
            committed=c.committed,
            made_on=c.made_at.date(),
            due=c.due,
            due_in_force=self.due_as_of(as_of),
            probability=c.probability,
            metric=c.metric,
            target_value=c.target_value,
            tags=c.tags,
            links=c.links,
            as_of=as_of,
            status=self.status(as_of, holidays),
            revisions=sum(r.counted_at.date() <= as_of for r in self.revisions),
            outcome=None if res is None else res.outcome,
            resolved_on=None if res is None else res.resolved_on,
            delivered_fraction=None if res is None else res.fraction,
            actual_value=None if res is None else res.actual_value,
            slip_days=None if res is None else (res.resolved_on - c.due).days,
            slip_business_days=None
            if res is None
            else business_days(c.due, res.resolved_on, holidays),
        )
