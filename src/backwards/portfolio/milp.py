"""The exact solver: a time-indexed mixed-integer program solved by HiGHS (``scipy.optimize.milp``).

One binary ``x[i, s]`` per bet i and feasible start week s (s + weeks <= H, s no earlier than
the longest chain of its requirements allows). Maximise ``sum value(i, s + weeks_i) x[i, s]``
subject to

- each bet starts at most once: ``sum_s x[i, s] <= 1``;
- capacity, per team k and week t: ``sum people_i x[i, s] <= capacity_k`` over the bets of k
  and the starts s with s <= t < s + weeks_i;
- requirements, for i requiring j and every week t: ``sum_{s <= t} x[i, s] <=
  sum_{s + weeks_j <= t} x[j, s]`` (i has started by t only if j has finished by t; this also
  makes i selected only when j is);
- exclusive groups: ``sum_{i in G} sum_s x[i, s] <= 1``.

Starts that earn nothing are dropped for bets nothing requires. HiGHS stops at ``time_limit``
seconds; the result then carries the proven bound and the relative gap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from backwards.portfolio.model import Portfolio

if TYPE_CHECKING:
    import numpy as np

__all__ = ["MilpResult", "earliest_starts", "solve_milp"]


@dataclass(frozen=True, slots=True)
class MilpResult:
    """Start week by bet index; the objective; the proven upper bound and whether optimal."""

    starts: dict[int, int]
    objective: float
    bound: float
    optimal: bool
    seconds: float

    @property
    def gap(self) -> float:
        """The relative gap between the bound and the plan found (0 when proven optimal)."""
        if self.optimal:
            return 0.0
        return (self.bound - self.objective) / max(abs(self.bound), 1e-9)


def earliest_starts(portfolio: Portfolio) -> list[int]:
    """The earliest start of each bet: its requirements' chain of weeks (no capacity)."""
    index = portfolio.index
    bets = portfolio.bets
    memo: dict[int, int] = {}

    def es(i: int) -> int:
        if i not in memo:
            memo[i] = max(
                (es(index[r]) + bets[index[r]].weeks for r in bets[i].requires), default=0
            )
        return memo[i]

    return [es(i) for i in range(len(bets))]


