"""Assessments: self, manager and peer ratings (1-5) per attribute, with evidence text and links.

The expectations of the person's level are frozen into each assessment when it is made, so a
later ladder change does not move an old target. ``self_vs_manager`` pairs each manager
assessment with the person's latest self-assessment on or before it (or, with none, the
earliest after it) and gives self minus manager per attribute: positive means the person rates
themselves higher than their manager does (self-assessment bias), and its trend over time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from backwards.errors import InputError
from backwards.growth.attributes import catalogue
from backwards.growth.evidence import rounded
from backwards.growth.vocabulary import Rater

__all__ = ["Assessment", "Gap", "Rater", "Rating", "check_ratings", "self_vs_manager"]


@dataclass(frozen=True, slots=True)
class Rating:
    """One attribute's rating, with the evidence given for it."""

    value: int
    evidence: str = ""
    links: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Assessment:
    """A stored assessment: who rated whom, when, against which frozen expectations."""

    id: int
    person: str
    rater: str
    kind: Rater
    level: str
    assessed_on: date
    expected: Mapping[str, int]
    ratings: Mapping[str, Rating]
    recorded_at: datetime

    def to_dict(self) -> dict[str, Any]:
        names = {a.id: a.name for a in catalogue()}
        return {
            "id": self.id,
            "person": self.person,
            "rater": self.rater,
            "rater_kind": self.kind.value,
            "level": self.level,
            "assessed_on": self.assessed_on.isoformat(),
            "expected": {names[k]: v for k, v in self.expected.items()},
            "ratings": {
                names[k]: {"rating": r.value, "evidence": r.evidence, "links": list(r.links)}
                for k, r in self.ratings.items()
            },
            "recorded_at": self.recorded_at.isoformat(),
        }


def check_ratings(ratings: Mapping[str, Rating]) -> dict[str, Rating]:
    """Ratings keyed by attribute id, each 1-5; ``InputError`` naming the field otherwise."""
    if not ratings:
        raise InputError(
            "rating: an assessment rates at least one attribute",
            "Pass --rating ATTRIBUTE=1..5 (repeatable).",
        )
    out: dict[str, Rating] = {}
    for name, rating in ratings.items():
        attribute = catalogue().find(name, field="rating")
        if not 1 <= rating.value <= 5:
            raise InputError(f"rating {attribute.id}: a rating is 1 to 5, not {rating.value}")
        out[attribute.id] = rating
    return out


@dataclass(frozen=True, slots=True)
class Gap:
    """Self minus manager per attribute at one manager assessment."""

    on: date
    self_on: date
    by_attribute: Mapping[str, int] = field(default_factory=dict)

    @property
    def mean(self) -> float | None:
        values = list(self.by_attribute.values())
        return sum(values) / len(values) if values else None

    def to_dict(self) -> dict[str, Any]:
        names = {a.id: a.name for a in catalogue()}
        return {
            "manager_assessed_on": self.on.isoformat(),
            "self_assessed_on": self.self_on.isoformat(),
            "self_minus_manager": {names[k]: v for k, v in self.by_attribute.items()},
            "mean": rounded(self.mean),
        }


def self_vs_manager(assessments: Sequence[Assessment]) -> list[Gap]:
    """The self-vs-manager gap at each manager assessment, oldest first."""
    selfs = sorted((a for a in assessments if a.kind is Rater.SELF), key=_when)
    managers = sorted((a for a in assessments if a.kind is Rater.MANAGER), key=_when)
    gaps: list[Gap] = []
    for m in managers:
        before = [s for s in selfs if s.assessed_on <= m.assessed_on]
        mine = before[-1] if before else (selfs[0] if selfs else None)
        if mine is None:
            continue
        common = [a for a in catalogue().ids if a in m.ratings and a in mine.ratings]
        diff = {a: mine.ratings[a].value - m.ratings[a].value for a in common}
        gaps.append(Gap(m.assessed_on, mine.assessed_on, diff))
    return gaps


def _when(a: Assessment) -> tuple[date, int]:
    return (a.assessed_on, a.id)
