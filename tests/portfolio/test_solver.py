"""The plan against an independent brute force, and the model recomputed independently.

The brute force here is written from the issue's statement of the model, not from the product:
enumerate every subset of bets (requirements closed, one per exclusive group) and every order of
it, place each bet at its earliest feasible week (a serial schedule), keep the best value.
"""

from __future__ import annotations

import itertools
import os
import random
from datetime import date, timedelta

import pytest

from backwards.portfolio.heuristic import solve_heuristic
from backwards.portfolio.milp import _quiet_stdout
from backwards.portfolio.model import Bet, CostOfDelay, Delay, Impact, Portfolio, Team
from backwards.portfolio.optimiser import Optimiser
from backwards.portfolio.plan import plan_portfolio

START = date(2027, 1, 4)


def random_portfolio(seed: int, n: int = 7) -> Portfolio:
    rng = random.Random(seed)
    teams = {"a": Team("a", float(rng.randint(2, 3))), "b": Team("b", float(rng.randint(1, 3)))}
    horizon = rng.randint(8, 14)
    bets = []
    for i in range(n):
        team = rng.choice("ab")
        p50 = rng.uniform(1, 50)
        roll = rng.random()
        if roll < 0.15:
            cod = CostOfDelay(
                Delay.DEADLINE, deadline=START + timedelta(days=7 * rng.randint(2, 10))
            )
        elif roll < 0.3:
            cod = CostOfDelay(Delay.SHORT_LIFE, life_weeks=rng.randint(1, 6))
        else:
            cod = CostOfDelay()
        requires = (f"x{rng.randrange(i)}",) if i and rng.random() < 0.3 else ()
        bets.append(
            Bet(
                id=f"x{i}",
                title=f"bet {i}",
                team=team,
                people=float(rng.randint(1, int(teams[team].capacity))),
                weeks=rng.randint(1, 5),
                impact=Impact("M", p50 * rng.uniform(0, 1), p50, p50 * rng.uniform(1, 2)),
                value_per_unit=rng.choice([1.0, 3.0, 10.0]),
                probability=rng.uniform(0.1, 1.0),
                requires=requires,
                exclusive="g" if i in (1, 4) and seed % 2 == 0 else None,
                cost_of_delay=cod,
            )
        )
    return Portfolio(horizon, teams, bets, START)


def model_value(p: Portfolio, bet: Bet, finish: int) -> float:
    """The issue's formula, written out again."""
    mean = 0.3 * bet.impact.p10 + 0.4 * bet.impact.p50 + 0.3 * bet.impact.p90
    per_week = bet.probability * mean * bet.value_per_unit
    weeks = max(0, p.horizon - finish)
    if bet.cost_of_delay.kind is Delay.DEADLINE:
        assert bet.cost_of_delay.deadline is not None
        if START + timedelta(days=7 * finish) > bet.cost_of_delay.deadline + timedelta(days=6):
            weeks = 0
    if bet.cost_of_delay.kind is Delay.SHORT_LIFE:
        assert bet.cost_of_delay.life_weeks is not None
        weeks = min(weeks, bet.cost_of_delay.life_weeks)
    return per_week * weeks


def feasible(p: Portfolio, starts: dict[str, int]) -> bool:
    bets = {b.id: b for b in p.bets}
    use = {t: [0.0] * p.horizon for t in p.teams}
    groups = set()
    for bid, s in starts.items():
        b = bets[bid]
        if s < 0 or s + b.weeks > p.horizon:
            return False
        for t in range(s, s + b.weeks):
            use[b.team][t] += b.people
        for r in b.requires:
            if r not in starts or starts[r] + bets[r].weeks > s:
                return False
        if b.exclusive:
            if b.exclusive in groups:
                return False
            groups.add(b.exclusive)
    return all(u <= p.teams[t].capacity + 1e-9 for t, row in use.items() for u in row)


def brute_force(p: Portfolio) -> float:
    bets = {b.id: b for b in p.bets}
    best = 0.0
    ids = list(bets)
    for k in range(1, len(ids) + 1):
        for subset in itertools.combinations(ids, k):
            chosen = set(subset)
            if any(r not in chosen for b in subset for r in bets[b].requires):
                continue
            groups = [bets[b].exclusive for b in subset if bets[b].exclusive]
            if len(groups) != len(set(groups)):
                continue
            for order in itertools.permutations(subset):
                starts: dict[str, int] = {}
                use = {t: [0.0] * p.horizon for t in p.teams}
                ok = True
                for bid in order:
                    b = bets[bid]
                    if any(r not in starts for r in b.requires):
                        ok = False
                        break
                    s = max((starts[r] + bets[r].weeks for r in b.requires), default=0)
                    row, cap = use[b.team], p.teams[b.team].capacity
                    while s + b.weeks <= p.horizon and any(
                        row[t] + b.people > cap + 1e-9 for t in range(s, s + b.weeks)
                    ):
                        s += 1
                    if s + b.weeks > p.horizon:
                        ok = False
                        break
                    for t in range(s, s + b.weeks):
                        row[t] += b.people
                    starts[bid] = s
                if ok:
                    value = sum(model_value(p, bets[x], starts[x] + bets[x].weeks) for x in starts)
                    best = max(best, value)
    return best


