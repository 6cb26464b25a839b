"""The plans a team would make without the solver: the naive plan and the RICE and WSJF orders.

The naive plan is the serial scheduler taking bets in the order they were written: each at the
earliest week its requirements are done and its team has the people; a bet listed before its
requirement waits for it; of an exclusive group the first written is taken; bets that cannot
finish within the horizon, and those that require them, are left out. The RICE and WSJF plans
are the same scheduler taking bets by descending score (bets without a score last, in written
order). ``leverage = expected_value / naive_value``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from backwards.portfolio.model import Bet, Portfolio
from backwards.portfolio.schedule import Schedule, SerialScheduler

__all__ = ["OrderedPlan", "naive_plan", "score_plans"]


@dataclass(frozen=True, slots=True)
class OrderedPlan:
    """A plan made by taking the bets in one order."""

    name: str
    order: tuple[str, ...]
    schedule: Schedule
    value: float
    left_out: dict[str, str]
    unscored: tuple[str, ...] = ()


def _ordered(portfolio: Portfolio, name: str, order: Sequence[int]) -> OrderedPlan:
    sched = SerialScheduler(portfolio)
    starts, skipped = sched.place(order)
    bets = portfolio.bets
    return OrderedPlan(
        name=name,
        order=tuple(bets[i].id for i in order),
        schedule=sched.schedule(starts),
        value=sched.value_of(starts),
        left_out={bets[i].id: reason for i, reason in skipped.items()},
    )


def naive_plan(portfolio: Portfolio) -> OrderedPlan:
    """The bets in the order they were written (see the module docstring)."""
    return _ordered(portfolio, "as written", range(len(portfolio.bets)))


def _by_score(
    portfolio: Portfolio, name: str, score: Callable[[Bet], float | None]
) -> OrderedPlan | None:
    scores = [score(b) for b in portfolio.bets]
    if all(s is None for s in scores):
        return None
    scored = [i for i, s in enumerate(scores) if s is not None]
    scored.sort(key=lambda i: (-(scores[i] or 0.0), i))
    unscored = [i for i, s in enumerate(scores) if s is None]
    plan = _ordered(portfolio, name, [*scored, *unscored])
    return OrderedPlan(
        plan.name,
        plan.order,
        plan.schedule,
        plan.value,
        plan.left_out,
        tuple(portfolio.bets[i].id for i in unscored),
    )


def score_plans(portfolio: Portfolio) -> list[OrderedPlan]:
    """The RICE and WSJF plans, for the scores the bets carry."""
    plans = [
        _by_score(portfolio, "RICE", lambda b: b.rice.score if b.rice else None),
        _by_score(portfolio, "WSJF", lambda b: b.wsjf.score if b.wsjf else None),
    ]
    return [p for p in plans if p is not None]
