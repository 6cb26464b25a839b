"""What the repeat search reads through SQLAlchemy (any backend): root causes, then a few mistakes.

``load_causes(conn)`` reads only the columns a root cause needs, as the driver's tuples (no
model values, no action items), into ``causes.Causes``. ``load_mistakes(conn, ids)`` then reads
the few that are shown, and ``repeats_of`` the confirmed repeats. ``sqlite_reader`` reads the
same from a SQLite file with the standard library; a test compares the two.
"""

from __future__ import annotations

from collections.abc import Collection

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from backwards.ledger.model import ActionItem, Mistake
from backwards.ledger.storage import records as rows
from backwards.ledger.storage import tables as t
from backwards.ledger.storage.causes import Causes
from backwards.ledger.storage.records import RawValues

__all__ = ["Causes", "load_causes", "load_mistakes", "repeats_of"]


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
