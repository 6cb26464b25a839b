"""Assessments in the store: each one written whole (the expectations frozen), one event each."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from backwards.growth import tables as t
from backwards.growth.assessment import Assessment, Rater, Rating, check_ratings
from backwards.growth.eventlog import log_event
from backwards.store import Store

__all__ = ["Assessments"]


def _assessment(row: RowMapping) -> Assessment:
    notes: Mapping[str, Any] = row["notes"] or {}
    ratings = {
        str(k): Rating(
            int(v),
            str((notes.get(k) or {}).get("evidence", "")),
            tuple((notes.get(k) or {}).get("links", ())),
        )
        for k, v in dict(row["ratings"]).items()
    }
    return Assessment(
        id=int(row["id"]),
        person=row["person"],
        rater=row["rater"],
        kind=Rater(row["rater_kind"]),
        level=row["level"],
        assessed_on=row["assessed_on"],
        expected={str(k): int(v) for k, v in dict(row["expected"]).items()},
        ratings=ratings,
        recorded_at=row["recorded_at"],
    )


class Assessments:
    """The assessments of one store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def add(
        self,
        person: str,
        ratings: Mapping[str, Rating],
        *,
        rater: str,
        kind: Rater,
        level: str,
        expected: Mapping[str, int],
        assessed_on: date,
        at: datetime,
    ) -> Assessment:
        """Record an assessment with the expectations in force (``expected``) frozen into it."""
        checked = check_ratings(ratings)
        values = {
            "person": person,
            "rater": rater,
            "rater_kind": kind.value,
            "level": level,
            "assessed_on": assessed_on,
            "expected": dict(expected),
            "ratings": {k: r.value for k, r in checked.items()},
            "notes": {
                k: {"evidence": r.evidence, "links": list(r.links)}
                for k, r in checked.items()
                if r.evidence or r.links
            },
            "recorded_at": at,
        }

        def work(conn: Connection) -> int:
            new_id = int(
                conn.execute(
                    t.assessments.insert().returning(t.assessments.c.id), values
                ).scalar_one()
            )
            log_event(conn, at=at, who=rater, action="assess", data=values, assessment_id=new_id)
            return new_id

        new_id = self.store.write(work)
        return self.of(person, ids=[new_id])[0]

    def of(self, person: str, *, ids: list[int] | None = None) -> list[Assessment]:
        """``person``'s assessments, oldest first."""
        query = sa.select(t.assessments).where(t.assessments.c.person == person)
        if ids is not None:
            query = query.where(t.assessments.c.id.in_(ids))
        query = query.order_by(t.assessments.c.assessed_on, t.assessments.c.id)
        with self.store.read() as conn:
            return [_assessment(r) for r in conn.execute(query).mappings()]
