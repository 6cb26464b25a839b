"""Everything in the ledger at one moment, read in bulk."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from backwards.ledger.model import (
    ActionItem,
    Commitment,
    CommitmentRecord,
    Mistake,
    Resolution,
    Revision,
)
from backwards.ledger.storage import records as rows
from backwards.ledger.storage import tables as t

__all__ = ["LedgerSnapshot", "load_mistakes", "load_snapshot"]


@dataclass(frozen=True, slots=True)
class LedgerSnapshot:
    """Everything in the ledger at one moment, as model values (ordered by id)."""

    commitments: tuple[Commitment, ...]
    revisions: tuple[Revision, ...]
    resolutions: tuple[Resolution, ...]
    mistakes: tuple[Mistake, ...]

    def records(self) -> list[CommitmentRecord]:
        """One ``CommitmentRecord`` per commitment, revisions oldest first."""
        revs: dict[int, list[Revision]] = defaultdict(list)
        for rev in self.revisions:
            revs[rev.commitment_id].append(rev)
        res = {r.commitment_id: r for r in self.resolutions}
        return [
            CommitmentRecord(c, tuple(revs.get(c.id, ())), res.get(c.id)) for c in self.commitments
        ]


def load_snapshot(conn: Connection) -> LedgerSnapshot:
    """Everything, read as the driver's tuples and converted in bulk (see ``rows.RawValues``)."""
    values = rows.RawValues(conn.dialect.name)

    def raw(table: sa.Table, names: tuple[str, ...], *order: Any) -> Any:
        query = sa.select(*(table.c[n] for n in names)).order_by(*order)
        return conn.execute(query).cursor.fetchall()

    c, v, s = t.commitments.c, t.revisions.c, t.resolutions.c
    commitments = rows.commitments_from_raw(
        raw(t.commitments, rows.COMMITMENT_COLUMNS, c.id), values
    )
    revisions = rows.revisions_from_raw(
        raw(t.revisions, rows.REVISION_COLUMNS, v.made_at, v.id), values
    )
    resolutions = rows.resolutions_from_raw(
        raw(t.resolutions, rows.RESOLUTION_COLUMNS, s.commitment_id), values
    )
    return LedgerSnapshot(
        tuple(commitments), tuple(revisions), tuple(resolutions), load_mistakes(conn)
    )


def load_mistakes(conn: Connection) -> tuple[Mistake, ...]:
    items: dict[int, list[ActionItem]] = defaultdict(list)
    for r in conn.execute(sa.select(t.action_items).order_by(t.action_items.c.id)).mappings():
        item = rows.action_item_from_row(r)
        items[item.mistake_id].append(item)
    return tuple(
        rows.mistake_from_row(r, items.get(r["id"], ()))
        for r in conn.execute(sa.select(t.mistakes).order_by(t.mistakes.c.id)).mappings()
    )
