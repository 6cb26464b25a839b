"""The growth report of one person: the shape (expected vs self vs manager vs peers vs the
journal vs evidence per attribute), the focus of their level, what to work on next, the journal
habit and self-grade trends, and the self-vs-manager gap.

"What to work on next" is the focus attribute with the largest weighted gap: weight x (expected
- current), where current is the latest manager rating, else the latest self-rating, else the
mean journal self-grade in the period. Built from plain values by ``build_report``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from statistics import mean
from typing import Any

from backwards.growth.assessment import Assessment, Gap, Rater, self_vs_manager
from backwards.growth.attributes import Attribute, catalogue
from backwards.growth.entry import CHECKS, Entry
from backwards.growth.evidence import Evidence
from backwards.growth.habit import Habit
from backwards.growth.ladder import Level

__all__ = ["REPORT_VERSION", "AttributeRow", "GrowthReport", "NextStep", "build_report"]

REPORT_VERSION = 1


@dataclass(frozen=True, slots=True)
class AttributeRow:
    """One attribute in the report."""

    attribute: Attribute
    expected: int
    weight: float
    self_rating: int | None
    manager_rating: int | None
    peer_rating: float | None
    journal_mean: float | None
    journal_grades: int
    evidence: tuple[Evidence, ...]
    said: tuple[tuple[str, str], ...] = ()  # (self|manager, the evidence text of the rating)

    @property
    def current(self) -> float | None:
        for value in (self.manager_rating, self.self_rating, self.journal_mean):
            if value is not None:
                return float(value)
        return None

    @property
    def current_source(self) -> str | None:
        for name, value in (
            ("manager", self.manager_rating),
            ("self", self.self_rating),
            ("journal", self.journal_mean),
        ):
            if value is not None:
                return name
        return None

    @property
    def gap(self) -> float | None:
        return None if self.current is None else self.expected - self.current

    @property
    def weighted_gap(self) -> float | None:
        return None if self.gap is None else self.weight * max(self.gap, 0.0)

    @property
    def evidence_score(self) -> float | None:
        scores = [e.score for e in self.evidence if e.score is not None]
        return mean(scores) if scores else None

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.attribute.ref(),
            "expected": self.expected,
            "focus_weight": self.weight,
            "self": self.self_rating,
            "manager": self.manager_rating,
            "peers": self.peer_rating,
            "journal_mean": self.journal_mean,
            "journal_grades": self.journal_grades,
            "current": self.current,
            "current_from": self.current_source,
            "gap": self.gap,
            "weighted_gap": self.weighted_gap,
            "evidence_score": self.evidence_score,
            "evidence": [e.to_dict() for e in self.evidence],
            "said": [{"by": who, "text": text} for who, text in self.said],
        }


@dataclass(frozen=True, slots=True)
class NextStep:
    """What to work on next, why, and what to ask oneself."""

    row: AttributeRow
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.row.attribute.ref(),
            "weighted_gap": self.row.weighted_gap,
            "reason": self.reason,
            "prompts": list(self.row.attribute.prompts),
            "behaviours": list(self.row.attribute.behaviours),
            "evidence": [e.to_dict() for e in self.row.evidence],
        }


@dataclass(frozen=True, slots=True)
class GrowthReport:
    """Everything the report shows, as of ``today``, for entries and evidence since ``since``."""

    person: str
    level: Level
    today: date
    since: date | None
    rows: tuple[AttributeRow, ...]
    next: NextStep | None
    habit: Habit
    monthly_grades: tuple[tuple[str, float, int], ...]  # (YYYY-MM, mean self-grade, grades)
    checks: Mapping[str, tuple[int, int]]  # check -> (yes, answered)
    return_on_time: tuple[float, int] | None  # (mean, meetings)
    gaps: tuple[Gap, ...]

    @property
    def focus(self) -> list[AttributeRow]:
        return sorted((r for r in self.rows if r.weight > 0), key=lambda r: -r.weight)

    @property
    def period(self) -> str:
        return f"{self.since.isoformat() if self.since else 'the start'} to {self.today}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": REPORT_VERSION,
            "person": self.person,
            "level": {"id": self.level.id, "name": self.level.name},
            "as_of": self.today.isoformat(),
            "since": self.since.isoformat() if self.since else None,
            "attributes": [r.to_dict() for r in self.rows],
            "focus": [r.attribute.name for r in self.focus],
            "next": self.next.to_dict() if self.next else None,
            "journal": {
                **self.habit.to_dict(),
                "monthly_self_grade": [
                    {"month": m, "mean": v, "grades": n} for m, v, n in self.monthly_grades
                ],
                "checks": {
                    k: {"yes": y, "answered": n, "share": (y / n if n else None)}
                    for k, (y, n) in self.checks.items()
                },
                "return_on_time": None
                if self.return_on_time is None
                else {"mean": self.return_on_time[0], "meetings": self.return_on_time[1]},
            },
            "self_vs_manager": [g.to_dict() for g in self.gaps],
        }


def _latest(assessments: Sequence[Assessment], kind: Rater) -> Assessment | None:
    mine = [a for a in assessments if a.kind is kind]
    return max(mine, key=lambda a: (a.assessed_on, a.id)) if mine else None


def _peers(assessments: Sequence[Assessment]) -> dict[str, float]:
    """The mean of each peer's latest rating, per attribute."""
    latest: dict[str, Assessment] = {}
    for a in sorted((a for a in assessments if a.kind is Rater.PEER), key=lambda a: a.assessed_on):
        latest[a.rater] = a
    values: dict[str, list[int]] = defaultdict(list)
    for a in latest.values():
        for attribute, rating in a.ratings.items():
            values[attribute].append(rating.value)
    return {k: mean(v) for k, v in values.items()}


