"""The web app's own audit log: who did what, when (sign-in, sign-out, explanations). Writes
through a feature's front door are recorded by that feature, with the same who and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from backwards import auditlog
from backwards.auditlog import AuditEvent
from backwards.store import Store
from backwards.web import tables as t

__all__ = ["WebEvent", "read_events", "record_event"]


#: One entry of the web app's audit log.
WebEvent = AuditEvent


def record_event(
    conn: sa.Connection, *, who: str, action: str, subject: str, at: datetime, **detail: Any
) -> None:
    auditlog.record(conn, t.events, who=who, action=action, subject=subject, at=at, **detail)


def read_events(store: Store, *, limit: int = 100) -> list[WebEvent]:
    """The newest events first."""
    with store.read() as conn:
        return auditlog.read(conn, t.events, limit=limit)