def solve_milp(
    portfolio: Portfolio,
    *,
    time_limit: float = 10.0,
    forced_in: frozenset[int] = frozenset(),
    forced_out: frozenset[int] = frozenset(),
    hint: dict[int, int] | None = None,
) -> MilpResult:
    """Solve the plan exactly (up to ``time_limit`` seconds).

    ``forced_in`` / ``forced_out`` hold bets that must / must not be selected; ``hint`` (start
    by bet index, say the heuristic's plan) is given to HiGHS as its first incumbent.
    """
    import time

    import highspy
    import numpy as np
    from scipy import sparse

    began = time.perf_counter()
    bets = portfolio.bets
    h = portfolio.horizon
    n = len(bets)
    index = portfolio.index
    required = {index[r] for b in bets for r in b.requires}
    es = earliest_starts(portfolio)

    cols_bet: list[int] = []
    cols_start: list[int] = []
    gains: list[float] = []
    first_col = [0] * n
    for i, bet in enumerate(bets):
        first_col[i] = len(cols_bet)
        if i in forced_out:
            continue
        for s in range(es[i], h - bet.weeks + 1):
            gain = portfolio.value(bet, s + bet.weeks)
            if gain <= 0 and i not in required:
                continue
            cols_bet.append(i)
            cols_start.append(s)
            gains.append(gain)
    m = len(cols_bet)
    if m == 0:
        if forced_in:
            return MilpResult({}, -math.inf, -math.inf, True, time.perf_counter() - began)
        return MilpResult({}, 0.0, 0.0, True, time.perf_counter() - began)
    col_bet = np.asarray(cols_bet)
    col_start = np.asarray(cols_start)
    cols_of: list[np.ndarray] = [np.flatnonzero(col_bet == i) for i in range(n)]

    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    upper: list[float] = []
    lower: list[float] = []
    r = 0

    def add_row(c: np.ndarray, v: np.ndarray | float, lo: float, hi: float) -> None:
        nonlocal r
        rows.extend([r] * len(c))
        cols.extend(c.tolist())
        vals.extend(np.broadcast_to(np.asarray(v, dtype=float), c.shape).tolist())
        lower.append(lo)
        upper.append(hi)
        r += 1

    for i in range(n):
        c = cols_of[i]
        if i in forced_in:
            if len(c) == 0:
                return MilpResult({}, -math.inf, -math.inf, True, time.perf_counter() - began)
            add_row(c, 1.0, 1.0, 1.0)
        elif len(c):
            add_row(c, 1.0, 0.0, 1.0)
    teams = list(portfolio.teams)
    weeks_arr = np.asarray([b.weeks for b in bets])
    people_arr = np.asarray([b.people for b in bets], dtype=float)
    team_arr = np.asarray([teams.index(b.team) for b in bets])
    col_weeks = weeks_arr[col_bet]
    col_team = team_arr[col_bet]
    col_people = people_arr[col_bet]
    for k, team in enumerate(teams):
        cap = portfolio.teams[team].capacity
        in_team = col_team == k
        for t in range(h):
            active = np.flatnonzero(in_team & (col_start <= t) & (col_start + col_weeks > t))
            if len(active) and col_people[active].sum() > cap + 1e-9:
                add_row(active, col_people[active], -np.inf, cap)
    for i, bet in enumerate(bets):
        ci = cols_of[i]
        if len(ci) == 0:
            continue
        for req in bet.requires:
            j = index[req]
            cj = cols_of[j]
            fin_j = col_start[cj] + weeks_arr[j]
            for t in range(int(col_start[ci].min()), int(col_start[ci].max()) + 1):
                started = ci[col_start[ci] <= t]
                finished = cj[fin_j <= t]
                c = np.concatenate([started, finished])
                v = np.concatenate([np.ones(len(started)), -np.ones(len(finished))])
                add_row(c, v, -np.inf, 0.0)
    groups: dict[str, list[int]] = {}
    for i, bet in enumerate(bets):
        if bet.exclusive is not None:
            groups.setdefault(bet.exclusive, []).append(i)
    for members in groups.values():
        if len(members) > 1:
            c = np.concatenate([cols_of[i] for i in members])
            if len(c):
                add_row(c, 1.0, 0.0, 1.0)

    a = sparse.csc_array((vals, (rows, cols)), shape=(r, m))
    gains_arr = np.asarray(gains, dtype=float)
    # A tiny preference for earlier starts makes ties (zero-value weeks) deterministic.
    tie = 1e-9 * max(1.0, float(np.abs(gains_arr).max())) * col_start / max(h, 1)
    solver = highspy.Highs()  # type: ignore[no-untyped-call]
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("time_limit", float(time_limit))
    solver.setOptionValue("mip_rel_gap", 1e-7)
    solver.setOptionValue("threads", 1)
    lp = highspy.HighsLp()
    lp.num_col_ = m
    lp.num_row_ = r
    lp.col_cost_ = gains_arr - tie
    lp.col_lower_ = np.zeros(m)
    lp.col_upper_ = np.ones(m)
    inf = highspy.kHighsInf
    lp.row_lower_ = np.where(np.isfinite(lower), lower, -inf)
    lp.row_upper_ = np.where(np.isfinite(upper), upper, inf)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = a.indptr
    lp.a_matrix_.index_ = a.indices
    lp.a_matrix_.value_ = a.data
    lp.integrality_ = [highspy.HighsVarType.kInteger] * m
    lp.sense_ = highspy.ObjSense.kMaximize
    solver.passModel(lp)
    if hint:
        x0 = np.zeros(m)
        for col in range(m):
            if hint.get(int(col_bet[col])) == int(col_start[col]):
                x0[col] = 1.0
        start_sol = highspy.HighsSolution()
        start_sol.col_value = x0.tolist()
        start_sol.value_valid = True
        solver.setSolution(start_sol)
    solver.run()
    seconds = time.perf_counter() - began
    status = solver.getModelStatus()
    optimal = status == highspy.HighsModelStatus.kOptimal
    x = np.asarray(solver.getSolution().col_value)
    if len(x) != m or not solver.getInfo().primal_solution_status:
        return MilpResult({}, -math.inf, -math.inf, optimal, seconds)
    chosen = np.flatnonzero(x > 0.5)
    starts = {int(col_bet[c]): int(col_start[c]) for c in chosen}
    objective = float(gains_arr[chosen].sum())
    bound_raw = float(solver.getInfo().mip_dual_bound)
    bound = bound_raw if math.isfinite(bound_raw) else objective
    return MilpResult(starts, objective, max(bound, objective), optimal, seconds)
