"""The trust report's inputs read straight from the database as columns (its one path).

``load_trust_inputs(store, today=..., owner=..., tag=...)`` returns the ``CommitmentFrame`` and
``MistakeLog`` of one selection without building a Python object per row. Each table's integer
columns (ids, outcome codes, flags, and dates as whole days since 1970-01-01) cross the driver
as one text of decimal numbers per column, joined by the database (``group_concat`` on SQLite,
``string_agg`` on PostgreSQL), which numpy parses in C. A real column (weight, stated
probability) crosses as integer millionths where the database finds that exact, and as values
where not (a float's exact bits do not survive text); delivered fractions, few, as values.
numpy then puts each commitment's revisions and outcome as they stood on ``today`` in its row.
A test checks the result, bit for bit, against frames built from the model values in Python,
on SQLite and PostgreSQL (tests/ledger/test_columns.py).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import sqlalchemy as sa

from backwards.ledger.measures.commitment_frame import OUTCOME_CODES, CommitmentFrame
from backwards.ledger.measures.provenance import Provenance
from backwards.ledger.measures.repeats import MistakeLog
from backwards.ledger.storage import tables as t
from backwards.ledger.storage.bulk_read import tag_narrowing

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from backwards.store import Store

__all__ = ["load_trust_inputs"]

Ints = npt.NDArray[np.int64]
Days = npt.NDArray[np.datetime64]

#: A NULL in an integer column crosses as this number (no day or id is ever so small).
_MISSING = -(2**53)
_INEXACT = _MISSING + 1  # a real that does not cross as millionths (``_Sql.millionths``)
_NAT = np.iinfo(np.int64).min  # the bits of datetime64's NaT
_NAT_DAY = np.datetime64("NaT", "D")
_MICROSECONDS_A_DAY = 86_400_000_000


class _Sql:
    """What SQLite and PostgreSQL spell differently: whole days since 1970-01-01 of a date
    (or of a UTC timestamp), a timestamp's microseconds since 1970, and the joining of a
    column's numbers into one text."""

    def __init__(self, dialect: str) -> None:
        self.sqlite = dialect == "sqlite"

    def day(self, column: Any, *, timestamp: bool = False) -> Any:
        if self.sqlite:
            text = sa.func.substr(column, 1, 10) if timestamp else column
            return sa.cast(sa.func.julianday(text) - 2440587.5, sa.Integer)
        day = sa.cast(sa.func.timezone("UTC", column), sa.Date) if timestamp else column
        return day - sa.cast(sa.literal("1970-01-01"), sa.Date)

    def instant(self, column: Any) -> Any:
        """A timestamp as microseconds since 1970 (SQLite keeps naive UTC text
        'YYYY-MM-DD HH:MM:SS.ffffff'), which orders as the timestamps do."""
        if self.sqlite:
            seconds = sa.cast(sa.func.strftime("%s", column), sa.Integer)
            return seconds * 1_000_000 + sa.cast(sa.func.substr(column, 21, 6), sa.Integer)
        return sa.cast(sa.extract("epoch", column) * 1_000_000, sa.BigInteger)

    def millionths(self, column: Any) -> Any:
        """A real column as the integer ``k`` with ``k / 1e6`` exactly its value (the database
        checks, in the same double arithmetic numpy uses), else ``_INEXACT``; NULL as
        ``_MISSING``. Stated probabilities and weights (0.7, 2.0) cross as integers; any
        other float crosses as itself (``_reals`` reads those few rows as values)."""
        scale = sa.cast(sa.literal_column("1000000"), sa.Double)
        k = sa.cast(sa.func.round(column * scale), sa.BigInteger)
        exact = sa.and_(sa.func.abs(column) < 1e9, sa.cast(k, sa.Double) / scale == column)
        return sa.case(
            (column.is_(None), sa.literal_column(str(_MISSING))),
            (exact, k),
            else_=sa.literal_column(str(_INEXACT)),
        )

    def joined(self, column: Any) -> Any:
        # literals, not parameters: SQLite spends a third more on a bound separator
        comma = sa.literal_column("','", sa.Text)
        if self.sqlite:
            return sa.func.group_concat(column, comma)
        return sa.func.string_agg(sa.cast(column, sa.Text), comma)


def _or_missing(column: Any) -> Any:
    """A nullable integer column, NULL as ``_MISSING`` (a joined text would skip it)."""
    return sa.func.coalesce(column, sa.literal_column(str(_MISSING)))


