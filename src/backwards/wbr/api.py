"""The WBR use cases, as the CLI, the web app and notebooks call them (re-exported by
``backwards.wbr``).

Each takes the config and data as paths (or a ``Workspace`` whose ``wbr:`` settings supply
them), opens what it needs and closes it before returning plain data:

- ``build`` -> ``Deck``; ``render`` / ``write`` turn a deck into HTML, our JSON or the WBR
  App's deck JSON;
- ``check`` -> every problem of the config and the data as ``Finding`` values;
- ``explain`` -> the SQL the engine runs;
- ``metric_series`` -> one metric's daily values and the deck's period values (a read model);

Problems the user must fix raise ``ConfigError`` (with every finding) or ``InputError``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Unpack

from backwards.errors import InputError
from backwards.findings import Finding
from backwards.wbr.assembly import resolve_week
from backwards.wbr.checking import build_deck_from_files, check_files, spec_of
from backwards.wbr.database_open import open_source
from backwards.wbr.dialect import transpile
from backwards.wbr.engine import explain_sql
from backwards.wbr.inputs import WbrInputs, WbrOptions, resolve_inputs
from backwards.wbr.notebook import Deck
from backwards.wbr.series import MetricSeries, series_of
from backwards.wbr.spec import WbrSpec
from backwards.wording import did_you_mean

__all__ = ["build", "check", "explain", "metric_series"]


def build(
    config: Path | str | None = None,
    data: Sequence[Path | str] = (),
    *,
    week_ending: dt.date | None = None,
    **options: Unpack[WbrOptions],
) -> Deck:
    """Load and check the config and the data, and compute the deck.

    ``config`` None: the workspace's ``wbr.config`` with its ``wbr.data``. ``data`` empty: the
    config's ``data_sources`` (CSV files, or database queries computed in the database).
    ``week_ending`` overrides ``setup.week_ending``. ``options`` (``WbrOptions``):
    ``workspace``, ``allow_unknown_keys``, ``allow_outside_paths`` and ``engine``: "duckdb"
    (default, or the workspace's ``wbr.engine``) or "spark". Any problem raises
    (``ConfigError`` carries every finding); nothing is left open.
    """
    return build_deck_from_files(resolve_inputs(config, data, **options), week_ending)


def check(
    config: Path | str | None = None,
    data: Sequence[Path | str] = (),
    *,
    week_ending: dt.date | None = None,
    **options: Unpack[WbrOptions],
) -> list[Finding]:
    """Every problem of the config and (when there is data) of the data, sorted by place.

    Unknown keys are errors unless ``allow_unknown_keys`` (or the workspace's setting) makes
    them warnings. Data and annotation paths of the config must lie in the workspace or the
    config's folder unless ``allow_outside_paths`` (or ``wbr.allow_outside_paths``).
    Malformed YAML raises ``ConfigError``. ``options`` as for ``build``.
    """
    return check_files(resolve_inputs(config, data, **options), week_ending)


def explain(
    config: Path | str | None = None,
    metric: str | None = None,
    *,
    week_ending: dt.date | None = None,
    dialect: str = "duckdb",
    **options: Unpack[WbrOptions],
) -> str:
    """The SQL the engine runs for the config (only what ``metric`` needs, if given), in
    ``dialect`` (SQLGlot's transpile, as a database or Spark runs it; the input relation is
    ``wbr_input``).

    An unknown ``metric`` raises ``InputError`` with a "did you mean".
    """
    inputs = resolve_inputs(config, **options)
    spec = spec_of(inputs)
    if metric is not None and spec.base_of(metric) is None:
        raise _no_metric(inputs, spec, metric)
    we, _ = resolve_week(spec, week_ending)
    return transpile(explain_sql(spec, we, metric), dialect)


def metric_series(
    metric: str,
    config: Path | str | None = None,
    data: Sequence[Path | str] = (),
    *,
    week_ending: dt.date | None = None,
    **options: Unpack[WbrOptions],
) -> MetricSeries:
    """One metric as a time series: its value on every day of the deck's window and the
    period values the deck shows, each with its first and last day (see ``MetricSeries``).

    ``metric`` is a metric of the config (not a derived XYOY/XWOW/XMOM name); an unknown name
    raises ``InputError`` with a "did you mean". Config, data and options as for ``build``.
    """
    inputs = resolve_inputs(config, data, **options)
    spec = spec_of(inputs)
    if metric not in spec.metrics:
        raise _no_metric(inputs, spec, metric)
    with open_source(spec, inputs.data) as opened:
        return series_of(spec, opened, metric, week_ending)


def _no_metric(inputs: WbrInputs, spec: WbrSpec, metric: str) -> InputError:
    guess = did_you_mean(metric, list(spec.metrics))
    return InputError(
        f"{inputs.config}: no metric named {metric!r}",
        hint=f"Did you mean {guess!r}?" if guess else "Pick one of the config's metrics.",
    )
