"""Adding many commitments and mistakes in one transaction (``ledger import``, benchmarks).

Imported rows are marked ``imported`` and get the store's clock as their entry time; their
claimed times are the file's. A commitment the ledger already holds (same owner, statement,
due date and time made) or a mistake it already holds (same owner, title and day) is skipped,
so importing the same file twice changes nothing; links in the file to a skipped record point
at the one already there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from backwards.errors import InputError
from backwards.ledger import intake
from backwards.ledger.measures.failure_modes import detect
from backwards.ledger.model import Commitment, CommitmentRecord, Mistake
from backwards.ledger.storage import records as rows
from backwards.ledger.storage import tables as t

__all__ = ["ImportSummary", "import_record_stream", "import_records"]

CommitmentKey = tuple[str, str, date, datetime]
MistakeKey = tuple[str, str, date]
#: Told ``n`` more records are done (a progress bar's ``advance``).
Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """How many of each thing an import added, and how many it found already there."""

    commitments: int
    revisions: int
    resolutions: int
    mistakes: int
    skipped: int = 0


def _commitment_key(c: Commitment) -> CommitmentKey:
    return (c.owner, c.statement, c.due, c.made_at.astimezone(UTC).replace(tzinfo=None))


def _existing_commitments(conn: Connection) -> dict[CommitmentKey, int]:
    """Every stored commitment by its key (also under its statement before a correction)."""
    c = t.commitments.c
    values = rows.RawValues(conn.dialect.name)
    found: dict[CommitmentKey, int] = {}
    raw = conn.execute(sa.select(c.id, c.owner, c.statement, c.due, c.made_at)).cursor.fetchall()
    for ident, owner, statement, due, made in raw:
        moment = values.moment(made).replace(tzinfo=None)
        found[(owner, statement, values.day(due), moment)] = ident
    k = t.corrections.c
    originals = conn.execute(
        sa.select(k.commitment_id, k.old_value).where(k.field == "statement")
    ).fetchall()
    by_id = {v: key for key, v in found.items()}
    for ident, old in originals:
        key = by_id.get(ident)
        if key is not None:
            found[(key[0], old, key[2], key[3])] = ident
    return found


def _existing_mistakes(conn: Connection) -> dict[MistakeKey, int]:
    m = t.mistakes.c
    values = rows.RawValues(conn.dialect.name)
    raw = conn.execute(sa.select(m.id, m.owner, m.title, m.occurred_on)).cursor.fetchall()
    return {(owner, title, values.day(day)): ident for ident, owner, title, day in raw}


def import_records(
    conn: Connection,
    records: Sequence[CommitmentRecord],
    mistakes: Sequence[Mistake],
    by: str,
    entered: datetime,
    progress: Progress | None = None,
) -> ImportSummary:
    """Insert ``records`` and ``mistakes`` on ``conn`` (inside the caller's transaction);
    ``progress(n)`` hears of each part done (n records more).

    Ids in the input are the file's own references and are renumbered; links that point
    outside the input raise ``InputError`` (and the caller's transaction rolls back).
    """
    have = _existing_commitments(conn)
    c_map: dict[int, int] = {}
    new_records: list[CommitmentRecord] = []
    for r in records:
        known = have.get(_commitment_key(r.commitment))
        if known is not None:
            c_map[r.commitment.id] = known
        else:
            new_records.append(r)
    c_ids = _insert_commitments(conn, new_records, by, entered)
    new_map = {r.commitment.id: new for r, new in zip(new_records, c_ids, strict=True)}
    c_map |= new_map
    revisions, resolutions = _insert_histories(conn, new_records, c_ids, by, entered)
    if progress is not None:
        progress(len(records))
    _check_links(mistakes, c_map)
    have_m = _existing_mistakes(conn)
    m_map: dict[int, int] = {}
    new_mistakes: list[Mistake] = []
    for m in mistakes:
        known = have_m.get((m.owner, m.title, m.occurred_on))
        if known is not None:
            m_map[m.id] = known
        else:
            new_mistakes.append(m)
    new_m_map = _insert_mistakes(conn, new_mistakes, c_map, by, entered)
    m_map |= new_m_map
    _link_repeats(conn, new_mistakes, m_map, by)
    _log_imports(conn, new_map, new_m_map, by, entered)
    if progress is not None and mistakes:
        progress(len(mistakes))
    skipped = len(records) - len(new_records) + len(mistakes) - len(new_mistakes)
    return ImportSummary(len(c_ids), revisions, resolutions, len(new_m_map), skipped)


def import_record_stream(
    conn: Connection,
    records: Iterable[tuple[str, CommitmentRecord]],
    by: str,
    entered: datetime,
    *,
    chunk: int = 1_000,
    progress: Progress | None = None,
) -> ImportSummary:
    """``import_records`` of commitments only (a CSV file), ``chunk`` at a time, inside the
    caller's one transaction: memory stays flat however many there are. Each record comes
    with where it was read (``file.csv:12``), which a refused one's message names;
    ``progress(n)`` hears of each chunk done."""
    have = _existing_commitments(conn)
    added = revisions = resolutions = skipped = 0
    batch: list[CommitmentRecord] = []

    def flush() -> None:
        nonlocal added, revisions, resolutions, skipped
        new = [r for r in batch if _commitment_key(r.commitment) not in have]
        skipped += len(batch) - len(new)
        ids = _insert_commitments(conn, new, by, entered)
        more_revisions, more_resolutions = _insert_histories(conn, new, ids, by, entered)
        _log_imports(
            conn, {r.commitment.id: i for r, i in zip(new, ids, strict=True)}, {}, by, entered
        )
        added, revisions = added + len(ids), revisions + more_revisions
        resolutions += more_resolutions
        if progress is not None and batch:
            progress(len(batch))
        batch.clear()

    for where, record in records:
        problem = intake.record_problem(record, entered)
        if problem is not None:
            raise InputError(f"{where}: {problem.message}", problem.hint)
        batch.append(record)
        if len(batch) == chunk:
            flush()
    flush()
    return ImportSummary(added, revisions, resolutions, 0, skipped)


def _stamp(values: dict[str, Any], entered: datetime) -> dict[str, Any]:
    return values | {"recorded_at": entered, "imported": True}


def _insert_commitments(
    conn: Connection, records: Sequence[CommitmentRecord], by: str, entered: datetime
) -> list[int]:
    """Insert the commitments; their new ids, in order."""
    values = [
        _stamp(
            rows.values(replace(r.commitment, recorded_by=r.commitment.recorded_by or by)),
            entered,
        )
        for r in records
    ]
    return _insert_returning_ids(conn, t.commitments, values)


def _insert_histories(
    conn: Connection,
    records: Sequence[CommitmentRecord],
    new_ids: Sequence[int],
    by: str,
    entered: datetime,
) -> tuple[int, int]:
    """Each commitment's revisions (``previous_due`` recomputed along the chain), resolution
    and corrections; how many revisions and resolutions were inserted."""
    rev_values: list[dict[str, Any]] = []
    res_values: list[dict[str, Any]] = []
    fix_values: list[dict[str, Any]] = []
    for record, new_id in zip(records, new_ids, strict=True):
        due = record.commitment.due
        for rev in sorted(record.revisions, key=lambda v: v.made_at):
            fixed = replace(
                rev, commitment_id=new_id, previous_due=due, recorded_by=rev.recorded_by or by
            )
            rev_values.append(_stamp(rows.values(fixed), entered))
            due = rev.new_due if rev.new_due is not None else due
        res = record.resolution
        if res is not None:
            fixed_res = replace(res, commitment_id=new_id, recorded_by=res.recorded_by or by)
            res_values.append(_stamp(rows.values(fixed_res), entered))
        for fix in record.corrections:
            moved = replace(fix, commitment_id=new_id, recorded_by=fix.recorded_by or by)
            fix_values.append(_stamp(rows.values(moved), entered))
    for table, batch in (
        (t.revisions, rev_values),
        (t.resolutions, res_values),
        (t.corrections, fix_values),
    ):
        if batch:
            conn.execute(table.insert(), batch)
    return len(rev_values), len(res_values)


def _insert_mistakes(
    conn: Connection,
    mistakes: Sequence[Mistake],
    c_map: dict[int, int],
    by: str,
    entered: datetime,
) -> dict[int, int]:
    """The mistakes (their commitment links renumbered) and action items; file id to new id."""
    values = []
    for m in mistakes:
        linked = replace(
            m,
            commitment_ids=tuple(c_map[i] for i in m.commitment_ids),
            repeat_of=None,
            recorded_by=m.recorded_by or by,
            failure_modes=m.failure_modes or detect(m.cause_text),
        )
        values.append(_stamp(rows.values(linked), entered))
    new_ids = _insert_returning_ids(conn, t.mistakes, values)
    m_map = {m.id: new for m, new in zip(mistakes, new_ids, strict=True)}
    items = [
        rows.values(replace(a, mistake_id=m_map[m.id])) for m in mistakes for a in m.action_items
    ]
    if items:
        conn.execute(t.action_items.insert(), items)
    return m_map


def _check_links(mistakes: Sequence[Mistake], c_map: dict[int, int]) -> None:
    """Every link of every mistake in the file points inside the file."""
    ids = {m.id for m in mistakes}
    for m in mistakes:
        missing = [i for i in m.commitment_ids if i not in c_map]
        if missing:
            raise InputError(
                f"mistake {m.id} ({m.title!r}) links commitment {missing[0]}, which is not "
                "in the file",
                "List the commitment in the same file, or remove the link.",
            )
        if m.repeat_of is not None and m.repeat_of not in ids:
            raise InputError(
                f"mistake {m.id} ({m.title!r}) repeats mistake {m.repeat_of}, which is not "
                "in the file",
                "List the earlier mistake in the same file, or remove repeat_of.",
            )


def _link_repeats(
    conn: Connection, mistakes: Sequence[Mistake], m_map: dict[int, int], by: str
) -> None:
    """Confirmed repeats, pointed at the new ids (once every mistake exists)."""
    for m in mistakes:
        if m.repeat_of is None:
            continue
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
