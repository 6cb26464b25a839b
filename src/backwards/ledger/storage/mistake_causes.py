"""What the repeat search reads of every mistake: its root cause, fast.

``load_causes(conn)`` reads only the columns a root cause needs, as the driver's tuples (no
model values, no action items). ``Causes.fingerprint()`` names the saved similarity index from
those raw values (and the vocabulary's digest), so a saved index is found without building a
single document; ``Causes.docs()`` builds ``MistakeDoc.by_cause`` of every mistake only when the
index must be built, and ``Causes.doc(id)`` one of them, to say why it matched. A test compares
``docs()`` with ``by_cause`` of the whole mistakes on both backends. ``load_mistakes(conn, ids)``
then reads the few that are shown, and ``repeats_of`` the confirmed repeats.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from backwards.ledger.measures.failure_modes import detect, digest
from backwards.ledger.measures.index_cache import FORMAT_VERSION
from backwards.ledger.measures.similarity import MistakeDoc
from backwards.ledger.model import ActionItem, Mistake, cause_text
from backwards.ledger.storage import records as rows
from backwards.ledger.storage import tables as t
from backwards.ledger.storage.records import RawValues

__all__ = ["Causes", "load_causes", "load_mistakes", "repeats_of"]


def _whys(value: Any) -> list[str]:
    if isinstance(value, str):  # SQLite gives the JSON text
        value = json.loads(value)
    return [str(x) for x in value or ()]


@dataclass(frozen=True, slots=True)
class Causes:
    """Every mistake's root-cause columns, as read: (id, owner, title, what_happened,
    occurred_on, category, five_whys, root_cause, failure_modes), by id; the title and
    what_happened are None when a root cause was written (``load_causes``)."""

    rows: Sequence[Sequence[Any]]
    values: RawValues
    _at: dict[int, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.rows)

    def fingerprint(self) -> str:
        """SHA-256 of every value read, the index format and the vocabulary."""
        hashed = hashlib.sha256(f"backwards-causes-{FORMAT_VERSION}-{digest()}".encode())
        hashed.update(
            "\x1d".join("\x1e".join(map(str, r)) for r in self.rows).encode(
                "utf-8", "surrogatepass"
            )
        )
        return hashed.hexdigest()

    def _doc(self, r: Sequence[Any]) -> MistakeDoc:
        key, owner, title, what, occurred, category, whys, root, modes = r
        text = cause_text(_whys(whys), root, title, what)
        labels = tuple(modes.split("\n")) if modes else ()
        return MistakeDoc(
            key, text, category, labels or detect(text), self.values.day(occurred), owner
        )

    def docs(self) -> list[MistakeDoc]:
        """``MistakeDoc.by_cause`` of every mistake, by id."""
        return [self._doc(r) for r in self.rows]

    def doc(self, mistake_id: int) -> MistakeDoc | None:
        """``MistakeDoc.by_cause`` of one mistake (None when it is not among them)."""
        if not self._at:
            self._at.update((r[0], i) for i, r in enumerate(self.rows))
        at = self._at.get(mistake_id)
        return None if at is None else self._doc(self.rows[at])


def load_causes(conn: Connection) -> Causes:
    """The root-cause columns of every mistake, by id. The title and the story stand for the
    cause only when no root cause was written (``cause_text``), so only then are they read
    (None otherwise): half the text of a usual ledger is never fetched."""
    m = t.mistakes.c
    untold = m.root_cause == ""
    title, what = (sa.case((untold, c), else_=sa.null()) for c in (m.title, m.what_happened))
    columns = (m.id, m.owner, title, what, m.occurred_on, m.category)
    query = sa.select(*columns, m.five_whys, m.root_cause, m.failure_modes).order_by(m.id)
    return Causes(conn.execute(query).cursor.fetchall(), RawValues(conn.dialect.name))


def load_mistakes(conn: Connection, ids: Collection[int]) -> dict[int, Mistake]:
    """The mistakes with these ids (with their action items), by id."""
    if not ids:
        return {}
    wanted = sorted(set(ids))
    items: dict[int, list[ActionItem]] = {}
    query = sa.select(t.action_items).where(t.action_items.c.mistake_id.in_(wanted))
    for r in conn.execute(query.order_by(t.action_items.c.id)).mappings():
        item = rows.from_row(ActionItem, r)
        items.setdefault(item.mistake_id, []).append(item)
    query = sa.select(t.mistakes).where(t.mistakes.c.id.in_(wanted))
    return {
        r["id"]: rows.from_row(Mistake, r, action_items=tuple(items.get(r["id"], ())))
        for r in conn.execute(query).mappings()
    }


def repeats_of(conn: Connection, mistake: Mistake) -> list[Mistake]:
    """What a person confirmed: the mistake ``mistake`` repeats and those that repeat it, by
    id (``repeat_candidates.confirmed_repeats``'s rule, read with one query)."""
    m = t.mistakes.c
    related = m.repeat_of == mistake.id
    if mistake.repeat_of is not None:
        related = sa.or_(related, m.id == mistake.repeat_of)
    ids = [r[0] for r in conn.execute(sa.select(m.id).where(related, m.id != mistake.id))]
    found = load_mistakes(conn, ids)
    return [found[i] for i in sorted(found)]
