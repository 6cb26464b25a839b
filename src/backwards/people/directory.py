"""The people of a workspace in its database: every change one transaction and one event.

``Directory(store)`` (or ``backwards.people.open(workspace)`` / ``open_url(url)``): reads
(``person``, ``find``, ``people``, ``teams``, ``team_of``, ``leader_of``, ``members``,
``tokens``, ``events``), writes (``add``, ``set_role``, ``set_team``, ``set_password``,
``disable``, ``enable``, ``set_leader``, ``create_token``, ``revoke_token``) and checks
(``authenticate``, ``check_token``). Who acts (``by``) and when (``at``) are passed in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from backwards import auditlog
from backwards.auditlog import AuditEvent
from backwards.errors import InputError, StateError
from backwards.people import credentials
from backwards.people import tables as t
from backwards.people.model import (
    Person,
    Role,
    Team,
    Token,
    check_name,
    check_password,
    check_team_name,
)
from backwards.resource import Resource
from backwards.store import Store, open_store

if TYPE_CHECKING:
    from backwards.workspace import Workspace

__all__ = ["Directory", "PeopleEvent", "open", "open_url"]

T = TypeVar("T")


#: One entry of the people audit log: who did what to whom, when.
PeopleEvent = AuditEvent


def open(workspace: Workspace, *, upgrade: bool = True) -> Directory:
    """The workspace's people: its database (migrated on first use)."""
    return open_url(workspace.database_url, upgrade=upgrade)


def open_url(url: str, *, upgrade: bool = True) -> Directory:
    """The people in the database at ``url`` (SQLite or PostgreSQL), without a workspace."""
    return Directory(open_store(url, upgrade=upgrade), owns_store=True)


def _person(row: RowMapping) -> Person:
    return Person(
        name=row["name"],
        role=Role(row["role"]),
        team=row["team"],
        active=bool(row["active"]),
        has_password=row["password_hash"] is not None,
        created_at=row["created_at"],
        created_by=row["created_by"],
    )


def _token(row: RowMapping) -> Token:
    return Token(
        id=row["id"],
        person=row["person"],
        label=row["label"],
        created_at=row["created_at"],
        expires_at=row["expires_at"],
        last_used_at=row["last_used_at"],
        revoked_at=row["revoked_at"],
    )


def _event(
    conn: Connection, *, at: datetime, by: str, action: str, subject: str, **detail: Any
) -> None:
    auditlog.record(conn, t.events, who=by, action=action, subject=subject, at=at, **detail)