def _integer_columns(conn: Connection, sql: _Sql, query: sa.Select[Any]) -> list[Ints]:
    """The integer columns of ``query`` (nullable ones through ``_or_missing``), an array each.

    Each column arrives as one text of decimal numbers that numpy parses in C: no Python value
    per row, which is what reading 100,000 rows as tuples cost. The columns are joined in one
    pass over the same rows, so the arrays stay aligned; their order is the database's, so
    callers sort by a key column."""
    inner = query.subquery()
    texts = conn.execute(sa.select(*(sql.joined(column) for column in inner.c))).one()
    arrays = [
        np.fromstring(text, dtype=np.int64, sep=",") if text else np.empty(0, dtype=np.int64)
        for text in texts
    ]
    if any(a.size != arrays[0].size for a in arrays):  # a NULL not through ``_or_missing``
        raise ValueError("the ledger's columns came back with different lengths")
    return arrays


def _days(values: Ints) -> Days:
    """Days since 1970-01-01 (``_MISSING`` for none) as datetime64[D] (NaT for none)."""
    return np.where(values == _MISSING, _NAT, values).view("datetime64[D]")


def _has_tag(labels: str | None, wanted: str) -> bool:
    return bool(labels) and wanted in {x.lower() for x in str(labels).split("\n")}


def _tagged(conn: Connection, query: sa.Select[Any], wanted: str) -> Ints:
    """The ids among ``query``'s (id, tags) rows whose tags hold ``wanted`` (lower case)."""
    rows = conn.execute(query).cursor.fetchall()
    return np.array([i for i, labels in rows if _has_tag(labels, wanted)], dtype=np.int64)


def _rows_of(ids: Ints, keys: Ints) -> tuple[Ints, npt.NDArray[np.bool_]]:
    """The rows of the sorted ``ids`` that ``keys`` name, and which keys name one at all."""
    if not ids.size:
        return np.zeros(keys.size, dtype=np.int64), np.zeros(keys.size, dtype=bool)
    rows = np.minimum(np.searchsorted(ids, keys), ids.size - 1)
    return rows, ids[rows] == keys


class _Chosen:
    """The selected commitments (by owner and tag) as SQL: a condition on
    ``ledger_commitments`` and a subquery of their ids for the tables that refer to them. A
    tag narrows them in SQL to a few more than match; ``_has_tag`` decides."""

    def __init__(self, owner: str | None, tag: str | None) -> None:
        c = t.commitments.c
        parts = []
        if owner is not None:
            parts.append(c.owner == owner)
        if tag is not None and (narrowed := tag_narrowing(c.tags, tag)) is not None:
            parts.append(narrowed)
        self.where = sa.and_(*parts) if parts else None

    def commitments(self, query: sa.Select[Any]) -> sa.Select[Any]:
        return query if self.where is None else query.where(self.where)

    def referring(self, query: sa.Select[Any], column: Any) -> sa.Select[Any]:
        """``query`` restricted to rows whose ``column`` is a chosen commitment's id."""
        if self.where is None:
            return query
        return query.where(column.in_(sa.select(t.commitments.c.id).where(self.where)))