SEEDS = range(24)


@pytest.mark.parametrize("seed", SEEDS)
def test_exact_plan_matches_brute_force_and_the_model(seed: int) -> None:
    p = random_portfolio(seed)
    sol = Optimiser(time_limit=30).solve(p)
    assert sol.optimal
    assert sol.value == pytest.approx(brute_force(p), rel=1e-7, abs=1e-7)
    assert feasible(p, sol.starts)
    recomputed = sum(model_value(p, p.bet(b), s + p.bet(b).weeks) for b, s in sol.starts.items())
    assert sol.value == pytest.approx(recomputed, rel=1e-9, abs=1e-9)


def test_reported_plan_is_the_schedule_it_shows() -> None:
    for seed in (3, 8):
        p = random_portfolio(seed)
        plan = plan_portfolio(p, draws=20, with_sensitivity=False)
        data = plan.to_dict()
        starts = {row["id"]: row["start"] for row in data["schedule"]}
        assert set(data["selected"]) == set(starts)
        for row in data["schedule"]:
            assert row["finish"] == row["start"] + p.bet(row["id"]).weeks
            assert row["team"] == p.bet(row["id"]).team
        assert feasible(p, starts)
        recomputed = sum(model_value(p, p.bet(b), s + p.bet(b).weeks) for b, s in starts.items())
        assert data["expected_value"] == pytest.approx(recomputed, rel=1e-9)
        assert data["expected_value"] == pytest.approx(brute_force(p), rel=1e-7)
        dropped = {d["id"] for d in data["dropped"]}
        assert dropped == {b.id for b in p.bets} - set(starts)


def test_heuristic_plans_are_feasible_and_mostly_optimal() -> None:
    hits = 0
    for seed in SEEDS:
        p = random_portfolio(seed)
        res = solve_heuristic(p, seed=0, max_evaluations=400, time_limit=60)
        starts = {p.bets[i].id: s for i, s in res.starts.items()}
        assert feasible(p, starts)
        best = brute_force(p)
        assert res.objective <= best + 1e-6
        hits += res.objective >= best - 1e-6 * max(1.0, best)
    assert hits >= 0.8 * len(SEEDS)


def test_forced_in_and_out() -> None:
    p = random_portfolio(5)
    opt = Optimiser(time_limit=30)
    full = opt.solve(p)
    some = next(iter(full.starts))
    without = opt.solve(p, forced_out=frozenset({some}))
    assert some not in without.starts
    assert without.value <= full.value + 1e-9
    assert feasible(p, without.starts)
    left = [b.id for b in p.bets if b.id not in full.starts and b.weekly_value > 0]
    for bet_id in left:
        forced = opt.solve(p, forced_in=frozenset({bet_id}))
        if forced.starts:
            assert bet_id in forced.starts
            assert forced.value <= full.value + 1e-9
            assert feasible(p, forced.starts)


def test_the_exact_solver_writes_nothing_to_stdout(capfd: pytest.CaptureFixture[str]) -> None:
    """HiGHS writes from C++ (its banner, its log): nothing may reach file descriptor 1,
    where a command prints its JSON."""
    with _quiet_stdout():
        os.write(1, b"Running HiGHS (a banner)\n")
    print("after")
    Optimiser(time_limit=30).solve(random_portfolio(3))
    assert capfd.readouterr().out == "after\n"


@pytest.mark.parametrize("seed", range(6))
def test_the_column_wise_matrix_equals_scipys_compressed_sparse_columns(seed: int) -> None:
    """HiGHS gets the constraint matrix column-wise without scipy; scipy (a test dependency
    only) builds the reference from the same coefficients, repeated entries and zeros included."""
    import numpy as np
    from scipy import sparse

    from backwards.portfolio.milp import _columnwise

    rng = np.random.default_rng(seed)
    r, m, n = int(rng.integers(1, 9)), int(rng.integers(1, 12)), int(rng.integers(0, 60))
    rows, cols = rng.integers(0, r, n), rng.integers(0, m, n)
    vals = rng.choice([-1.0, 0.0, 1.0, 2.5], n)
    start, index, value = _columnwise(rows, cols, vals, r, m)
    reference = sparse.csc_array((vals, (rows, cols)), shape=(r, m))
    reference.sum_duplicates()
    assert start.tolist() == reference.indptr.tolist()
    assert index.tolist() == reference.indices.tolist()
    assert value.tolist() == reference.data.tolist()
