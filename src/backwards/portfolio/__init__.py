"""The portfolio: bets, and plans that maximise expected value under team capacity.

Front door (``__all__``): read a plan file (``read_plan``), plan it (``plan_portfolio``) and
render the plan (``render_plan``). The model is stated exactly in ``model.py`` and
``docs/portfolio.md``. Inside: ``planfile`` (YAML with located findings), ``schedule``
(feasibility, value, the serial scheduler), ``milp`` (the exact solver, HiGHS), ``heuristic``
(above 40 bets and for re-planning), ``optimiser`` (which to use), ``baseline`` (the naive,
RICE and WSJF plans), ``sensitivity`` (thresholds and the Monte Carlo run), ``plan`` (the use
case and its JSON shape).
"""

from __future__ import annotations

from backwards.portfolio.model import Bet, Portfolio, Team
from backwards.portfolio.plan import PortfolioPlan, plan_portfolio
from backwards.portfolio.planfile import read_plan

__all__ = ["Bet", "Portfolio", "PortfolioPlan", "Team", "plan_portfolio", "read_plan"]
