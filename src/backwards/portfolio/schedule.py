"""Schedules: which bets start when, their feasibility and value, and the serial scheduler.

``Schedule`` maps selected bet ids to start weeks. ``check`` lists every way a schedule breaks
the model (capacity, requirements, exclusive groups, horizon); ``value`` recomputes its expected
value from the model. ``SerialScheduler`` places bets one at a time, each at the earliest week
its requirements are done and its team has the people for its consecutive weeks: the naive plan,
the RICE/WSJF orderings and the heuristic all use it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from backwards.portfolio.model import Bet, Portfolio, headcount

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
                problems.append(f"team {team}: week {t} uses {used:g} of {headcount(cap)}")
    return problems


@dataclass(slots=True)
class _Run:
    """The state of one serial schedule being built."""

    usage: list[list[float]]
    starts: dict[int, int] = field(default_factory=dict)
    skipped: dict[int, str] = field(default_factory=dict)
    groups: dict[str, int] = field(default_factory=dict)
    waiting: list[int] = field(default_factory=list)


class SerialScheduler:
    """Places bets in a given order at their earliest feasible start (a serial schedule).

    ``place(order)`` takes bet indexes in order. A bet is left out when a bet of its exclusive
    group is already in, when a requirement is left out, or when it cannot finish within the
    horizon; a bet whose requirements are not in yet waits and is placed right after the last
    of them. With ``skip_worthless`` (the heuristic) a bet that would earn nothing where it
    lands is left out too, unless another bet requires it or it is ``pinned``.
    """

    def __init__(self, portfolio: Portfolio, *, skip_worthless: bool = False) -> None:
        self.portfolio = portfolio
        self.bets: Sequence[Bet] = portfolio.bets
        index = portfolio.index
        self.requires = [tuple(index[r] for r in b.requires) for b in self.bets]
        self.weeks = [b.weeks for b in self.bets]
        self.people = [b.people for b in self.bets]
        teams = list(portfolio.teams)
        self.team_of = [teams.index(b.team) for b in self.bets]
        self.n_teams = len(teams)
        self.limit = [portfolio.teams[b.team].capacity - b.people + EPS for b in self.bets]
        self.horizon = portfolio.horizon
        self.skip_worthless = skip_worthless
        needed = {r for reqs in self.requires for r in reqs}
        self.needed = [i in needed for i in range(len(self.bets))]
        self.pinned: frozenset[int] = frozenset()
        #: gain[i][f]: the value of bet i finishing at week f (0..H)
        self.gain = [[b.weekly_value * w for w in portfolio.earned_curve(b)] for b in self.bets]

    def place(
        self, order: Iterable[int], *, out: frozenset[int] = frozenset()
    ) -> tuple[dict[int, int], dict[int, str]]:
        """Starts by bet index, and why each other bet of ``order`` was left out."""
        run = _Run([[0.0] * self.horizon for _ in range(self.n_teams)])
        for i in out:
            run.skipped[i] = "left out on purpose"
        for i in order:
            if i not in run.starts and i not in run.skipped and i not in run.waiting:
                self._admit(run, i)
        for j in run.waiting:
            names = ", ".join(self.bets[r].id for r in self.requires[j] if r not in run.starts)
            run.skipped[j] = f"requires {names}, which is left out"
        if self.skip_worthless:
            self._prune(run)
        return run.starts, run.skipped

    def _blocked_by(self, run: _Run, i: int) -> int | None:
        return next((r for r in self.requires[i] if r in run.skipped), None)

    def _admit(self, run: _Run, i: int) -> None:
        bad = self._blocked_by(run, i)
        if bad is not None:
            run.skipped[i] = f"requires {self.bets[bad].id}, which is left out"
        elif any(r not in run.starts for r in self.requires[i]):
            run.waiting.append(i)
        else:
            self._put(run, i)
            self._release(run)

    def _release(self, run: _Run) -> None:
        """Place (or leave out) the waiting bets whose requirements are now settled."""
        changed = True
        while changed and run.waiting:
            changed = False
            for j in list(run.waiting):
                bad = self._blocked_by(run, j)
                if bad is not None:
                    run.waiting.remove(j)
                    run.skipped[j] = f"requires {self.bets[bad].id}, which is left out"
                    changed = True
                elif all(r in run.starts for r in self.requires[j]):
                    run.waiting.remove(j)
                    self._put(run, j)
                    changed = True

    def _put(self, run: _Run, i: int) -> None:
        group = self.bets[i].exclusive
        if group is not None and group in run.groups:
            run.skipped[i] = f"exclusive with {self.bets[run.groups[group]].id}"
            return
        s = self._earliest(run, i)
        if s is None:
            run.skipped[i] = "cannot finish within the horizon"
            return
        w = self.weeks[i]
        if (
            self.skip_worthless
            and self.gain[i][s + w] <= 0
            and not self.needed[i]
            and i not in self.pinned
        ):
            run.skipped[i] = "earns nothing where it would land"
            return
        row, p = run.usage[self.team_of[i]], self.people[i]
        for t in range(s, s + w):
            row[t] += p
        run.starts[i] = s
        if group is not None:
            run.groups[group] = i

    def _earliest(self, run: _Run, i: int) -> int | None:
        w, h = self.weeks[i], self.horizon
        row, lim = run.usage[self.team_of[i]], self.limit[i]
        s = max((run.starts[r] + self.weeks[r] for r in self.requires[i]), default=0)
        while s + w <= h:
            for t in range(s + w - 1, s - 1, -1):
                if row[t] > lim:
                    s = t + 1
                    break
            else:
                return s
        return None

    def _prune(self, run: _Run) -> None:
        """Drop bets that earn nothing and that no placed bet requires."""
        worthless = [
            i
            for i, s in run.starts.items()
            if self.gain[i][s + self.weeks[i]] <= 0 and i not in self.pinned
        ]
        if worthless:
            needed = {r for j in run.starts for r in self.requires[j]}
            for i in worthless:
                if i not in needed:
                    del run.starts[i]

    def value_of(self, starts: Mapping[int, int]) -> float:
        return sum(self.gain[i][s + self.weeks[i]] for i, s in starts.items())

    def schedule(self, starts: Mapping[int, int]) -> Schedule:
        return Schedule({self.bets[i].id: s for i, s in starts.items()})
