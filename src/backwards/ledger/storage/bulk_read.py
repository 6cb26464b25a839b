"""Everything in the ledger at one moment, read in bulk."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
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
    Status,
)
from backwards.ledger.storage import records as rows
from backwards.ledger.storage import tables as t

__all__ = [
    "FOLDS_TO_ASCII",
    "LedgerSnapshot",
    "RawBatch",
    "Selection",
    "iter_records",
    "load_mistakes",
    "load_snapshot",
    "raw_batches",
]

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


def _read(
    conn: Connection, kind: type[Any], where: Any, *order: str, limit: int | None = None
) -> list[Any]:
    """The driver's tuples of ``COLUMNS[kind]`` that meet ``where`` (None: all), in order."""
    table = TABLES[kind]
    query = sa.select(*(table.c[n] for n in rows.COLUMNS[kind]))
    if where is not None:
        query = query.where(where)
    query = query.order_by(*(table.c[n] for n in order)).limit(limit)
    return list(conn.execute(query).cursor.fetchall())


def load_snapshot(conn: Connection) -> LedgerSnapshot:
    """Everything, read as the driver's tuples and converted in bulk (see ``rows.RawValues``)."""
    values = rows.RawValues(conn.dialect.name)

    def read(kind: type[T], *order: str) -> tuple[T, ...]:
        return tuple(rows.from_raw(kind, _read(conn, kind, None, *order), values))

    return LedgerSnapshot(
        read(Commitment, "id"),
        read(Revision, "made_at", "id"),
        read(Resolution, "commitment_id"),
        load_mistakes(conn),
        read(Correction, "id"),
    )


#: Letters outside ASCII whose case fold is ASCII ("\u00df" -> "ss", the Kelvin sign -> "k"):
#: a tag spelled with one matches an ASCII tag, though SQL's LIKE cannot see it (a test scans
#: Unicode for them).
FOLDS_TO_ASCII = "\u00df\u017f\u1e9e\u212a\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06"


def tag_narrowing(tags: sa.ColumnElement[Any], tag: str) -> sa.ColumnElement[bool] | None:
    """SQL that every row whose ``tags`` (one label a line) hold ``tag`` in any letter case
    meets, and a few more; None for a tag outside ASCII (then Python alone decides)."""
    label = tag.casefold()
    if not label.isascii():
        return None
    text = tags.cast(sa.Text)
    odd = [text.contains(x) for x in FOLDS_TO_ASCII if x.casefold() in label]
    return sa.or_(text.icontains(label, autoescape=True), *odd)


@dataclass(frozen=True, slots=True)
class Selection:
    """Which commitments a listing wants, as of ``as_of``. ``where`` narrows them in SQL: the
    owner exactly (in any letter case), the tag, status and due date (in force) to a few more
    than match; ``keeps`` (or ``has_tag`` and ``fits``) then decides exactly, by the model's
    rules."""

    as_of: date
    owner: str | None = None
    tag: str | None = None
    statuses: frozenset[Status] = frozenset()
    due_from: date | None = None
    due_to: date | None = None

    def where(self, conn: Connection) -> sa.ColumnElement[bool] | None:
        """The SQL condition on ``ledger_commitments`` (None: every commitment)."""
        c, v, s = t.commitments.c, t.revisions.c, t.resolutions.c
        parts: list[sa.ColumnElement[bool]] = []
        if self.owner is not None:  # each spelling the ledger has, then the owner index
            who = self.owner.casefold()
            known = conn.execute(sa.select(c.owner).distinct()).scalars()
            parts.append(c.owner.in_([x for x in known if x.casefold() == who]))
        if self.tag is not None and (narrowed := tag_narrowing(c.tags, self.tag)) is not None:
            parts.append(narrowed)
        if self.statuses:
            done = sa.select(s.commitment_id).where(s.resolved_on <= self.as_of)
            ends = [x.value for x in self.statuses if x.resolved]
            either = []
            if ends:
                either.append(c.id.in_(done.where(s.outcome.in_(ends))))
            if len(ends) < len(self.statuses):  # open or overdue: not resolved yet
                either.append(c.id.not_in(done))
            parts.append(sa.or_(*either))
        for bound, later in ((self.due_from, True), (self.due_to, False)):
            if bound is not None:  # the original due date or any a revision set
                moved = sa.select(v.commitment_id).where(
                    v.new_due >= bound if later else v.new_due <= bound
                )
                parts.append(sa.or_(c.due >= bound if later else c.due <= bound, c.id.in_(moved)))
        return sa.and_(*parts) if parts else None

    def has_tag(self, tags: Iterable[str]) -> bool:
        label = None if self.tag is None else self.tag.casefold()
        return label is None or any(label == x.casefold() for x in tags)

    def fits(self, due: date, status: Status | None) -> bool:
        """Whether the due date in force and the status (None: not computed, as no status is
        wanted) match."""
        return (
            (self.due_from is None or due >= self.due_from)
            and (self.due_to is None or due <= self.due_to)
            and (not self.statuses or status in self.statuses)
        )

    def keeps(self, record: CommitmentRecord, holidays: Collection[date] = ()) -> bool:
        """Whether ``record``, read through ``where``, matches exactly."""
        as_of = self.as_of
        return self.has_tag(record.commitment.tags) and self.fits(
            record.due_as_of(as_of),
            record.status(as_of, holidays) if self.statuses else None,
        )


