"""Rows to model values and back: the one place that knows the ledger's column layout.

Each table's columns carry the names of its model dataclass's fields (a test compares them),
so the conversions are derived from the dataclasses: enums stored as their value, labels
(``StringList``) as tuples, JSON lists as tuples. ``*_from_raw`` convert the driver's own
tuples in bulk (SQLite gives ISO text for dates and naive UTC times).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any, TypeVar, get_type_hints

from backwards.ledger.model import (
    ActionItem,
    Commitment,
    Correction,
    Event,
    Mistake,
    Resolution,
    Revision,
)

__all__ = [
    "COLUMNS",
    "RawValues",
    "event_from_row",
    "from_raw",
    "from_row",
    "values",
]

T = TypeVar("T")
Row = Mapping[Any, Any]

#: Model fields that are not columns of the model's table.
_NOT_COLUMNS = {Mistake: ("action_items",)}
#: JSON-list columns (stored as lists, read back as tuples).
_JSON_LISTS = ("five_whys", "commitment_ids")


def _columns(kind: type[Any]) -> tuple[str, ...]:
    skip = _NOT_COLUMNS.get(kind, ())
    return tuple(f.name for f in dataclasses.fields(kind) if f.name not in skip)


#: The columns of each model's table, in field order (``id`` first where there is one).
COLUMNS: dict[type[Any], tuple[str, ...]] = {
    kind: _columns(kind)
    for kind in (Commitment, Revision, Resolution, Mistake, ActionItem, Correction)
}


def values(value: Any, *, skip: Sequence[str] = ("id",)) -> dict[str, Any]:
    """A model value as the column values of its table (``id`` left out: the table assigns it)."""
    out: dict[str, Any] = {}
    for name in COLUMNS[type(value)]:
        if name in skip:
            continue
        item = getattr(value, name)
        if isinstance(item, Enum):
            item = item.value
        elif name in _JSON_LISTS:
            item = list(item)
        out[name] = item
    return out


#: Each model's field types, resolved once (``get_type_hints`` is slow; bulk reads need them
#: on every read).
_HINTS = {kind: get_type_hints(kind) for kind in COLUMNS}


def _enum_of(hint: Any) -> type[Enum] | None:
    return hint if isinstance(hint, type) and issubclass(hint, Enum) else None


def _row_converters(kind: type[Any]) -> dict[str, Callable[[Any], Any]]:
    hints = _HINTS[kind]
    out: dict[str, Callable[[Any], Any]] = {}
    for name in COLUMNS[kind]:
        enum = _enum_of(hints[name])
        if enum is not None:
            out[name] = enum
        elif name in _JSON_LISTS:
            out[name] = tuple
        elif hints[name] is bool:
            out[name] = bool
    return out


_CONVERT = {kind: _row_converters(kind) for kind in COLUMNS}


def from_row(kind: type[T], r: Row, **extra: Any) -> T:
    """The model value of one mapping row (SQLAlchemy has converted dates and times)."""
    convert = _CONVERT[kind]
    data = {n: (convert[n](r[n]) if n in convert else r[n]) for n in COLUMNS[kind]}
    return kind(**data, **extra)


def event_from_row(r: Row) -> Event:
    return Event(
        id=r["id"],
        at=r["at"],
        who=r["who"],
        entity=r["entity"],
        entity_id=r["entity_id"],
        action=r["action"],
        data=dict(r["data"]),
    )


# -- bulk reads: the driver's own tuples, converted here (no per-value SQLAlchemy processing) --


def _labels(value: str | None) -> tuple[str, ...]:
    return tuple(value.split("\n")) if value else ()


def _json_list(value: Any) -> tuple[Any, ...]:
    """A JSON array column: SQLite gives its text, PostgreSQL the list."""
    return tuple(json.loads(value) if isinstance(value, str) else value)


class RawValues:
    """Converts driver values: SQLite gives ISO text for dates and (naive UTC) times,
    PostgreSQL gives date and aware datetime objects (sessions run in UTC)."""

    def __init__(self, dialect: str) -> None:
        self.sqlite = dialect == "sqlite"

    def day(self, value: Any) -> Any:
        if value is None or not self.sqlite:
            return value
        return date.fromisoformat(value)

    def moment(self, value: Any) -> Any:
        if value is None:
            return None
        if self.sqlite:
            return datetime.fromisoformat(value).replace(tzinfo=UTC)
        return value if value.tzinfo is UTC else value.astimezone(UTC)

    def converters(self, kind: type[Any]) -> list[Callable[[Any], Any] | None]:
        """One converter per column of ``kind`` (None: the driver's value is right)."""
        hints = _HINTS[kind]
        out: list[Callable[[Any], Any] | None] = []
        for name in COLUMNS[kind]:
            hint = hints[name]
            enum = _enum_of(hint)
            if enum is not None:
                out.append(enum)
            elif name in _JSON_LISTS:
                out.append(_json_list)
            elif hint in (date, date | None):
                out.append(self.day if self.sqlite else None)
            elif hint in (datetime, datetime | None):
                out.append(self.moment)
            elif hint == tuple[str, ...]:
                out.append(_labels)
            elif hint is bool:
                out.append(bool)
            else:
                out.append(None)
        return out


def from_raw(kind: type[T], raw: Sequence[Sequence[Any]], v: RawValues) -> list[T]:
    """Model values from the driver's tuples of ``COLUMNS[kind]``, converted in bulk."""
    convert = v.converters(kind)
    if not raw:
        return []
    columns = list(zip(*raw, strict=True))
    for i, fn in enumerate(convert):
        if fn is not None:
            columns[i] = tuple(None if x is None else fn(x) for x in columns[i])
    if kind in _NOT_COLUMNS:
        names = COLUMNS[kind]
        return [kind(**dict(zip(names, r, strict=True))) for r in zip(*columns, strict=True)]
    return [kind(*r) for r in zip(*columns, strict=True)]
