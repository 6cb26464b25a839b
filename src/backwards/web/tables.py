"""The web app's tables (SQLAlchemy Core) on the shared ``backwards.store.metadata``.

Migration ``web_0001`` (branch ``web``) creates exactly these; a test compares the two.
Sessions are stored by the SHA-256 of their cookie (a copy of the database gives no session);
login attempts feed the throttle; events record every write the web app makes itself (the
features record their own, with the same who and when); explanations are appended, the latest
for a week, metric and basis is the one in force.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from backwards.auditlog import audit_table
from backwards.store import UtcDateTime, metadata

__all__ = [
    "decks",
    "events",
    "explanations",
    "login_attempts",
    "prfaq_comments",
    "prfaq_documents",
    "prfaq_versions",
    "sessions",
    "shares",
]

sessions = sa.Table(
    "web_sessions",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    # a person's name; no foreign key: branches migrate in no fixed order (each request checks
    # that the person exists and is active)
    sa.Column("person", sa.String(64), nullable=False, index=True),
    sa.Column("csrf_token", sa.String(64), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("last_seen_at", UtcDateTime, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=False),
)

login_attempts = sa.Table(
    "web_login_attempts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(200), nullable=False, index=True),
    sa.Column("address", sa.String(64), nullable=False, index=True),
    sa.Column("at", UtcDateTime, nullable=False),
    sa.Column("ok", sa.Boolean, nullable=False),
)

events = audit_table("web_events")

explanations = sa.Table(
    "web_explanations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("week_ending", sa.Date, nullable=False, index=True),
    # which deck: "workspace" (the workspace's own, from backwards.yaml) or "team-<id>"
    sa.Column("deck", sa.String(32), nullable=False, server_default="workspace"),
    sa.Column("metric", sa.String(200), nullable=False),
    sa.Column("basis", sa.String(16), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("author", sa.String(64), nullable=False),
    sa.Column("written_at", UtcDateTime, nullable=False),
)

decks = sa.Table(  # team decks: a WBR config and one data file uploaded by a person
    "web_decks",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("team", sa.String(100), nullable=True),  # None: the whole workspace's
    sa.Column("folder", sa.String(64), nullable=False),  # under <state>/web/decks/
    sa.Column("config_name", sa.String(200), nullable=False),  # as uploaded (display only)
    sa.Column("data_name", sa.String(200), nullable=False),
    sa.Column("data_kind", sa.String(16), nullable=False),  # csv | parquet
    sa.Column("in_rollup", sa.Boolean, nullable=False),
    sa.Column("created_by", sa.String(64), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("removed_at", UtcDateTime, nullable=True),
)

shares = sa.Table(  # read-only links to one week of one deck
    "web_shares",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),  # SHA-256 of the link's token
    sa.Column("deck", sa.String(32), nullable=False),
    sa.Column("week_ending", sa.Date, nullable=False),
    sa.Column("password_hash", sa.Text, nullable=True),
    sa.Column("created_by", sa.String(64), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=True),
    sa.Column("revoked_at", UtcDateTime, nullable=True),
)

prfaq_documents = sa.Table(  # PR/FAQs written in the editor, each with its versions
    "web_prfaq_documents",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("owner", sa.String(64), nullable=False),
    sa.Column("team", sa.String(100), nullable=True),  # the owner's team when it was made
    sa.Column("created_at", UtcDateTime, nullable=False),
)


def _of_document(name: str, *columns: sa.Column[Any] | sa.Constraint) -> sa.Table:
    """A table of what belongs to one PR/FAQ document: an id, the document's id (indexed: a
    document's rows are read together), then ``columns``."""
    return sa.Table(
        name,
        metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.Integer, nullable=False, index=True),
        *columns,
    )


prfaq_versions = _of_document(  # every saved text, with its review's verdict (never edited)
    "web_prfaq_versions",
    sa.Column("number", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("verdict", sa.String(40), nullable=False),
    sa.Column("score", sa.Integer, nullable=True),
    sa.Column("findings", sa.Integer, nullable=False),
    sa.Column("author", sa.String(64), nullable=False),
    sa.Column("saved_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("document_id", "number", name="uq_web_prfaq_versions_number"),
)

prfaq_comments = _of_document(  # a reviewer's comment on a line of a version
    "web_prfaq_comments",
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("line", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("author", sa.String(64), nullable=False),
    sa.Column("written_at", UtcDateTime, nullable=False),
)
