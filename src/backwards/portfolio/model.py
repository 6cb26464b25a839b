"""The portfolio model: bets, teams and the value of finishing a bet in a given week.

The model, exactly (``docs/portfolio.md`` states the same):

- weeks are numbered 0..H-1 (H = the horizon); each team has ``capacity`` people every week;
- a bet runs in consecutive weeks [s, s + weeks) using ``people`` of its team each week, and the
  people in use never exceed the team's capacity;
- a bet starts only after every bet it requires has finished (finish = s + weeks) and is
  selected only if they are; at most one bet of an exclusive group is selected;
- expected value per week after launch = probability x mean impact x value per unit, the mean
  impact by Swanson's rule, 0.3 P10 + 0.4 P50 + 0.3 P90;
- a bet finishing at week f earns that for weeks f..H-1 (``standard``), nothing when f is after
  its deadline week (``deadline``), and for at most L weeks (``short_life: L``);
- a plan maximises the sum over the selected bets.

Plain frozen values; no I/O.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from backwards.wording import count

__all__ = [
    "DEFAULT_HORIZON",
    "SWANSON_WEIGHTS",
    "Bet",
    "CostOfDelay",
    "Delay",
    "Impact",
    "Portfolio",
    "Rice",
    "Team",
    "Wsjf",
    "deadline_week",
    "headcount",
]

#: The weeks a plan of the workspace's bets spans unless told otherwise.
DEFAULT_HORIZON = 26

#: Swanson's rule: the mean of a distribution from its P10, P50 and P90.
SWANSON_WEIGHTS = (0.3, 0.4, 0.3)


class Delay(enum.Enum):
    """The cost-of-delay profile of a bet."""

    STANDARD = "standard"
    DEADLINE = "deadline"
    SHORT_LIFE = "short_life"


@dataclass(frozen=True, slots=True)
class CostOfDelay:
    """``standard``; ``deadline`` (a date, as a week index of the plan); ``short_life`` (weeks)."""

    kind: Delay = Delay.STANDARD
    deadline: date | None = None
    life_weeks: int | None = None

    @classmethod
    def of(cls, deadline: date | None = None, short_life: int | None = None) -> CostOfDelay:
        """``deadline`` when given, else ``short_life`` when given, else ``standard``."""
        if deadline is not None:
            return cls(Delay.DEADLINE, deadline=deadline)
        if short_life is not None:
            return cls(Delay.SHORT_LIFE, life_weeks=short_life)
        return cls()

    def to_yaml(self) -> str | dict[str, Any]:
        """The plan file's form: ``standard``, ``{deadline: DATE}`` or ``{short_life: WEEKS}``."""
        if self.kind is Delay.DEADLINE:
            return {"deadline": self.deadline}
        if self.kind is Delay.SHORT_LIFE:
            return {"short_life": self.life_weeks}
        return "standard"

    def describe(self) -> str:
        if self.kind is Delay.DEADLINE:
            return f"deadline {self.deadline}"
        if self.kind is Delay.SHORT_LIFE:
            return f"short life ({count(self.life_weeks or 0, 'week')})"
        return "standard"


@dataclass(frozen=True, slots=True)
class Impact:
    """The forecast change in a metric per week after launch (metric units), P10/P50/P90.

    ``relative``: the three are fractions of the metric's mean week over its last 12 weeks
    (0.05 for +5 %); ``backwards.impact.absolute_forecasts`` turns them into metric units from
    the WBR data before planning.
    """

    metric: str
    p10: float
    p50: float
    p90: float
    relative: bool = False

    @property
    def mean(self) -> float:
        """Swanson's mean: 0.3 P10 + 0.4 P50 + 0.3 P90."""
        a, b, c = SWANSON_WEIGHTS
        return a * self.p10 + b * self.p50 + c * self.p90

    def scaled(self, factor: float) -> Impact:
        return Impact(
            self.metric, self.p10 * factor, self.p50 * factor, self.p90 * factor, self.relative
        )


@dataclass(frozen=True, slots=True)
class Rice:
    """RICE: reach x impact x confidence / effort (or a given score)."""

    score: float


@dataclass(frozen=True, slots=True)
class Wsjf:
    """WSJF: (business value + time criticality + risk reduction) / job size (or a score)."""

    score: float


