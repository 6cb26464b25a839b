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
from backwards.portfolio.schedule import EPS, SerialScheduler

__all__ = ["HeuristicResult", "solve_heuristic"]


@dataclass(frozen=True, slots=True)
class HeuristicResult:
    starts: dict[int, int]
    objective: float
    evaluations: int
    seconds: float


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
    ev = SerialScheduler(portfolio, skip_worthless=True)
    n = len(portfolio.bets)

    def run(order: Sequence[int]) -> tuple[float, dict[int, int]]:
        starts, _ = ev.place(order, out=forced_out)
        return ev.value_of(starts), starts

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
    candidates = _candidates(portfolio, ev, pinned, orders)
    best_order: list[int] = []
    best_value = -math.inf
    best_starts: dict[int, int] = {}
    evaluations = 0
    for order in candidates:
        value, starts = run(order)
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
        if time.perf_counter() > deadline:
            break
        a = fixed + rng.randrange(free)
        b = fixed + rng.randrange(free - 1)
        trial = list(order)
        item = trial.pop(a)
        trial.insert(b if b < a else b + 1, item)
        value, starts = run(trial)
        evaluations += 1
        if value >= current - 1e-9:
            order, current = trial, value
            if value > best_value + 1e-9:
                best_value, best_starts = value, starts
    if any(i not in best_starts for i in forced_in):
        return HeuristicResult({}, -math.inf, evaluations, time.perf_counter() - began)
    return HeuristicResult(best_starts, best_value, evaluations, time.perf_counter() - began)


def _candidates(
    portfolio: Portfolio,
    ev: SerialScheduler,
    pinned: list[int],
    orders: Sequence[Sequence[int]],
) -> list[list[int]]:
    """The starting orders: three priority rules, the written order, the given orders."""
    n = len(portfolio.bets)
    es = earliest_starts(portfolio)
    first_gain = [ev.gain[i][min(es[i] + ev.weeks[i], ev.horizon)] for i in range(n)]
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
    return candidates
