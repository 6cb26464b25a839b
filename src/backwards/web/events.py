"""The web app's own audit log: who did what, when (sign-in, sign-out, explanations). Writes
through a feature's front door are recorded by that feature, with the same who and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from backwards import auditlog
from backwards.store import Store
from backwards.web import tables as t

__all__ = ["insert_recorded", "record_event"]


def record_event(
    conn: sa.Connection, *, who: str, action: str, subject: str, at: datetime, **detail: Any
) -> None:
    auditlog.record(conn, t.events, who=who, action=action, subject=subject, at=at, **detail)


def insert_recorded(
    store: Store,
    table: sa.Table,
    values: dict[str, Any],
    *,
    who: str,
    action: str,
    subject: str,
    at: datetime,
    **detail: Any,
) -> None:
    """One row of ``table`` and its event, written together (or neither)."""

    def work(conn: sa.Connection) -> None:
        conn.execute(table.insert().values(**values))
        record_event(conn, who=who, action=action, subject=subject, at=at, **detail)

    store.write(work)
