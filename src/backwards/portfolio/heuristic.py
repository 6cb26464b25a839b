"""The heuristic solver (portfolios above the exact solver's size, and the Monte Carlo draws).

A plan is a priority order of the bets, turned into a schedule by the serial scheduler: each bet
in turn at the earliest week its requirements are done and its team has the people (a bet whose
requirements come later in the order waits for them), skipping bets that would earn nothing
where they land unless another bet requires them. All value profiles fall with the finish week,
so some order yields an optimal schedule (an "active" schedule); the search looks for it:

1. start from the best of four priority rules: value per person-week (value at the earliest
   finish / (people x weeks)), value at the earliest finish, value per week of work, and the
   written order;
2. improve by random insertion moves (take a bet, put it elsewhere in the order), keeping a move
   when the plan is worth at least as much, until ``max_evaluations`` schedules or
   ``time_limit`` seconds. The random numbers come from ``seed``: the same input gives the same
   plan.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass

from backwards.portfolio.milp import earliest_starts
from backwards.portfolio.model import Portfolio
from backwards.portfolio.schedule import EPS

__all__ = ["HeuristicResult", "solve_heuristic"]


@dataclass(frozen=True, slots=True)
class HeuristicResult:
    starts: dict[int, int]
    objective: float
    evaluations: int
    seconds: float


class _Evaluator:
    """A fast serial schedule: value tables precomputed, usage as flat lists."""

    def __init__(self, portfolio: Portfolio) -> None:
        bets = portfolio.bets
        index = portfolio.index
        self.n = len(bets)
        self.h = portfolio.horizon
        self.requires = [tuple(index[r] for r in b.requires) for b in bets]
        self.weeks = [b.weeks for b in bets]
        self.people = [b.people for b in bets]
        teams = list(portfolio.teams)
        self.team = [teams.index(b.team) for b in bets]
        self.limit = [portfolio.teams[b.team].capacity - b.people + EPS for b in bets]
        self.n_teams = len(teams)
        self.group = [b.exclusive for b in bets]
        needed = {r for reqs in self.requires for r in reqs}
        self.needed = [i in needed for i in range(self.n)]
        self.pinned: frozenset[int] = frozenset()
        self.gain = [  # gain[i][finish]
            [b.weekly_value * w for w in portfolio.earned_curve(b)] for b in bets
        ]

    def run(
        self, order: Sequence[int], out: frozenset[int] = frozenset()
    ) -> tuple[float, dict[int, int]]:
        h = self.h
        usage = [[0.0] * h for _ in range(self.n_teams)]
        starts: dict[int, int] = {}
        dead: set[int] = set(out)
        groups: set[str] = set()
        waiting: list[int] = []
        total = 0.0

        def place(i: int) -> None:
            nonlocal total
            g = self.group[i]
            if g is not None and g in groups:
                dead.add(i)
                return
            w = self.weeks[i]
            s = 0
            for r in self.requires[i]:
                f = starts[r] + self.weeks[r]
                if f > s:
                    s = f
            row = usage[self.team[i]]
            lim = self.limit[i]
            while s + w <= h:
                for t in range(s + w - 1, s - 1, -1):
                    if row[t] > lim:
                        s = t + 1
                        break
                else:
                    break
            if s + w > h:
                dead.add(i)
                return
            gain = self.gain[i][s + w]
            if gain <= 0 and not self.needed[i] and i not in self.pinned:
                dead.add(i)
                return
            p = self.people[i]
            for t in range(s, s + w):
                row[t] += p
            starts[i] = s
            total += gain
            if g is not None:
                groups.add(g)

        for i in order:
            if i in dead:
                continue
            reqs = self.requires[i]
            if any(r in dead for r in reqs):
                dead.add(i)
                continue
            if any(r not in starts for r in reqs):
                waiting.append(i)
                continue
            place(i)
            changed = True
            while changed and waiting:
                changed = False
                for j in list(waiting):
                    rj = self.requires[j]
                    if any(r in dead for r in rj):
                        waiting.remove(j)
                        dead.add(j)
                        changed = True
                    elif all(r in starts for r in rj):
                        waiting.remove(j)
                        place(j)
                        changed = True
        # Bets that earn nothing and ended up needed by nobody selected add nothing: drop them.
        worthless = [
            i
            for i, s in starts.items()
            if self.gain[i][s + self.weeks[i]] <= 0 and i not in self.pinned
        ]
        if worthless:
            needed = {r for j in starts for r in self.requires[j]}
            for i in worthless:
                if i not in needed:
                    del starts[i]
        return total, starts


def solve_heuristic(
    portfolio: Portfolio,
    *,
    seed: int = 0,
    max_evaluations: int = 4000,
    time_limit: float = 1.5,
    forced_in: frozenset[int] = frozenset(),
    forced_out: frozenset[int] = frozenset(),
    orders: Sequence[Sequence[int]] = (),
) -> HeuristicResult:
    """The best plan the search finds (see the module docstring).

    ``forced_out`` bets are never placed (nor what requires them); ``forced_in`` bets and their
    requirements are placed first, at their earliest weeks, in every schedule tried (so the
    plan found is a good plan with them, not necessarily the best one). ``orders`` are more
    starting orders (say, a known plan's).
    """
    began = time.perf_counter()
    ev = _Evaluator(portfolio)
    n = ev.n
    pinned: list[int] = []

    def pin(i: int) -> None:
        for r in ev.requires[i]:
            pin(r)
        if i not in pinned:
            pinned.append(i)

    for i in sorted(forced_in):
        pin(i)
    ev.pinned = frozenset(pinned)
    if n == 0:
        return HeuristicResult({}, 0.0, 0, 0.0)
    es = earliest_starts(portfolio)
    first_gain = [ev.gain[i][min(es[i] + ev.weeks[i], ev.h)] for i in range(n)]
    rules = [
        lambda i: first_gain[i] / max(ev.people[i] * ev.weeks[i], EPS),
        lambda i: first_gain[i],
        lambda i: first_gain[i] / ev.weeks[i],
    ]
    candidates = [sorted(range(n), key=lambda i, k=key: (-k(i), i)) for key in rules]  # type: ignore[misc]
    candidates.append(list(range(n)))
    candidates.extend(list(o) for o in orders)
    if pinned:
        candidates = [pinned + [i for i in c if i not in ev.pinned] for c in candidates]
    best_order: list[int] = []
    best_value = -math.inf
    best_starts: dict[int, int] = {}
    evaluations = 0
    for order in candidates:
        value, starts = ev.run(order, forced_out)
        evaluations += 1
        if value > best_value + 1e-9:
            best_order, best_value, best_starts = order, value, starts
    rng = random.Random(seed)
    order = list(best_order)
    current = best_value
    deadline = began + time_limit
    fixed = len(pinned)
    free = n - fixed
    while evaluations < max_evaluations and free > 1:
        if evaluations % 32 == 0 and time.perf_counter() > deadline:
            break
        a = fixed + rng.randrange(free)
        b = fixed + rng.randrange(free - 1)
        trial = list(order)
        item = trial.pop(a)
        trial.insert(b if b < a else b + 1, item)
        value, starts = ev.run(trial, forced_out)
        evaluations += 1
        if value >= current - 1e-9:
            order, current = trial, value
            if value > best_value + 1e-9:
                best_value, best_starts = value, starts
    if any(i not in best_starts for i in forced_in):
        return HeuristicResult({}, -math.inf, evaluations, time.perf_counter() - began)
    return HeuristicResult(best_starts, best_value, evaluations, time.perf_counter() - began)