class Directory(Resource):
    """People, teams and API tokens in one database. Use it in a ``with`` block."""

    def __init__(self, store: Store, *, owns_store: bool = False) -> None:
        self.store = store
        self._owns_store = owns_store

    def close(self) -> None:
        if self._owns_store:
            self.store.close()

    # -- reads ---------------------------------------------------------------------------------

    def _read(self, work: Callable[[Connection], T]) -> T:
        with self.store.read() as conn:
            return work(conn)

    def find(self, name: str) -> Person | None:
        """The person called ``name`` (active or not), or None."""
        query = sa.select(t.persons).where(t.persons.c.name == name.strip())
        row = self._read(lambda c: c.execute(query).mappings().first())
        return _person(row) if row is not None else None

    def person(self, name: str) -> Person:
        """The person called ``name``; an ``InputError`` when there is none."""
        found = self.find(name)
        if found is None:
            raise InputError(
                f"no user named {name!r}",
                hint="List them with `backwards user list`; add one with `backwards user add`.",
            )
        return found

    def people(self, *, team: str | None = None, include_disabled: bool = False) -> list[Person]:
        """Everyone (active only, unless ``include_disabled``), by name; of one team if given."""
        query = sa.select(t.persons).order_by(t.persons.c.name)
        if team is not None:
            query = query.where(t.persons.c.team == team)
        if not include_disabled:
            query = query.where(t.persons.c.active.is_(True))
        return [_person(r) for r in self._read(lambda c: c.execute(query).mappings().all())]

    def teams(self) -> list[Team]:
        query = sa.select(t.teams.c.name, t.teams.c.leader).order_by(t.teams.c.name)
        return [Team(r.name, r.leader) for r in self._read(lambda c: c.execute(query).all())]

    def team(self, name: str) -> Team | None:
        query = sa.select(t.teams.c.name, t.teams.c.leader).where(t.teams.c.name == name)
        row = self._read(lambda c: c.execute(query).first())
        return Team(row.name, row.leader) if row is not None else None

    def team_of(self, name: str) -> str | None:
        """The team of the person called ``name`` (None: no team, or no such person)."""
        found = self.find(name)
        return found.team if found is not None else None

    def leader_of(self, name: str) -> Person | None:
        """The leader of the team of the person called ``name`` (None when there is none)."""
        team_name = self.team_of(name)
        team = self.team(team_name) if team_name is not None else None
        if team is None or team.leader is None:
            return None
        return self.find(team.leader)

    def members(self, team: str) -> list[Person]:
        """The active people of ``team``, by name."""
        return self.people(team=team)

    def tokens(self, person: str | None = None) -> list[Token]:
        """API tokens (never their secrets), newest first; of one person if given."""
        query = sa.select(t.tokens).order_by(t.tokens.c.created_at.desc(), t.tokens.c.id)
        if person is not None:
            query = query.where(t.tokens.c.person == person)
        return [_token(r) for r in self._read(lambda c: c.execute(query).mappings().all())]

    def events(self, *, subject: str | None = None, limit: int = 100) -> list[PeopleEvent]:
        """The audit log, newest first."""
        return self._read(lambda c: auditlog.read(c, t.events, subject=subject, limit=limit))

    # -- writes --------------------------------------------------------------------------------

    def add(
        self,
        name: str,
        role: Role | str = Role.MEMBER,
        *,
        team: str | None = None,
        password: str | None = None,
        by: str,
        at: datetime,
    ) -> Person:
        """Add a person (their team is created if new; a leader of a team without one becomes
        its leader). A name already taken is an ``InputError``."""
        name = check_name(name)
        role = role if isinstance(role, Role) else Role.parse(role)
        team = check_team_name(team) if team is not None else None
        hashed = credentials.hash_password(check_password(password)) if password else None

        def work(conn: Connection) -> None:
            if conn.execute(sa.select(t.persons.c.name).where(t.persons.c.name == name)).first():
                raise InputError(
                    f"a user named {name!r} already exists",
                    hint="Choose another name, or change this one with `backwards user`.",
                )
            if team is not None:
                self._ensure_team(conn, team, by=by, at=at)
            conn.execute(
                t.persons.insert().values(
                    name=name,
                    role=role.value,
                    team=team,
                    active=True,
                    password_hash=hashed,
                    password_changed_at=at if hashed else None,
                    created_by=by,
                    created_at=at,
                )
            )
            _event(conn, at=at, by=by, action="user.add", subject=name, role=role.value, team=team)
            if team is not None and role is Role.LEADER:
                self._lead_if_leaderless(conn, team, name, by=by, at=at)

        self.store.write(work)
        return self.person(name)

    def _ensure_team(self, conn: Connection, team: str, *, by: str, at: datetime) -> None:
        if conn.execute(sa.select(t.teams.c.name).where(t.teams.c.name == team)).first():
            return
        conn.execute(t.teams.insert().values(name=team, leader=None, created_by=by, created_at=at))
        _event(conn, at=at, by=by, action="team.add", subject=team)

    def _lead_if_leaderless(
        self, conn: Connection, team: str, name: str, *, by: str, at: datetime
    ) -> None:
        leader = conn.execute(sa.select(t.teams.c.leader).where(t.teams.c.name == team)).scalar()
        if leader is None:
            conn.execute(t.teams.update().where(t.teams.c.name == team).values(leader=name))
            _event(conn, at=at, by=by, action="team.leader", subject=team, leader=name)

    def _update(
        self,
        name: str,
        action: str,
        values: dict[str, Any],
        *,
        by: str,
        at: datetime,
        **detail: Any,
    ) -> None:
        def work(conn: Connection) -> None:
            done = conn.execute(t.persons.update().where(t.persons.c.name == name).values(**values))
            if done.rowcount == 0:
                raise InputError(f"no user named {name!r}", hint="List them: backwards user list")
            _event(conn, at=at, by=by, action=action, subject=name, **detail)

        self.store.write(work)

    def set_role(self, name: str, role: Role | str, *, by: str, at: datetime) -> Person:
        role = role if isinstance(role, Role) else Role.parse(role)
        self._update(name, "user.role", {"role": role.value}, by=by, at=at, role=role.value)
        return self.person(name)

    def set_team(self, name: str, team: str | None, *, by: str, at: datetime) -> Person:
        """Move a person to ``team`` (created if new) or out of any team (None)."""
        team = check_team_name(team) if team is not None else None
        person = self.person(name)

        def work(conn: Connection) -> None:
            if team is not None:
                self._ensure_team(conn, team, by=by, at=at)
            conn.execute(t.persons.update().where(t.persons.c.name == name).values(team=team))
            if person.team is not None:  # they no longer lead the team they left
                conn.execute(
                    t.teams.update()
                    .where(t.teams.c.name == person.team, t.teams.c.leader == name)
                    .values(leader=None)
                )
            _event(conn, at=at, by=by, action="user.team", subject=name, team=team)
            if team is not None and person.role is Role.LEADER:
                self._lead_if_leaderless(conn, team, name, by=by, at=at)

        self.store.write(work)
        return self.person(name)

    def set_leader(self, team: str, name: str | None, *, by: str, at: datetime) -> Team:
        """Make ``name`` (a member of ``team``) its leader, or leave it without one (None)."""
        if name is not None and self.person(name).team != team:
            raise StateError(
                f"{name!r} is not in team {team!r}",
                hint=f"Move them first: backwards user team {name} {team!r}",
            )

        def work(conn: Connection) -> None:
            done = conn.execute(t.teams.update().where(t.teams.c.name == team).values(leader=name))
            if done.rowcount == 0:
                raise InputError(f"no team named {team!r}")
            _event(conn, at=at, by=by, action="team.leader", subject=team, leader=name)

        self.store.write(work)
        found = self.team(team)
        assert found is not None
        return found

    def set_password(self, name: str, password: str, *, by: str, at: datetime) -> None:
        hashed = credentials.hash_password(check_password(password))
        values = {"password_hash": hashed, "password_changed_at": at}
        self._update(name, "user.password", values, by=by, at=at)

    def disable(self, name: str, *, by: str, at: datetime) -> Person:
        """Disable a person: they can no longer sign in, and their API tokens are revoked."""
        self.person(name)

        def work(conn: Connection) -> None:
            conn.execute(t.persons.update().where(t.persons.c.name == name).values(active=False))
            conn.execute(
                t.tokens.update()
                .where(t.tokens.c.person == name, t.tokens.c.revoked_at.is_(None))
                .values(revoked_at=at)
            )
            _event(conn, at=at, by=by, action="user.disable", subject=name)

        self.store.write(work)
        return self.person(name)

    def enable(self, name: str, *, by: str, at: datetime) -> Person:
        self._update(name, "user.enable", {"active": True}, by=by, at=at)
        return self.person(name)

    # -- credentials ---------------------------------------------------------------------------

    def authenticate(self, name: str, password: str) -> Person | None:
        """The active person whose password this is, else None (the same time either way)."""
        query = sa.select(t.persons).where(t.persons.c.name == name.strip())
        row = self._read(lambda c: c.execute(query).mappings().first())
        stored = row["password_hash"] if row is not None else None
        if row is None or stored is None or not row["active"]:
            credentials.waste_a_verification(password)
            return None
        if not credentials.verify_password(stored, password):
            return None
        if credentials.needs_rehash(stored):
            rehashed = credentials.hash_password(password)
            self.store.write(
                lambda c: c.execute(
                    t.persons.update()
                    .where(t.persons.c.name == row["name"])
                    .values(password_hash=rehashed)
                )
            )
        return _person(row)

    def create_token(
        self,
        name: str,
        *,
        label: str = "",
        expires_at: datetime | None = None,
        by: str,
        at: datetime,
    ) -> tuple[Token, str]:
        """A new API token for an active person: (its record, the token, shown only now)."""
        person = self.person(name)
        if not person.active:
            raise StateError(f"user {name!r} is disabled", hint="Enable them first.")
        token_id, secret = credentials.new_token()

        def work(conn: Connection) -> None:
            conn.execute(
                t.tokens.insert().values(
                    id=token_id,
                    person=person.name,
                    label=label.strip()[:200],
                    secret_hash=credentials.token_digest(secret),
                    created_by=by,
                    created_at=at,
                    expires_at=expires_at,
                )
            )
            _event(conn, at=at, by=by, action="token.create", subject=person.name, token=token_id)

        self.store.write(work)
        return next(x for x in self.tokens(person.name) if x.id == token_id), secret

    def revoke_token(self, token_id: str, *, by: str, at: datetime) -> Token:
        def work(conn: Connection) -> str:
            row = conn.execute(sa.select(t.tokens).where(t.tokens.c.id == token_id)).first()
            if row is None:
                raise InputError(
                    f"no API token {token_id!r}", hint="List them: backwards token list"
                )
            conn.execute(
                t.tokens.update()
                .where(t.tokens.c.id == token_id, t.tokens.c.revoked_at.is_(None))
                .values(revoked_at=at)
            )
            _event(conn, at=at, by=by, action="token.revoke", subject=row.person, token=token_id)
            return str(row.person)

        person = self.store.write(work)
        return next(x for x in self.tokens(person) if x.id == token_id)

    def check_token(self, token: str, *, at: datetime) -> Person | None:
        """The active person an unexpired, unrevoked ``token`` belongs to, else None."""
        token_id = credentials.split_token(token.strip())
        if token_id is None:
            return None
        query = sa.select(t.tokens).where(t.tokens.c.id == token_id)
        row = self._read(lambda c: c.execute(query).mappings().first())
        if row is None or not credentials.same_digest(
            row["secret_hash"], credentials.token_digest(token.strip())
        ):
            return None
        if not _token(row).usable(at):
            return None
        person = self.find(row["person"])
        if person is None or not person.active:
            return None
        self.store.write(
            lambda c: c.execute(
                t.tokens.update().where(t.tokens.c.id == token_id).values(last_used_at=at)
            )
        )
        return person
