"""Audit logs: who did what to whom, when; one shape shared by the people directory and the web app.

A feature that keeps such a log declares its table with :func:`audit_table` and writes and reads
it with :func:`record` and :func:`read`, inside its own transactions::

    events = audit_table("people_events", index_subject=True)
    record(conn, events, who="admin", action="add", subject="ana", at=now, role="member")
    read(conn, events, subject="ana", limit=20)      # newest first, as AuditEvent values
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from backwards.store import UtcDateTime, metadata

__all__ = ["AuditEvent", "audit_table", "read", "record"]


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """One entry of an audit log: who did what to whom (``subject``), when, with details."""

    id: int
    at: datetime
    who: str
    action: str
    subject: str
    detail: dict[str, Any]


def audit_table(name: str, *, index_subject: bool = False) -> sa.Table:
    """An audit log table on the shared metadata: id, at, who, action, subject, detail."""
    return sa.Table(
        name,
        metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", UtcDateTime, nullable=False),
        sa.Column("who", sa.String(200), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False, index=index_subject),
        sa.Column("detail", sa.JSON, nullable=False),
    )


def record(
    conn: sa.Connection,
    table: sa.Table,
    *,
    who: str,
    action: str,
    subject: str,
    at: datetime,
    **detail: Any,
) -> None:
    """Append one event (inside the caller's transaction)."""
    conn.execute(
        table.insert().values(at=at, who=who, action=action, subject=subject, detail=detail)
    )


def read(
    conn: sa.Connection, table: sa.Table, *, subject: str | None = None, limit: int = 100
) -> list[AuditEvent]:
    """The newest ``limit`` events, of one subject when given."""
    query = sa.select(table).order_by(table.c.id.desc()).limit(limit)
    if subject is not None:
        query = query.where(table.c.subject == subject)
    return [
        AuditEvent(r.id, r.at, r.who, r.action, r.subject, dict(r.detail))
        for r in conn.execute(query)
    ]
