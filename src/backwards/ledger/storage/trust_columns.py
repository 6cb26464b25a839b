"""The trust report's inputs read straight from the database as columns (its one path).

``load_trust_inputs(store, today=..., owner=..., tag=...)`` returns the ``CommitmentFrame`` and
``MistakeLog`` of one selection without building a Python object per row: one SQL query per
table computes, for each commitment, the due date in force, the day of its first revision and
its outcome as they stood on ``today``, and the values arrive as text and numbers that numpy
converts in bulk. A test checks them against frames built from the model values in Python, on
SQLite and PostgreSQL (tests/ledger/test_columns.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
import sqlalchemy as sa

from backwards.ledger.measures.commitment_frame import OUTCOME_CODES, CommitmentFrame
from backwards.ledger.measures.provenance import Provenance
from backwards.ledger.measures.repeats import MistakeLog
from backwards.ledger.storage import tables as t

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from backwards.store import Store

__all__ = ["load_trust_inputs"]


class _Days:
    """SQL giving a date (or a UTC timestamp's date) as whole days since 1970-01-01.

    Integers cross the driver without per-row conversion and numpy turns them into dates in
    one step; SQLite and PostgreSQL spell the arithmetic differently.
    """

    def __init__(self, dialect: str) -> None:
        self.sqlite = dialect == "sqlite"

    def __call__(self, column: Any, *, timestamp: bool = False) -> Any:
        if self.sqlite:
            text = sa.func.substr(column, 1, 10) if timestamp else column
            return sa.cast(sa.func.julianday(text) - 2440587.5, sa.Integer)
        day = sa.cast(sa.func.timezone("UTC", column), sa.Date) if timestamp else column
        return day - sa.cast(sa.literal("1970-01-01"), sa.Date)


def _days(values: Sequence[int | None]) -> np.ndarray[Any, np.dtype[np.datetime64]]:
    """Days since 1970-01-01 to datetime64[D]; None becomes NaT."""
    numbers = np.array(values, dtype=np.float64)  # None -> NaN
    known = ~np.isnan(numbers)
    out = np.full(numbers.shape, np.datetime64("NaT"), dtype="datetime64[D]")
    out[known] = numbers[known].astype(np.int64).astype("datetime64[D]")
    return out


def _floats(values: Sequence[float | None]) -> np.ndarray[Any, np.dtype[np.float64]]:
    return np.array([np.nan if v is None else v for v in values], dtype=np.float64)


def _has_tag(labels: str | None, wanted: str) -> bool:
    return bool(labels) and wanted in {x.lower() for x in str(labels).split("\n")}


def _commitment_query(owner: str | None, tag: str | None, today: date, days: _Days) -> Any:
    c, res = t.commitments.c, t.resolutions.c
    resolved = res.resolved_on <= today
    columns = [
        c.id,
        c.aspirational.cast(sa.Integer),
        days(c.made_at, timestamp=True),
        days(c.due),
        sa.case((resolved, res.outcome), else_=sa.literal("open")),
        sa.case((resolved, days(res.resolved_on)), else_=sa.null()),
        sa.case((resolved, res.delivered_fraction), else_=sa.null()),
        c.weight,
        c.probability,
        days(c.p50_due),
        days(c.p90_due),
        c.imported.cast(sa.Integer),
        days(c.recorded_at, timestamp=True),
    ]
    if tag is not None:
        columns.append(c.tags.cast(sa.Text))
    query = (
        sa.select(*columns)
        .select_from(t.commitments.outerjoin(t.resolutions, res.commitment_id == c.id))
        .order_by(c.id)
    )
    return query.where(c.owner == owner) if owner is not None else query


def _revision_days(
    conn: Connection, ids: Any, cutoff: datetime, days: _Days
) -> tuple[Any, Any, int]:
    """Per commitment (aligned with the sorted ``ids``): the day of its first revision entered
    before ``cutoff`` and the due date set by the latest of them that set one (NaT if none);
    and how many of them claim an earlier day than they were entered.

    A revision counts from its entry time (``recorded_at``), an imported one from its claimed
    time (``made_at``): the two clocks of ``model.Revision.counted_at``.
    """
    rev = t.revisions.c
    counted = sa.case((rev.imported, rev.made_at), else_=rev.recorded_at)
    rows = conn.execute(
        sa.select(
            rev.commitment_id,
            days(counted, timestamp=True),
            days(rev.new_due),
            sa.case(
                (rev.imported, 0),
                else_=days(rev.recorded_at, timestamp=True) - days(rev.made_at, timestamp=True),
            ),
        )
        .where(counted < cutoff)
        .order_by(rev.commitment_id, counted, rev.id)
    ).cursor.fetchall()
    n = len(ids)
    first = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    latest = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    if not rows:
        return first, latest, 0
    cols = list(zip(*rows, strict=True))
    cid = np.array(cols[0], dtype=np.int64)
    made, new_due = _days(cols[1]), _days(cols[2])
    keep = np.isin(cid, ids)
    claimed_earlier = int((np.array(cols[3], dtype=np.int64)[keep] > 0).sum())
    cid, made, new_due = cid[keep], made[keep], new_due[keep]
    if cid.size:
        heads, at = np.unique(cid, return_index=True)  # first row of each commitment
        first[np.searchsorted(ids, heads)] = made[at]
        sets = ~np.isnat(new_due)
        cid_set, due_set = cid[sets][::-1], new_due[sets][::-1]  # last row first
        heads, at = np.unique(cid_set, return_index=True)
        latest[np.searchsorted(ids, heads)] = due_set[at]
    return first, latest, claimed_earlier


def _frame(
    conn: Connection, owner: str | None, tag: str | None, today: date
) -> tuple[CommitmentFrame, Provenance]:
    days = _Days(conn.dialect.name)
    cutoff = datetime.combine(today + timedelta(days=1), time(), tzinfo=UTC)
    # Every selected column is an int, float or str with no result processor, so the driver's
    # own tuples are read directly (no Row objects; the equivalence test guards this).
    query = _commitment_query(owner, tag, today, days)
    rows: Sequence[Any] = conn.execute(query).cursor.fetchall()
    if tag is not None:
        wanted = tag.lower()
        rows = [r for r in rows if _has_tag(r[13], wanted)]
    if not rows:
        empty: list[Any] = []
        return CommitmentFrame.build(due=empty, outcome=empty), Provenance()
    cols = list(zip(*rows, strict=True))
    ids = np.array(cols[0], dtype=np.int64)
    due = _days(cols[3])
    first, latest, revised_earlier = _revision_days(conn, ids, cutoff, days)
    imported = np.array(cols[11], dtype=np.int64) == 1
    backdated = (np.array(cols[12], dtype=np.int64) > np.array(cols[2], dtype=np.int64)) & ~imported
    corrected = np.isin(
        ids,
        np.array(
            conn.execute(sa.select(t.corrections.c.commitment_id).distinct()).scalars().all(),
            dtype=np.int64,
        ),
    )
    provenance = Provenance(
        claimed_earlier=int(backdated.sum()) + revised_earlier,
        imported=int(imported.sum()),
        corrected=int(corrected.sum()),
    )
    codes = np.array([OUTCOME_CODES[o] for o in cols[4]], dtype=np.int8)
    frame = CommitmentFrame.build(
        due=due,
        outcome=codes,
        resolved=_days(cols[5]),
        made=_days(cols[2]),
        committed=np.array(cols[1], dtype=np.int8) == 0,
        latest_due=np.where(np.isnat(latest), due, latest),
        first_revision=first,
        fraction=_floats(cols[6]),
        weight=_floats(cols[7]),
        probability=_floats(cols[8]),
        p50=_days(cols[9]),
        p90=_days(cols[10]),
    )
    return frame, provenance


def _log(conn: Connection, owner: str | None, tag: str | None) -> MistakeLog:
    days = _Days(conn.dialect.name)
    m = t.mistakes.c
    query = sa.select(m.id, m.owner, days(m.occurred_on), m.repeat_of, m.tags.cast(sa.Text))
    rows = conn.execute(query.order_by(m.id)).cursor.fetchall()
    wanted = tag.lower() if tag is not None else None
    chosen = [
        r
        for r in rows
        if (owner is None or r[1] == owner) and (wanted is None or _has_tag(r[4], wanted))
    ]
    have = {r[0] for r in chosen}
    by_id = {r[0]: r for r in rows}
    context = []
    for r in chosen:  # the mistakes they repeat come along as context
        if r[3] is not None and r[3] not in have and r[3] in by_id:
            have.add(r[3])
            context.append(by_id[r[3]])
    everything = [*chosen, *context]
    row_of = {r[0]: i for i, r in enumerate(everything)}
    a = t.action_items.c
    actions = [
        (row_of[mistake_id], due, closed)
        for mistake_id, due, closed in conn.execute(
            sa.select(a.mistake_id, days(a.due), days(a.closed_on)).order_by(a.id)
        ).cursor.fetchall()
        if mistake_id in row_of
    ]
    return MistakeLog(
        ids=np.array([r[0] for r in everything], dtype=np.int64),
        occurred=_days([r[2] for r in everything]),
        repeat_of=np.array(
            [row_of.get(r[3], -1) if r[3] is not None else -1 for r in everything],
            dtype=np.int64,
        ),
        action_row=np.array([x[0] for x in actions], dtype=np.int64),
        action_due=_days([x[1] for x in actions]),
        action_closed=_days([x[2] for x in actions]),
        counted=np.arange(len(everything)) < len(chosen),
    )


def load_trust_inputs(
    store: Store, *, today: date, owner: str | None = None, tag: str | None = None
) -> tuple[CommitmentFrame, MistakeLog, Provenance]:
    """The report's columns for ``owner`` and ``tag`` as the ledger stood on ``today``, and
    where its records came from (``Provenance``)."""
    with store.read() as conn:
        frame, provenance = _frame(conn, owner, tag, today)
        return frame, _log(conn, owner, tag), provenance