@dataclass(frozen=True, slots=True)
class Bet:
    """One bet (idea, initiative) as the planner sees it."""

    id: str
    title: str
    team: str
    people: float
    weeks: int
    impact: Impact
    value_per_unit: float
    probability: float
    weeks_p90: int | None = None
    requires: tuple[str, ...] = ()
    exclusive: str | None = None
    cost_of_delay: CostOfDelay = field(default_factory=CostOfDelay)
    owner: str = ""
    rice: Rice | None = None
    wsjf: Wsjf | None = None

    @classmethod
    def from_fields(
        cls, fields: Mapping[str, Any], impact: Impact, value_per_unit: float, probability: float
    ) -> Bet:
        """A bet from its flat fields, as the database stores them and a plan file's bet reads:
        ``deadline`` or ``life_weeks`` choose the cost of delay (``CostOfDelay.of``), ``rice``
        and ``wsjf`` are scores (or None); the forecast comes apart."""
        rice, wsjf = fields.get("rice"), fields.get("wsjf")
        return cls(
            id=fields["id"],
            title=fields["title"],
            team=fields["team"],
            people=float(fields["people"]),
            weeks=int(fields["weeks"]),
            weeks_p90=fields.get("weeks_p90"),
            impact=impact,
            value_per_unit=value_per_unit,
            probability=probability,
            requires=tuple(fields.get("requires") or ()),
            exclusive=fields.get("exclusive"),
            cost_of_delay=CostOfDelay.of(fields.get("deadline"), fields.get("life_weeks")),
            owner=fields.get("owner") or "",
            rice=None if rice is None else Rice(float(rice)),
            wsjf=None if wsjf is None else Wsjf(float(wsjf)),
        )

    @property
    def weekly_value(self) -> float:
        """Expected value per week after launch: probability x mean impact x value per unit."""
        return self.probability * self.impact.mean * self.value_per_unit


@dataclass(frozen=True, slots=True)
class Team:
    name: str
    capacity: float


@dataclass(frozen=True, slots=True)
class Portfolio:
    """Bets, teams, the horizon in weeks and the date of week 0 (for deadlines)."""

    horizon: int
    teams: Mapping[str, Team]
    bets: Sequence[Bet]
    start: date
    #: where each bet's impact metric was written (file, line), when it came from a file
    locations: Mapping[str, tuple[str, int | None]] = field(default_factory=dict)

    def bet(self, bet_id: str) -> Bet:
        for b in self.bets:
            if b.id == bet_id:
                return b
        raise KeyError(bet_id)

    @property
    def index(self) -> dict[str, int]:
        return {b.id: i for i, b in enumerate(self.bets)}

    def owned_by(self, owner: str) -> Portfolio:
        """The bets ``owner`` owns and every bet they require (directly or not), as written,
        with the same teams and horizon: the plan of one person's bets."""
        by_id = {b.id: b for b in self.bets}
        keep: set[str] = set()
        todo = [b.id for b in self.bets if b.owner == owner]
        while todo:
            bet_id = todo.pop()
            if bet_id in keep or bet_id not in by_id:
                continue
            keep.add(bet_id)
            todo.extend(by_id[bet_id].requires)
        return replace(self, bets=[b for b in self.bets if b.id in keep])

    def earned_weeks(self, bet: Bet, finish: int) -> int:
        """The weeks of value a bet finishing at week ``finish`` earns within the horizon."""
        weeks = max(0, self.horizon - finish)
        cod = bet.cost_of_delay
        if cod.kind is Delay.DEADLINE:
            assert cod.deadline is not None
            if finish > deadline_week(self.start, cod.deadline):
                return 0
        elif cod.kind is Delay.SHORT_LIFE:
            assert cod.life_weeks is not None
            weeks = min(weeks, cod.life_weeks)
        return weeks

    def earned_curve(self, bet: Bet) -> list[int]:
        """``earned_weeks(bet, f)`` for every finish week f in 0..H (fast, for the solvers)."""
        h = self.horizon
        curve = list(range(h, -1, -1))
        cod = bet.cost_of_delay
        if cod.kind is Delay.DEADLINE:
            assert cod.deadline is not None
            last = deadline_week(self.start, cod.deadline)
            for f in range(max(0, last + 1), h + 1):
                curve[f] = 0
        elif cod.kind is Delay.SHORT_LIFE:
            assert cod.life_weeks is not None
            life = cod.life_weeks
            curve = [min(w, life) for w in curve]
        return curve

    def value(self, bet: Bet, finish: int) -> float:
        """The expected value of ``bet`` finishing at week ``finish``."""
        return bet.weekly_value * self.earned_weeks(bet, finish)


def headcount(people: float) -> str:
    """``people`` said with the right noun: "1 person", "2.5 people"."""
    return f"{people:g} {'person' if people == 1 else 'people'}"


def deadline_week(start: date, deadline: date) -> int:
    """The last finish week that meets ``deadline``: week f begins on start + 7f days."""
    return (deadline - start).days // 7
