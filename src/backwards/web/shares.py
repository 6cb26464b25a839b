"""Share links: a read-only link to one week of one deck, for people without an account, with
an optional password (an argon2 hash) and an expiry. The link's token is shown once; the
database keeps its SHA-256. A link can be revoked by who made it (or an admin)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING

import sqlalchemy as sa

from backwards.errors import InputError
from backwards.store import Store
from backwards.web import tables as t
from backwards.web.events import insert_recorded, record_event

if TYPE_CHECKING:
    from argon2 import PasswordHasher

__all__ = ["MAX_DAYS", "Share", "ShareStore"]

MAX_DAYS = 90
MIN_PASSWORD = 8


@cache
def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher()


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Share:
    id: str  # the digest
    deck: str
    week_ending: date
    has_password: bool
    created_by: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None

    def live(self, at: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or at < self.expires_at)


def _share(row: sa.Row[tuple[object, ...]]) -> Share:
    m = row._mapping
    return Share(
        id=str(m["id"]),
        deck=str(m["deck"]),
        week_ending=m["week_ending"],
        has_password=m["password_hash"] is not None,
        created_by=str(m["created_by"]),
        created_at=m["created_at"],
        expires_at=m["expires_at"],
        revoked_at=m["revoked_at"],
    )


class ShareStore:
    def __init__(self, store: Store) -> None:
        self.store = store

    def create(
        self,
        *,
        deck: str,
        week_ending: date,
        password: str,
        days: int,
        by: str,
        at: datetime,
    ) -> str:
        """A new link's token (shown once)."""
        if not 1 <= days <= MAX_DAYS:
            raise InputError(f"expires in: between 1 and {MAX_DAYS} days")
        if password and len(password) < MIN_PASSWORD:
            raise InputError(f"password: at least {MIN_PASSWORD} characters, or none")
        if len(password) > 1024:
            raise InputError("password: at most 1024 characters")
        token = secrets.token_urlsafe(24)
        values = {
            "id": _digest(token),
            "deck": deck,
            "week_ending": week_ending,
            "password_hash": _hasher().hash(password) if password else None,
            "created_by": by,
            "created_at": at,
            "expires_at": at + timedelta(days=days),
        }

        insert_recorded(
            self.store,
            t.shares,
            values,
            who=by,
            action="share.create",
            subject=f"{deck}/{week_ending.isoformat()}",
            at=at,
            days=days,
            password=bool(password),
        )
        return token

    def find(self, token: str, *, at: datetime) -> Share | None:
        """The live share of ``token`` (None when unknown, expired or revoked)."""
        if not token or len(token) > 100:
            return None
        with self.store.read() as conn:
            row = conn.execute(sa.select(t.shares).where(t.shares.c.id == _digest(token))).first()
        share = _share(row) if row is not None else None
        return share if share is not None and share.live(at) else None

    def password_ok(self, share: Share, password: str) -> bool:
        if not share.has_password:
            return True
        with self.store.read() as conn:
            stored = conn.execute(
                sa.select(t.shares.c.password_hash).where(t.shares.c.id == share.id)
            ).scalar_one()
        try:
            return bool(_hasher().verify(str(stored), password[:1024]))
        except Exception:  # argon2's VerifyMismatchError and friends: a wrong password
            return False

    def of_deck(self, deck: str, week_ending: date) -> list[Share]:
        query = (
            sa.select(t.shares)
            .where(t.shares.c.deck == deck, t.shares.c.week_ending == week_ending)
            .order_by(t.shares.c.created_at)
        )
        with self.store.read() as conn:
            return [_share(r) for r in conn.execute(query).all()]

    def get(self, share_id: str) -> Share | None:
        with self.store.read() as conn:
            row = conn.execute(sa.select(t.shares).where(t.shares.c.id == share_id)).first()
        return _share(row) if row is not None else None

    def revoke(self, share_id: str, *, by: str, at: datetime) -> None:
        def work(conn: sa.Connection) -> None:
            conn.execute(t.shares.update().where(t.shares.c.id == share_id).values(revoked_at=at))
            record_event(conn, who=by, action="share.revoke", subject=share_id[:16], at=at)

        self.store.write(work)
