"""PR/FAQ documents written in the editor: each save is a new version (never edited) with who,
when and its review's verdict; reviewers comment on a line of a version. A document is its
owner's team's (the team when it was made) and the admins'. The review itself is
``backwards.prfaq``'s; this module only keeps texts, verdicts and comments."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from backwards.people import Person
from backwards.store import Store
from backwards.web import tables as t
from backwards.web.events import insert_recorded, record_event
from backwards.web.texts import MAX_COMMENT, MAX_TITLE, checked_text

__all__ = [
    "Comment",
    "Document",
    "DocumentStore",
    "Reviewed",
    "Version",
    "VersionSummary",
    "may_see_document",
]


@dataclass(frozen=True, slots=True)
class Document:
    id: int
    title: str
    owner: str
    team: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Reviewed:
    """What a version keeps of its review: the verdict, the score (None: not scored) and how
    many findings."""

    verdict: str
    score: int | None
    findings: int


@dataclass(frozen=True, slots=True)
class VersionSummary:
    """A version without its text (what a list of documents shows)."""

    number: int
    verdict: str
    score: int | None
    findings: int
    author: str
    saved_at: datetime


@dataclass(frozen=True, slots=True)
class Version(VersionSummary):
    document_id: int
    text: str


@dataclass(frozen=True, slots=True)
class Comment:
    id: int
    document_id: int
    version: int
    line: int
    text: str
    author: str
    written_at: datetime


def may_see_document(person: Person, document: Document) -> bool:
    return (
        person.is_admin
        or document.owner == person.name
        or (document.team is not None and document.team == person.team)
    )


def _summary_columns() -> list[sa.Column[Any]]:
    """The columns of a ``VersionSummary``, in its field order."""
    return [t.prfaq_versions.c[f.name] for f in fields(VersionSummary)]


class DocumentStore:
    def __init__(self, store: Store) -> None:
        self.store = store

    def visible(self, person: Person) -> list[tuple[Document, VersionSummary]]:
        """The documents ``person`` may see (``may_see_document``, in the query), each with
        its latest version's summary: one query, no version texts read."""
        d, v = t.prfaq_documents.c, t.prfaq_versions.c
        other = t.prfaq_versions.alias("other").c
        newest = (
            sa.select(sa.func.max(other.number)).where(other.document_id == d.id).scalar_subquery()
        )
        query = (
            sa.select(*t.prfaq_documents.columns, *_summary_columns())
            .select_from(t.prfaq_documents)
            .join(t.prfaq_versions, sa.and_(v.document_id == d.id, v.number == newest))
            .order_by(d.id)
        )
        if not person.is_admin:
            mine = d.owner == person.name
            query = query.where(sa.or_(mine, d.team == person.team) if person.team else mine)
        width = len(t.prfaq_documents.columns)
        with self.store.read() as conn:
            rows = conn.execute(query).all()
        return [(Document(*r[:width]), VersionSummary(*r[width:])) for r in rows]

    def get(self, document_id: int) -> Document | None:
        query = sa.select(t.prfaq_documents).where(t.prfaq_documents.c.id == document_id)
        with self.store.read() as conn:
            row = conn.execute(query).first()
        return Document(*row) if row is not None else None

    def versions(self, document_id: int) -> list[Version]:
        c = t.prfaq_versions.c
        query = (
            sa.select(*_summary_columns(), c.document_id, c.text)  # Version's field order
            .where(c.document_id == document_id)
            .order_by(c.number)
        )
        with self.store.read() as conn:
            return [Version(*r) for r in conn.execute(query).all()]

    def comments(self, document_id: int) -> list[Comment]:
        c = t.prfaq_comments.c
        query = sa.select(t.prfaq_comments).where(c.document_id == document_id).order_by(c.id)
        with self.store.read() as conn:
            return [Comment(*r) for r in conn.execute(query).all()]

    def create(
        self, title: str, *, owner: Person, text: str, reviewed: Reviewed, at: datetime
    ) -> Document:
        name = checked_text(
            title, "title", limit=MAX_TITLE, required="name the document (e.g. Saved carts PR/FAQ)"
        )

        def work(conn: sa.Connection) -> int:
            result = conn.execute(
                t.prfaq_documents.insert().values(
                    title=name, owner=owner.name, team=owner.team, created_at=at
                )
            )
            new_id = int(result.inserted_primary_key[0])
            self._insert_version(conn, new_id, 1, text, reviewed, owner.name, at)
            record_event(conn, who=owner.name, action="prfaq.create", subject=str(new_id), at=at)
            return new_id

        found = self.get(self.store.write(work))
        assert found is not None
        return found

    @staticmethod
    def _insert_version(
        conn: sa.Connection,
        document_id: int,
        number: int,
        text: str,
        reviewed: Reviewed,
        author: str,
        at: datetime,
    ) -> None:
        conn.execute(
            t.prfaq_versions.insert().values(
                document_id=document_id,
                number=number,
                text=text,
                **asdict(reviewed),
                author=author,
                saved_at=at,
            )
        )

    def save(
        self, document_id: int, *, text: str, reviewed: Reviewed, author: str, at: datetime
    ) -> int:
        """A new version (the next number); returns its number."""

        def work(conn: sa.Connection) -> int:
            c = t.prfaq_versions.c
            last = conn.execute(
                sa.select(sa.func.max(c.number)).where(c.document_id == document_id)
            ).scalar()
            number = int(last or 0) + 1
            self._insert_version(conn, document_id, number, text, reviewed, author, at)
            record_event(
                conn,
                who=author,
                action="prfaq.save",
                subject=f"{document_id}/{number}",
                at=at,
                verdict=reviewed.verdict,
            )
            return number

        return self.store.write(work)

    def comment(
        self, document_id: int, *, version: int, line: int, text: str, author: str, at: datetime
    ) -> None:
        body = checked_text(text, "comment", limit=MAX_COMMENT, required="write something")

        values = {
            "document_id": document_id,
            "version": version,
            "line": line,
            "text": body,
            "author": author,
            "written_at": at,
        }
        insert_recorded(
            self.store,
            t.prfaq_comments,
            values,
            who=author,
            action="prfaq.comment",
            subject=f"{document_id}/{version}/{line}",
            at=at,
        )
