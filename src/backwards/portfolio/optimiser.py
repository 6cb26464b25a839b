"""The optimiser: the exact solver up to ``EXACT_MAX_BETS`` bets, the heuristic above.

Exact: above ``SMALL`` bets the heuristic's plan (a fraction of a second) is handed to HiGHS
as its first incumbent, then the MILP (``milp.py``) runs for the rest of the time limit. When
HiGHS stops at the limit, the better of its plan and the heuristic's is kept and the relative
gap to HiGHS's proven bound is reported. Above ``EXACT_MAX_BETS`` bets the heuristic
(``heuristic.py``) plans alone.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from backwards.portfolio.heuristic import solve_heuristic
from backwards.portfolio.milp import solve_milp
from backwards.portfolio.model import Portfolio

__all__ = ["EXACT_MAX_BETS", "Optimiser", "Solution"]

#: Portfolios up to this many bets are solved exactly (within the time limit).
EXACT_MAX_BETS = 40

#: Up to this many bets HiGHS needs no warm start from the heuristic.
SMALL = 15


@dataclass(frozen=True, slots=True)
class Solution:
    """Starts by bet id, the plan's value, how it was found, the bound and gap."""

    starts: dict[str, int]
    value: float
    method: str  # "exact" or "heuristic"
    optimal: bool
    bound: float | None
    seconds: float

    @property
    def gap(self) -> float | None:
        if self.bound is None:
            return None
        if self.optimal:
            return 0.0
        return max(0.0, (self.bound - self.value) / max(abs(self.bound), 1e-9))


@dataclass(frozen=True, slots=True)
class Optimiser:
    """Solves portfolios: exact up to ``exact_max_bets``, within ``time_limit`` seconds."""

    time_limit: float = 10.0
    seed: int = 0
    exact_max_bets: int = EXACT_MAX_BETS

    def solve(
        self,
        portfolio: Portfolio,
        *,
        forced_in: frozenset[str] = frozenset(),
        forced_out: frozenset[str] = frozenset(),
        time_limit: float | None = None,
    ) -> Solution:
        """The best plan; with ``forced_in`` / ``forced_out`` bets that must / must not be in.

        An impossible ``forced_in`` gives a solution of value ``-inf``.
        """
        began = time.perf_counter()
        limit = self.time_limit if time_limit is None else time_limit
        index = portfolio.index
        fin = frozenset(index[b] for b in forced_in)
        fout = frozenset(index[b] for b in forced_out)
        bets = portfolio.bets
        exact = len(bets) <= self.exact_max_bets
        if exact and len(bets) <= SMALL:
            res = solve_milp(portfolio, time_limit=limit, forced_in=fin, forced_out=fout)
            return Solution(
                {bets[i].id: s for i, s in _prune(portfolio, res.starts, fin).items()},
                res.objective,
                "exact",
                res.optimal,
                res.bound if math.isfinite(res.bound) else None,
                time.perf_counter() - began,
            )
        heur = solve_heuristic(
            portfolio,
            seed=self.seed,
            forced_in=fin,
            forced_out=fout,
            max_evaluations=_heuristic_budget(len(bets), exact),
            time_limit=min(limit * (0.1 if exact else 0.9), 1.5),
        )
        if not exact:
            return Solution(
                {bets[i].id: s for i, s in heur.starts.items()},
                heur.objective,
                "heuristic",
                False,
                None,
                time.perf_counter() - began,
            )
        remaining = max(0.5, limit - (time.perf_counter() - began))
        res = solve_milp(
            portfolio,
            time_limit=remaining,
            forced_in=fin,
            forced_out=fout,
            hint=heur.starts if math.isfinite(heur.objective) else None,
        )
        starts, value = res.starts, res.objective
        if heur.objective > value + 1e-9 * max(1.0, abs(value)):
            starts, value = heur.starts, heur.objective
        starts = _prune(portfolio, starts, fin)
        return Solution(
            {bets[i].id: s for i, s in starts.items()},
            value,
            "exact",
            res.optimal,
            res.bound if math.isfinite(res.bound) else None,
            time.perf_counter() - began,
        )


def _heuristic_budget(n: int, exact: bool) -> int:
    """Schedules the heuristic tries: a warm start for the exact solver, more when alone."""
    if exact:
        return min(2000, 40 * n + 100)
    return 4000


def _prune(portfolio: Portfolio, starts: dict[int, int], keep: frozenset[int]) -> dict[int, int]:
    """Drop selected bets that earn nothing and that no selected bet requires (ties)."""
    bets = portfolio.bets
    index = portfolio.index
    kept = dict(starts)
    changed = True
    while changed:
        changed = False
        needed = {index[r] for i in kept for r in bets[i].requires}
        for i, s in list(kept.items()):
            if (
                i not in needed
                and i not in keep
                and portfolio.value(bets[i], s + bets[i].weeks) <= 0
            ):
                del kept[i]
                changed = True
    return kept
