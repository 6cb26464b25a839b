"""The journal in the store: entries written, edited and read, every change one event.

``Journal(store)``: ``add`` (one checked draft), ``add_many`` (several, one transaction),
``import_many`` (the same, skipping entries already held), ``edit`` (only the author; each change
an event with the old values), ``entry`` (private entries only for their author), ``entries``
(one author's, filtered), ``search``. Who acts and when are passed in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from backwards.errors import InputError
from backwards.growth import tables as t
from backwards.growth.entry import CHECKS, Entry, EntryDraft, Kind, check_draft
from backwards.growth.eventlog import log_event
from backwards.store import Store

__all__ = ["Imported", "Journal"]

EDITABLE = (
    "kind",
    "title",
    "link",
    "occurred_on",
    "grades",
    "checks",
    "return_on_time",
    "better",
    "tags",
    "shared",
)


#: The draft's fields a row holds as they are (the others are converted both ways below).
AS_THEY_ARE = ("title", "link", "occurred_on", "return_on_time", "better", "shared")


def _values(d: EntryDraft) -> dict[str, Any]:
    return {
        **{k: getattr(d, k) for k in AS_THEY_ARE},
        "kind": d.kind.value,
        "grades": dict(d.grades),
        **{k: d.checks.get(k) for k in CHECKS},
        "tags": list(d.tags),
    }


def _entry(row: RowMapping) -> Entry:
    return Entry(
        **{k: row[k] for k in (*AS_THEY_ARE, "author", "recorded_at", "updated_at")},
        id=int(row["id"]),
        kind=Kind(row["kind"]),
        grades={str(k): int(v) for k, v in dict(row["grades"]).items()},
        checks={k: (None if row[k] is None else bool(row[k])) for k in CHECKS},
        tags=tuple(row["tags"] or ()),
    )


def _missing(entry_id: int) -> InputError:
    return InputError(
        f"there is no journal entry {entry_id}", "Run `backwards journal list` to see the ids."
    )


def _insert(conn: Connection, author: str, d: EntryDraft, *, by: str, at: datetime) -> int:
    values = _values(d) | {"author": author, "recorded_at": at, "updated_at": at}
    new_id = int(conn.execute(t.entries.insert().returning(t.entries.c.id), values).scalar_one())
    log_event(conn, at=at, who=by, action="add", data=values, entry_id=new_id)
    return new_id


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import added (the new entries' ids) and how many entries it found already there."""

    ids: tuple[int, ...]
    skipped: int


