"""The values of ``backwards.people``: roles, people, teams, API tokens and audit events.

Plain frozen dataclasses, no storage: the directory (``directory.py``) reads and writes them.
Names are checked here (``check_name``, ``check_team_name``), so every adapter reports the same
message for the same mistake.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from backwards.errors import InputError

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "Person",
    "Role",
    "Team",
    "Token",
    "check_name",
    "check_password",
    "check_team_name",
]

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")


class Role(StrEnum):
    """What a person may do: a member works in their team, a leader also sees their team's
    people, an admin manages users."""

    MEMBER = "member"
    LEADER = "leader"
    ADMIN = "admin"

    @classmethod
    def parse(cls, text: str) -> Role:
        try:
            return cls(text.strip().lower())
        except ValueError:
            raise InputError(
                f"unknown role {text!r}",
                hint="Use one of: " + ", ".join(r.value for r in cls) + ".",
            ) from None


@dataclass(frozen=True, slots=True)
class Person:
    """Someone who may sign in: a unique ``name`` (what the ledger calls an owner), a role, a
    team (or none), whether the account is active and has a password."""

    name: str
    role: Role
    team: str | None
    active: bool
    has_password: bool
    created_at: datetime
    created_by: str

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "role": self.role.value,
            "team": self.team,
            "active": self.active,
            "has_password": self.has_password,
            "created_at": self.created_at.isoformat(),
            "created_by": self.created_by,
        }


@dataclass(frozen=True, slots=True)
class Team:
    """A team and its leader (a person's name, or None while it has none)."""

    name: str
    leader: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "leader": self.leader}


@dataclass(frozen=True, slots=True)
class Token:
    """An API token as stored (never its secret): ``id`` is the public part of the token."""

    id: str
    person: str
    label: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None

    def usable(self, at: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or at < self.expires_at)

    def to_dict(self) -> dict[str, Any]:
        def iso(value: datetime | None) -> str | None:
            return value.isoformat() if value is not None else None

        return {
            "id": self.id,
            "person": self.person,
            "label": self.label,
            "created_at": iso(self.created_at),
            "expires_at": iso(self.expires_at),
            "last_used_at": iso(self.last_used_at),
            "revoked_at": iso(self.revoked_at),
        }


def check_name(text: str) -> str:
    """A person's name: 1-64 letters, digits, ``.``, ``_``, ``@`` or ``-``, starting with a
    letter or digit (it is a login name and the ledger's owner)."""
    name = text.strip()
    if not _NAME.fullmatch(name):
        raise InputError(
            f"{text!r} is not a valid user name",
            hint="Use 1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or "
            "digit (e.g. ana or ana.lima).",
        )
    return name


def check_team_name(text: str) -> str:
    """A team's name: 1-100 printable characters."""
    name = text.strip()
    printable = all(unicodedata.category(c)[0] != "C" for c in name)
    if not name or len(name) > 100 or not printable:
        raise InputError(
            f"{text!r} is not a valid team name",
            hint="Use 1-100 printable characters (e.g. Checkout).",
        )
    return name


def check_password(password: str) -> str:
    """A new password: at least ``MIN_PASSWORD_LENGTH`` characters, not only spaces."""
    if len(password) < MIN_PASSWORD_LENGTH or not password.strip():
        raise InputError(
            f"the password is too short (at least {MIN_PASSWORD_LENGTH} characters)",
            hint="Choose a longer passphrase; it is stored as an argon2 hash.",
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InputError(f"the password is longer than {MAX_PASSWORD_LENGTH} characters")
    return password
