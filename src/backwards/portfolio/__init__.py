"""The portfolio: bets, and plans that maximise expected value under team capacity.

Front door (``__all__``). Plans: ``read_plan`` / ``parse_plan_text`` (a plan file, problems as
located findings), ``plan_portfolio`` (the use case), ``render_plan`` (text or JSON). Stored
bets: ``BetRepository`` (every change one transaction and one event; a forecast frozen once the
bet is planned), ``MeasurementLog`` (launched bets' measured effects, ``MeasuredEffect``),
``open_repository`` (the bets of a database URL), ``export_yaml``. The model is stated exactly
in ``model.py`` and ``docs/portfolio.md``.

Inside: ``planfile``, ``schedule`` (feasibility, value, the serial scheduler), ``milp`` (the
exact solver, HiGHS), ``heuristic``, ``optimiser`` (which to use), ``baseline`` (the naive,
RICE and WSJF plans), ``sensitivity`` (thresholds, the Monte Carlo run), ``plan``;
``tables``, ``records``, ``repository``, ``measurements``, ``storage``, ``export``;
``render_text``, ``render``. The names backed by the database (``BetRepository``,
``ImportSummary``, ``MeasurementLog``, ``open_repository``) are imported on first use, so
planning a file or measuring a metric does not load SQLAlchemy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from backwards.portfolio.export import export_yaml
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
from backwards.portfolio.records import BetRecord, Forecast, MeasuredEffect, Status, record_dict
from backwards.portfolio.render import FORMATS, render_plan

if TYPE_CHECKING:
    from backwards.portfolio.measurements import MeasurementLog
    from backwards.portfolio.repository import BetRepository, ImportSummary
    from backwards.portfolio.storage import open_repository

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
    "open_repository",
    "parse_plan_text",
    "plan_portfolio",
    "read_plan",
    "record_dict",
    "render_plan",
]

#: the names backed by the database, and the module each is imported from on first use
_STORED = {
    "BetRepository": "backwards.portfolio.repository",
    "ImportSummary": "backwards.portfolio.repository",
    "MeasurementLog": "backwards.portfolio.measurements",
    "open_repository": "backwards.portfolio.storage",
}


def __getattr__(name: str) -> Any:
    module = _STORED.get(name)
    if module is None:
        raise AttributeError(f"module 'backwards.portfolio' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
