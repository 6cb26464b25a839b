"""The exact solver: a time-indexed mixed-integer program solved by HiGHS (through ``highspy``).

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

Starts that earn nothing are dropped for bets nothing requires. Given a plan to start from
(``hint``), HiGHS runs without its own primal heuristics: its time goes to the bound. HiGHS
stops at ``time_limit`` seconds; the result then carries the proven bound and the relative
gap.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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


class _Model:
    """The columns (one per bet and start week) and the constraint rows, built up in lists."""

    def __init__(self, portfolio: Portfolio, forced_out: frozenset[int]) -> None:
        import numpy as np

        self.portfolio = portfolio
        bets = portfolio.bets
        index = portfolio.index
        required = {index[r] for b in bets for r in b.requires}
        es = earliest_starts(portfolio)
        col_bet: list[int] = []
        col_start: list[int] = []
        gains: list[float] = []
        for i, bet in enumerate(bets):
            if i in forced_out:
                continue
            curve = portfolio.earned_curve(bet)
            for s in range(es[i], portfolio.horizon - bet.weeks + 1):
                gain = bet.weekly_value * curve[s + bet.weeks]
                if gain > 0 or i in required:
                    col_bet.append(i)
                    col_start.append(s)
                    gains.append(gain)
        self.col_bet = np.asarray(col_bet, dtype=np.int64)
        self.col_start = np.asarray(col_start, dtype=np.int64)
        self.gains = np.asarray(gains, dtype=float)
        self.cols_of = [np.flatnonzero(self.col_bet == i) for i in range(len(bets))]
        self.rows: list[np.ndarray] = []
        self.cols: list[np.ndarray] = []
        self.vals: list[np.ndarray] = []
        self.lower: list[float] = []
        self.upper: list[float] = []

    @property
    def size(self) -> int:
        return len(self.col_bet)

    def add_row(self, c: np.ndarray, v: np.ndarray | float, lo: float, hi: float) -> None:
        import numpy as np

        self.rows.append(np.full(len(c), len(self.lower), dtype=np.int64))
        self.cols.append(c)
        self.vals.append(np.broadcast_to(np.asarray(v, dtype=float), c.shape))
        self.lower.append(lo)
        self.upper.append(hi)

    def add_selection(self, forced_in: frozenset[int]) -> bool:
        """At most one start per bet (exactly one when forced in); False if impossible."""
        for i, c in enumerate(self.cols_of):
            if i in forced_in:
                if len(c) == 0:
                    return False
                self.add_row(c, 1.0, 1.0, 1.0)
            elif len(c) > 1:
                self.add_row(c, 1.0, 0.0, 1.0)
        return True

    def add_capacity(self) -> None:
        import numpy as np

        p = self.portfolio
        teams = list(p.teams)
        weeks = np.asarray([b.weeks for b in p.bets])[self.col_bet]
        people = np.asarray([b.people for b in p.bets], dtype=float)[self.col_bet]
        team = np.asarray([teams.index(b.team) for b in p.bets])[self.col_bet]
        for k, name in enumerate(teams):
            cap = p.teams[name].capacity
            in_team = team == k
            for t in range(p.horizon):
                active = np.flatnonzero(
                    in_team & (self.col_start <= t) & (self.col_start + weeks > t)
                )
                if len(active) and people[active].sum() > cap + 1e-9:
                    self.add_row(active, people[active], -math.inf, cap)

    def add_requirements(self) -> None:
        import numpy as np

        p = self.portfolio
        index = p.index
        for i, bet in enumerate(p.bets):
            ci = self.cols_of[i]
            if len(ci) == 0:
                continue
            starts_i = self.col_start[ci]
            for req in bet.requires:
                cj = self.cols_of[index[req]]
                finish_j = self.col_start[cj] + p.bets[index[req]].weeks
                for t in range(int(starts_i.min()), int(starts_i.max()) + 1):
                    started = ci[starts_i <= t]
                    finished = cj[finish_j <= t]
                    c = np.concatenate([started, finished])
                    v = np.concatenate([np.ones(len(started)), -np.ones(len(finished))])
                    self.add_row(c, v, -math.inf, 0.0)

    def add_exclusive(self) -> None:
        import numpy as np

        groups: dict[str, list[int]] = {}
        for i, bet in enumerate(self.portfolio.bets):
            if bet.exclusive is not None:
                groups.setdefault(bet.exclusive, []).append(i)
        for members in groups.values():
            c = np.concatenate([self.cols_of[i] for i in members])
            if len(members) > 1 and len(c) > 1:
                self.add_row(c, 1.0, 0.0, 1.0)


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
    by bet index, say the heuristic's plan) is given to HiGHS as its first incumbent. An
    impossible ``forced_in`` gives an objective of ``-inf``.
    """
    import time

    began = time.perf_counter()
    model = _Model(portfolio, forced_out)
    if not model.add_selection(forced_in):
        return MilpResult({}, -math.inf, -math.inf, True, time.perf_counter() - began)
    if model.size == 0:
        return MilpResult({}, 0.0, 0.0, True, time.perf_counter() - began)
    model.add_capacity()
    model.add_requirements()
    model.add_exclusive()
    return _solve(model, time_limit, hint, began)


