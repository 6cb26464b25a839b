"""Variance explanations: before the weekly review, each owner explains each of their flagged
variances (the deck's "Needs explanation" list). Appended, never edited: the latest for a week,
metric and basis is the one in force, and every write is an event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from backwards.store import Store
from backwards.web import tables as t
from backwards.web.events import insert_recorded
from backwards.web.texts import MAX_EXPLANATION, checked_text

__all__ = ["Explanation", "latest_explanations", "write_explanation"]


@dataclass(frozen=True, slots=True)
class Explanation:
    deck: str
    week_ending: date
    metric: str
    basis: str
    text: str
    author: str
    written_at: datetime


def write_explanation(
    store: Store,
    *,
    deck: str = "workspace",
    week_ending: date,
    metric: str,
    basis: str,
    text: str,
    author: str,
    at: datetime,
) -> Explanation:
    body = checked_text(
        text, "explanation", limit=MAX_EXPLANATION, required="write what moved the metric and why"
    )
    explanation = Explanation(deck, week_ending, metric[:200], basis[:16], body, author, at)
    values = {
        "deck": deck,
        "week_ending": week_ending,
        "metric": explanation.metric,
        "basis": explanation.basis,
        "text": body,
        "author": author,
        "written_at": at,
    }

    insert_recorded(
        store,
        t.explanations,
        values,
        who=author,
        action="explanation.write",
        subject=f"{deck}/{week_ending.isoformat()}/{metric[:100]}/{basis[:16]}",
        at=at,
    )
    return explanation


def latest_explanations(
    store: Store, week_ending: date, deck: str = "workspace"
) -> dict[tuple[str, str], Explanation]:
    """(metric, basis) -> the explanation in force for the week of ``deck``."""
    query = (
        sa.select(t.explanations)
        .where(t.explanations.c.week_ending == week_ending, t.explanations.c.deck == deck)
        .order_by(t.explanations.c.id)
    )
    with store.read() as conn:
        rows = conn.execute(query).all()
    latest: dict[tuple[str, str], Explanation] = {}
    for r in rows:
        latest[(r.metric, r.basis)] = Explanation(
            r.deck, r.week_ending, r.metric, r.basis, r.text, r.author, r.written_at
        )
    return latest
