"""The commitments a report's reader should talk about: missed, kept late, and at risk.

``report_items(records, today=..., since=...)`` picks, from commitment records, those not kept
by the date first promised (missed, withdrawn late, still open past the date, or delivered
late) within the report's period, and the open ones at risk: due within ``horizon`` business
days or already moved at least once. Each carries its short history (how many times the date
moved and the last reason) so that the page can show it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from backwards.ledger.model import CommitmentRecord, Outcome, Status, business_days

__all__ = ["ReportItem", "report_items"]

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
            )
        )
    order = {"missed": 0, "kept late": 1, "at risk": 2}
    return tuple(sorted(out, key=lambda i: (order[i.kind], i.due, i.id)))
