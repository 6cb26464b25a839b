"""``ledger list --format json`` at speed: each record's JSON text straight from the driver's
tuples, without building model values or dicts first.

``iter_record_json`` yields exactly ``json.dumps(record_dict(...), ensure_ascii=False)`` for each
record (a test compares the two texts on both backends), read ``batch`` commitments at a time in
one read transaction, so memory stays flat however large the ledger. Each column of a batch is
encoded at once with the JSON encoder's own pieces (``encode_basestring``, ``float.__repr__``),
then each row is one ``%`` format of a template of its keys. The encoders come from the model
dataclasses' type hints, like ``records.RawValues``, so a new field appears here at once. The
status and the due date in force use the model's own rules (``model.due_in_force``,
``model.status_from``); only the revisions of a batch become model values for that.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import repeat
from json.encoder import encode_basestring
from typing import Any, TypeVar, get_type_hints

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
from backwards.ledger.storage.bulk_read import Selection, raw_batches
from backwards.ledger.storage.file_writer import NOT_WRITTEN
from backwards.ledger.storage.records import RawValues, from_raw

__all__ = ["iter_record_json"]

T = TypeVar("T")
Encode = Callable[[Sequence[Any]], list[str]]
#: ``repr`` of the values the JSON encoder writes otherwise.
_REPR_FIX = {"None": "null", "nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}
_STATUS = {s: encode_basestring(s.value) for s in Status}


def _sqlite_moment(value: str) -> str:
    """SQLite's naive UTC text as ``datetime.isoformat()`` of the aware value."""
    return datetime.fromisoformat(value).replace(tzinfo=UTC).isoformat()


def _sqlite_moments(column: Sequence[str | None]) -> list[str]:
    """SQLite's naive UTC texts (``2026-01-05 09:00:00.000000``) as JSON texts of
    ``datetime.isoformat()`` of the aware values (which leaves out zero microseconds)."""
    return [
        "null"
        if v is None
        else f'"{v[:10]}T{v[11:19] if v.endswith(".000000") else v[11:]}+00:00"'
        if len(v) == 26 and v[10] == " " and v[19] == "."
        else f'"{_sqlite_moment(v)}"'
        for v in column
    ]


def _moments(column: Sequence[datetime | None]) -> list[str]:
    return [
        "null" if v is None else f'"{(v if v.tzinfo is UTC else v.astimezone(UTC)).isoformat()}"'
        for v in column
    ]


def _numbers(column: Sequence[float | None]) -> list[str]:
    """``float.__repr__`` (``int.__repr__``) as the JSON encoder writes numbers."""
    return [_REPR_FIX.get(text, text) for text in map(repr, column)]


def _texts(column: Sequence[str]) -> list[str]:
    return [*map(encode_basestring, column)]


def _distinct(encode: Callable[[Any], str]) -> Encode:
    """Encodes each distinct value of a column once: dates, labels, flags and names repeat."""

    def column_texts(column: Sequence[Any]) -> list[str]:
        texts = {v: "null" if v is None else encode(v) for v in set(column)}
        return [*map(texts.__getitem__, column)]

    return column_texts


def _distinct_values(convert: Callable[[Any], T], column: Sequence[Any]) -> list[T]:
    """``convert`` of each (not None) value of ``column``, once per distinct value."""
    done = {v: convert(v) for v in set(column)}
    return [*map(done.__getitem__, column)]


def _day(values: RawValues) -> Callable[[Any], date]:
    """The driver's (not None) date as a ``date``: ``date.fromisoformat`` itself on SQLite."""
    return date.fromisoformat if values.sqlite else values.day


def _labels(value: str) -> str:
    return "[" + ", ".join(map(encode_basestring, value.split("\n"))) + "]" if value else "[]"


def _encoder(hint: Any, sqlite: bool) -> Encode:
    """The JSON texts of a column of driver values of a field typed ``hint``."""
    if hint in (date, date | None):  # SQLite gives ISO text already
        return _distinct(encode_basestring if sqlite else lambda v: f'"{v.isoformat()}"')
    if hint in (datetime, datetime | None):
        return _sqlite_moments if sqlite else _moments
    if hint == tuple[str, ...]:
        return _distinct(_labels)
    if hint is bool:
        return _distinct(lambda v: "true" if v else "false")
    if hint in (float, float | None, int, int | None):
        return _numbers
    if isinstance(hint, type):
        return _texts  # text, and enums stored as their values
    if hint == str | None:
        return _distinct(encode_basestring)
    raise TypeError(f"no JSON encoder for a field typed {hint}")


