"""The plan as text a product manager reads in a minute: the value, what the usual orders
leave on the table, the schedule, why each bet is in or out, and how robust the choice is."""

from __future__ import annotations

from backwards.portfolio.plan import PortfolioPlan
from backwards.portfolio.sensitivity import Sensitivity
from backwards.wording import count

__all__ = ["headline_lines", "render_text", "threshold_lines"]


def _money(x: float) -> str:
    return f"{x:,.0f}"


def _pct(x: float) -> str:
    return f"{x:.0%}"


def headline_lines(plan: PortfolioPlan) -> list[str]:
    p = plan.portfolio
    sol = plan.solution
    if sol.method == "exact":
        how = (
            "exact, proven best"
            if sol.optimal
            else f"exact solver stopped early, gap {sol.gap:.2%}"
        )
    else:
        how = "heuristic (more than 40 bets)"
    lines = [
        f"Portfolio plan: {count(len(p.bets), 'bet')}, {count(len(p.teams), 'team')}, "
        f"{count(p.horizon, 'week')} from "
        f"{p.start} ({how})",
        "",
        f"  Expected value of the plan   {_money(plan.expected_value):>12}",
        f"  Taking bets as written       {_money(plan.naive_value):>12}",
    ]
    lev = plan.leverage
    lines.append(
        f"  Leverage                     {(f'{lev:.2f}x' if lev is not None else 'n/a'):>12}"
        "   (plan / as written)"
    )
    for o in plan.orderings:
        n = len(o.unscored)
        note = (
            f"   ({count(n, 'bet')} without a score go{'es' if n == 1 else ''} last)" if n else ""
        )
        lines.append(f"  Ordering by {o.name:<17}{_money(o.value):>12}{note}")
    return lines


def _schedule(plan: PortfolioPlan) -> list[str]:
    p = plan.portfolio
    lines = ["", "Schedule (weeks from 0)"]
    width = max((len(s.id) for s in plan.schedule), default=4)
    for team in p.teams:
        rows = [s for s in plan.schedule if s.team == team]
        cap = p.teams[team].capacity
        lines.append(f"  {team} (capacity {cap:g})")
        if not rows:
            lines.append("    nothing scheduled")
        for s in rows:
            bet = p.bet(s.id)
            lines.append(
                f"    {s.id:<{width}}  weeks {s.start:>2}-{s.finish - 1:<2}  "
                f"{bet.people:g} {'person' if bet.people == 1 else 'people'}  "
                f"worth {_money(p.value(bet, s.finish))}"
            )
    return lines


def _odds(plan: PortfolioPlan, bet_id: str) -> str:
    if not plan.in_best_plan:
        return ""
    return (
        f" In the best plan in {_pct(plan.in_best_plan[bet_id])} of {plan.draws:,} simulated draws."
    )


def _why(plan: PortfolioPlan) -> list[str]:
    lines = ["", "Why in"]
    for bet_id, reason in plan.why_in.items():
        lines.append(f"  {bet_id}: {reason}.{_odds(plan, bet_id)}")
    lines += ["", "Why out"]
    if not plan.dropped:
        lines.append("  every bet is in the plan")
    for bet_id, reason in plan.dropped.items():
        lines.append(f"  {bet_id}: {reason}.{_odds(plan, bet_id)}")
    return lines


def _threshold(s: Sensitivity) -> str:
    parts = []
    if s.impact_threshold is None:
        parts.append("impact: no change moves it")
    elif s.selected and s.impact_threshold == 0:
        parts.append("impact and probability: stays in at any value above zero")
    else:
        change = (s.impact_threshold / s.impact_mean - 1) if s.impact_mean else 0.0
        parts.append(f"impact {s.impact_mean:,.3g} -> {s.impact_threshold:,.3g} ({change:+.0%})")
    if s.selected and s.impact_threshold == 0:
        pass
    elif s.probability_threshold is None:
        parts.append("probability: no value" if not s.selected else "probability: any")
    else:
        parts.append(f"probability {_pct(s.probability)} -> {_pct(s.probability_threshold)}")
    if s.weeks_threshold is None:
        parts.append("weeks: no duration" if not s.selected else "weeks: any")
    else:
        parts.append(f"weeks {s.weeks} -> {s.weeks_threshold}")
    return ", ".join(parts)


def threshold_lines(plan: PortfolioPlan) -> list[str]:
    """One line per selected bet and near miss: how far each estimate may move."""
    return [
        f"{s.id}{'' if s.selected else ' (near miss)'}: {_threshold(s)}" for s in plan.sensitivity
    ]


def _sensitivity(plan: PortfolioPlan) -> list[str]:
    if not plan.sensitivity:
        return []
    lines = [
        "",
        "How far an estimate may move before the plan changes",
        "  (in the plan: it leaves at; left out: it gets in at)",
    ]
    lines.extend(f"  {line}" for line in threshold_lines(plan))
    return lines


def render_text(plan: PortfolioPlan) -> str:
    """The plan in plain words (see the module docstring)."""
    lines = [*headline_lines(plan), *_schedule(plan), *_why(plan), *_sensitivity(plan)]
    return "\n".join(lines) + "\n"
