"""Planning a portfolio: the best plan, what the naive and scored orders leave on the table,
why each bet is in or out, how robust the choice is.

``plan_portfolio(portfolio)`` is the use case; ``PortfolioPlan.to_dict()`` is the JSON shape
(keys: ``selected``, ``schedule``, ``expected_value``, ``naive_value``, ``leverage``,
``dropped``, ``sensitivity``, ``monte_carlo``, ``orderings``, ``solver``, ``bets``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from backwards.errors import InputError
from backwards.portfolio.baseline import OrderedPlan, naive_plan, score_plans
from backwards.portfolio.milp import earliest_starts
from backwards.portfolio.model import DEFAULT_HORIZON, Bet, Delay, Portfolio, deadline_week
from backwards.portfolio.optimiser import Optimiser, Solution
from backwards.portfolio.schedule import Placement, Schedule, check
from backwards.portfolio.sensitivity import Sensitivity, monte_carlo, sensitivity
from backwards.wording import count

__all__ = ["DEFAULT_HORIZON", "PLAN_JSON_VERSION", "PortfolioPlan", "Progress", "plan_portfolio"]

#: ``progress(step, done, total)``: the step running ("Planning", "Sensitivity", "Monte
#: Carlo"), how much of it is done, and its size (None when not known in advance).
Progress = Callable[[str, int, int | None], None]

PLAN_JSON_VERSION = 1

#: Sensitivity re-plans many times; above this many bets it re-plans with the heuristic.
SENSITIVITY_EXACT_MAX_BETS = 15


@dataclass(frozen=True, slots=True)
class PortfolioPlan:
    portfolio: Portfolio
    solution: Solution
    schedule: tuple[Placement, ...]
    naive: OrderedPlan
    orderings: tuple[OrderedPlan, ...]
    dropped: dict[str, str]
    why_in: dict[str, str]
    sensitivity: tuple[Sensitivity, ...]
    in_best_plan: dict[str, float]
    draws: int
    seed: int

    @property
    def expected_value(self) -> float:
        return self.solution.value

    @property
    def naive_value(self) -> float:
        return self.naive.value

    @property
    def leverage(self) -> float | None:
        """expected_value / naive_value (None when the naive plan is worth nothing)."""
        if self.naive.value <= 0:
            return None
        return self.solution.value / self.naive.value

    @property
    def selected(self) -> list[str]:
        return [p.id for p in self.schedule]

    def to_dict(self) -> dict[str, Any]:
        p = self.portfolio
        sol = self.solution
        return {
            "version": PLAN_JSON_VERSION,
            "horizon_weeks": p.horizon,
            "start": p.start.isoformat(),
            "selected": self.selected,
            "schedule": [
                {
                    "id": s.id,
                    "team": s.team,
                    "start": s.start,
                    "finish": s.finish,
                    "value": p.value(p.bet(s.id), s.finish),
                }
                for s in self.schedule
            ],
            "expected_value": sol.value,
            "naive_value": self.naive.value,
            "leverage": self.leverage,
            "orderings": [
                {
                    "name": o.name,
                    "value": o.value,
                    "selected": sorted(o.schedule.starts, key=lambda b: p.index[b]),
                    "unscored": list(o.unscored),
                }
                for o in (self.naive, *self.orderings)
            ],
            "dropped": [{"id": k, "reason": v} for k, v in self.dropped.items()],
            "why_in": [{"id": k, "reason": v} for k, v in self.why_in.items()],
            "sensitivity": [
                {
                    "id": s.id,
                    "selected": s.selected,
                    "impact_mean": s.impact_mean,
                    "impact_threshold": s.impact_threshold,
                    "probability": s.probability,
                    "probability_threshold": s.probability_threshold,
                    "weeks": s.weeks,
                    "weeks_threshold": s.weeks_threshold,
                    "value_gap": s.value_gap,
                }
                for s in self.sensitivity
            ],
            "monte_carlo": {
                "draws": self.draws,
                "seed": self.seed,
                "in_best_plan": self.in_best_plan,
            },
            "solver": {
                "method": sol.method,
                "optimal": sol.optimal,
                "bound": sol.bound,
                "gap": sol.gap,
                "seconds": round(sol.seconds, 3),
            },
            "bets": [
                {
                    "id": b.id,
                    "title": b.title,
                    "team": b.team,
                    "owner": b.owner,
                    "weekly_value": b.weekly_value,
                    "impact_mean": b.impact.mean,
                    "metric": b.impact.metric,
                }
                for b in p.bets
            ],
        }


def plan_portfolio(
    portfolio: Portfolio,
    *,
    horizon: int | None = None,
    time_limit: float = 10.0,
    seed: int = 0,
    draws: int = 1000,
    with_sensitivity: bool = True,
    progress: Progress | None = None,
) -> PortfolioPlan:
    """Plan ``portfolio`` (see the module docstring); ``horizon`` overrides its weeks;
    ``progress`` hears of each step (``Progress``).

    Relative forecasts must be made absolute first (``InputError`` naming the bets).
    """
    relative = [b.id for b in portfolio.bets if b.impact.relative]
    if relative:
        raise InputError(
            f"{count(len(relative), 'bet')} forecast a relative change "
            f"({', '.join(relative[:5])}): planning needs it in metric units",
            hint="Plan in a workspace with a WBR config (or pass --wbr CONFIG with its data): "
            "the metric's last 12 weeks turn the fractions into metric units.",
        )
    if horizon is not None:
        portfolio = replace(portfolio, horizon=horizon)
    tell = progress or _silent
    tell("Planning", 0, None)
    optimiser = Optimiser(time_limit=time_limit, seed=seed)
    solution = optimiser.solve(portfolio)
    schedule = Schedule(solution.starts)
    problems = check(portfolio, schedule)
    if problems:  # pragma: no cover - a solver bug, never a user error
        raise AssertionError("infeasible plan: " + "; ".join(problems))
    naive = naive_plan(portfolio)
    sens: list[Sensitivity] = []
    if with_sensitivity:
        small = len(portfolio.bets) <= SENSITIVITY_EXACT_MAX_BETS
        sens_opt = Optimiser(
            time_limit=min(2.0, time_limit),
            seed=seed,
            exact_max_bets=SENSITIVITY_EXACT_MAX_BETS if small else 0,
        )
        tell("Sensitivity", 0, None)
        sens = sensitivity(
            portfolio,
            solution,
            sens_opt,
            time_limit=min(2.0, time_limit),
            step=_counter(tell, "Sensitivity", None),
        )
    in_best: dict[str, float] = {}
    if draws:
        tell("Monte Carlo", 0, draws)
        counted = _counter(tell, "Monte Carlo", draws)
        in_best = monte_carlo(portfolio, draws=draws, seed=seed, plan=solution, step=counted)
    return PortfolioPlan(
        portfolio=portfolio,
        solution=solution,
        schedule=tuple(schedule.placements(portfolio)),
        naive=naive,
        orderings=tuple(score_plans(portfolio)),
        dropped=_why_out(portfolio, solution, sens),
        why_in=_why_in(portfolio, solution, naive),
        sensitivity=tuple(sens),
        in_best_plan=in_best,
        draws=draws,
        seed=seed,
    )


def _silent(step: str, done: int, total: int | None) -> None:
    """No one listens."""


def _counter(tell: Progress, step: str, total: int | None) -> Callable[[], None]:
    """A callback for one more unit of ``step`` done."""
    done = 0

    def one() -> None:
        nonlocal done
        done += 1
        tell(step, done, total)

    return one


def money(x: float) -> str:
    return f"{x:,.0f}"


def _why_in(portfolio: Portfolio, solution: Solution, naive: OrderedPlan) -> dict[str, str]:
    out: dict[str, str] = {}
    index = portfolio.index
    needed_by: dict[str, list[str]] = {}
    for bet in portfolio.bets:
        for r in bet.requires:
            if bet.id in solution.starts:
                needed_by.setdefault(r, []).append(bet.id)
    for bet_id in sorted(solution.starts, key=lambda b: (solution.starts[b], index[b])):
        bet = portfolio.bet(bet_id)
        s = solution.starts[bet_id]
        f = s + bet.weeks
        earned = portfolio.earned_weeks(bet, f)
        text = (
            f"worth {money(bet.weekly_value)} a week once live (p {bet.probability:.0%} x "
            f"{bet.impact.mean:g} {bet.impact.metric}/week x {bet.value_per_unit:g}); "
            f"weeks {s}-{f - 1}, live for {count(earned, 'week')}: "
            f"{money(portfolio.value(bet, f))}"
        )
        if bet_id in needed_by:
            text += f"; needed by {', '.join(needed_by[bet_id])}"
        if bet.cost_of_delay.kind is Delay.DEADLINE:
            text += f"; meets its deadline ({bet.cost_of_delay.deadline})"
        ns = naive.schedule.starts.get(bet_id)
        if ns is None:
            text += "; the as-written order leaves it out"
        elif ns > s:
            text += f"; starts {count(ns - s, 'week')} earlier than as written"
        out[bet_id] = text
    return out


def _why_out(portfolio: Portfolio, solution: Solution, sens: list[Sensitivity]) -> dict[str, str]:
    out: dict[str, str] = {}
    es = earliest_starts(portfolio)
    index = portfolio.index
    by_id = {s.id: s for s in sens}
    h = portfolio.horizon

    def reason(bet: Bet) -> str:
        i = index[bet.id]
        if bet.weekly_value <= 0:
            return (
                f"its expected value per week is {money(bet.weekly_value)} (probability x "
                "mean impact x value per unit): it cannot add value"
            )
        if es[i] + bet.weeks > h:
            need = count(es[i] + bet.weeks, "week")
            return f"it needs {need} with its requirements; the horizon is {h}"
        for r in bet.requires:
            if r not in solution.starts:
                return f"it requires {r}, which is not in the plan"
        if bet.exclusive is not None:
            for other in portfolio.bets:
                if other.exclusive == bet.exclusive and other.id in solution.starts:
                    return f"only one of group {bet.exclusive!r}: {other.id} is worth more"
        if bet.cost_of_delay.kind is Delay.DEADLINE:
            assert bet.cost_of_delay.deadline is not None
            last = deadline_week(portfolio.start, bet.cost_of_delay.deadline)
            if es[i] + bet.weeks > last:
                return f"it cannot finish by its deadline ({bet.cost_of_delay.deadline})"
        if portfolio.earned_weeks(bet, es[i] + bet.weeks) == 0:
            return "it would finish too late to earn anything within the horizon"
        s = by_id.get(bet.id)
        if s is not None and s.impact_threshold is not None:
            return (
                f"team {bet.team}'s people earn more on the plan's bets: taking it costs "
                f"{money(s.value_gap)}; it gets in at a mean impact of "
                f"{s.impact_threshold:,.3g} (now {s.impact_mean:,.3g})"
            )
        return f"team {bet.team}'s people earn more on the plan's bets"

    for bet in portfolio.bets:
        if bet.id not in solution.starts:
            out[bet.id] = reason(bet)
    return out


def _finite(x: float) -> float | None:
    return x if math.isfinite(x) else None
