"""Login throttling: too many failed sign-ins for one name, or from one address, within a
window refuse further attempts (HTTP 429) until the window has passed. Every attempt is a row,
so the limit holds across worker processes."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from backwards.store import Store
from backwards.web import tables as t

__all__ = ["LoginThrottle"]


class LoginThrottle:
    def __init__(self, store: Store, *, window: timedelta, per_name: int, per_address: int) -> None:
        self.store = store
        self.window = window
        self.per_name = per_name
        self.per_address = per_address

    def _failures(self, column: sa.Column[str], value: str, at: datetime) -> int:
        query = (
            sa.select(sa.func.count())
            .select_from(t.login_attempts)
            .where(
                column == value,
                t.login_attempts.c.ok.is_(False),
                t.login_attempts.c.at > at - self.window,
            )
        )
        with self.store.read() as conn:
            return int(conn.execute(query).scalar_one())

    def allowed(self, name: str, address: str, *, at: datetime) -> bool:
        return (
            self._failures(t.login_attempts.c.name, name[:200], at) < self.per_name
            and self._failures(t.login_attempts.c.address, address[:64], at) < self.per_address
        )

    def record(self, name: str, address: str, *, ok: bool, at: datetime) -> None:
        def work(conn: sa.Connection) -> None:
            conn.execute(
                t.login_attempts.insert().values(
                    name=name[:200], address=address[:64], at=at, ok=ok
                )
            )
            conn.execute(
                t.login_attempts.delete().where(t.login_attempts.c.at <= at - self.window * 4)
            )
            if ok:  # a success clears the name's failures
                conn.execute(
                    t.login_attempts.delete().where(
                        t.login_attempts.c.name == name[:200], t.login_attempts.c.ok.is_(False)
                    )
                )

        self.store.write(work)
