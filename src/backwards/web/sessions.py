"""Server-side sessions in the workspace database.

The browser holds a random token in an HttpOnly, SameSite=Lax cookie; the database holds its
SHA-256, the person, a CSRF token, and when it was made and last used. A session ends after
``session_idle`` without a request or ``session_absolute`` after sign-in, at logout, or at
"log out everywhere" (every session of the person). A fresh session is made at each sign-in
(the old one, if any, is deleted): no session fixation.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from backwards.store import Store
from backwards.web import tables as t

__all__ = ["COOKIE", "Session", "SessionStore"]

COOKIE = "backwards_session"
TOUCH_EVERY = timedelta(seconds=60)  # last_seen_at is written at most once a minute


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Session:
    id: str  # the digest, never the cookie's token
    person: str
    csrf_token: str
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime


class SessionStore:
    def __init__(self, store: Store, *, idle: timedelta, absolute: timedelta) -> None:
        self.store = store
        self.idle = idle
        self.absolute = absolute

    def create(self, person: str, *, at: datetime, replacing: str | None = None) -> str:
        """A new session for ``person``; returns the cookie's token. ``replacing``: the token
        the browser brought (deleted, whoever it belonged to)."""
        token = secrets.token_urlsafe(32)

        def work(conn: sa.Connection) -> None:
            if replacing:
                conn.execute(t.sessions.delete().where(t.sessions.c.id == _digest(replacing)))
            conn.execute(t.sessions.delete().where(t.sessions.c.expires_at <= at))
            conn.execute(
                t.sessions.insert().values(
                    id=_digest(token),
                    person=person,
                    csrf_token=secrets.token_urlsafe(32),
                    created_at=at,
                    last_seen_at=at,
                    expires_at=at + self.absolute,
                )
            )

        self.store.write(work)
        return token

    def get(self, token: str, *, at: datetime) -> Session | None:
        """The live session of ``token``; an expired one is deleted and None returned."""
        if not token or len(token) > 200:
            return None
        key = _digest(token)
        with self.store.read() as conn:
            row = conn.execute(sa.select(t.sessions).where(t.sessions.c.id == key)).first()
        if row is None:
            return None
        session = Session(*row)
        if at >= session.expires_at or at - session.last_seen_at >= self.idle:
            self.delete(token)
            return None
        if at - session.last_seen_at >= TOUCH_EVERY:
            self.store.write(
                lambda c: c.execute(
                    t.sessions.update().where(t.sessions.c.id == key).values(last_seen_at=at)
                )
            )
        return session

    def delete(self, token: str) -> None:
        self.store.write(
            lambda c: c.execute(t.sessions.delete().where(t.sessions.c.id == _digest(token)))
        )

    def delete_all(self, person: str) -> int:
        """End every session of ``person`` (log out everywhere); returns how many."""
        result = self.store.write(
            lambda c: c.execute(t.sessions.delete().where(t.sessions.c.person == person))
        )
        return int(result.rowcount)

    def count(self, person: str) -> int:
        with self.store.read() as conn:
            query = sa.select(sa.func.count()).where(t.sessions.c.person == person)
            return int(conn.execute(query.select_from(t.sessions)).scalar_one())
