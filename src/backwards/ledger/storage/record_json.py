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

from sqlalchemy.engine import Connection

from backwards.ledger.model import (
    Commitment,
    Correction,
    Resolution,
    Revision,
    due_in_force,
    status_from,
)
from backwards.ledger.storage import records as rows
from backwards.ledger.storage.bulk_read import Selection, raw_batches
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


def _batches(conn: Connection, where: Any, values: RawValues, size: int) -> Iterator[_Batch]:
    """``bulk_read.raw_batches``, each part grouped by commitment id."""
    v_of = rows.COLUMNS[Revision].index("commitment_id")
    k_of = rows.COLUMNS[Correction].index("commitment_id")
    s_of = rows.COLUMNS[Resolution].index("commitment_id")
    for raw in raw_batches(conn, where, size):
        batch = _Batch(raw.commitments)
        revisions = from_raw(Revision, raw.revisions, values)
        for row, rev in zip(raw.revisions, revisions, strict=True):
            batch.revisions[row[v_of]].append(row)
            batch.moves[rev.commitment_id].append(rev)  # as model values, for the due date
        for row in raw.resolutions:
            batch.resolutions[row[s_of]] = row
        for row in raw.corrections:
            batch.corrections[row[k_of]].append(row)
        yield batch


def iter_record_dicts(
    conn: Connection,
    chosen: Selection,
    *,
    holidays: Collection[date] = (),
    batch: int = 5_000,
) -> Iterator[dict[str, Any]]:
    """``record_dict(record, as_of, holidays)`` of every ``chosen`` record, by id. Owner and
    tag match in any letter case; status and due date (in force) as of ``chosen.as_of``."""
    as_of = chosen.as_of
    sqlite = conn.dialect.name == "sqlite"
    values = RawValues(conn.dialect.name)
    fields = {k: _converters(k, sqlite) for k in (Commitment, Revision, Resolution, Correction)}
    at = {name: i for i, name in enumerate(rows.COLUMNS[Commitment])}
    on = rows.COLUMNS[Resolution].index("resolved_on")
    outcome = rows.COLUMNS[Resolution].index("outcome")
    day = values.day
    for part in _batches(conn, chosen.where(conn), values, batch):
        for raw in part.commitments:
            if not chosen.has_tag(_labels(raw[at["tags"]] or "")):
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
            if not chosen.fits(due, status):
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