@dataclass(frozen=True, slots=True)
class _Rows:
    """How the written fields of one model's rows (and ``extra`` values after them) become
    JSON objects: a template of the keys and the column (and encoder) of each value."""

    template: str
    columns: tuple[tuple[int, Encode], ...]

    @classmethod
    def of(cls, kind: type[Any], sqlite: bool, extra: Sequence[str] = ()) -> _Rows:
        hints = get_type_hints(kind)
        skip = NOT_WRITTEN[kind]
        names = [(i, n) for i, n in enumerate(rows.COLUMNS[kind]) if n not in skip]
        keys = ", ".join(f"{encode_basestring(n)}: %s" for n in [*(n for _, n in names), *extra])
        columns = tuple((i, _encoder(hints[n], sqlite)) for i, n in names)
        return cls("{" + keys + "}", columns)

    def encode(self, raw: Sequence[Sequence[Any]], *extra: Iterable[str]) -> list[str]:
        """Each row's JSON text, encoded a column at a time (the ``extra`` columns' texts,
        already JSON, after its own)."""
        return self.encode_columns(list(zip(*raw, strict=True)), *extra) if raw else []

    def encode_columns(self, values: Sequence[Sequence[Any]], *extra: Iterable[str]) -> list[str]:
        """``encode`` of rows given as their columns."""
        texts = [encode(values[i]) for i, encode in self.columns]
        return [*map(self.template.__mod__, zip(*texts, *extra, strict=True))]


@dataclass(slots=True)
class _Batch:
    """One batch of commitments (the driver's tuples) and their parts, as JSON texts by
    commitment id (lists of revisions and corrections, in brackets), and the revisions."""

    commitments: list[Any]
    revisions: dict[int, str]
    resolutions: dict[int, str]
    corrections: dict[int, str]
    moves: dict[int, list[Revision]]
    outcomes: dict[int, tuple[str, date]]  # the outcome and the day it was resolved


def _grouped(kind: type[Any], raw: Sequence[Any], texts: Sequence[str]) -> dict[int, str]:
    """The JSON lists of ``texts`` (of rows ``raw`` of ``kind``) by commitment id."""
    of = rows.COLUMNS[kind].index("commitment_id")
    lists: dict[int, list[str]] = defaultdict(list)
    for row, text in zip(raw, texts, strict=True):
        lists[row[of]].append(text)
    return {key: f"[{', '.join(items)}]" for key, items in lists.items()}


def _batches(conn: Connection, where: Any, values: RawValues, size: int) -> Iterator[_Batch]:
    """``bulk_read.raw_batches``, each part as JSON by commitment id."""
    parts = {kind: _Rows.of(kind, values.sqlite) for kind in (Revision, Resolution, Correction)}
    of, on, outcome = map(
        rows.COLUMNS[Resolution].index, ("commitment_id", "resolved_on", "outcome")
    )
    day = _day(values)
    for raw in raw_batches(conn, where, size):
        moves: dict[int, list[Revision]] = defaultdict(list)
        for rev in from_raw(Revision, raw.revisions, values):
            moves[rev.commitment_id].append(rev)  # as model values, for the due date in force
        texts = parts[Resolution].encode(raw.resolutions)
        yield _Batch(
            raw.commitments,
            _grouped(Revision, raw.revisions, parts[Revision].encode(raw.revisions)),
            {row[of]: text for row, text in zip(raw.resolutions, texts, strict=True)},
            _grouped(Correction, raw.corrections, parts[Correction].encode(raw.corrections)),
            moves,
            {row[of]: (row[outcome], day(row[on])) for row in raw.resolutions},
        )


#: What ``record_dict`` adds after a commitment's own fields.
_EXTRA = ("revisions", "resolution", "corrections", "imported", "status", "due_in_force")


def iter_record_json(
    conn: Connection,
    chosen: Selection,
    *,
    holidays: Collection[date] = (),
    batch: int = 5_000,
) -> Iterator[str]:
    """``json.dumps(record_dict(record, as_of, holidays), ensure_ascii=False)`` of every
    ``chosen`` record, by id. Owner and tag match in any letter case; status and due date (in
    force) as of ``chosen.as_of``."""
    as_of = chosen.as_of
    values = RawValues(conn.dialect.name)
    records = _Rows.of(Commitment, values.sqlite, _EXTRA)
    at = {name: i for i, name in enumerate(rows.COLUMNS[Commitment])}
    flags = _distinct(lambda v: "true" if v else "false")
    days = _distinct(lambda v: f'"{v.isoformat()}"')
    unresolved: tuple[str | None, date | None] = (None, None)
    day = _day(values)
    every = chosen == Selection(as_of)  # no filter but the day
    for part in _batches(conn, chosen.where(conn), values, batch):
        columns = list(zip(*part.commitments, strict=True))
        keys = columns[at["id"]]
        dues = _distinct_values(day, columns[at["due"]])
        place = dict(zip(keys, range(len(keys)), strict=True))
        for key, moved in part.moves.items():  # the few commitments with revisions
            dues[place[key]] = due_in_force(dues[place[key]], tuple(moved), as_of)
        statuses = []
        for key, due in zip(keys, dues, strict=True):
            end, on = part.outcomes.get(key, unresolved)
            statuses.append(status_from(due, end, on, as_of, holidays))
        found = records.encode_columns(
            columns,
            [*map(part.revisions.get, keys, repeat("[]"))],
            [*map(part.resolutions.get, keys, repeat("null"))],
            [*map(part.corrections.get, keys, repeat("[]"))],
            flags(columns[at["imported"]]),
            [*map(_STATUS.__getitem__, statuses)],
            days(dues),
        )
        if every:  # no filter to apply here
            yield from found
            continue
        tags = columns[at["tags"]]
        for text, labels, due, status in zip(found, tags, dues, statuses, strict=True):
            if chosen.has_tag(labels.split("\n") if labels else ()) and chosen.fits(due, status):
                yield text
