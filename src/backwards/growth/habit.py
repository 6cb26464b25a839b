"""The journal habit: entries per week (weeks start on Monday) against a weekly target, and the
streak: consecutive weeks that met the target, counted back from this week (a week still under
way does not break it) .
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from backwards.wording import count

__all__ = ["Habit", "weekly_habit"]


@dataclass(frozen=True, slots=True)
class Habit:
    """Entries a week, the target, this week's count and the streak in weeks."""

    target: int
    today: date
    this_week: int
    streak: int
    weeks: tuple[tuple[date, int], ...]  # (Monday, entries), oldest first, up to this week

    @property
    def entries(self) -> int:
        return sum(n for _, n in self.weeks)

    def summary(self) -> str:
        """The habit in one line: ``"5 entries; this week 2 of 3; streak 1 week"``."""
        return (
            f"{count(self.entries, 'entry', 'entries')}; this week {self.this_week} of "
            f"{self.target}; streak {count(self.streak, 'week')}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "weekly_target": self.target,
            "this_week": self.this_week,
            "streak_weeks": self.streak,
            "entries": self.entries,
            "weeks": [{"week": w.isoformat(), "entries": n} for w, n in self.weeks],
        }


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_habit(
    dates: Iterable[date], *, target: int, today: date, since: date | None = None
) -> Habit:
    """The habit of entries made on ``dates`` (later than ``today`` ignored)."""
    counts = Counter(_monday(d) for d in dates if d <= today and (since is None or d >= since))
    this = _monday(today)
    first = min(counts, default=this)
    weeks = []
    week = first
    while week <= this:
        weeks.append((week, counts.get(week, 0)))
        week += timedelta(days=7)
    streak = 0
    week = this if counts.get(this, 0) >= target else this - timedelta(days=7)
    while counts.get(week, 0) >= target:
        streak += 1
        week -= timedelta(days=7)
    return Habit(target, today, counts.get(this, 0), streak, tuple(weeks))
