"""The web app's own audit log: who did what, when (sign-in, sign-out, explanations). Writes
through a feature's front door are recorded by that feature, with the same who and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from backwards.store import Store
from backwards.web import tables as t

__all__ = ["WebEvent", "read_events", "record_event"]


@dataclass(frozen=True, slots=True)
class WebEvent:
    id: int
    at: datetime
    who: str
    action: str
    subject: str
    detail: dict[str, Any]


def record_event(
    conn: sa.Connection, *, who: str, action: str, subject: str, at: datetime, **detail: Any
) -> None:
    conn.execute(
        t.events.insert().values(at=at, who=who, action=action, subject=subject, detail=detail)
    )


def read_events(store: Store, *, limit: int = 100) -> list[WebEvent]:
    """The newest events first."""
    with store.read() as conn:
        rows = conn.execute(sa.select(t.events).order_by(t.events.c.id.desc()).limit(limit)).all()
    return [WebEvent(r.id, r.at, r.who, r.action, r.subject, dict(r.detail)) for r in rows]