@dataclass(frozen=True, slots=True)
class RawBatch:
    """A batch of commitments as the driver's tuples (``records.COLUMNS`` order), with their
    revisions (oldest first), resolutions and corrections."""

    commitments: list[Any]
    revisions: list[Any]
    resolutions: list[Any]
    corrections: list[Any]


def raw_batches(
    conn: Connection, where: sa.ColumnElement[bool] | None = None, size: int = 5_000
) -> Iterator[RawBatch]:
    """The commitments that meet ``where`` by id, ``size`` at a time (keyset paging), and
    their parts: memory stays flat however large the ledger."""
    c = t.commitments.c

    def part(kind: type[Any], low: int, high: int, *order: str) -> list[Any]:
        of = TABLES[kind].c.commitment_id
        span: sa.ColumnElement[bool] = of.between(low, high)
        if where is not None:  # only the parts of the chosen commitments
            span = sa.and_(span, of.in_(sa.select(c.id).where(c.id.between(low, high), where)))
        return _read(conn, kind, span, *order)

    last = -1
    while True:
        after = c.id > last
        chosen = after if where is None else sa.and_(after, where)
        commitments = _read(conn, Commitment, chosen, "id", limit=size)
        if not commitments:
            return
        low, high = commitments[0][0], commitments[-1][0]  # ids come first
        last = high
        yield RawBatch(
            commitments,
            part(Revision, low, high, "made_at", "id"),
            part(Resolution, low, high, "commitment_id"),
            part(Correction, low, high, "id"),
        )


def iter_records(
    conn: Connection, where: sa.ColumnElement[bool] | None = None, batch: int = 5_000
) -> Iterator[CommitmentRecord]:
    """Every commitment record that meets ``where`` by id, read ``batch`` commitments at a
    time (with their revisions, resolutions and corrections)."""
    values = rows.RawValues(conn.dialect.name)
    for raw in raw_batches(conn, where, batch):
        yield from LedgerSnapshot(
            tuple(rows.from_raw(Commitment, raw.commitments, values)),
            tuple(rows.from_raw(Revision, raw.revisions, values)),
            tuple(rows.from_raw(Resolution, raw.resolutions, values)),
            (),
            tuple(rows.from_raw(Correction, raw.corrections, values)),
        ).records()


def load_mistakes(conn: Connection) -> tuple[Mistake, ...]:
    items: dict[int, list[ActionItem]] = defaultdict(list)
    for r in conn.execute(sa.select(t.action_items).order_by(t.action_items.c.id)).mappings():
        item = rows.from_row(ActionItem, r)
        items[item.mistake_id].append(item)
    return tuple(
        rows.from_row(Mistake, r, action_items=tuple(items.get(r["id"], ())))
        for r in conn.execute(sa.select(t.mistakes).order_by(t.mistakes.c.id)).mappings()
    )
