"""Write the ledger as JSON (everything, importable again) or CSV (one row per commitment).

The formats are the ones ``backwards.ledger.storage.file_reader`` reads (see docs/ledger.md).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Collection, Sequence
from datetime import date, datetime
from enum import Enum
from typing import Any

from backwards.ledger.model import (
    Commitment,
    CommitmentRecord,
    Correction,
    Event,
    Mistake,
    Resolution,
    Revision,
)
from backwards.ledger.storage.file_reader import (
    CSV_COLUMNS,
    EXPORT_ONLY,
    FORMAT_NAME,
    FORMAT_VERSION,
    LIST_SEPARATOR,
    RESOLUTION_COLUMNS,
)

__all__ = [
    "NOT_WRITTEN",
    "commitment_dict",
    "csv_losses",
    "document_to_json",
    "event_dict",
    "mistake_dict",
    "record_dict",
    "records_to_csv",
    "revision_dict",
    "stored_mistake_dict",
]


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple | list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def records_to_csv(records: Sequence[CommitmentRecord], *, as_of: date) -> str:
    """One row per commitment with its outcome, latest due date and status on ``as_of``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*CSV_COLUMNS, *EXPORT_ONLY])
    own = CSV_COLUMNS[: -len(RESOLUTION_COLUMNS)]
    for record in records:
        c, res = record.commitment, record.resolution
        writer.writerow(
            [
                *(_csv_cell(getattr(c, name)) for name in own),
                *(_csv_cell(getattr(res, name) if res else None) for name in RESOLUTION_COLUMNS),
                _csv_cell(record.latest_due),
                record.status(as_of).value,
                str(len(record.revisions)),
            ]
        )
    return buffer.getvalue()


def csv_losses(records: Sequence[CommitmentRecord], mistakes: Sequence[Mistake]) -> str:
    """What a CSV export would drop, in words ('' when nothing): revisions, corrections,
    mistakes, and who recorded a resolution when it was not the commitment's recorder."""
    counts = {
        "revisions": sum(len(r.revisions) for r in records),
        "corrections": sum(len(r.corrections) for r in records),
        "mistakes": len(mistakes),
        "resolvers": sum(
            r.resolution is not None and r.resolution.recorded_by != r.commitment.recorded_by
            for r in records
        ),
    }
    words = {
        "revisions": "revision",
        "corrections": "correction",
        "mistakes": "mistake",
        "resolvers": "name of who resolved",
    }
    return ", ".join(
        f"{n} {words[k]}{'s' if n != 1 and k != 'resolvers' else ''}"
        for k, n in counts.items()
        if n
    )


_NAMES: dict[tuple[type[Any], tuple[str, ...]], tuple[str, ...]] = {}


def _plain(value: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """A model value's fields as JSON values (ISO dates, enum values, lists)."""
    key = (type(value), skip)
    names = _NAMES.get(key)
    if names is None:
        names = _NAMES[key] = tuple(f.name for f in dataclasses.fields(value) if f.name not in skip)
    out: dict[str, Any] = {}
    for name in names:
        item = getattr(value, name)
        kind = type(item)
        if kind is date or kind is datetime:
            item = item.isoformat()
        elif kind is tuple:
            item = list(item)
        elif isinstance(item, Enum):
            item = item.value
        out[name] = item
    return out


#: The fields of each part of a commitment that its file form leaves out (``record_json`` too).
NOT_WRITTEN: dict[type[Any], tuple[str, ...]] = {
    Commitment: ("imported",),
    Revision: ("id", "commitment_id", "previous_due", "imported"),
    Resolution: ("commitment_id", "imported"),
    Correction: ("id", "commitment_id", "imported"),
}


def commitment_dict(record: CommitmentRecord) -> dict[str, Any]:
    """A commitment with its revisions, resolution and corrections nested (the file format;
    ``recorded_at`` is the entry time, kept for reading: an import records its own)."""
    res = record.resolution
    return _plain(record.commitment, NOT_WRITTEN[Commitment]) | {
        "revisions": [_plain(r, NOT_WRITTEN[Revision]) for r in record.revisions],
        "resolution": None if res is None else _plain(res, NOT_WRITTEN[Resolution]),
        "corrections": [_plain(k, NOT_WRITTEN[Correction]) for k in record.corrections],
    }


def mistake_dict(m: Mistake) -> dict[str, Any]:
    data = _plain(m, ("action_items", "imported"))
    data["action_items"] = [_plain(a, ("id", "mistake_id")) for a in m.action_items]
    return data


def record_dict(
    record: CommitmentRecord, as_of: date, holidays: Collection[date] = ()
) -> dict[str, Any]:
    """A commitment as ``commitment_dict`` plus its status and due date in force on ``as_of``
    (overdue once a business day, less ``holidays``, has passed since the due date)."""
    data = commitment_dict(record)
    data["imported"] = record.commitment.imported
    data["status"] = record.status(as_of, holidays).value
    data["due_in_force"] = record.due_as_of(as_of).isoformat()
    return data


def revision_dict(rev: Revision) -> dict[str, Any]:
    """A stored revision with its id and the notice it gave."""
    return {
        "id": rev.id,
        "commitment_id": rev.commitment_id,
        "made_at": rev.made_at.isoformat(),
        "previous_due": rev.previous_due.isoformat(),
        "new_due": None if rev.new_due is None else rev.new_due.isoformat(),
        "recorded_at": None if rev.recorded_at is None else rev.recorded_at.isoformat(),
        "notice_days": rev.notice_days,
        "reason": rev.reason,
    }


def stored_mistake_dict(m: Mistake) -> dict[str, Any]:
    """A stored mistake as ``mistake_dict``, its action items with their ids."""
    data = mistake_dict(m)
    for item, stored in zip(data["action_items"], m.action_items, strict=True):
        item["id"] = stored.id
    return data


def event_dict(e: Event) -> dict[str, Any]:
    return {"at": e.at.isoformat(), "who": e.who, "action": e.action, "data": dict(e.data)}


def document_to_json(records: Sequence[CommitmentRecord], mistakes: Sequence[Mistake]) -> str:
    """The whole ledger as an importable JSON document."""
    data = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "commitments": [commitment_dict(r) for r in records],
        "mistakes": [mistake_dict(m) for m in mistakes],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