def _solve(
    model: _Model, time_limit: float, hint: dict[int, int] | None, began: float
) -> MilpResult:
    import time

    import highspy
    import numpy as np

    m = model.size
    # A tiny preference for earlier starts makes ties (zero-value weeks) deterministic.
    gains = model.gains
    horizon = max(model.portfolio.horizon, 1)
    tie = 1e-9 * max(1.0, float(np.abs(gains).max())) * model.col_start / horizon
    # the limit covers building the model too
    solver = _highs(model, gains - tie, max(0.1, time_limit - (time.perf_counter() - began)))
    if hint:
        # With the heuristic's plan as the incumbent, HiGHS's own primal heuristics (sub-MIPs:
        # RINS, RENS, root reduced-cost) only cost time: on the benchmark's 40-bet portfolios
        # they took half or more of the run and never found a better plan than the one given.
        for option, value in _NO_PRIMAL_HEURISTICS:
            solver.setOptionValue(option, value)
        x0 = np.asarray(
            [
                hint.get(int(b)) == int(s)
                for b, s in zip(model.col_bet, model.col_start, strict=True)
            ],
            dtype=float,
        )
        start = highspy.HighsSolution()
        start.col_value = x0.tolist()
        start.value_valid = True
        solver.setSolution(start)
    solver.run()
    seconds = time.perf_counter() - began
    optimal = solver.getModelStatus() == highspy.HighsModelStatus.kOptimal
    x = np.asarray(solver.getSolution().col_value)
    if len(x) != m or not solver.getInfo().primal_solution_status:
        return MilpResult({}, -math.inf, -math.inf, optimal, seconds)
    chosen = np.flatnonzero(x > 0.5)
    starts = {int(model.col_bet[c]): int(model.col_start[c]) for c in chosen}
    objective = float(gains[chosen].sum())
    bound_raw = float(solver.getInfo().mip_dual_bound)
    bound = bound_raw if math.isfinite(bound_raw) else objective
    return MilpResult(starts, objective, max(bound, objective), optimal, seconds)


#: HiGHS options that switch its primal heuristics off (used when a plan is handed over).
_NO_PRIMAL_HEURISTICS: tuple[tuple[str, float | bool], ...] = (
    ("mip_heuristic_effort", 0.0),
    ("mip_heuristic_run_rins", False),
    ("mip_heuristic_run_rens", False),
    ("mip_heuristic_run_root_reduced_cost", False),
)


def _columnwise(
    rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, r: int, m: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The coefficients (``rows``, ``cols``, ``vals``) of an ``r`` x ``m`` matrix in HiGHS's
    column-wise form: column starts, row indices and values, ordered by column then row, with
    repeated entries summed (what a compressed sparse column matrix holds)."""
    import numpy as np

    key = cols.astype(np.int64) * r + rows.astype(np.int64)
    keys, where = np.unique(key, return_inverse=True)
    summed = np.bincount(where, weights=vals.astype(np.float64), minlength=keys.size)
    start = np.zeros(m + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys // r, minlength=m), out=start[1:])
    return start, keys % r, summed


def _highs(model: _Model, costs: np.ndarray, time_limit: float) -> Any:
    """A HiGHS instance holding the model (maximise ``costs``), quiet and time-limited."""
    import highspy
    import numpy as np

    m = model.size
    r = len(model.lower)
    if r:
        start, index, value = _columnwise(
            np.concatenate(model.rows), np.concatenate(model.cols), np.concatenate(model.vals), r, m
        )
    else:
        start, index, value = np.zeros(m + 1, dtype=np.int64), np.zeros(0, np.int64), np.zeros(0)
    with _quiet_stdout():  # some HiGHS versions print a banner on construction, from C++
        solver = highspy.Highs()  # type: ignore[no-untyped-call]
        solver.setOptionValue("output_flag", False)
    solver.setOptionValue("time_limit", float(time_limit))
    solver.setOptionValue("mip_rel_gap", 1e-7)
    solver.setOptionValue("threads", 1)
    lp = highspy.HighsLp()
    lp.num_col_ = m
    lp.num_row_ = r
    lp.col_cost_ = costs
    lp.col_lower_ = np.zeros(m)
    lp.col_upper_ = np.ones(m)
    inf = highspy.kHighsInf
    lower, upper = np.asarray(model.lower), np.asarray(model.upper)
    lp.row_lower_ = np.where(np.isfinite(lower), lower, -inf)
    lp.row_upper_ = np.where(np.isfinite(upper), upper, inf)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = start
    lp.a_matrix_.index_ = index
    lp.a_matrix_.value_ = value
    lp.integrality_ = [highspy.HighsVarType.kInteger] * m
    lp.sense_ = highspy.ObjSense.kMaximize
    solver.passModel(lp)
    return solver


@contextmanager
def _quiet_stdout() -> Iterator[None]:
    """Send file descriptor 1 to the null device meanwhile: output written by C++ code
    bypasses ``sys.stdout``, and would spoil the JSON a command prints."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, 1)
        finally:
            os.close(null)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
