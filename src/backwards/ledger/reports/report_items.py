"""The commitments a report's reader should talk about: missed, kept late, and at risk.

``report_items(records, today=..., since=...)`` picks, from commitment records, those not kept
by the date first promised (missed, withdrawn late, still open past the date, or delivered
late) within the report's period, and the open ones at risk: due within ``horizon`` business
days or already moved at least once. Each carries how many times its date moved, the last
reason, and its whole history as of the report's day in plain words (``history``: the promise,
every revision, the outcome and every correction, each with its claimed day and, when later,
the day it was entered), so that the page can show it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from backwards.ledger.model import CommitmentRecord, Outcome, Status, business_days

__all__ = ["ReportItem", "history", "report_items"]

#: An open commitment due within this many business days is at risk.
AT_RISK_DAYS = 10


@dataclass(frozen=True, slots=True)
class ReportItem:
    """One commitment worth discussing, in plain words."""

    id: int
    owner: str
    statement: str
    kind: str  # "missed", "kept late" or "at risk"
    due: date
    due_in_force: date
    status: str
    aspirational: bool
    moves: int
    last_reason: str
    #: Every event as of the report's day, oldest first, in plain words.
    history: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "owner": self.owner,
            "statement": self.statement,
            "kind": self.kind,
            "due": self.due.isoformat(),
            "due_in_force": self.due_in_force.isoformat(),
            "status": self.status,
            "aspirational": self.aspirational,
            "date_moves": self.moves,
            "last_reason": self.last_reason,
            "history": list(self.history),
        }


def _kind(
    r: CommitmentRecord, today: date, since: date | None, holidays: Collection[date]
) -> str | None:
    c, res = r.commitment, r.resolution
    status = r.status(today, holidays)
    in_period = c.due <= today and (since is None or c.due >= since)
    if in_period:
        if status in (Status.MISSED, Status.OVERDUE):
            return "missed"
        if res is not None and res.outcome is Outcome.WITHDRAWN and res.resolved_on >= c.due:
            return "missed"
        late = res is not None and business_days(c.due, res.resolved_on, holidays) > 0
        if status in (Status.MET, Status.PARTIALLY_MET) and late:
            return "kept late"
    if status is Status.OPEN:
        soon = business_days(today, r.due_as_of(today), holidays) <= AT_RISK_DAYS
        if soon or r.revisions:
            return "at risk"
    return None


def _entered(claimed: date, entered: datetime | None, imported: bool) -> str:
    if imported:
        return " (imported)"
    if entered is None or entered.date() <= claimed:
        return ""
    return f" (entered {entered.date().isoformat()})"


def history(r: CommitmentRecord, today: date) -> tuple[str, ...]:
    """Everything that happened to ``r`` by ``today``, oldest first, one plain line each."""
    c = r.commitment
    chance = f", {c.probability:.0%} sure" if c.probability is not None else ""
    made = c.made_at.date()
    events: list[tuple[date, int, str]] = [
        (
            made,
            0,
            f"{made}: {c.owner} promised it for {c.due}{chance}"
            + _entered(made, c.recorded_at, c.imported),
        )
    ]
    for rev in r.revisions:
        if rev.counted_at.date() > today:
            continue
        told = rev.made_at.date()
        if rev.new_due is not None:
            change = f"date moved from {rev.previous_due} to {rev.new_due}"
        else:
            change = "expectation changed (date kept)"
        events.append(
            (
                told,
                1,
                f"{told}: {change}: {rev.reason}" + _entered(told, rev.recorded_at, rev.imported),
            )
        )
    res = r.resolution
    if res is not None and res.resolved_on <= today:
        outcome = res.outcome.value.replace("_", " ")
        evidence = f"; evidence: {res.evidence}" if res.evidence else ""
        events.append(
            (
                res.resolved_on,
                2,
                f"{res.resolved_on}: {outcome}{evidence}"
                + _entered(res.resolved_on, res.recorded_at, res.imported),
            )
        )
    for fix in r.corrections:
        day = fix.recorded_at.date()
        if day <= today:
            events.append(
                (
                    day,
                    3,
                    f"{day}: {fix.recorded_by} corrected the {fix.field.replace('_', ' ')} "
                    f"from {fix.old_value} to {fix.new_value}: {fix.reason}",
                )
            )
    return tuple(line for _, _, line in sorted(events, key=lambda e: (e[0], e[1])))


def report_items(
    records: Iterable[CommitmentRecord],
    *,
    today: date,
    since: date | None = None,
    holidays: Collection[date] = (),
) -> tuple[ReportItem, ...]:
    """The missed, kept-late and at-risk commitments of ``records``, missed first."""
    out = []
    for r in records:
        kind = _kind(r, today, since, holidays)
        if kind is None:
            continue
        c = r.commitment
        moves = [v for v in r.revisions if v.counted_at.date() <= today]
        out.append(
            ReportItem(
                id=c.id,
                owner=c.owner,
                statement=c.statement,
                kind=kind,
                due=c.due,
                due_in_force=r.due_as_of(today),
                status=r.status(today, holidays).value.replace("_", " "),
                aspirational=c.aspirational,
                moves=len(moves),
                last_reason=moves[-1].reason if moves else "",
                history=history(r, today),
            )
        )
    order = {"missed": 0, "kept late": 1, "at risk": 2}
    return tuple(sorted(out, key=lambda i: (order[i.kind], i.due, i.id)))
