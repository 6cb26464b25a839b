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
    c_ids = _insert_commitments(conn, records, by, at)
    c_map = {r.commitment.id: new for r, new in zip(records, c_ids, strict=True)}
    revisions, resolutions = _insert_histories(conn, records, c_ids, by, at)
    m_map = _insert_mistakes(conn, mistakes, c_map, by)
    _link_repeats(conn, mistakes, m_map, by)
    _log_imports(conn, c_map, m_map, by, at)
    return ImportSummary(len(c_ids), revisions, resolutions, len(m_map))


def _insert_commitments(
    conn: Connection, records: Sequence[CommitmentRecord], by: str, at: datetime
) -> list[int]:
    """Insert the commitments; their new ids, in order."""
    values = [
        rows.commitment_values(replace(r.commitment, recorded_by=r.commitment.recorded_by or by))
        | {"recorded_at": at}
        for r in records
    ]
    return _insert_returning_ids(conn, t.commitments, values)


def _insert_histories(
    conn: Connection,
    records: Sequence[CommitmentRecord],
    new_ids: Sequence[int],
    by: str,
    at: datetime,
) -> tuple[int, int]:
    """Each commitment's revisions (``previous_due`` recomputed along the chain) and
    resolution; how many of each were inserted."""
    rev_values: list[dict[str, Any]] = []
    res_values: list[dict[str, Any]] = []
    for record, new_id in zip(records, new_ids, strict=True):
        due = record.commitment.due
        for rev in sorted(record.revisions, key=lambda v: v.made_at):
            fixed = replace(
                rev, commitment_id=new_id, previous_due=due, recorded_by=rev.recorded_by or by
            )
            rev_values.append(rows.revision_values(fixed) | {"recorded_at": at})
            due = rev.new_due if rev.new_due is not None else due
        res = record.resolution
        if res is not None:
            fixed_res = replace(res, commitment_id=new_id, recorded_by=res.recorded_by or by)
            res_values.append(rows.resolution_values(fixed_res))
    if rev_values:
        conn.execute(t.revisions.insert(), rev_values)
    if res_values:
        conn.execute(t.resolutions.insert(), res_values)
    return len(rev_values), len(res_values)


def _insert_mistakes(
    conn: Connection, mistakes: Sequence[Mistake], c_map: dict[int, int], by: str
) -> dict[int, int]:
    """The mistakes (their commitment links renumbered) and action items; file id to new id."""
    values = []
    for m in mistakes:
        missing = [i for i in m.commitment_ids if i not in c_map]
        if missing:
            raise InputError(
                f"mistake {m.id} ({m.title!r}) links commitment {missing[0]}, which is not "
                "in the file",
                "List the commitment in the same file, or remove the link.",
            )
        linked = replace(
            m,
            commitment_ids=tuple(c_map[i] for i in m.commitment_ids),
            repeat_of=None,
            recorded_by=m.recorded_by or by,
        )
        values.append(rows.mistake_values(linked))
    new_ids = _insert_returning_ids(conn, t.mistakes, values)
    m_map = {m.id: new for m, new in zip(mistakes, new_ids, strict=True)}
    items = [rows.action_item_values(a, m_map[m.id]) for m in mistakes for a in m.action_items]
    if items:
        conn.execute(t.action_items.insert(), items)
    return m_map


def _link_repeats(
    conn: Connection, mistakes: Sequence[Mistake], m_map: dict[int, int], by: str
) -> None:
    """Confirmed repeats, pointed at the new ids (once every mistake exists)."""
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


def _log_imports(
    conn: Connection, c_map: dict[int, int], m_map: dict[int, int], by: str, at: datetime
) -> None:
    """One ``import`` event per record, naming its id in the file."""
    events = [
        {
            "at": at,
            "who": by,
            "entity": entity,
            "entity_id": new,
            "action": "import",
            "data": {"source_id": old},
        }
        for entity, mapping in (("commitment", c_map), ("mistake", m_map))
        for old, new in mapping.items()
    ]
    if events:
        conn.execute(t.ledger_events.insert(), events)


def _insert_returning_ids(
    conn: Connection, table: sa.Table, values: list[dict[str, Any]]
) -> list[int]:
    """Insert many rows; their new ids in input order (batched on SQLite and PostgreSQL)."""
    if not values:
        return []
    query = table.insert().returning(table.c.id, sort_by_parameter_order=True)
    return [int(i) for i in conn.execute(query, values).scalars()]
