"""Growth's tables (SQLAlchemy Core) on the shared ``backwards.store.metadata``.

Migration ``growth_0001`` creates exactly these; a test compares the two. Journal entries hold
their grades as a JSON mapping (attribute id -> 1-5); an assessment holds the expectations in
force when it was made (frozen: a later ladder change does not move them). Every change is
also an event (who, when, what).
"""

from __future__ import annotations

import sqlalchemy as sa

from backwards.store import UtcDateTime, event_table, numbered_table

__all__ = ["assessments", "entries", "events"]


entries = numbered_table(
    "growth_entries",
    sa.Column("author", sa.String(200), nullable=False, index=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("link", sa.Text, nullable=True),
    sa.Column("occurred_on", sa.Date, nullable=False),
    sa.Column("grades", sa.JSON, nullable=False),
    sa.Column("answered_first", sa.Boolean, nullable=True),
    sa.Column("gave_number", sa.Boolean, nullable=True),
    sa.Column("owned_problem", sa.Boolean, nullable=True),
    sa.Column("pushed_back", sa.Boolean, nullable=True),
    sa.Column("return_on_time", sa.Integer, nullable=True),
    sa.Column("better", sa.Text, nullable=False),
    sa.Column("tags", sa.JSON, nullable=False),
    sa.Column("shared", sa.Boolean, nullable=False),
    sa.Column("recorded_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
)

assessments = numbered_table(
    "growth_assessments",
    sa.Column("person", sa.String(200), nullable=False, index=True),
    sa.Column("rater", sa.String(200), nullable=False),
    sa.Column("rater_kind", sa.String(16), nullable=False),
    sa.Column("level", sa.String(200), nullable=False),
    sa.Column("assessed_on", sa.Date, nullable=False),
    sa.Column("expected", sa.JSON, nullable=False),
    sa.Column("ratings", sa.JSON, nullable=False),
    sa.Column("notes", sa.JSON, nullable=False),
    sa.Column("recorded_at", UtcDateTime, nullable=False),
)

events = event_table(
    "growth_events",
    sa.Column("entry_id", sa.Integer, nullable=True, index=True),
    sa.Column("assessment_id", sa.Integer, nullable=True, index=True),
)
