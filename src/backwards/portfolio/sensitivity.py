"""How robust the plan is: thresholds per estimate, and a Monte Carlo run over the ranges.

Thresholds (for each selected bet and each near miss; the near misses are the left-out bets
that can be scheduled, the ``NEAR_MISSES`` closest to getting in):

- *impact* and *probability* scale the bet's expected value per week, so one factor k answers
  both: the factor at which the best plan that includes the bet is worth exactly as much as the
  best plan without it. Below it a selected bet leaves the plan; above it a near miss enters.
  Found exactly, by Newton's method on the (convex, piecewise-linear) value of the best plan
  with the bet as a function of k, one exact re-plan per step. The thresholds reported are the
  mean impact x k and the probability x k (a probability above 1 means no probability alone
  brings the bet in);
- *weeks*: for a selected bet, the smallest duration at which the selected set changes; for a
  near miss, the largest duration at which it gets in (both found by bisection, re-planning
  each time with the heuristic started from the plan's own order).

Monte Carlo: ``draws`` worlds (seeded); in each, every bet's impact is drawn from a two-piece
normal through its P10, P50 and P90 (the two halves' standard deviations (P50 - P10) / 1.2816
and (P90 - P50) / 1.2816) and, when it has a P90 duration, its weeks from a log-normal with
median P50 and 90th percentile P90, rounded to whole weeks. Each world is planned by the
heuristic, started from the plan's own order; the share of worlds whose plan includes a bet is
the probability it is in the best plan.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from backwards.portfolio.heuristic import solve_heuristic
from backwards.portfolio.model import Bet, Impact, Portfolio
from backwards.portfolio.optimiser import Optimiser, Solution

__all__ = ["NEAR_MISSES", "Sensitivity", "monte_carlo", "sensitivity"]

NEAR_MISSES = 5
#: Schedules the heuristic tries when re-planning for a weeks threshold or a Monte Carlo world.
REPLAN_EVALUATIONS = 60
Z90 = 1.2815515655446004


@dataclass(frozen=True, slots=True)
class Sensitivity:
    """How far a bet's estimates may move before the plan's selection changes."""

    id: str
    selected: bool
    impact_mean: float
    impact_threshold: float | None
    probability: float
    probability_threshold: float | None
    weeks: int
    weeks_threshold: int | None
    value_gap: float  # selected: what dropping it costs; near miss: what forcing it in costs


def _with_bet(portfolio: Portfolio, bet: Bet) -> Portfolio:
    return replace(portfolio, bets=[bet if b.id == bet.id else b for b in portfolio.bets])


def _first(lo: int, hi: int, pred: Callable[[int], bool]) -> int | None:
    """The smallest x in [lo, hi] with pred(x), assuming pred is monotone; None if none."""
    if lo > hi or not pred(hi):
        return None
    while lo < hi:
        mid = (lo + hi) // 2
        if pred(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo


def sensitivity(
    portfolio: Portfolio,
    plan: Solution,
    optimiser: Optimiser,
    *,
    time_limit: float,
    step: Callable[[], None] | None = None,
) -> list[Sensitivity]:
    """Thresholds for the selected bets and the near misses (see the module docstring);
    ``step()`` is called after each exact re-plan."""
    selected = set(plan.starts)
    total = plan.value
    out: list[Sensitivity] = []
    order = plan_order(portfolio, plan)

    def replan(p: Portfolio) -> set[str]:
        res = solve_heuristic(p, max_evaluations=REPLAN_EVALUATIONS, orders=[order])
        return {p.bets[i].id for i in res.starts}

    def solve(p: Portfolio, **kw: frozenset[str]) -> Solution:
        found = optimiser.solve(p, time_limit=time_limit, **kw)
        if step is not None:
            step()
        return found

    for bet in portfolio.bets:
        if bet.id not in selected:
            continue
        without = solve(portfolio, forced_out=frozenset({bet.id}))
        factor = _crossing(portfolio, bet, without.value, solve, below=True)

        def changes(weeks: int, bet: Bet = bet) -> bool:
            return replan(_with_bet(portfolio, replace(bet, weeks=weeks))) != selected

        out.append(
            Sensitivity(
                bet.id,
                True,
                bet.impact.mean,
                None if factor is None else bet.impact.mean * factor,
                bet.probability,
                None if factor is None else bet.probability * factor,
                bet.weeks,
                _first(bet.weeks + 1, portfolio.horizon + 1, changes),
                total - without.value,
            )
        )
    misses: list[tuple[float, Bet, float]] = []
    for bet in portfolio.bets:
        if bet.id in selected or bet.weekly_value <= 0:
            continue
        forced = solve(portfolio, forced_in=frozenset({bet.id}))
        if not math.isfinite(forced.value) or bet.id not in forced.starts:
            continue
        if portfolio.value(bet, forced.starts[bet.id] + bet.weeks) <= 0:
            continue
        misses.append((total - forced.value, bet, forced.value))
    misses.sort(key=lambda m: (m[0], m[1].id))
    for gap, bet, _value in misses[:NEAR_MISSES]:
        factor = _crossing(portfolio, bet, total, solve, below=False)

        def enters(weeks: int, bet: Bet = bet) -> bool:
            return bet.id in replan(_with_bet(portfolio, replace(bet, weeks=weeks)))

        def enters_shorter(k: int, bet: Bet = bet, enters: Callable[[int], bool] = enters) -> bool:
            return enters(bet.weeks - k)

        shortest = _first(1, bet.weeks - 1, enters_shorter)
        prob = None if factor is None else bet.probability * factor
        out.append(
            Sensitivity(
                bet.id,
                False,
                bet.impact.mean,
                None if factor is None else bet.impact.mean * factor,
                bet.probability,
                prob if prob is not None and prob <= 1 else None,
                bet.weeks,
                None if shortest is None else bet.weeks - shortest,
                gap,
            )
        )
    return out


def _crossing(
    portfolio: Portfolio,
    bet: Bet,
    other: float,
    solve: Callable[..., Solution],
    *,
    below: bool,
) -> float | None:
    """The factor k on the bet's value at which the best plan with it is worth ``other``.

    The best plan with the bet, as a function of k, is the maximum of lines (one per schedule:
    the rest's value plus k times the bet's); it is convex and increasing, so Newton's method
    from k = 1 reaches the crossing in a few exact solves. ``below``: a selected bet, ``other``
    the best plan without it (k < 1); otherwise a near miss, ``other`` the plan (k > 1).
    """
    k = 1.0
    for step in range(12):
        scaled = replace(bet, impact=bet.impact.scaled(k))
        p = _with_bet(portfolio, scaled)
        sol = solve(p, forced_in=frozenset({bet.id}))
        if not math.isfinite(sol.value) or bet.id not in sol.starts:
            return None
        own = p.value(scaled, sol.starts[bet.id] + bet.weeks)
        per_unit = own / k
        if per_unit <= 0:
            return None
        nxt = (other - (sol.value - own)) / per_unit
        if nxt <= 1e-9:
            return 0.0
        # From the first tangent on, the steps fall monotonically to the crossing.
        if (step > 0 or below) and nxt >= k - 1e-9 * k:
            return k
        k = nxt
    return k


def plan_order(portfolio: Portfolio, plan: Solution) -> list[int]:
    """The plan as a priority order: its bets by start week, then the others as written."""
    index = portfolio.index
    chosen = sorted(plan.starts, key=lambda b: (plan.starts[b], index[b]))
    rest = [i for i, b in enumerate(portfolio.bets) if b.id not in plan.starts]
    return [index[b] for b in chosen] + rest


def _draw_impact(impact: Impact, z: float) -> float:
    sigma = (impact.p50 - impact.p10) if z < 0 else (impact.p90 - impact.p50)
    return impact.p50 + z * sigma / Z90


def monte_carlo(
    portfolio: Portfolio,
    *,
    draws: int,
    seed: int,
    plan: Solution | None = None,
    evaluations: int | None = None,
    step: Callable[[], None] | None = None,
) -> dict[str, float]:
    """The share of ``draws`` random worlds whose plan includes each bet (module docstring);
    ``step()`` is called after each world."""
    import numpy as np

    rng = np.random.default_rng(seed)
    bets = portfolio.bets
    counts = dict.fromkeys((b.id for b in bets), 0)
    if draws <= 0 or not bets:
        return {k: 0.0 for k in counts}
    z_impact = rng.standard_normal((draws, len(bets)))
    z_weeks = rng.standard_normal((draws, len(bets)))
    orders = [plan_order(portfolio, plan)] if plan is not None else []
    budget = evaluations if evaluations is not None else min(REPLAN_EVALUATIONS, 2 * len(bets) + 10)
    for d in range(draws):
        world = []
        for i, b in enumerate(bets):
            x = _draw_impact(b.impact, float(z_impact[d, i]))
            weeks = b.weeks
            if b.weeks_p90 is not None and b.weeks_p90 > b.weeks:
                sigma = math.log(b.weeks_p90 / b.weeks) / Z90
                weeks = max(1, round(b.weeks * math.exp(sigma * float(z_weeks[d, i]))))
            world.append(replace(b, impact=Impact(b.impact.metric, x, x, x), weeks=weeks))
        res = solve_heuristic(
            replace(portfolio, bets=world),
            seed=d,
            max_evaluations=budget,
            time_limit=5.0,
            orders=orders,
        )
        for i in res.starts:
            counts[bets[i].id] += 1
        if step is not None:
            step()
    return {k: c / draws for k, c in counts.items()}
