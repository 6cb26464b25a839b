"""Schedules: which bets start when, their feasibility and value, and the serial scheduler.

``Schedule`` maps selected bet ids to start weeks. ``check`` lists every way a schedule breaks
the model (capacity, requirements, exclusive groups, horizon); ``value`` recomputes its expected
value from the model. ``SerialScheduler`` places bets one at a time, each at the earliest week
its requirements are done and its team has the people for its consecutive weeks: the naive plan,
the RICE/WSJF orderings and the heuristic all use it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from backwards.portfolio.model import Bet, Portfolio

__all__ = ["EPS", "Placement", "Schedule", "SerialScheduler", "check", "value"]

#: Tolerance for fractional people.
EPS = 1e-9


@dataclass(frozen=True, slots=True)
class Placement:
    id: str
    team: str
    start: int
    finish: int


@dataclass(frozen=True, slots=True)
class Schedule:
    """Start week by bet id (the selected bets)."""

    starts: Mapping[str, int]

    def placements(self, portfolio: Portfolio) -> list[Placement]:
        out = []
        for bet in portfolio.bets:
            if bet.id in self.starts:
                s = self.starts[bet.id]
                out.append(Placement(bet.id, bet.team, s, s + bet.weeks))
        out.sort(key=lambda p: (p.start, p.finish, p.id))
        return out


def value(portfolio: Portfolio, schedule: Schedule) -> float:
    """The expected value of ``schedule`` by the model (sum over its bets)."""
    total = 0.0
    for bet in portfolio.bets:
        if bet.id in schedule.starts:
            total += portfolio.value(bet, schedule.starts[bet.id] + bet.weeks)
    return total


def check(portfolio: Portfolio, schedule: Schedule) -> list[str]:
    """Every way ``schedule`` breaks the model; empty when it is feasible."""
    problems: list[str] = []
    bets = {b.id: b for b in portfolio.bets}
    h = portfolio.horizon
    usage: dict[str, list[float]] = {t: [0.0] * h for t in portfolio.teams}
    groups: dict[str, str] = {}
    for bet_id, s in schedule.starts.items():
        bet = bets.get(bet_id)
        if bet is None:
            problems.append(f"{bet_id}: not a bet of the portfolio")
            continue
        if s < 0 or s + bet.weeks > h:
            problems.append(
                f"{bet_id}: weeks {s}..{s + bet.weeks - 1} leave the horizon 0..{h - 1}"
            )
            continue
        for t in range(s, s + bet.weeks):
            usage[bet.team][t] += bet.people
        for req in bet.requires:
            if req not in schedule.starts:
                problems.append(f"{bet_id}: requires {req}, which is not selected")
            elif schedule.starts[req] + bets[req].weeks > s:
                problems.append(f"{bet_id}: starts at {s} before {req} finishes")
        if bet.exclusive is not None:
            if bet.exclusive in groups:
                problems.append(
                    f"{bet_id}: exclusive group {bet.exclusive} already has {groups[bet.exclusive]}"
                )
            groups[bet.exclusive] = bet_id
    for team, weeks in usage.items():
        cap = portfolio.teams[team].capacity
        for t, used in enumerate(weeks):
            if used > cap + EPS:
                problems.append(f"team {team}: week {t} uses {used:g} of {cap:g} people")
    return problems


class SerialScheduler:
    """Places bets in a given order at their earliest feasible start (a serial schedule).

    ``place(order)`` takes bet indexes in order; a bet is skipped when a bet of its exclusive
    group is already in, when a requirement is not (yet) in, or when it cannot finish within the
    horizon. With ``defer=True`` a bet whose requirements are not in yet waits and is placed
    right after the last of them (the naive plan's rule); otherwise it is skipped.
    """

    def __init__(self, portfolio: Portfolio) -> None:
        self.portfolio = portfolio
        self.bets: Sequence[Bet] = portfolio.bets
        index = portfolio.index
        self.requires = [tuple(index[r] for r in b.requires) for b in self.bets]
        self.weeks = [b.weeks for b in self.bets]
        self.people = [b.people for b in self.bets]
        teams = list(portfolio.teams)
        self.team_of = [teams.index(b.team) for b in self.bets]
        self.capacity = [portfolio.teams[t].capacity for t in teams]
        self.horizon = portfolio.horizon

    def place(
        self,
        order: Iterable[int],
        *,
        defer: bool = False,
    ) -> tuple[dict[int, int], dict[int, str]]:
        """Starts by bet index, and the reason each bet of ``order`` was left out."""
        h = self.horizon
        usage = [[0.0] * h for _ in self.capacity]
        starts: dict[int, int] = {}
        skipped: dict[int, str] = {}
        groups: dict[str, int] = {}
        waiting: list[int] = []
        blocked: set[int] = set()

        def try_place(i: int) -> None:
            bet = self.bets[i]
            if bet.exclusive is not None and bet.exclusive in groups:
                skipped[i] = f"exclusive with {self.bets[groups[bet.exclusive]].id}"
                blocked.add(i)
                return
            for r in self.requires[i]:
                if r in blocked:
                    skipped[i] = f"requires {self.bets[r].id}, which is left out"
                    blocked.add(i)
                    return
            earliest = 0
            for r in self.requires[i]:
                earliest = max(earliest, starts[r] + self.weeks[r])
            s = self._earliest(usage, i, earliest)
            if s is None:
                skipped[i] = "cannot finish within the horizon"
                blocked.add(i)
                return
            starts[i] = s
            team, p = self.team_of[i], self.people[i]
            row = usage[team]
            for t in range(s, s + self.weeks[i]):
                row[t] += p
            if bet.exclusive is not None:
                groups[bet.exclusive] = i

        for i in order:
            if i in starts or i in blocked:
                continue
            missing = [r for r in self.requires[i] if r not in starts]
            if missing:
                if defer and not any(r in blocked for r in missing):
                    waiting.append(i)
                    continue
                names = ", ".join(self.bets[r].id for r in missing)
                skipped[i] = f"requires {names}, which is left out"
                blocked.add(i)
                continue
            try_place(i)
            progress = True
            while progress and waiting:
                progress = False
                for j in list(waiting):
                    if any(r in blocked for r in self.requires[j]):
                        waiting.remove(j)
                        bad = next(r for r in self.requires[j] if r in blocked)
                        skipped[j] = f"requires {self.bets[bad].id}, which is left out"
                        blocked.add(j)
                        progress = True
                    elif all(r in starts for r in self.requires[j]):
                        waiting.remove(j)
                        try_place(j)
                        progress = True
        for j in waiting:
            names = ", ".join(self.bets[r].id for r in self.requires[j] if r not in starts)
            skipped[j] = f"requires {names}, which is left out"
        return starts, skipped

    def _earliest(self, usage: list[list[float]], i: int, earliest: int) -> int | None:
        w, p = self.weeks[i], self.people[i]
        row = usage[self.team_of[i]]
        cap = self.capacity[self.team_of[i]] - p + EPS
        s = earliest
        while s + w <= self.horizon:
            for t in range(s + w - 1, s - 1, -1):
                if row[t] > cap:
                    s = t + 1
                    break
            else:
                return s
        return None

    def value_of(self, starts: Mapping[int, int]) -> float:
        p = self.portfolio
        return sum(p.value(self.bets[i], s + self.weeks[i]) for i, s in starts.items())

    def schedule(self, starts: Mapping[int, int]) -> Schedule:
        return Schedule({self.bets[i].id: s for i, s in starts.items()})