class Journal:
    """The journal entries of one store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- writes --------------------------------------------------------------------------------

    def add(self, draft: EntryDraft, *, author: str, at: datetime) -> Entry:
        """Check and store one entry (nothing is written when it is invalid)."""
        ids = self.add_many([(author, draft)], by=author, at=at)
        return self.entry(ids[0], viewer=author)

    def add_many(
        self, drafts: Sequence[tuple[str, EntryDraft]], *, by: str, at: datetime
    ) -> list[int]:
        """Store (author, draft) pairs in one transaction: all of them or, on a bad one, none."""
        checked = [(author, check_draft(d)) for author, d in drafts]
        return self.store.write(
            lambda conn: [_insert(conn, author, d, by=by, at=at) for author, d in checked]
        )

    def import_many(
        self, drafts: Sequence[tuple[str, EntryDraft]], *, by: str, at: datetime
    ) -> Imported:
        """Like :meth:`add_many`, but an entry the journal already holds (same author, kind,
        title and day), or one the file already gave, is skipped: importing a file twice
        changes nothing."""
        checked = [(author, check_draft(d)) for author, d in drafts]

        def work(conn: Connection) -> Imported:
            authors = sorted({author for author, _ in checked})
            held = conn.execute(
                sa.select(
                    t.entries.c.author, t.entries.c.kind, t.entries.c.title, t.entries.c.occurred_on
                ).where(t.entries.c.author.in_(authors))
            )
            seen = {tuple(row) for row in held}
            ids, skipped = [], 0
            for author, d in checked:
                key = (author, d.kind.value, d.title, d.occurred_on)
                if key in seen:
                    skipped += 1
                    continue
                seen.add(key)
                ids.append(_insert(conn, author, d, by=by, at=at))
            return Imported(tuple(ids), skipped)

        return self.store.write(work)

    def edit(self, entry_id: int, *, by: str, at: datetime, **changes: Any) -> Entry:
        """Change an entry (only its author may); ``grades`` given are merged into the old ones.
        The change is one event holding the old and new values."""
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise InputError(f"cannot edit {', '.join(sorted(unknown))}")

        def work(conn: Connection) -> None:
            old = self._entry(conn, entry_id)
            if old.author != by:
                raise InputError(
                    f"journal entry {entry_id} is {old.author}'s; only its author edits it"
                )
            merged = dict(changes)
            if "grades" in merged:
                merged["grades"] = {**old.grades, **merged["grades"]}
            if "checks" in merged:
                merged["checks"] = {**old.checks, **merged["checks"]}
            new = check_draft(replace(old, **merged))
            before, after = _values(old), _values(new)
            diff = {k: v for k, v in after.items() if before[k] != v}
            if not diff:
                return
            conn.execute(
                t.entries.update().where(t.entries.c.id == entry_id).values(**diff, updated_at=at)
            )
            was = {k: before[k] for k in diff}
            log_event(
                conn,
                at=at,
                who=by,
                action="edit",
                data={"changes": diff, "was": was},
                entry_id=entry_id,
            )

        self.store.write(work)
        return self.entry(entry_id, viewer=by)

    # -- reads ---------------------------------------------------------------------------------

    def _entry(self, conn: Connection, entry_id: int) -> Entry:
        row = conn.execute(sa.select(t.entries).where(t.entries.c.id == entry_id)).mappings()
        found = row.first()
        if found is None:
            raise _missing(entry_id)
        return _entry(found)

    def entry(self, entry_id: int, *, viewer: str) -> Entry:
        """One entry; another person's private entry is not shown (``InputError``)."""
        with self.store.read() as conn:
            e = self._entry(conn, entry_id)
        if not e.visible_to(viewer):
            raise InputError(
                f"journal entry {entry_id} is private to {e.author}",
                "Entries are private to their author unless shared (`journal edit ID --share`).",
            )
        return e

    def entries(
        self,
        *,
        viewer: str,
        author: str | None = None,
        since: date | None = None,
        until: date | None = None,
        attribute: str | None = None,
        tag: str | None = None,
    ) -> list[Entry]:
        """``author``'s entries (default: the viewer's) the viewer may see, oldest first."""
        who = author or viewer
        query = sa.select(t.entries).where(t.entries.c.author == who)
        if who != viewer:
            query = query.where(t.entries.c.shared.is_(True))
        if since is not None:
            query = query.where(t.entries.c.occurred_on >= since)
        if until is not None:
            query = query.where(t.entries.c.occurred_on <= until)
        query = query.order_by(t.entries.c.occurred_on, t.entries.c.id)
        with self.store.read() as conn:
            rows = [_entry(r) for r in conn.execute(query).mappings()]
        return [
            e
            for e in rows
            if (attribute is None or attribute in e.grades) and (tag is None or tag in e.tags)
        ]

    def search(self, text: str, *, viewer: str, author: str | None = None) -> list[Entry]:
        """Entries whose title, link, "one point better" or tags hold every word of ``text``."""
        words = text.lower().split()
        return [
            e for e in self.entries(viewer=viewer, author=author) if all(w in e.text for w in words)
        ]

    def all_entries(self, *, viewer: str) -> list[Entry]:
        """Every entry the viewer may see (theirs and everyone's shared ones), for export."""
        query = sa.select(t.entries).where(
            sa.or_(t.entries.c.author == viewer, t.entries.c.shared.is_(True))
        )
        with self.store.read() as conn:
            return [_entry(r) for r in conn.execute(query.order_by(t.entries.c.id)).mappings()]


def grades_of(entries: Iterable[Entry]) -> Mapping[str, list[int]]:
    """Every self-grade per attribute id, in entry order."""
    out: dict[str, list[int]] = {}
    for e in entries:
        for attribute, grade in e.grades.items():
            out.setdefault(attribute, []).append(grade)
    return out