def _revision_days(
    conn: Connection, sql: _Sql, chosen: _Chosen, ids: Ints, cutoff: datetime
) -> tuple[Days, Days, int]:
    """Per commitment (aligned with the sorted ``ids``): the day of its first revision entered
    before ``cutoff`` and the due date set by the latest of them that set one (NaT if none);
    and how many of them claim an earlier day than they were entered.

    A revision counts from its entry time (``recorded_at``), an imported one from its claimed
    time (``made_at``): the two clocks of ``model.Revision.counted_at``. Revisions are in the
    order of (commitment, that time, id).
    """
    rev = t.revisions.c
    counted = sa.case((rev.imported, rev.made_at), else_=rev.recorded_at)
    query = sa.select(
        rev.id,
        rev.commitment_id,
        sql.instant(counted),
        _or_missing(sql.day(rev.new_due)),
        sa.case(
            (rev.imported, 0),
            else_=sql.day(rev.recorded_at, timestamp=True) - sql.day(rev.made_at, timestamp=True),
        ),
    ).where(counted < cutoff)
    rid, cid, at, new_due, earlier = _integer_columns(
        conn, sql, chosen.referring(query, rev.commitment_id)
    )
    order = np.lexsort((rid, at, cid))
    rows, keep = _rows_of(ids, cid[order])
    order, rows = order[keep], rows[keep]
    claimed_earlier = int((earlier[order] > 0).sum())
    counted_day = (at[order] // _MICROSECONDS_A_DAY).view("datetime64[D]")
    set_due = _days(new_due[order])
    first = np.full(ids.size, _NAT_DAY)
    latest = np.full(ids.size, _NAT_DAY)
    if rows.size:
        heads, start = np.unique(rows, return_index=True)  # the first revision of each
        first[heads] = counted_day[start]
        sets = ~np.isnat(set_due)
        rows_set, due_set = rows[sets][::-1], set_due[sets][::-1]  # the latest first
        heads, start = np.unique(rows_set, return_index=True)
        latest[heads] = due_set[start]
    return first, latest, claimed_earlier


def _outcomes(
    conn: Connection, sql: _Sql, chosen: _Chosen, ids: Ints, today: date
) -> tuple[npt.NDArray[np.int8], Days, npt.NDArray[np.float64]]:
    """Per commitment (aligned with the sorted ``ids``): its outcome code, resolution day and
    stated delivered fraction (NaN: none) as they stood on ``today`` (open before)."""
    res = t.resolutions.c
    resolved = res.resolved_on <= today
    code = sa.case(
        *((res.outcome == name, number) for name, number in OUTCOME_CODES.items()), else_=-1
    )
    query = sa.select(res.commitment_id, code, sql.day(res.resolved_on)).where(resolved)
    rid, codes, on = _integer_columns(conn, sql, chosen.referring(query, res.commitment_id))
    if (codes < 0).any():
        raise ValueError("the ledger holds an outcome this version does not know")
    rows, found = _rows_of(ids, rid)
    outcome = np.zeros(ids.size, dtype=np.int8)
    resolved_on = np.full(ids.size, _NAT_DAY)
    outcome[rows[found]] = codes[found]
    resolved_on[rows[found]] = _days(on[found])
    fraction = np.full(ids.size, np.nan)
    stated = sa.select(res.commitment_id, res.delivered_fraction).where(
        resolved, res.delivered_fraction.is_not(None)
    )
    pairs = conn.execute(chosen.referring(stated, res.commitment_id)).cursor.fetchall()
    if pairs:
        keys, values = zip(*pairs, strict=True)
        rows, found = _rows_of(ids, np.array(keys, dtype=np.int64))
        fraction[rows[found]] = np.array(values, dtype=np.float64)[found]
    return outcome, resolved_on, fraction


def _reals(
    conn: Connection, ids: Ints, weight: Ints, probability: Ints
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """The commitments' weights and probabilities from their millionths (``_Sql.millionths``;
    NaN for none); the rows whose values do not cross so are read as values."""
    reals = []
    for values in (weight, probability):
        out = values.astype(np.float64) / 1e6  # the division the database checked
        out[values == _MISSING] = np.nan
        reals.append(out)
    odd = (weight == _INEXACT) | (probability == _INEXACT)
    if odd.any():
        c = t.commitments.c
        query = sa.select(c.id, c.weight, c.probability).where(c.id.in_(ids[odd].tolist()))
        for key, *values in conn.execute(query).cursor.fetchall():
            row = int(np.searchsorted(ids, key))
            for out, value in zip(reals, values, strict=True):
                out[row] = np.nan if value is None else value
    return reals[0], reals[1]


def _frame(
    conn: Connection, owner: str | None, tag: str | None, today: date
) -> tuple[CommitmentFrame, Provenance]:
    sql = _Sql(conn.dialect.name)
    chosen = _Chosen(owner, tag)
    c = t.commitments.c
    columns = _integer_columns(
        conn,
        sql,
        chosen.commitments(
            sa.select(
                c.id,
                c.aspirational.cast(sa.Integer),
                sql.day(c.made_at, timestamp=True),
                sql.day(c.due),
                _or_missing(sql.day(c.p50_due)),
                _or_missing(sql.day(c.p90_due)),
                c.imported.cast(sa.Integer),
                sql.day(c.recorded_at, timestamp=True),
                sql.millionths(c.weight),
                sql.millionths(c.probability),
            )
        ),
    )
    order = np.argsort(columns[0])
    ids, aspirational, made, due, p50, p90, imported, recorded = (a[order] for a in columns[:8])
    weight, probability = _reals(conn, ids, columns[8][order], columns[9][order])
    if tag is not None:
        keep = np.isin(ids, _tagged(conn, chosen.commitments(sa.select(c.id, c.tags)), tag.lower()))
        ids, aspirational, made, due = ids[keep], aspirational[keep], made[keep], due[keep]
        p50, p90, imported, recorded = p50[keep], p90[keep], imported[keep], recorded[keep]
        weight, probability = weight[keep], probability[keep]
    if not ids.size:
        empty: list[Any] = []
        return CommitmentFrame.build(due=empty, outcome=empty), Provenance()
    outcome, resolved_on, fraction = _outcomes(conn, sql, chosen, ids, today)
    cutoff = datetime.combine(today + timedelta(days=1), time(), tzinfo=UTC)
    first, latest, revised_earlier = _revision_days(conn, sql, chosen, ids, cutoff)
    is_imported = imported == 1
    corrected = conn.execute(sa.select(t.corrections.c.commitment_id).distinct()).scalars()
    provenance = Provenance(
        claimed_earlier=int(((recorded > made) & ~is_imported).sum()) + revised_earlier,
        imported=int(is_imported.sum()),
        corrected=int(np.isin(ids, np.fromiter(corrected, dtype=np.int64)).sum()),
    )
    due_days = _days(due)
    frame = CommitmentFrame.build(
        due=due_days,
        outcome=outcome,
        resolved=resolved_on,
        made=_days(made),
        committed=aspirational == 0,
        latest_due=np.where(np.isnat(latest), due_days, latest),
        first_revision=first,
        fraction=fraction,
        weight=weight,
        probability=probability,
        p50=_days(p50),
        p90=_days(p90),
    )
    return frame, provenance


def _log(conn: Connection, owner: str | None, tag: str | None) -> MistakeLog:
    """The mistakes of ``owner`` with ``tag`` (counted), then the earlier mistakes they repeat
    that are not among them (context, in the order they are first repeated)."""
    sql = _Sql(conn.dialect.name)
    m, a = t.mistakes.c, t.action_items.c
    columns = _integer_columns(
        conn, sql, sa.select(m.id, sql.day(m.occurred_on), _or_missing(m.repeat_of))
    )
    order = np.argsort(columns[0])
    ids, occurred, repeat_of = (x[order] for x in columns)
    parts = [] if owner is None else [m.owner == owner]
    if tag is not None:  # narrowed in SQL, decided in Python
        if (narrowed := tag_narrowing(m.tags, tag)) is not None:
            parts.append(narrowed)
        picked = _tagged(conn, sa.select(m.id, m.tags).where(*parts), tag.lower())
    elif parts:
        (picked,) = _integer_columns(conn, sql, sa.select(m.id).where(*parts))
    else:
        picked = ids
    counted = np.isin(ids, picked)
    targets = repeat_of[counted]
    rows, found = _rows_of(ids, targets)
    targets = targets[found & ~counted[rows]]  # repeated, in the ledger, outside the selection
    _, first = np.unique(targets, return_index=True)
    context = targets[np.sort(first)]
    rows = np.concatenate((np.flatnonzero(counted), _rows_of(ids, context)[0]))
    chosen = ids[rows]
    by_id = np.argsort(chosen)

    def row_in_chosen(keys: Ints) -> Ints:
        """The row in ``chosen`` of each mistake id in ``keys``; -1 for one not in it."""
        at, hit = _rows_of(chosen[by_id], keys)
        return np.where(hit, by_id[at] if by_id.size else at, -1)

    columns = _integer_columns(
        conn,
        sql,
        sa.select(a.id, a.mistake_id, sql.day(a.due), _or_missing(sql.day(a.closed_on))),
    )
    order = np.argsort(columns[0])
    _, mistake_id, due, closed = (x[order] for x in columns)
    action_row = row_in_chosen(mistake_id)
    mine = action_row >= 0
    return MistakeLog(
        ids=chosen,
        occurred=_days(occurred[rows]),
        repeat_of=row_in_chosen(repeat_of[rows]),
        action_row=action_row[mine],
        action_due=_days(due[mine]),
        action_closed=_days(closed[mine]),
        counted=np.arange(chosen.size) < int(counted.sum()),
    )


def load_trust_inputs(
    store: Store, *, today: date, owner: str | None = None, tag: str | None = None
) -> tuple[CommitmentFrame, MistakeLog, Provenance]:
    """The report's columns for ``owner`` and ``tag`` as the ledger stood on ``today``, and
    where its records came from (``Provenance``)."""
    with store.read() as conn:
        frame, provenance = _frame(conn, owner, tag, today)
        return frame, _log(conn, owner, tag), provenance
