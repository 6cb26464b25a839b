"""Reading and writing the ledger: every change one transaction and one event.

Nothing is overwritten: a commitment row is written once; revisions, resolutions and repeat
confirmations are new rows, and each change also appends an ``Event`` saying who did what when.
Invalid transitions (resolving twice, revising or re-resolving a resolved commitment, confirming
a repeat twice) raise ``StateError`` before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date, datetime
from itertools import islice
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from backwards.errors import InputError, StateError
from backwards.ledger import intake
from backwards.ledger.model import (
    ActionItem,
    Commitment,
    CommitmentRecord,
    Correction,
    Event,
    Mistake,
    Outcome,
    Resolution,
    Revision,
    RevisionChange,
    missing,
)
from backwards.ledger.storage import records as rows
from backwards.ledger.storage import tables as t
from backwards.ledger.storage.bulk_import import (
    ImportSummary,
    Progress,
    import_record_stream,
    import_records,
)
from backwards.ledger.storage.bulk_read import (
    LedgerSnapshot,
    Selection,
    iter_records,
    load_mistakes,
    load_snapshot,
)
from backwards.resource import Resource
from backwards.store import Store

__all__ = ["CORRECTABLE", "ImportSummary", "LedgerRepository", "LedgerSnapshot"]

#: What ``correct`` may change (a due date changes by a revision, never by a correction).
CORRECTABLE = ("resolved_on", "outcome", "statement")


class LedgerRepository(Resource):
    """The ledger in a ``Store``. ``by`` is who acts; ``at`` is when (both passed in)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def close(self) -> None:
        """Close the store (``with LedgerRepository(store) as repo:`` does this on exit)."""
        self.store.close()

    # -- writes --------------------------------------------------------------------------------
    # ``at`` is the claimed time (when it happened, as a person says); ``recorded_at`` and each
    # event's time come from the store's clock. Every value passes ``intake`` first.

    def add_commitment(self, commitment: Commitment, *, by: str) -> Commitment:
        """Record a new commitment (its ``id`` is ignored and assigned here)."""
        who = intake.person(by)
        c = intake.checked(replace(commitment, recorded_by=commitment.recorded_by or who))

        def work(conn: Connection) -> Commitment:
            entered = self.store.clock(conn)
            _refuse(intake.record_problem(CommitmentRecord(c), entered))
            values = rows.values(c) | {"recorded_at": entered, "imported": False}
            new_id = int(
                conn.execute(
                    t.commitments.insert().returning(t.commitments.c.id), values
                ).scalar_one()
            )
            self._event(conn, entered, who, "commitment", new_id, "commit", _jsonable(values))
            return replace(c, id=new_id, recorded_at=entered)

        return self.store.write(work)

    def revise(
        self, commitment_id: int, change: RevisionChange, *, by: str, at: datetime
    ) -> Revision:
        """Append ``change`` to an open commitment as a revision; the original due date never
        changes. Its notice counts from when it is entered, whatever ``at`` claims."""
        who = intake.person(by)
        if change.changes_nothing:
            raise InputError(
                "a revision must change something",
                "Pass --due, --target, --scope or --probability with the reason.",
            )

        def work(conn: Connection) -> Revision:
            record = self._record(conn, commitment_id, lock=True)
            if record.resolution is not None:
                res = record.resolution
                raise StateError(
                    f"commitment {commitment_id} was resolved ({res.outcome.value}) on "
                    f"{res.resolved_on}; a resolved commitment cannot be revised",
                    "Record a new commitment for the new expectation with "
                    "`backwards ledger commit`.",
                )
            previous = record.latest_due
            if change.new_due is not None and change.new_due == previous:
                raise InputError(
                    f"commitment {commitment_id} is already due on {previous}",
                    "Pass a different --due, or leave it out to change only the target or scope.",
                )
            entered = self.store.clock(conn)
            revision = intake.checked(
                Revision(
                    id=0,
                    commitment_id=commitment_id,
                    made_at=at,
                    previous_due=previous,
                    recorded_by=who,
                    recorded_at=entered,
                    **change.as_fields(),
                )
            )
            grown = replace(record, revisions=(*record.revisions, revision))
            _refuse(intake.record_problem(grown, entered))
            values = rows.values(revision)
            new_id = int(
                conn.execute(t.revisions.insert().returning(t.revisions.c.id), values).scalar_one()
            )
            self._event(
                conn, entered, who, "commitment", commitment_id, "revise", _jsonable(values)
            )
            return replace(revision, id=new_id)

        return self.store.write(work)

    def resolve(
        self,
        commitment_id: int,
        outcome: Outcome,
        *,
        resolved_on: date | None,
        by: str,
        actual_value: float | None = None,
        delivered_fraction: float | None = None,
        evidence: str = "",
    ) -> Resolution:
        """Record how a commitment ended (``resolved_on`` defaults to the day it is entered).
        A second resolution, or one dated in the future, is refused."""
        who = intake.person(by)

        def work(conn: Connection) -> Resolution:
            record = self._record(conn, commitment_id, lock=True)
            if record.resolution is not None:
                raise _already_resolved(record.resolution)
            entered = self.store.clock(conn)
            resolution = intake.checked(
                Resolution(
                    commitment_id=commitment_id,
                    outcome=outcome,
                    resolved_on=resolved_on or entered.date(),
                    recorded_at=entered,
                    actual_value=actual_value,
                    delivered_fraction=delivered_fraction,
                    evidence=evidence,
                    recorded_by=who,
                )
            )
            _refuse(intake.record_problem(replace(record, resolution=resolution), entered))
            values = rows.values(resolution)
            try:
                with conn.begin_nested():
                    conn.execute(t.resolutions.insert(), values)
            except IntegrityError:  # another process resolved it between our read and write
                existing = self._record(conn, commitment_id).resolution
                if existing is None:  # pragma: no cover - not a duplicate after all
                    raise
                raise _already_resolved(existing) from None
            self._event(
                conn, entered, who, "commitment", commitment_id, "resolve", _jsonable(values)
            )
            return resolution

        return self.store.write(work)

    def correct(
        self, commitment_id: int, field: str, value: str, *, reason: str, by: str
    ) -> Correction:
        """Append a correction of a commitment's resolution date, outcome or statement.

        The correction keeps the value it replaces; the record shows the corrected value.
        Refused when the corrected record would break the rules of ``intake`` (dates in order,
        no future resolution) or when there is nothing to correct.
        """
        who = intake.person(by)
        if field not in CORRECTABLE:
            raise InputError(
                f"{field!r} cannot be corrected",
                f"Correct one of: {', '.join(CORRECTABLE)}. A due date changes by a revision.",
            )

        def work(conn: Connection) -> Correction:
            record = self._record(conn, commitment_id, lock=True)
            entered = self.store.clock(conn)
            old, fixed = _corrected(record, field, value)
            _refuse(intake.record_problem(fixed, entered))
            correction = intake.checked(
                Correction(0, commitment_id, field, old, value.strip(), reason, who, entered)
            )
            if not correction.reason.strip():
                raise InputError("a correction needs a reason", "Say why: --reason '...'.")
            if old == correction.new_value:
                raise InputError(
                    f"commitment {commitment_id}'s {field} is already {old}", "Nothing to correct."
                )
            new_id = int(
                conn.execute(
                    t.corrections.insert().returning(t.corrections.c.id), rows.values(correction)
                ).scalar_one()
            )
            if field == "statement":
                conn.execute(
                    t.commitments.update()
                    .where(t.commitments.c.id == commitment_id)
                    .values(statement=fixed.commitment.statement)
                )
            else:
                res = fixed.resolution
                assert res is not None
                conn.execute(
                    t.resolutions.update()
                    .where(t.resolutions.c.commitment_id == commitment_id)
                    .values(outcome=res.outcome.value, resolved_on=res.resolved_on)
                )
            self._event(
                conn,
                entered,
                who,
                "commitment",
                commitment_id,
                "correct",
                {"field": field, "from": old, "to": correction.new_value, "reason": reason},
            )
            return replace(correction, id=new_id)

        return self.store.write(work)

    def add_mistake(self, mistake: Mistake, *, by: str) -> Mistake:
        """Record a correction-of-errors entry with its action items."""
        who = intake.person(by)
        m = intake.checked(replace(mistake, recorded_by=mistake.recorded_by or who))

        def work(conn: Connection) -> Mistake:
            if m.repeat_of is not None:
                self._mistake(conn, m.repeat_of)
            for cid in m.commitment_ids:
                self._record(conn, cid)
            entered = self.store.clock(conn)
            if m.occurred_on > entered.date():
                raise InputError(
                    f"the mistake is dated {m.occurred_on}, in the future",
                    "Give the day it happened (--on).",
                )
            values = rows.values(replace(m, recorded_at=entered))
            new_id = int(
                conn.execute(t.mistakes.insert().returning(t.mistakes.c.id), values).scalar_one()
            )
            items = []
            for item in m.action_items:
                item_values = rows.values(replace(item, mistake_id=new_id))
                item_id = int(
                    conn.execute(
                        t.action_items.insert().returning(t.action_items.c.id), item_values
                    ).scalar_one()
                )
                items.append(replace(item, id=item_id, mistake_id=new_id))
            data = _jsonable(values) | {"action_items": [_jsonable(rows.values(a)) for a in items]}
            self._event(conn, entered, who, "mistake", new_id, "add", data)
            return replace(m, id=new_id, recorded_at=entered, action_items=tuple(items))

        return self.store.write(work)

    def confirm_repeat(self, mistake_id: int, of: int, *, by: str) -> Mistake:
        """A person confirms that ``mistake_id`` repeats the earlier mistake ``of``."""
        by = intake.person(by)

        def work(conn: Connection) -> Mistake:
            mistake = self._mistake(conn, mistake_id, lock=True)
            earlier = self._mistake(conn, of)
            if of == mistake_id:
                raise InputError(f"mistake {mistake_id} cannot repeat itself", "Name another id.")
            if mistake.repeat_of is not None:
                raise StateError(
                    f"mistake {mistake_id} is already confirmed as a repeat of mistake "
                    f"{mistake.repeat_of} (by {mistake.repeat_confirmed_by or 'unknown'})",
                    "A confirmation is not overwritten; run `backwards mistake list` to review.",
                )
            if earlier.occurred_on > mistake.occurred_on:
                raise InputError(
                    f"mistake {of} happened on {earlier.occurred_on}, after mistake {mistake_id} "
                    f"({mistake.occurred_on}); a repeat must come after what it repeats",
                    f"Swap them: backwards mistake confirm-repeat {of} --of {mistake_id}",
                )
            seen, cursor = {mistake_id}, earlier
            while cursor.repeat_of is not None:
                if cursor.repeat_of in seen:
                    raise InputError("that would make a cycle of repeats", "Check the ids.")
                seen.add(cursor.id)
                cursor = self._mistake(conn, cursor.repeat_of)
            conn.execute(
                t.mistakes.update()
                .where(t.mistakes.c.id == mistake_id, t.mistakes.c.repeat_of.is_(None))
                .values(repeat_of=of, repeat_confirmed_by=by)
            )
            at = self.store.clock(conn)
            self._event(conn, at, by, "mistake", mistake_id, "confirm_repeat", {"repeat_of": of})
            return replace(mistake, repeat_of=of, repeat_confirmed_by=by)

        return self.store.write(work)

    def close_action(
        self, action_id: int, *, closed_on: date | None, by: str, verification: str = ""
    ) -> ActionItem:
        """Close a mistake's action item (once; ``closed_on`` defaults to the day entered)."""
        by = intake.person(by)

        def work(conn: Connection) -> ActionItem:
            row = (
                conn.execute(sa.select(t.action_items).where(t.action_items.c.id == action_id))
                .mappings()
                .first()
            )
            if row is None:
                raise InputError(
                    f"there is no action item {action_id}",
                    "Run `backwards mistake list --format json` to see the ids.",
                )
            item = rows.from_row(ActionItem, row)
            if item.closed_on is not None:
                raise StateError(f"action item {action_id} was already closed on {item.closed_on}")
            at = self.store.clock(conn)
            day = closed_on or at.date()
            if day > at.date():
                raise InputError(f"closed on {day}, in the future", "Give the day it was done.")
            closed = intake.checked(replace(item, closed_on=day, verification=verification))
            conn.execute(
                t.action_items.update()
                .where(t.action_items.c.id == action_id)
                .values(closed_on=day, verification=closed.verification)
            )
            self._event(
                conn,
                at,
                by,
                "mistake",
                item.mistake_id,
                "close_action",
                {
                    "action_item": action_id,
                    "closed_on": day.isoformat(),
                    "verification": verification,
                },
            )
            return closed

        return self.store.write(work)

    def _event(
        self,
        conn: Connection,
        at: datetime,
        who: str,
        entity: str,
        entity_id: int,
        action: str,
        data: dict[str, Any],
    ) -> None:
        conn.execute(
            t.ledger_events.insert(),
            {
                "at": at,
                "who": who,
                "entity": entity,
                "entity_id": entity_id,
                "action": action,
                "data": data,
            },
        )

    # -- reads ---------------------------------------------------------------------------------

    def _record(
        self, conn: Connection, commitment_id: int, *, lock: bool = False
    ) -> CommitmentRecord:
        row = _one(conn, t.commitments, "commitment", commitment_id, lock)
        revs = conn.execute(
            sa.select(t.revisions)
            .where(t.revisions.c.commitment_id == commitment_id)
            .order_by(t.revisions.c.made_at, t.revisions.c.id)
        ).mappings()
        res = (
            conn.execute(
                sa.select(t.resolutions).where(t.resolutions.c.commitment_id == commitment_id)
            )
            .mappings()
            .first()
        )
        fixes = conn.execute(
            sa.select(t.corrections)
            .where(t.corrections.c.commitment_id == commitment_id)
            .order_by(t.corrections.c.id)
        ).mappings()
        return CommitmentRecord(
            rows.from_row(Commitment, row),
            tuple(rows.from_row(Revision, r) for r in revs),
            rows.from_row(Resolution, res) if res is not None else None,
            tuple(rows.from_row(Correction, f) for f in fixes),
        )

    def _mistake(self, conn: Connection, mistake_id: int, *, lock: bool = False) -> Mistake:
        row = _one(conn, t.mistakes, "mistake", mistake_id, lock)
        items = conn.execute(
            sa.select(t.action_items)
            .where(t.action_items.c.mistake_id == mistake_id)
            .order_by(t.action_items.c.id)
        ).mappings()
        return rows.from_row(
            Mistake, row, action_items=tuple(rows.from_row(ActionItem, i) for i in items)
        )

    def record(self, commitment_id: int) -> CommitmentRecord:
        """One commitment with its revisions and resolution."""
        with self.store.read() as conn:
            return self._record(conn, commitment_id)

    def mistake(self, mistake_id: int) -> Mistake:
        with self.store.read() as conn:
            return self._mistake(conn, mistake_id)

    def events(self, entity: str, entity_id: int) -> list[Event]:
        """The whole history of one commitment or mistake, oldest first."""
        with self.store.read() as conn:
            result = conn.execute(
                sa.select(t.ledger_events)
                .where(t.ledger_events.c.entity == entity, t.ledger_events.c.entity_id == entity_id)
                .order_by(t.ledger_events.c.id)
            ).mappings()
            return [rows.event_from_row(r) for r in result]

    def count_commitments(self) -> int:
        with self.store.read() as conn:
            return int(
                conn.execute(sa.select(sa.func.count()).select_from(t.commitments)).scalar_one()
            )

    def owners(self) -> list[str]:
        """Every owner of a commitment or a mistake, once each, sorted."""
        query = sa.union(sa.select(t.commitments.c.owner), sa.select(t.mistakes.c.owner))
        with self.store.read() as conn:
            return sorted({str(owner) for (owner,) in conn.execute(query)})

    def import_all(
        self,
        records: Sequence[CommitmentRecord],
        mistakes: Sequence[Mistake],
        *,
        by: str,
        progress: Progress | None = None,
    ) -> ImportSummary:
        """Add many commitments (with revisions, resolutions, corrections) and mistakes in ONE
        transaction, marked as imported; what the ledger already holds is skipped (the same
        file twice changes nothing).

        Ids in the input are the file's own references: ``Mistake.commitment_ids`` and
        ``repeat_of`` point at them and are mapped to the new ids. Each revision's
        ``previous_due`` is recomputed from the chain. Dates are checked (``intake``) against
        the store's clock. Either everything is added or nothing. ``progress(n)``: n more
        records done.
        """
        who = intake.person(by)

        def work(conn: Connection) -> ImportSummary:
            entered = self.store.clock(conn)
            for i, record in enumerate(records):
                problem = intake.record_problem(record, entered)
                if problem is not None:
                    raise InputError(f"commitments[{i}]: {problem.message}", problem.hint)
            return import_records(conn, records, mistakes, who, entered, progress)

        return self.store.write(work)

    def import_stream(
        self,
        records: Callable[[], Iterable[tuple[str, CommitmentRecord]]],
        *,
        by: str,
        progress: Progress | None = None,
    ) -> ImportSummary:
        """``import_all`` of commitments only, read from ``records()`` as they come (a CSV
        file, a row at a time) in one transaction: all or nothing, idempotent, in flat
        memory. ``records`` is called again if the transaction is retried."""
        who = intake.person(by)

        def work(conn: Connection) -> ImportSummary:
            entered = self.store.clock(conn)
            return import_record_stream(conn, records(), who, entered, progress=progress)

        return self.store.write(work)

    def load_all(self) -> LedgerSnapshot:
        """Everything, in one read transaction (a consistent snapshot)."""
        with self.store.read() as conn:
            return load_snapshot(conn)

    def iter_records(
        self, chosen: Selection | None = None, holidays: Collection[date] = ()
    ) -> Iterator[CommitmentRecord]:
        """Every commitment record (``chosen`` ones: filtered in SQL, then exactly) by id, in
        batches, in one read transaction."""
        with self.store.read() as conn:
            if chosen is None:
                yield from iter_records(conn)
                return
            for record in iter_records(conn, chosen.where(conn)):
                if chosen.keeps(record, holidays):
                    yield record

    def record_page(
        self, owner: str | None, *, offset: int, limit: int
    ) -> tuple[list[CommitmentRecord], int]:
        """The commitments (of ``owner``, in any letter case) ``offset`` to ``offset + limit``
        by id, read in SQL, and how many there are in all (counted in SQL), in one read."""
        c = t.commitments.c
        with self.store.read() as conn:
            where = Selection(date.min, owner).where(conn)
            chosen = sa.true() if where is None else where
            count = sa.select(sa.func.count()).select_from(t.commitments).where(chosen)
            total = int(conn.execute(count).scalar_one())
            first = sa.select(c.id).where(chosen).order_by(c.id).offset(offset).limit(1)
            start = conn.execute(first).scalar()
            if start is None:
                return [], total
            found = iter_records(conn, sa.and_(c.id >= start, chosen), batch=max(1, limit))
            return list(islice(found, limit)), total

    def mistakes(self) -> list[Mistake]:
        with self.store.read() as conn:
            return list(load_mistakes(conn))


