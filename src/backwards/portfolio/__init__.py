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

from typing import TYPE_CHECKING

from backwards.lazy import front_door

if TYPE_CHECKING:
    from backwards.portfolio.export import export_yaml
    from backwards.portfolio.measurements import MeasurementLog
    from backwards.portfolio.model import (
        DEFAULT_HORIZON,
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
    from backwards.portfolio.repository import BetRepository, ImportSummary
    from backwards.portfolio.storage import open_repository

__all__ = [
    "DEFAULT_HORIZON",
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

#: name -> the module of this package that defines it, imported on first use.
_EXPORTS = {
    "export_yaml": "export",
    "MeasurementLog": "measurements",
    "Bet": "model",
    "CostOfDelay": "model",
    "Delay": "model",
    "Impact": "model",
    "Portfolio": "model",
    "Rice": "model",
    "Team": "model",
    "Wsjf": "model",
    "DEFAULT_HORIZON": "model",
    "PortfolioPlan": "plan",
    "plan_portfolio": "plan",
    "parse_plan_text": "planfile",
    "read_plan": "planfile",
    "BetRecord": "records",
    "Forecast": "records",
    "MeasuredEffect": "records",
    "Status": "records",
    "record_dict": "records",
    "FORMATS": "render",
    "render_plan": "render",
    "BetRepository": "repository",
    "ImportSummary": "repository",
    "open_repository": "storage",
}
__getattr__, __dir__ = front_door(globals(), _EXPORTS)
