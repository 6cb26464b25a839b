"""The ledger model: validation and derived state as of a date."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from backwards.errors import InputError
from backwards.ledger.model import (
    ActionItem,
    Commitment,
    CommitmentRecord,
    Kind,
    Mistake,
    Outcome,
    Resolution,
    Revision,
    Status,
)

MADE = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def commitment(**kw: object) -> Commitment:
    base: dict[str, object] = {
        "id": 1,
        "owner": "ana",
        "statement": "Ship checkout v2",
        "due": date(2026, 2, 1),
        "made_at": MADE,
    }
    base.update(kw)
    return Commitment(**base)  # type: ignore[arg-type]


def revision(rid: int, on: date, new_due: date | None, previous_due: date) -> Revision:
    return Revision(
        id=rid,
        commitment_id=1,
        made_at=datetime(on.year, on.month, on.day, 12, tzinfo=UTC),
        reason="dependency slipped",
        previous_due=previous_due,
        new_due=new_due,
    )


def test_status_follows_revisions_and_resolution() -> None:
    c = commitment()
    r1 = revision(1, date(2026, 1, 20), date(2026, 2, 15), date(2026, 2, 1))
    res = Resolution(1, Outcome.MET, date(2026, 2, 10), datetime(2026, 2, 10, tzinfo=UTC))
    record = CommitmentRecord(c, (r1,), res)
    assert record.status(date(2026, 1, 10)) is Status.OPEN
    # before the revision the original due date is in force
    assert record.due_as_of(date(2026, 1, 19)) == date(2026, 2, 1)
    assert record.due_as_of(date(2026, 1, 20)) == date(2026, 2, 15)
    assert record.status(date(2026, 2, 5)) is Status.OPEN
    assert record.status(date(2026, 2, 10)) is Status.MET
    assert record.commitment.due == date(2026, 2, 1)  # the original never moves
    assert record.slip_days(date(2026, 3, 1)) == 9
    assert record.slip_days(date(2026, 2, 9)) is None
    assert r1.notice_days == 12


def test_unrevised_commitment_goes_overdue_after_its_due_date() -> None:
    record = CommitmentRecord(commitment())  # due Sunday 1 February 2026
    assert record.status(date(2026, 2, 1)) is Status.OPEN
    # edge (d): overdue once a business day has passed, as the measures count lateness
    assert record.status(date(2026, 2, 2)) is Status.OPEN  # Monday: delivered now, 0 days late
    assert record.status(date(2026, 2, 3)) is Status.OVERDUE
    assert record.status(date(2026, 2, 3), holidays=[date(2026, 2, 2)]) is Status.OPEN
    assert not Status.OVERDUE.resolved
    assert Status.MISSED.resolved


@pytest.mark.parametrize(
    ("field", "value", "needle"),
    [
        ("owner", " ", "owner"),
        ("statement", "", "statement"),
        ("probability", 1.5, "between 0 and 1"),
        ("weight", 0.0, "positive"),
        ("made_at", datetime(2026, 1, 5), "time zone"),
        ("p50_due", date(2026, 3, 1), "P50"),
    ],
)
def test_invalid_commitments_are_refused(field: str, value: object, needle: str) -> None:
    extra: dict[str, object] = {field: value}
    if field == "p50_due":
        extra["p90_due"] = date(2026, 2, 1)
    with pytest.raises(InputError, match=needle):
        commitment(**extra)


def test_target_commitment_needs_metric_and_value() -> None:
    with pytest.raises(InputError, match="metric"):
        commitment(kind=Kind.TARGET)
    c = commitment(kind=Kind.TARGET, metric="weekly_active", target_value=1000.0)
    assert c.committed


def test_resolution_fraction_defaults_by_outcome() -> None:
    at = datetime(2026, 2, 1, tzinfo=UTC)
    assert Resolution(1, Outcome.PARTIALLY_MET, date(2026, 2, 1), at).fraction == 0.5
    assert Resolution(1, Outcome.MISSED, date(2026, 2, 1), at).fraction == 0.0
    assert Resolution(1, Outcome.MET, date(2026, 2, 1), at, delivered_fraction=0.9).fraction == 0.9


def test_mistake_actions_and_text() -> None:
    items = (
        ActionItem(1, 7, "add legal review to launch checklist", "ana", date(2026, 3, 1)),
        ActionItem(2, 7, "calendar hold", "bo", date(2026, 3, 1), closed_on=date(2026, 2, 20)),
    )
    m = Mistake(
        7,
        "ana",
        "Promised launch before legal review",
        date(2026, 2, 1),
        MADE,
        five_whys=("no checklist",),
        action_items=items,
    )
    assert not m.actions_closed_by(date(2026, 3, 5))
    assert "no checklist" in m.text
    with pytest.raises(InputError, match="itself"):
        Mistake(3, "ana", "x", date(2026, 2, 1), MADE, repeat_of=3)
