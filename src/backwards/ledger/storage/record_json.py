"""``ledger list --format json`` at speed: each record's JSON dict straight from the driver's
tuples, without building model values first.

``iter_record_dicts`` yields exactly what ``file_writer.record_dict`` gives for each record
(a test compares the two on both backends), read ``batch`` commitments at a time in one read
transaction, so memory stays flat however large the ledger. The converters come from the model
dataclasses' type hints, like ``records.RawValues``, so a new field appears here at once. The
status and the due date in force use the model's own rules (``model.due_in_force``,
``model.status_from``); only the revisions of a batch become model values for that.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, get_type_hints

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from backwards.ledger.model import (
    Commitment,
    Correction,
    Resolution,
    Revision,
    Status,
    due_in_force,
    status_from,
)
from backwards.ledger.storage import records as rows
from backwards.ledger.storage.bulk_read import TABLES
from backwards.ledger.storage.file_writer import NOT_WRITTEN
from backwards.ledger.storage.records import RawValues, from_raw

__all__ = ["iter_record_dicts"]

Convert = Callable[[Any], Any]


def _sqlite_moment(value: str) -> str:
    """SQLite's naive UTC text as ``datetime.isoformat()`` of the aware value."""
    if len(value) == 26 and value[10] == " " and value[19] == ".":
        if value.endswith(".000000"):  # isoformat leaves out zero microseconds
            value = value[:19]
        return f"{value[:10]}T{value[11:]}+00:00"
    return datetime.fromisoformat(value).replace(tzinfo=UTC).isoformat()


def _moment(value: datetime) -> str:
    return (value if value.tzinfo is UTC else value.astimezone(UTC)).isoformat()


def _iso(value: date) -> str:
    return value.isoformat()


def _labels(value: str) -> list[str]:
    return value.split("\n") if value else []


def _converters(kind: type[Any], sqlite: bool) -> list[tuple[str, int, Convert | None]]:
    """(field name, column index, converter to a JSON value) for the written fields of ``kind``."""
    hints = get_type_hints(kind)
    skip = NOT_WRITTEN[kind]
    out: list[tuple[str, int, Convert | None]] = []
    for i, name in enumerate(rows.COLUMNS[kind]):
        if name in skip:
            continue
        hint = hints[name]
        convert: Convert | None = None
        if hint in (date, date | None):
            convert = None if sqlite else _iso
        elif hint in (datetime, datetime | None):
            convert = _sqlite_moment if sqlite else _moment
        elif hint == tuple[str, ...]:
            convert = _labels
        elif hint is bool:
            convert = bool
        out.append((name, i, convert))  # enums are stored as their values already
    return out


def _to_dict(raw: Any, fields: list[tuple[str, int, Convert | None]]) -> dict[str, Any]:
    return {
        name: raw[i] if convert is None or raw[i] is None else convert(raw[i])
        for name, i, convert in fields
    }


@dataclass(slots=True)
class _Batch:
    """One batch of commitments (the driver's tuples) and their parts, by commitment id."""

    commitments: list[Any]
    revisions: dict[int, list[Any]] = field(default_factory=lambda: defaultdict(list))
    moves: dict[int, list[Revision]] = field(default_factory=lambda: defaultdict(list))
    resolutions: dict[int, Any] = field(default_factory=dict)
    corrections: dict[int, list[Any]] = field(default_factory=lambda: defaultdict(list))


def _batches(conn: Connection, values: RawValues, size: int) -> Iterator[_Batch]:
    """Keyset paging by id, as ``bulk_read.iter_records``."""

    def read(kind: type[Any], where: Any, *order: str, limit: int | None = None) -> list[Any]:
        table = TABLES[kind]
        query = sa.select(*(table.c[n] for n in rows.COLUMNS[kind])).where(where)
        query = query.order_by(*(table.c[n] for n in order)).limit(limit)
        return list(conn.execute(query).cursor.fetchall())

    c, v, s, k = (TABLES[x].c for x in (Commitment, Revision, Resolution, Correction))
    v_of = rows.COLUMNS[Revision].index("commitment_id")
    k_of = rows.COLUMNS[Correction].index("commitment_id")
    s_of = rows.COLUMNS[Resolution].index("commitment_id")
    last = -1
    while True:
        batch = _Batch(read(Commitment, c.id > last, "id", limit=size))
        if not batch.commitments:
            return
        low, high = batch.commitments[0][0], batch.commitments[-1][0]  # ids come first
        last = high
        revisions = read(Revision, v.commitment_id.between(low, high), "made_at", "id")
        for raw, rev in zip(revisions, from_raw(Revision, revisions, values), strict=True):
            batch.revisions[raw[v_of]].append(raw)
            batch.moves[rev.commitment_id].append(rev)  # as model values, for the due date
        for raw in read(Resolution, s.commitment_id.between(low, high), "commitment_id"):
            batch.resolutions[raw[s_of]] = raw
        for raw in read(Correction, k.commitment_id.between(low, high), "id"):
            batch.corrections[raw[k_of]].append(raw)
        yield batch


def iter_record_dicts(
    conn: Connection,
    *,
    as_of: date,
    holidays: Collection[date] = (),
    owner: str | None = None,
    tag: str | None = None,
    statuses: Collection[Status] = (),
    due_from: date | None = None,
    due_to: date | None = None,
    batch: int = 5_000,
) -> Iterator[dict[str, Any]]:
    """``record_dict(record, as_of, holidays)`` of every record that matches, by id. Owner
    and tag match in any letter case; status and due date (in force) as of ``as_of``."""
    sqlite = conn.dialect.name == "sqlite"
    values = RawValues(conn.dialect.name)
    fields = {k: _converters(k, sqlite) for k in (Commitment, Revision, Resolution, Correction)}
    at = {name: i for i, name in enumerate(rows.COLUMNS[Commitment])}
    on = rows.COLUMNS[Resolution].index("resolved_on")
    outcome = rows.COLUMNS[Resolution].index("outcome")
    who = None if owner is None else owner.casefold()
    label = None if tag is None else tag.casefold()
    wanted = set(statuses)
    day = values.day
    for part in _batches(conn, values, batch):
        for raw in part.commitments:
            if who is not None and raw[at["owner"]].casefold() != who:
                continue
            if label is not None and not any(
                label == x.casefold() for x in _labels(raw[at["tags"]] or "")
            ):
                continue
            key = raw[at["id"]]
            due = day(raw[at["due"]])
            if key in part.moves:
                due = due_in_force(due, tuple(part.moves[key]), as_of)
            res = part.resolutions.get(key)
            status = status_from(
                due,
                None if res is None else res[outcome],
                None if res is None else day(res[on]),
                as_of,
                holidays,
            )
            if (
                (wanted and status not in wanted)
                or (due_from is not None and due < due_from)
                or (due_to is not None and due > due_to)
            ):
                continue
            data = _to_dict(raw, fields[Commitment])
            data["revisions"] = [_to_dict(r, fields[Revision]) for r in part.revisions.get(key, ())]
            data["resolution"] = None if res is None else _to_dict(res, fields[Resolution])
            data["corrections"] = [
                _to_dict(r, fields[Correction]) for r in part.corrections.get(key, ())
            ]
            data["imported"] = bool(raw[at["imported"]])
            data["status"] = status.value
            data["due_in_force"] = due.isoformat()
            yield data
