"""The ledger's tables (SQLAlchemy Core) on the shared ``backwards.store.metadata``.

Migrations ``ledger_0001`` and ``ledger_0002`` create exactly these; a test compares the two.
Each record keeps two clocks: the claimed time (``made_at``, ``resolved_on``, ...) that a person
gives, and ``recorded_at``, the store's clock when it was entered (never settable); ``imported``
marks rows that came from a file (their claimed times are the file's). Tags and links are
text with one label per line (``StringList``: fast to read, easy to search); five whys and
linked commitment ids are JSON arrays; event details are a JSON object.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

from backwards.store import UtcDateTime, event_table, metadata, numbered_table

__all__ = [
    "StringList",
    "action_items",
    "commitments",
    "corrections",
    "ledger_events",
    "mistakes",
    "resolutions",
    "revisions",
]


class StringList(sa.types.TypeDecorator[tuple[str, ...]]):
    """A tuple of one-line labels stored as text, one per line ('' for none)."""

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value: Sequence[str] | None, dialect: Dialect) -> str:
        return "\n".join(value or ())

    def process_result_value(self, value: str | None, dialect: Dialect) -> tuple[str, ...]:
        return tuple(value.split("\n")) if value else ()


def _entry() -> tuple[sa.Column[Any], ...]:
    """Who entered a row, when (the store's clock, never settable) and whether it came from a
    file: the same three columns on every table of records."""
    return (
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("recorded_at", UtcDateTime, nullable=False),
        sa.Column("imported", sa.Boolean, nullable=False, server_default=sa.false()),
    )


def _part_of(whole: str) -> sa.Column[int]:
    """The row of ``ledger_<whole>s`` this row belongs to (indexed): the commitment of a
    revision or a correction, the mistake of an action item."""
    return sa.Column(
        f"{whole}_id",
        sa.Integer,
        sa.ForeignKey(f"ledger_{whole}s.id"),
        nullable=False,
        index=True,
    )


commitments = numbered_table(
    "ledger_commitments",
    sa.Column("owner", sa.String(200), nullable=False, index=True),
    sa.Column("audience", sa.Text, nullable=False),
    sa.Column("statement", sa.Text, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("aspirational", sa.Boolean, nullable=False),
    sa.Column("made_at", UtcDateTime, nullable=False),
    sa.Column("due", sa.Date, nullable=False),
    sa.Column("probability", sa.Float, nullable=True),
    sa.Column("p50_due", sa.Date, nullable=True),
    sa.Column("p90_due", sa.Date, nullable=True),
    sa.Column("metric", sa.String(200), nullable=True),
    sa.Column("target_value", sa.Float, nullable=True),
    sa.Column("weight", sa.Float, nullable=False),
    sa.Column("tags", StringList, nullable=False),
    sa.Column("links", StringList, nullable=False),
    *_entry(),
)

revisions = numbered_table(
    "ledger_revisions",
    _part_of("commitment"),
    sa.Column("made_at", UtcDateTime, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("previous_due", sa.Date, nullable=False),
    sa.Column("new_due", sa.Date, nullable=True),
    sa.Column("new_target_value", sa.Float, nullable=True),
    sa.Column("new_scope", sa.Text, nullable=True),
    sa.Column("new_probability", sa.Float, nullable=True),
    *_entry(),
)

resolutions = sa.Table(
    "ledger_resolutions",
    metadata,
    # The primary key is the commitment: the database itself refuses a second resolution.
    sa.Column(
        "commitment_id", sa.Integer, sa.ForeignKey("ledger_commitments.id"), primary_key=True
    ),
    sa.Column("outcome", sa.String(16), nullable=False),
    sa.Column("resolved_on", sa.Date, nullable=False),
    sa.Column("actual_value", sa.Float, nullable=True),
    sa.Column("delivered_fraction", sa.Float, nullable=True),
    sa.Column("evidence", sa.Text, nullable=False),
    *_entry(),
)

mistakes = numbered_table(
    "ledger_mistakes",
    sa.Column("owner", sa.String(200), nullable=False, index=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("occurred_on", sa.Date, nullable=False),
    sa.Column("detected_on", sa.Date, nullable=True),
    sa.Column("category", sa.String(40), nullable=False),
    sa.Column("what_happened", sa.Text, nullable=False),
    sa.Column("customer_impact", sa.Text, nullable=False),
    sa.Column("five_whys", sa.JSON, nullable=False),
    sa.Column("root_cause", sa.Text, nullable=False),
    sa.Column("tags", StringList, nullable=False),
    sa.Column("commitment_ids", sa.JSON, nullable=False),
    sa.Column("repeat_of", sa.Integer, sa.ForeignKey("ledger_mistakes.id"), nullable=True),
    sa.Column("repeat_confirmed_by", sa.String(200), nullable=False),
    *_entry(),
    sa.Column("failure_modes", StringList, nullable=False, server_default=""),
)

action_items = numbered_table(
    "ledger_action_items",
    _part_of("mistake"),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("owner", sa.String(200), nullable=False),
    sa.Column("due", sa.Date, nullable=False),
    sa.Column("closed_on", sa.Date, nullable=True),
    sa.Column("verification", sa.Text, nullable=False),
)

corrections = numbered_table(
    "ledger_corrections",
    _part_of("commitment"),
    sa.Column("field", sa.String(40), nullable=False),
    sa.Column("old_value", sa.Text, nullable=False),
    sa.Column("new_value", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    *_entry(),
)

ledger_events = event_table(
    "ledger_events",
    sa.Column("entity", sa.String(20), nullable=False),
    sa.Column("entity_id", sa.Integer, nullable=False),
    sa.Index("ix_ledger_events_entity", "entity", "entity_id"),
)
