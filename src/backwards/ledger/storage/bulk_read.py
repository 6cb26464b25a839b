"""Everything in the ledger at one moment, read in bulk."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from backwards.ledger.model import (
    ActionItem,
    Commitment,
    CommitmentRecord,
    Correction,
    Mistake,
    Resolution,
    Revision,
)
from backwards.ledger.storage import records as rows
from backwards.ledger.storage import tables as t

__all__ = ["LedgerSnapshot", "iter_records", "load_mistakes", "load_snapshot"]

T = TypeVar("T")
TABLES: dict[type[Any], sa.Table] = {
    Commitment: t.commitments,
    Revision: t.revisions,
    Resolution: t.resolutions,
    Correction: t.corrections,
}


@dataclass(frozen=True, slots=True)
class LedgerSnapshot:
    """Everything in the ledger at one moment, as model values (ordered by id)."""

    commitments: tuple[Commitment, ...]
    revisions: tuple[Revision, ...]
    resolutions: tuple[Resolution, ...]
    mistakes: tuple[Mistake, ...]
    corrections: tuple[Correction, ...] = ()

    def records(self) -> list[CommitmentRecord]:
        """One ``CommitmentRecord`` per commitment, revisions oldest first."""
        revs: dict[int, list[Revision]] = defaultdict(list)
        for rev in self.revisions:
            revs[rev.commitment_id].append(rev)
        fixes: dict[int, list[Correction]] = defaultdict(list)
        for fix in self.corrections:
            fixes[fix.commitment_id].append(fix)
        res = {r.commitment_id: r for r in self.resolutions}
        return [
            CommitmentRecord(
                c, tuple(revs.get(c.id, ())), res.get(c.id), tuple(fixes.get(c.id, ()))
            )
            for c in self.commitments
        ]


def load_snapshot(conn: Connection) -> LedgerSnapshot:
    """Everything, read as the driver's tuples and converted in bulk (see ``rows.RawValues``)."""
    values = rows.RawValues(conn.dialect.name)

    def read(kind: type[T], *order: str) -> tuple[T, ...]:
        table = TABLES[kind]
        query = sa.select(*(table.c[n] for n in rows.COLUMNS[kind]))
        raw = conn.execute(query.order_by(*(table.c[n] for n in order))).cursor.fetchall()
        return tuple(rows.from_raw(kind, raw, values))

    return LedgerSnapshot(
        read(Commitment, "id"),
        read(Revision, "made_at", "id"),
        read(Resolution, "commitment_id"),
        load_mistakes(conn),
        read(Correction, "id"),
    )


def iter_records(conn: Connection, batch: int = 5_000) -> Iterator[CommitmentRecord]:
    """Every commitment record by id, read ``batch`` commitments at a time (with their
    revisions, resolutions and corrections): memory stays flat however large the ledger."""
    values = rows.RawValues(conn.dialect.name)

    def read(kind: type[T], where: Any, *order: str, limit: int | None = None) -> tuple[T, ...]:
        table = TABLES[kind]
        query = sa.select(*(table.c[n] for n in rows.COLUMNS[kind])).where(where)
        query = query.order_by(*(table.c[n] for n in order)).limit(limit)
        raw = conn.execute(query).cursor.fetchall()
        return tuple(rows.from_raw(kind, raw, values))

    c, v, s, k = (TABLES[x].c for x in (Commitment, Revision, Resolution, Correction))
    last = -1
    while True:  # keyset paging by id
        commitments = read(Commitment, c.id > last, "id", limit=batch)
        if not commitments:
            return
        low, high = commitments[0].id, commitments[-1].id
        last = high
        part = LedgerSnapshot(
            commitments,
            read(Revision, v.commitment_id.between(low, high), "made_at", "id"),
            read(Resolution, s.commitment_id.between(low, high), "commitment_id"),
            (),
            read(Correction, k.commitment_id.between(low, high), "id"),
        )
        yield from part.records()


def load_mistakes(conn: Connection) -> tuple[Mistake, ...]:
    items: dict[int, list[ActionItem]] = defaultdict(list)
    for r in conn.execute(sa.select(t.action_items).order_by(t.action_items.c.id)).mappings():
        item = rows.from_row(ActionItem, r)
        items[item.mistake_id].append(item)
    return tuple(
        rows.from_row(Mistake, r, action_items=tuple(items.get(r["id"], ())))
        for r in conn.execute(sa.select(t.mistakes).order_by(t.mistakes.c.id)).mappings()
    )
