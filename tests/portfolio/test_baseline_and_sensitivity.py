"""The naive plan's rules on a hand-worked case, leverage, sensitivity and the Monte Carlo run."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from backwards.portfolio import CostOfDelay, Delay
from backwards.portfolio.baseline import naive_plan, score_plans
from backwards.portfolio.model import Bet, Impact, Portfolio, Rice, Team, headcount
from backwards.portfolio.optimiser import Optimiser
from backwards.portfolio.plan import plan_portfolio
from backwards.portfolio.render import render_plan
from backwards.portfolio.sensitivity import monte_carlo

START = date(2027, 1, 4)


def bet(bid: str, people: float, weeks: int, p50: float, **kw: object) -> Bet:
    return Bet(
        id=bid,
        title=bid,
        team="a",
        people=people,
        weeks=weeks,
        impact=Impact("M", p50, p50, p50),
        value_per_unit=1.0,
        probability=1.0,
        **kw,  # type: ignore[arg-type]
    )


def hand_portfolio() -> Portfolio:
    bets = [
        bet("b1", 1, 2, 10, requires=("b2",)),  # written before its requirement: waits for it
        bet("b2", 1, 3, 1),
        bet("g1", 2, 2, 5, exclusive="x", rice=Rice(1)),
        bet("g2", 1, 1, 50, exclusive="x", rice=Rice(9)),
        bet("big", 2, 20, 100),  # cannot finish within 10 weeks
        bet("dep", 1, 1, 100, requires=("big",)),
    ]
    return Portfolio(10, {"a": Team("a", 2)}, bets, START)


def test_naive_plan_follows_the_written_order_rules() -> None:
    p = hand_portfolio()
    naive = naive_plan(p)
    assert dict(naive.schedule.starts) == {"b2": 0, "b1": 3, "g1": 5}
    assert naive.left_out == {
        "g2": "exclusive with g1",
        "big": "cannot finish within the horizon",
        "dep": "requires big, which is left out",
    }
    # value by the model: b2 finishes at 3 (7 weeks x 1), b1 at 5 (5 x 10), g1 at 7 (3 x 5)
    assert naive.value == pytest.approx(7 * 1 + 5 * 10 + 3 * 5)


def test_rice_order_and_leverage() -> None:
    p = hand_portfolio()
    (rice,) = score_plans(p)
    assert rice.name == "RICE"
    assert rice.order[:2] == ("g2", "g1")
    assert set(rice.unscored) == {"b1", "b2", "big", "dep"}
    plan = plan_portfolio(p, draws=50, with_sensitivity=False)
    assert plan.leverage == pytest.approx(plan.expected_value / plan.naive_value)
    assert plan.expected_value >= max(plan.naive_value, rice.value) - 1e-9
    assert "g2" in plan.selected
    assert plan.dropped["g1"].startswith("only one of group 'x'")
    assert plan.dropped["big"].startswith("it needs 20 weeks")


def test_sensitivity_thresholds_are_where_the_selection_changes() -> None:
    p = Portfolio(
        12,
        {"a": Team("a", 2)},
        [
            bet("keep", 2, 4, 30),
            bet("rival", 2, 4, 20),
            bet("third", 2, 4, 12),
            bet("small", 1, 2, 3),
        ],
        START,
    )
    plan = plan_portfolio(p, draws=0)
    opt = Optimiser()
    selected = set(plan.selected)
    by_id = {s.id: s for s in plan.sensitivity}
    checked = 0
    for s in plan.sensitivity:
        if s.impact_threshold is None or s.impact_threshold <= 0:
            continue
        b = p.bet(s.id)
        for factor in (0.98, 1.02):
            x = s.impact_threshold * factor
            moved = replace(p, bets=[replace(b, impact=Impact("M", x, x, x)) if c.id == b.id else c
                                     for c in p.bets])  # fmt: skip
            now = set(opt.solve(moved).starts)
            assert (s.id in now) == (factor > 1), (s, factor, now)
            checked += 1
    assert checked >= 4
    assert any(not s.selected for s in plan.sensitivity), by_id
    assert selected


def test_monte_carlo_is_seeded_and_sensible() -> None:
    p = Portfolio(
        10,
        {"a": Team("a", 2)},
        [bet("sure", 1, 3, 100), bet("never", 1, 30, 100), bet("maybe", 1, 8, 1)],
        START,
    )
    wide = replace(p.bet("maybe"), impact=Impact("M", 0, 5, 400))
    p = replace(p, bets=[p.bets[0], p.bets[1], wide])
    a = monte_carlo(p, draws=300, seed=7)
    assert a == monte_carlo(p, draws=300, seed=7)
    assert a["sure"] == 1.0
    assert a["never"] == 0.0
    assert 0.0 < a["maybe"] < 1.0


def test_texts_say_one_team_and_one_bet_without_a_plural() -> None:
    one = Portfolio(1, {"a": Team("a", 1)}, [bet("solo", 1, 1, 5)], START)
    text = render_plan(plan_portfolio(one, draws=0), "text")
    assert "1 bet, 1 team, 1 week from" in text
    assert "1 bets" not in text and "1 teams" not in text and "1 weeks" not in text
    many = render_plan(plan_portfolio(hand_portfolio(), draws=0), "text")
    assert "6 bets, 1 team, 10 weeks from" in many
    assert headcount(1) == "1 person" and headcount(2.5) == "2.5 people"
    assert CostOfDelay.of(short_life=1).describe() == "short life (1 week)"
    assert CostOfDelay.of(START, 3).kind is Delay.DEADLINE


def test_planning_reports_its_steps_to_a_progress_callback() -> None:
    heard: list[tuple[str, int, int | None]] = []
    plan = plan_portfolio(
        hand_portfolio(), draws=7, progress=lambda s, d, t: heard.append((s, d, t))
    )
    steps = [s for s, _, _ in heard]
    assert steps[0] == "Planning" and steps[-1] == "Monte Carlo"
    assert steps.index("Sensitivity") < steps.index("Monte Carlo")
    carlo = [(d, t) for s, d, t in heard if s == "Monte Carlo"]
    assert carlo == [(i, 7) for i in range(8)]  # the start, then each world
    replans = [d for s, d, _ in heard if s == "Sensitivity"]
    assert replans == list(range(len(replans))) and len(replans) > len(plan.sensitivity)
