"""The mistakes a repeat search shows, read from a SQLite file with the standard library alone.

``mistake similar`` reads every root cause, then one mistake, the few it shows and the
confirmed repeats: through SQLAlchemy, importing the library costs more than the reads.
``SqliteReader`` reads the same rows from a ``sqlite3`` connection that
``backwards.sqlitefile.open_snapshot`` opened (one read transaction, the current schema): the
query of ``mistake_causes.load_causes`` for the causes, and the tables' columns converted by
``records.from_raw`` for the mistakes, so it gives the values ``mistake_causes`` and the
repository give (a test compares them on the same database). PostgreSQL, and every other read,
keep SQLAlchemy.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Collection, Sequence
from typing import Any

from backwards.errors import StoreError
from backwards.ledger.model import ActionItem, Mistake, missing
from backwards.ledger.storage.causes import Causes
from backwards.ledger.storage.records import COLUMNS, RawValues, from_raw
from backwards.resource import Resource

__all__ = ["SqliteReader"]

#: ``load_causes``'s query: the title and the story only where no root cause was written.
_CAUSES = (
    "SELECT id, owner, CASE WHEN root_cause = '' THEN title END, "
    "CASE WHEN root_cause = '' THEN what_happened END, occurred_on, category, five_whys, "
    "root_cause, failure_modes FROM ledger_mistakes ORDER BY id"
)
_MISTAKE = ", ".join(COLUMNS[Mistake])
_ACTION = ", ".join(COLUMNS[ActionItem])


class SqliteReader(Resource):
    """Reads of the ledger's mistakes in one SQLite read transaction; ``close()`` ends it. A
    read that fails raises ``StoreError`` naming the database ``url``, as the store's do."""

    def __init__(self, conn: sqlite3.Connection, url: str) -> None:
        self.conn = conn
        self.url = url.strip()
        self.values = RawValues("sqlite")

    def close(self) -> None:
        self.conn.close()

    def _rows(self, query: str, params: Sequence[Any] = ()) -> list[Any]:
        try:
            return self.conn.execute(query, params).fetchall()
        except sqlite3.Error as exc:
            detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreError(f"cannot read the database {self.url}: {detail}") from None

    def causes(self) -> Causes:
        """Every mistake's root-cause columns (``mistake_causes.load_causes``)."""
        return Causes(self._rows(_CAUSES), self.values)

    def mistake(self, mistake_id: int) -> Mistake:
        """The mistake with this id; ``InputError`` when there is none."""
        found = self.mistakes([mistake_id])
        if mistake_id not in found:
            raise missing("mistake", mistake_id)
        return found[mistake_id]

    def mistakes(self, ids: Collection[int]) -> dict[int, Mistake]:
        """The mistakes with these ids (with their action items), by id."""
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        marks = ", ".join("?" * len(wanted))
        items: dict[int, list[ActionItem]] = {}
        raw = self._rows(
            f"SELECT {_ACTION} FROM ledger_action_items WHERE mistake_id IN ({marks}) ORDER BY id",
            wanted,
        )
        for item in from_raw(ActionItem, raw, self.values):
            items.setdefault(item.mistake_id, []).append(item)
        raw = self._rows(f"SELECT {_MISTAKE} FROM ledger_mistakes WHERE id IN ({marks})", wanted)
        return {
            m.id: dataclasses.replace(m, action_items=tuple(items[m.id])) if m.id in items else m
            for m in from_raw(Mistake, raw, self.values)
        }

    def repeats_of(self, mistake: Mistake) -> list[Mistake]:
        """The mistake ``mistake`` repeats and those that repeat it, by id
        (``mistake_causes.repeats_of``)."""
        query = "SELECT id FROM ledger_mistakes WHERE (repeat_of = ? OR id = ?) AND id != ?"
        ids = [r[0] for r in self._rows(query, (mistake.id, mistake.repeat_of, mistake.id))]
        found = self.mistakes(ids)
        return [found[i] for i in sorted(found)]
