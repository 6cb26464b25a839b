"""Reading and writing the ledger: every change one transaction and one event.

Nothing is overwritten: a commitment row is written once; revisions, resolutions and repeat
confirmations are new rows, and each change also appends an ``Event`` saying who did what when.
Invalid transitions (resolving twice, revising or re-resolving a resolved commitment, confirming
a repeat twice) raise ``StateError`` before anything is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any, Self

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from backwards.errors import InputError, StateError
from backwards.ledger.model import (
    ActionItem,
    Commitment,
    CommitmentRecord,
    Event,
    Mistake,
    Outcome,
    Resolution,
    Revision,
)
from backwards.ledger.storage import records as rows
from backwards.ledger.storage import tables as t
from backwards.ledger.storage.bulk_import import ImportSummary, import_records
from backwards.ledger.storage.bulk_read import LedgerSnapshot, load_mistakes, load_snapshot
from backwards.store import Store

__all__ = ["ImportSummary", "LedgerRepository", "LedgerSnapshot"]


def _missing(kind: str, ident: int) -> InputError:
    command = "ledger list" if kind == "commitment" else "mistake list"
    return InputError(f"there is no {kind} {ident}", f"Run `backwards {command}` to see the ids.")


class LedgerRepository:
    """The ledger in a ``Store``. ``by`` is who acts; ``at`` is when (both passed in)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def close(self) -> None:
        """Close the store (``with LedgerRepository(store) as repo:`` does this on exit)."""
        self.store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writes --------------------------------------------------------------------------------

    def add_commitment(self, commitment: Commitment, *, by: str, at: datetime) -> Commitment:
        """Record a new commitment (its ``id`` is ignored and assigned here)."""
        return self.store.write(lambda conn: self._insert_commitment(conn, commitment, by, at))

    def _insert_commitment(
        self, conn: Connection, c: Commitment, by: str, at: datetime, action: str = "commit"
    ) -> Commitment:
        c = replace(c, recorded_by=c.recorded_by or by)
        values = rows.commitment_values(c) | {"recorded_at": at}
        new_id = int(
            conn.execute(t.commitments.insert().returning(t.commitments.c.id), values).scalar_one()
        )
        self._event(conn, at, by, "commitment", new_id, action, _jsonable(values))
        return replace(c, id=new_id)

    def revise(
        self,
        commitment_id: int,
        *,
        reason: str,
        by: str,
        at: datetime,
        made_at: datetime | None = None,
        new_due: date | None = None,
        new_target_value: float | None = None,
        new_scope: str | None = None,
        new_probability: float | None = None,
    ) -> Revision:
        """Append a revision to an open commitment; the original due date never changes."""

        def work(conn: Connection) -> Revision:
            return self._revise(
                conn,
                commitment_id,
                reason=reason,
                by=by,
                at=at,
                made_at=made_at or at,
                new_due=new_due,
                new_target_value=new_target_value,
                new_scope=new_scope,
                new_probability=new_probability,
            )

        return self.store.write(work)

    def _revise(self, conn: Connection, commitment_id: int, **kw: Any) -> Revision:
        record = self._record(conn, commitment_id, lock=True)
        if record.resolution is not None:
            res = record.resolution
            raise StateError(
                f"commitment {commitment_id} was resolved ({res.outcome.value}) on "
                f"{res.resolved_on}; a resolved commitment cannot be revised",
                "Record a new commitment for the new expectation with `backwards ledger commit`.",
            )
        changes = ("new_due", "new_target_value", "new_scope", "new_probability")
        if all(kw[k] is None for k in changes):
            raise InputError(
                "a revision must change something",
                "Pass --due, --target, --scope or --probability with the reason.",
            )
        made_at: datetime = kw["made_at"]
        if made_at < record.commitment.made_at:
            raise InputError(
                f"the revision ({made_at:%Y-%m-%d}) is dated before the commitment was made "
                f"({record.commitment.made_at:%Y-%m-%d})",
                "Check --at.",
            )
        previous = record.latest_due
        if kw["new_due"] is not None and kw["new_due"] == previous:
            raise InputError(
                f"commitment {commitment_id} is already due on {previous}",
                "Pass a different --due, or leave it out to change only the target or scope.",
            )
        revision = Revision(
            id=0,
            commitment_id=commitment_id,
            made_at=made_at,
            reason=kw["reason"],
            previous_due=previous,
            new_due=kw["new_due"],
            new_target_value=kw["new_target_value"],
            new_scope=kw["new_scope"],
            new_probability=kw["new_probability"],
            recorded_by=kw["by"],
        )
        values = rows.revision_values(revision) | {"recorded_at": kw["at"]}
        new_id = int(
            conn.execute(t.revisions.insert().returning(t.revisions.c.id), values).scalar_one()
        )
        self._event(
            conn, kw["at"], kw["by"], "commitment", commitment_id, "revise", _jsonable(values)
        )
        return replace(revision, id=new_id)

    def resolve(
        self,
        commitment_id: int,
        outcome: Outcome,
        *,
        resolved_on: date,
        by: str,
        at: datetime,
        actual_value: float | None = None,
        delivered_fraction: float | None = None,
        evidence: str = "",
    ) -> Resolution:
        """Record how a commitment ended. A second resolution is refused."""
        resolution = Resolution(
            commitment_id=commitment_id,
            outcome=outcome,
            resolved_on=resolved_on,
            recorded_at=at,
            actual_value=actual_value,
            delivered_fraction=delivered_fraction,
            evidence=evidence,
            recorded_by=by,
        )
        return self.store.write(lambda conn: self._resolve(conn, resolution, by, at))

    def _resolve(
        self, conn: Connection, resolution: Resolution, by: str, at: datetime
    ) -> Resolution:
        cid = resolution.commitment_id
        record = self._record(conn, cid, lock=True)
        if record.resolution is not None:
            raise _already_resolved(record.resolution)
        if resolution.resolved_on < record.commitment.made_at.date():
            raise InputError(
                f"resolved on {resolution.resolved_on}, before commitment {cid} was made "
                f"({record.commitment.made_at:%Y-%m-%d})",
                "Check --on.",
            )
        values = rows.resolution_values(resolution)
        try:
            with conn.begin_nested():
                conn.execute(t.resolutions.insert(), values)
        except IntegrityError:  # another process resolved it between our read and write
            existing = self._record(conn, cid).resolution
            if existing is None:  # pragma: no cover - not a duplicate after all
                raise
            raise _already_resolved(existing) from None
        self._event(conn, at, by, "commitment", cid, "resolve", _jsonable(values))
        return resolution

    def add_mistake(self, mistake: Mistake, *, by: str, at: datetime) -> Mistake:
        """Record a correction-of-errors entry with its action items."""
        return self.store.write(lambda conn: self._insert_mistake(conn, mistake, by, at))

    def _insert_mistake(
        self, conn: Connection, m: Mistake, by: str, at: datetime, action: str = "add"
    ) -> Mistake:
        if m.repeat_of is not None:
            self._mistake(conn, m.repeat_of)
        for cid in m.commitment_ids:
            self._record(conn, cid)
        m = replace(m, recorded_by=m.recorded_by or by)
        values = rows.mistake_values(m)
        new_id = int(
            conn.execute(t.mistakes.insert().returning(t.mistakes.c.id), values).scalar_one()
        )
        items = []
        for item in m.action_items:
            item_values = rows.action_item_values(item, new_id)
            item_id = int(
                conn.execute(
                    t.action_items.insert().returning(t.action_items.c.id), item_values
                ).scalar_one()
            )
            items.append(replace(item, id=item_id, mistake_id=new_id))
        data = _jsonable(values) | {
            "action_items": [_jsonable(rows.action_item_values(a, new_id)) for a in m.action_items]
        }
        self._event(conn, at, by, "mistake", new_id, action, data)
        return replace(m, id=new_id, action_items=tuple(items))

    def confirm_repeat(self, mistake_id: int, of: int, *, by: str, at: datetime) -> Mistake:
        """A person confirms that ``mistake_id`` repeats the earlier mistake ``of``."""

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
            self._event(conn, at, by, "mistake", mistake_id, "confirm_repeat", {"repeat_of": of})
            return replace(mistake, repeat_of=of, repeat_confirmed_by=by)

        return self.store.write(work)

    def close_action(
        self, action_id: int, *, closed_on: date, by: str, at: datetime, verification: str = ""
    ) -> ActionItem:
        """Close a mistake's action item (once)."""

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
            item = rows.action_item_from_row(row)
            if item.closed_on is not None:
                raise StateError(f"action item {action_id} was already closed on {item.closed_on}")
            conn.execute(
                t.action_items.update()
                .where(t.action_items.c.id == action_id)
                .values(closed_on=closed_on, verification=verification)
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
                    "closed_on": closed_on.isoformat(),
                    "verification": verification,
                },
            )
            return replace(item, closed_on=closed_on, verification=verification)

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
        query = sa.select(t.commitments).where(t.commitments.c.id == commitment_id)
        if lock:
            query = query.with_for_update()
        row = conn.execute(query).mappings().first()
        if row is None:
            raise _missing("commitment", commitment_id)
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
        return CommitmentRecord(
            rows.commitment_from_row(row),
            tuple(rows.revision_from_row(r) for r in revs),
            rows.resolution_from_row(res) if res is not None else None,
        )

    def _mistake(self, conn: Connection, mistake_id: int, *, lock: bool = False) -> Mistake:
        query = sa.select(t.mistakes).where(t.mistakes.c.id == mistake_id)
        if lock:
            query = query.with_for_update()
        row = conn.execute(query).mappings().first()
        if row is None:
            raise _missing("mistake", mistake_id)
        items = conn.execute(
            sa.select(t.action_items)
            .where(t.action_items.c.mistake_id == mistake_id)
            .order_by(t.action_items.c.id)
        ).mappings()
        return rows.mistake_from_row(row, [rows.action_item_from_row(i) for i in items])

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

    def import_all(
        self,
        records: Sequence[CommitmentRecord],
        mistakes: Sequence[Mistake],
        *,
        by: str,
        at: datetime,
    ) -> ImportSummary:
        """Add many commitments (with revisions and resolutions) and mistakes in ONE transaction.

        Ids in the input are the file's own references: ``Mistake.commitment_ids`` and
        ``repeat_of`` point at them and are mapped to the new ids. Each revision's
        ``previous_due`` is recomputed from the chain. Either everything is added or nothing.
        """
        return self.store.write(lambda conn: import_records(conn, records, mistakes, by, at))

    def load_all(self) -> LedgerSnapshot:
        """Everything, in one read transaction (a consistent snapshot)."""
        with self.store.read() as conn:
            return load_snapshot(conn)

    def mistakes(self) -> list[Mistake]:
        with self.store.read() as conn:
            return list(load_mistakes(conn))


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