def _one(conn: Connection, table: sa.Table, kind: str, ident: int, lock: bool) -> Any:
    """The row of ``table`` with id ``ident`` (locked for the transaction when ``lock``), or
    an ``InputError`` saying there is no such ``kind``."""
    query = sa.select(table).where(table.c.id == ident)
    if lock:
        query = query.with_for_update()
    row = conn.execute(query).mappings().first()
    if row is None:
        raise missing(kind, ident)
    return row


def _refuse(problem: InputError | None) -> None:
    if problem is not None:
        raise problem


def _corrected(record: CommitmentRecord, field: str, value: str) -> tuple[str, CommitmentRecord]:
    """The value ``field`` has now (as text) and the record with ``value`` in its place."""
    text = value.strip()
    if field == "statement":
        c = record.commitment
        return c.statement, replace(record, commitment=replace(c, statement=text))
    res = record.resolution
    if res is None:
        raise InputError(
            f"commitment {record.id} is not resolved; there is no {field} to correct",
            f"Resolve it with `backwards ledger resolve {record.id} OUTCOME --on DATE`.",
        )
    if field == "outcome":
        outcome = intake.parse_outcome(text)
        return res.outcome.value, replace(record, resolution=replace(res, outcome=outcome))
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{value!r} is not a date", "Use YYYY-MM-DD, e.g. 2026-03-31.") from None
    return res.resolved_on.isoformat(), replace(record, resolution=replace(res, resolved_on=day))


def _already_resolved(res: Resolution) -> StateError:
    return StateError(
        f"commitment {res.commitment_id} is already resolved ({res.outcome.value} on "
        f"{res.resolved_on}, recorded by {res.recorded_by or 'unknown'}); "
        "a resolution is never overwritten",
        f"Run `backwards ledger show {res.commitment_id}` to see its history.",
    )


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    """Event data: dates and datetimes as ISO strings, tuples as lists."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, date | datetime):
            out[key] = value.isoformat()
        elif isinstance(value, tuple):
            out[key] = list(value)
        else:
            out[key] = value
    return out
