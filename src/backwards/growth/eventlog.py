"""Growth's event log: every change to an entry or an assessment is one row (who, when, what)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.engine import Connection

from backwards.growth import tables as t

__all__ = ["jsonable", "log_event"]


def jsonable(values: dict[str, Any]) -> dict[str, Any]:
    """``values`` with dates as ISO text (events are JSON)."""
    return {k: (v.isoformat() if isinstance(v, date | datetime) else v) for k, v in values.items()}


def log_event(
    conn: Connection, *, at: datetime, who: str, action: str, data: dict[str, Any], **subject: int
) -> None:
    """One event; ``subject`` is what changed: ``entry_id=`` or ``assessment_id=``."""
    row = {"at": at, "who": who, "action": action, "data": jsonable(data)}
    conn.execute(t.events.insert().values(**row, **subject))