def _said(attribute: str, *assessments: Assessment | None) -> tuple[tuple[str, str], ...]:
    return tuple(
        (a.kind.value, a.ratings[attribute].evidence)
        for a in assessments
        if a is not None and attribute in a.ratings and a.ratings[attribute].evidence
    )


def _next(rows: Sequence[AttributeRow]) -> NextStep | None:
    focus = [r for r in rows if r.weight > 0]
    if not focus:
        return None
    rated = [r for r in focus if r.weighted_gap is not None]
    if not rated:
        top = max(focus, key=lambda r: r.weight)
        return NextStep(top, "no ratings or journal grades yet: start with the heaviest focus")
    best = max(rated, key=lambda r: (r.weighted_gap or 0.0, r.weight))
    if (best.weighted_gap or 0.0) <= 0:
        return NextStep(best, "every focus attribute meets the level; keep practising this one")
    assert best.current is not None
    return NextStep(
        best,
        f"expected {best.expected}, now {best.current:.1f} ({best.current_source}); "
        f"focus weight {best.weight:g}: weighted gap {best.weighted_gap:.1f}",
    )


def build_report(
    *,
    person: str,
    level: Level,
    entries: Sequence[Entry],
    assessments: Sequence[Assessment],
    evidence: Sequence[Evidence],
    habit: Habit,
    today: date,
    since: date | None = None,
) -> GrowthReport:
    """The report of ``person`` at ``level`` from their entries (those in the period are
    used), assessments and evidence."""
    period = [
        e for e in entries if (since is None or e.occurred_on >= since) and e.occurred_on <= today
    ]
    grades: dict[str, list[int]] = defaultdict(list)
    monthly: dict[str, list[int]] = defaultdict(list)
    for e in period:
        for attribute, grade in e.grades.items():
            grades[attribute].append(grade)
            monthly[e.occurred_on.strftime("%Y-%m")].append(grade)
    own = _latest(assessments, Rater.SELF)
    boss = _latest(assessments, Rater.MANAGER)
    peers = _peers(assessments)
    rows = tuple(
        AttributeRow(
            attribute=a,
            expected=level.expected[a.id],
            weight=float(level.focus.get(a.id, 0.0)),
            self_rating=own.ratings[a.id].value if own and a.id in own.ratings else None,
            manager_rating=boss.ratings[a.id].value if boss and a.id in boss.ratings else None,
            peer_rating=peers.get(a.id),
            journal_mean=mean(grades[a.id]) if grades.get(a.id) else None,
            journal_grades=len(grades.get(a.id, ())),
            evidence=tuple(e for e in evidence if e.attribute == a.id),
            said=_said(a.id, own, boss),
        )
        for a in catalogue()
    )
    checks = {
        k: (
            sum(1 for e in period if e.checks.get(k) is True),
            sum(1 for e in period if e.checks.get(k) is not None),
        )
        for k in CHECKS
    }
    rot = [e.return_on_time for e in period if e.return_on_time is not None]
    return GrowthReport(
        person=person,
        level=level,
        today=today,
        since=since,
        rows=rows,
        next=_next(rows),
        habit=habit,
        monthly_grades=tuple((m, mean(v), len(v)) for m, v in sorted(monthly.items())),
        checks=checks,
        return_on_time=(mean(rot), len(rot)) if rot else None,
        gaps=tuple(self_vs_manager(assessments)),
    )
