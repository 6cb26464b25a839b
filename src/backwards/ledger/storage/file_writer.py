"""Write the ledger as JSON (everything, importable again) or CSV (one row per commitment).

The formats are the ones ``backwards.ledger.storage.file_reader`` reads (see docs/ledger.md).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from backwards.ledger.model import CommitmentRecord, Event, Mistake, Revision
from backwards.ledger.storage.file_reader import (
    CSV_COLUMNS,
    EXPORT_ONLY,
    FORMAT_NAME,
    LIST_SEPARATOR,
)

__all__ = [
    "commitment_dict",
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
    for record in records:
        c, res = record.commitment, record.resolution
        writer.writerow(
            [
                _csv_cell(v)
                for v in (
                    c.id,
                    c.owner,
                    c.statement,
                    c.due,
                    c.made_at,
                    c.audience,
                    c.kind.value,
                    c.aspirational,
                    c.probability,
                    c.p50_due,
                    c.p90_due,
                    c.metric,
                    c.target_value,
                    c.weight,
                    c.tags,
                    c.links,
                    res.outcome.value if res else None,
                    res.resolved_on if res else None,
                    res.actual_value if res else None,
                    res.delivered_fraction if res else None,
                    res.evidence if res else None,
                    record.latest_due,
                    record.status(as_of).value,
                    len(record.revisions),
                )
            ]
        )
    return buffer.getvalue()


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def commitment_dict(record: CommitmentRecord) -> dict[str, Any]:
    c, res = record.commitment, record.resolution
    return {
        "id": c.id,
        "owner": c.owner,
        "statement": c.statement,
        "due": _iso(c.due),
        "made_at": _iso(c.made_at),
        "audience": c.audience,
        "kind": c.kind.value,
        "aspirational": c.aspirational,
        "probability": c.probability,
        "p50_due": _iso(c.p50_due),
        "p90_due": _iso(c.p90_due),
        "metric": c.metric,
        "target_value": c.target_value,
        "weight": c.weight,
        "tags": list(c.tags),
        "links": list(c.links),
        "recorded_by": c.recorded_by,
        "revisions": [
            {
                "made_at": _iso(r.made_at),
                "reason": r.reason,
                "new_due": _iso(r.new_due),
                "new_target_value": r.new_target_value,
                "new_scope": r.new_scope,
                "new_probability": r.new_probability,
                "recorded_by": r.recorded_by,
            }
            for r in record.revisions
        ],
        "resolution": None
        if res is None
        else {
            "outcome": res.outcome.value,
            "resolved_on": _iso(res.resolved_on),
            "actual_value": res.actual_value,
            "delivered_fraction": res.delivered_fraction,
            "evidence": res.evidence,
            "recorded_at": _iso(res.recorded_at),
            "recorded_by": res.recorded_by,
        },
    }


def mistake_dict(m: Mistake) -> dict[str, Any]:
    return {
        "id": m.id,
        "owner": m.owner,
        "title": m.title,
        "occurred_on": _iso(m.occurred_on),
        "category": m.category.value,
        "what_happened": m.what_happened,
        "customer_impact": m.customer_impact,
        "five_whys": list(m.five_whys),
        "root_cause": m.root_cause,
        "detected_on": _iso(m.detected_on),
        "tags": list(m.tags),
        "commitment_ids": list(m.commitment_ids),
        "action_items": [
            {
                "description": a.description,
                "owner": a.owner,
                "due": _iso(a.due),
                "closed_on": _iso(a.closed_on),
                "verification": a.verification,
            }
            for a in m.action_items
        ],
        "repeat_of": m.repeat_of,
        "repeat_confirmed_by": m.repeat_confirmed_by,
        "recorded_at": _iso(m.recorded_at),
        "recorded_by": m.recorded_by,
    }


def record_dict(record: CommitmentRecord, as_of: date) -> dict[str, Any]:
    """A commitment as ``commitment_dict`` plus its status and due date in force on ``as_of``."""
    data = commitment_dict(record)
    data["status"] = record.status(as_of).value
    data["due_in_force"] = record.due_as_of(as_of).isoformat()
    return data


def revision_dict(rev: Revision) -> dict[str, Any]:
    """A stored revision with its id and the notice it gave."""
    return {
        "id": rev.id,
        "commitment_id": rev.commitment_id,
        "made_at": rev.made_at.isoformat(),
        "previous_due": rev.previous_due.isoformat(),
        "new_due": _iso(rev.new_due),
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
        "version": 1,
        "commitments": [commitment_dict(r) for r in records],
        "mistakes": [mistake_dict(m) for m in mistakes],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
