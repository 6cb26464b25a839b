"""The ledger repository on SQLite and PostgreSQL: events, transitions, snapshots, import."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from backwards.errors import InputError, StateError
from backwards.ledger.model import (
    ActionItem,
    CommitmentRecord,
    Outcome,
    RevisionChange,
    Status,
)
from backwards.ledger.storage.repository import LedgerRepository
from backwards.store import open_store
from tests.ledger.factories import AT, a_commitment, a_mistake

LATER = AT + timedelta(days=10)


@pytest.fixture
def repo(database_url: str) -> Iterator[LedgerRepository]:
    with LedgerRepository(open_store(database_url)) as repo:
        yield repo


def test_commit_revise_resolve_keeps_the_original_and_logs_every_change(
    repo: LedgerRepository,
) -> None:
    c = repo.add_commitment(a_commitment(), by="ana")
    assert c.id > 0
    assert c.recorded_by == "ana"
    slipped = RevisionChange("payments API slipped", new_due=date(2026, 2, 16))
    rev = repo.revise(c.id, slipped, by="ana", at=LATER)
    assert rev.previous_due == date(2026, 2, 2)
    # two clocks: the claimed day (--at) and the day it was entered (the store's clock)
    today = datetime.now(UTC).date()
    assert rev.made_at == LATER and rev.recorded_at is not None
    assert rev.recorded_at.date() == today and rev.claimed_earlier
    assert rev.notice_days == (date(2026, 2, 2) - today).days < 0  # no credit for backdating
    rev2 = repo.revise(c.id, RevisionChange("scope cut", new_scope="EU only"), by="bo", at=LATER)
    assert rev2.previous_due == date(2026, 2, 16)
    res = repo.resolve(
        c.id, Outcome.MET, resolved_on=date(2026, 2, 13), evidence="release 4.2", by="ana",
    )  # fmt: skip
    assert res.outcome is Outcome.MET
    record = repo.record(c.id)
    assert record.commitment.due == date(2026, 2, 2)  # frozen forever
    assert record.latest_due == date(2026, 2, 16)
    assert [r.id for r in record.revisions] == [rev.id, rev2.id]
    assert record.status(date(2026, 3, 1)) is Status.MET
    assert record.commitment.made_at == AT
    assert record.commitment.made_at.tzinfo == UTC
    events = repo.events("commitment", c.id)
    assert [(e.action, e.who) for e in events] == [
        ("commit", "ana"),
        ("revise", "ana"),
        ("revise", "bo"),
        ("resolve", "ana"),
    ]
    assert events[1].data["new_due"] == "2026-02-16"
    assert events[0].at.date() == today  # events carry the entry time


def test_invalid_transitions_raise_state_errors_and_write_nothing(
    repo: LedgerRepository,
) -> None:
    c = repo.add_commitment(a_commitment(), by="ana")
    repo.resolve(c.id, Outcome.MISSED, resolved_on=date(2026, 2, 5), by="ana")
    with pytest.raises(StateError, match="already resolved \\(missed"):
        repo.resolve(c.id, Outcome.MET, resolved_on=date(2026, 2, 6), by="bo")
    with pytest.raises(StateError, match="cannot be revised"):
        repo.revise(c.id, RevisionChange("late", date(2026, 3, 1)), by="ana", at=LATER)
    record = repo.record(c.id)
    assert record.resolution is not None
    assert record.resolution.outcome is Outcome.MISSED
    assert record.revisions == ()
    assert len(repo.events("commitment", c.id)) == 2


def test_bad_requests_are_input_errors(repo: LedgerRepository) -> None:
    with pytest.raises(InputError, match="no commitment 999"):
        repo.revise(999, RevisionChange("x", date(2026, 3, 1)), by="ana", at=LATER)
    c = repo.add_commitment(a_commitment(), by="ana")
    with pytest.raises(InputError, match="must change something"):
        repo.revise(c.id, RevisionChange("x"), by="ana", at=LATER)
    with pytest.raises(InputError, match="already due on 2026-02-02"):
        repo.revise(c.id, RevisionChange("x", date(2026, 2, 2)), by="ana", at=LATER)
    with pytest.raises(InputError, match="before the promise was made"):
        repo.revise(c.id, RevisionChange("x", date(2026, 3, 2)), by="ana", at=AT - timedelta(1))
    with pytest.raises(InputError, match="before the promise was made"):
        repo.resolve(c.id, Outcome.MET, resolved_on=date(2025, 1, 1), by="ana")


def test_mistakes_action_items_and_confirmed_repeats(repo: LedgerRepository) -> None:
    c = repo.add_commitment(a_commitment(), by="ana")
    first = repo.add_mistake(
        a_mistake(
            commitment_ids=(c.id,),
            action_items=(
                ActionItem(0, 0, "add a legal gate to the checklist", "ana", date(2026, 2, 1)),
            ),
        ),
        by="ana",
    )
    assert first.id > 0
    assert first.action_items[0].id > 0
    assert first.action_items[0].mistake_id == first.id
    second = repo.add_mistake(a_mistake(occurred_on=date(2026, 3, 1)), by="ana")
    closed = repo.close_action(first.action_items[0].id, closed_on=date(2026, 1, 30), by="ana")
    assert closed.closed_on == date(2026, 1, 30)
    with pytest.raises(StateError, match="already closed"):
        repo.close_action(closed.id, closed_on=date(2026, 2, 1), by="ana")
    with pytest.raises(InputError, match="after mistake"):
        repo.confirm_repeat(first.id, second.id, by="lead")
    confirmed = repo.confirm_repeat(second.id, first.id, by="lead")
    assert confirmed.repeat_of == first.id
    assert confirmed.repeat_confirmed_by == "lead"
    with pytest.raises(StateError, match="already confirmed as a repeat"):
        repo.confirm_repeat(second.id, first.id, by="lead")
    stored = repo.mistake(second.id)
    assert stored.repeat_of == first.id
    assert repo.mistake(first.id).actions_closed_by(date(2026, 2, 1))
    assert [e.action for e in repo.events("mistake", first.id)] == ["add", "close_action"]
    assert [e.action for e in repo.events("mistake", second.id)] == ["add", "confirm_repeat"]
    with pytest.raises(InputError, match="no mistake 999"):
        repo.confirm_repeat(second.id, 999, by="lead")


def test_import_all_maps_ids_in_one_transaction(repo: LedgerRepository) -> None:
    c1 = a_commitment(id=101)
    c2 = a_commitment(id=102, owner="bo", statement="Hit 1,000 weekly active teams")
    from backwards.ledger.model import Resolution, Revision

    rev = Revision(
        1, 101, LATER, "vendor late", previous_due=date(1999, 1, 1), new_due=date(2026, 2, 20)
    )
    res = Resolution(101, Outcome.MET, date(2026, 2, 19), LATER)
    m1 = a_mistake(id=7, commitment_ids=(102,))
    m2 = a_mistake(id=8, occurred_on=date(2026, 3, 3), repeat_of=7, repeat_confirmed_by="lead")
    summary = repo.import_all(
        [CommitmentRecord(c1, (rev,), res), CommitmentRecord(c2)], [m1, m2], by="importer"
    )
    assert (summary.commitments, summary.revisions, summary.resolutions, summary.mistakes) == (
        2,
        1,
        1,
        2,
    )
    snap = repo.load_all()
    records = {r.commitment.owner: r for r in snap.records()}
    assert records["ana"].revisions[0].previous_due == date(2026, 2, 2)  # recomputed
    assert records["ana"].status(date(2026, 3, 1)) is Status.MET
    new_m1, new_m2 = snap.mistakes
    assert new_m2.repeat_of == new_m1.id
    assert new_m1.commitment_ids == (records["bo"].id,)
    # a broken reference rolls the whole import back
    before = repo.count_commitments()
    with pytest.raises(InputError, match="not in the file"):
        repo.import_all(
            [CommitmentRecord(a_commitment(id=1))],
            [a_mistake(id=1, commitment_ids=(55,))],
            by="importer",
        )
    assert repo.count_commitments() == before


def test_snapshot_is_ordered_and_complete(repo: LedgerRepository) -> None:
    for i in range(5):
        repo.add_commitment(
            a_commitment(statement=f"promise {i}", made_at=datetime(2026, 1, 1 + i, tzinfo=UTC)),
            by="ana",
        )
    snap = repo.load_all()
    assert [c.statement for c in snap.commitments] == [f"promise {i}" for i in range(5)]
    assert snap.commitments[0].tags == ("checkout",)
    assert repo.count_commitments() == 5


def test_two_resolutions_racing_give_one_outcome_and_one_clear_error(
    repo: LedgerRepository,
) -> None:
    import threading

    c = repo.add_commitment(a_commitment(), by="ana")
    barrier = threading.Barrier(2)
    results: list[object] = []

    def resolve(outcome: Outcome, who: str) -> None:
        barrier.wait()
        try:
            results.append(repo.resolve(c.id, outcome, resolved_on=date(2026, 2, 2), by=who))
        except StateError as exc:
            results.append(exc)

    threads = [
        threading.Thread(target=resolve, args=(Outcome.MET, "ana")),
        threading.Thread(target=resolve, args=(Outcome.MISSED, "bo")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    errors = [r for r in results if isinstance(r, StateError)]
    assert len(results) == 2
    assert len(errors) == 1
    assert "already resolved" in errors[0].message
    record = repo.record(c.id)
    assert record.resolution is not None
    winner = next(r for r in results if not isinstance(r, StateError))
    assert record.resolution == winner
    assert [e.action for e in repo.events("commitment", c.id)] == ["commit", "resolve"]
