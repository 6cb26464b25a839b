"""The people tables (SQLAlchemy Core) on the shared ``backwards.store.metadata``.

Migration ``people_0001`` creates exactly these; a test compares the two. Passwords are argon2
hashes; API tokens are stored as the SHA-256 of their secret, never the secret itself. Every
change is also a row of ``people_events`` (who, when, what).
"""

from __future__ import annotations

import sqlalchemy as sa

from backwards.auditlog import audit_table
from backwards.store import UtcDateTime, metadata

__all__ = ["events", "persons", "teams", "tokens"]

teams = sa.Table(
    "people_teams",
    metadata,
    sa.Column("name", sa.String(100), primary_key=True),
    sa.Column("leader", sa.String(64), nullable=True),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
)

persons = sa.Table(
    "people",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("team", sa.String(100), sa.ForeignKey("people_teams.name"), nullable=True),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("password_hash", sa.Text, nullable=True),
    sa.Column("password_changed_at", UtcDateTime, nullable=True),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
)

tokens = sa.Table(
    "people_tokens",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("person", sa.String(64), sa.ForeignKey("people.name"), nullable=False, index=True),
    sa.Column("label", sa.String(200), nullable=False),
    sa.Column("secret_hash", sa.String(64), nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=True),
    sa.Column("last_used_at", UtcDateTime, nullable=True),
    sa.Column("revoked_at", UtcDateTime, nullable=True),
)

events = audit_table("people_events", index_subject=True)
