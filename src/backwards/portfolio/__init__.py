"""The portfolio: bets, and plans that maximise expected value under team capacity.

Front door (``__all__``). Plans: ``read_plan`` / ``parse_plan_text`` (a plan file, problems as
located findings), ``plan_portfolio`` (the use case), ``render_plan`` (text or JSON). Stored
bets: ``BetRepository`` (every change one transaction and one event; a forecast frozen once the
bet is planned), ``MeasurementLog`` (launched bets' measured effects, ``MeasuredEffect``),
``export_yaml``. The model is stated exactly in ``model.py`` and
``docs/portfolio.md``.

Inside: ``planfile``, ``schedule`` (feasibility, value, the serial scheduler), ``milp`` (the
exact solver, HiGHS), ``heuristic``, ``optimiser`` (which to use), ``baseline`` (the naive,
RICE and WSJF plans), ``sensitivity`` (thresholds, the Monte Carlo run), ``plan``;
``tables``, ``records``, ``repository``, ``export``; ``render_text``, ``render``.
"""

from __future__ import annotations

from backwards.portfolio.export import export_yaml
from backwards.portfolio.measurements import MeasuredEffect, MeasurementLog
from backwards.portfolio.model import (
    Bet,
    CostOfDelay,
    Delay,
    Impact,
    Portfolio,
    Rice,
    Team,
    Wsjf,
)
from backwards.portfolio.plan import PortfolioPlan, plan_portfolio
from backwards.portfolio.planfile import parse_plan_text, read_plan
from backwards.portfolio.records import BetRecord, Forecast, Status, record_dict
from backwards.portfolio.render import FORMATS, render_plan
from backwards.portfolio.repository import BetRepository, ImportSummary

__all__ = [
    "FORMATS",
    "Bet",
    "BetRecord",
    "BetRepository",
    "CostOfDelay",
    "Delay",
    "Forecast",
    "Impact",
    "ImportSummary",
    "MeasuredEffect",
    "MeasurementLog",
    "Portfolio",
    "PortfolioPlan",
    "Rice",
    "Status",
    "Team",
    "Wsjf",
    "export_yaml",
    "parse_plan_text",
    "plan_portfolio",
    "read_plan",
    "record_dict",
    "render_plan",
]
