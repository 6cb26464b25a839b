"""Adding many commitments and mistakes in one transaction (``ledger import``, benchmarks)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from backwards.errors import InputError
from backwards.ledger.model import CommitmentRecord, Mistake
from backwards.ledger.storage import records as rows
from backwards.ledger.storage import tables as t

__all__ = ["ImportSummary", "import_records"]


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """How many of each thing an import added."""

    commitments: int
    revisions: int
    resolutions: int
    mistakes: int


def import_records(
    conn: Connection,
    records: Sequence[CommitmentRecord],
    mistakes: Sequence[Mistake],
    by: str,
    at: datetime,
) -> ImportSummary:
    """Insert ``records`` and ``mistakes`` on ``conn`` (inside the caller's transaction).

    Ids in the input are the file's own references and are renumbered; links that point
    outside the input raise ``InputError`` (and the caller's transaction rolls back).
    """
    c_ids = _insert_returning_ids(
        conn,
        t.commitments,
        [
            rows.commitment_values(
                replace(r.commitment, recorded_by=r.commitment.recorded_by or by)
            )
            | {"recorded_at": at}
            for r in records
        ],
    )
    id_map = {r.commitment.id: new for r, new in zip(records, c_ids, strict=True)}
    rev_values: list[dict[str, Any]] = []
    res_values: list[dict[str, Any]] = []
    for record, new_id in zip(records, c_ids, strict=True):
        due = record.commitment.due
        for rev in sorted(record.revisions, key=lambda v: v.made_at):
            fixed = replace(
                rev, commitment_id=new_id, previous_due=due, recorded_by=rev.recorded_by or by
            )
            rev_values.append(rows.revision_values(fixed) | {"recorded_at": at})
            if rev.new_due is not None:
                due = rev.new_due
        if record.resolution is not None:
            res = replace(
                record.resolution,
                commitment_id=new_id,
                recorded_by=record.resolution.recorded_by or by,
            )
            res_values.append(rows.resolution_values(res))
    if rev_values:
        conn.execute(t.revisions.insert(), rev_values)
    if res_values:
        conn.execute(t.resolutions.insert(), res_values)
    m_values = []
    for m in mistakes:
        missing = [i for i in m.commitment_ids if i not in id_map]
        if missing:
            raise InputError(
                f"mistake {m.id} ({m.title!r}) links commitment {missing[0]}, which is not "
                "in the file",
                "List the commitment in the same file, or remove the link.",
            )
        linked = replace(
            m,
            commitment_ids=tuple(id_map[i] for i in m.commitment_ids),
            repeat_of=None,
            recorded_by=m.recorded_by or by,
        )
        m_values.append(rows.mistake_values(linked))
    m_ids = _insert_returning_ids(conn, t.mistakes, m_values)
    m_map = {m.id: new for m, new in zip(mistakes, m_ids, strict=True)}
    item_values = [
        rows.action_item_values(item, m_map[m.id]) for m in mistakes for item in m.action_items
    ]
    if item_values:
        conn.execute(t.action_items.insert(), item_values)
    for m in mistakes:
        if m.repeat_of is None:
            continue
        if m.repeat_of not in m_map:
            raise InputError(
                f"mistake {m.id} ({m.title!r}) repeats mistake {m.repeat_of}, which is not "
                "in the file",
                "List the earlier mistake in the same file, or remove repeat_of.",
            )
        conn.execute(
            t.mistakes.update()
            .where(t.mistakes.c.id == m_map[m.id])
            .values(repeat_of=m_map[m.repeat_of], repeat_confirmed_by=m.repeat_confirmed_by or by)
        )
    events = [
        {
            "at": at,
            "who": by,
            "entity": "commitment",
            "entity_id": new,
            "action": "import",
            "data": {"source_id": old},
        }
        for old, new in id_map.items()
    ] + [
        {
            "at": at,
            "who": by,
            "entity": "mistake",
            "entity_id": new,
            "action": "import",
            "data": {"source_id": old},
        }
        for old, new in m_map.items()
    ]
    if events:
        conn.execute(t.ledger_events.insert(), events)
    return ImportSummary(len(c_ids), len(rev_values), len(res_values), len(m_ids))


def _insert_returning_ids(
    conn: Connection, table: sa.Table, values: list[dict[str, Any]]
) -> list[int]:
    """Insert many rows; their new ids in input order (batched on SQLite and PostgreSQL)."""
    if not values:
        return []
    query = table.insert().returning(table.c.id, sort_by_parameter_order=True)
    return [int(i) for i in conn.execute(query, values).scalars()]
