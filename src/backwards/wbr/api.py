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

from backwards.config import did_you_mean
from backwards.errors import InputError
from backwards.findings import Finding
from backwards.wbr.assembly import resolve_week
from backwards.wbr.checking import build_deck_from_files, check_files, load_valid_spec
from backwards.wbr.database_open import open_source
from backwards.wbr.dialect import transpile
from backwards.wbr.engine import explain_sql
from backwards.wbr.inputs import resolve_inputs
from backwards.wbr.notebook import Deck
from backwards.wbr.series import MetricSeries, series_of
from backwards.workspace import Workspace

__all__ = ["build", "check", "explain", "metric_series"]


def build(
    config: Path | str | None = None,
    data: Sequence[Path | str] = (),
    *,
    workspace: Workspace | None = None,
    week_ending: dt.date | None = None,
    allow_unknown_keys: bool | None = None,
    allow_outside_paths: bool | None = None,
    engine: str | None = None,
) -> Deck:
    """Load and check the config and the data, and compute the deck.

    ``config`` None: the workspace's ``wbr.config`` with its ``wbr.data``. ``data`` empty: the
    config's ``data_sources`` (CSV files, or database queries computed in the database).
    ``week_ending`` overrides ``setup.week_ending``. ``engine``: "duckdb" (default, or the
    workspace's ``wbr.engine``) or "spark". Any problem raises (``ConfigError`` carries every
    finding); nothing is left open.
    """
    inputs = resolve_inputs(
        config,
        data,
        workspace=workspace,
        allow_unknown_keys=allow_unknown_keys,
        allow_outside_paths=allow_outside_paths,
        engine=engine,
    )
    return build_deck_from_files(
        inputs.config,
        inputs.data,
        week_ending=week_ending,
        allow_unknown_keys=inputs.allow_unknown_keys,
        workspace_root=inputs.workspace_root,
        allow_outside_paths=inputs.allow_outside_paths,
        engine=inputs.engine,
        spark_master=inputs.spark_master,
    )


def check(
    config: Path | str | None = None,
    data: Sequence[Path | str] = (),
    *,
    workspace: Workspace | None = None,
    week_ending: dt.date | None = None,
    allow_unknown_keys: bool | None = None,
    allow_outside_paths: bool | None = None,
    engine: str | None = None,
) -> list[Finding]:
    """Every problem of the config and (when there is data) of the data, sorted by place.

    Unknown keys are errors unless ``allow_unknown_keys`` (or the workspace's setting) makes
    them warnings. Data and annotation paths of the config must lie in the workspace or the
    config's folder unless ``allow_outside_paths`` (or ``wbr.allow_outside_paths``).
    Malformed YAML raises ``ConfigError``.
    """
    inputs = resolve_inputs(
        config,
        data,
        workspace=workspace,
        allow_unknown_keys=allow_unknown_keys,
        allow_outside_paths=allow_outside_paths,
        engine=engine,
    )
    return check_files(
        inputs.config,
        inputs.data,
        week_ending=week_ending,
        allow_unknown_keys=inputs.allow_unknown_keys,
        workspace_root=inputs.workspace_root,
        allow_outside_paths=inputs.allow_outside_paths,
        engine=inputs.engine,
        spark_master=inputs.spark_master,
    )


def explain(
    config: Path | str | None = None,
    metric: str | None = None,
    *,
    workspace: Workspace | None = None,
    week_ending: dt.date | None = None,
    allow_unknown_keys: bool | None = None,
    allow_outside_paths: bool | None = None,
    dialect: str = "duckdb",
) -> str:
    """The SQL the engine runs for the config (only what ``metric`` needs, if given), in
    ``dialect`` (SQLGlot's transpile, as a database or Spark runs it; the input relation is
    ``wbr_input``).

    An unknown ``metric`` raises ``InputError`` with a "did you mean".
    """
    inputs = resolve_inputs(
        config,
        workspace=workspace,
        allow_unknown_keys=allow_unknown_keys,
        allow_outside_paths=allow_outside_paths,
    )
    spec = load_valid_spec(
        inputs.config,
        allow_unknown_keys=inputs.allow_unknown_keys,
        workspace_root=inputs.workspace_root,
        allow_outside_paths=inputs.allow_outside_paths,
    )
    if metric is not None and spec.base_of(metric) is None:
        guess = did_you_mean(metric, list(spec.metrics))
        raise InputError(
            f"{inputs.config}: no metric named {metric!r}",
            hint=f"Did you mean {guess!r}?" if guess else "Pick one of the config's metrics.",
        )
    we, _ = resolve_week(spec, week_ending)
    return transpile(explain_sql(spec, we, metric), dialect)


def metric_series(
    metric: str,
    config: Path | str | None = None,
    data: Sequence[Path | str] = (),
    *,
    workspace: Workspace | None = None,
    week_ending: dt.date | None = None,
    allow_unknown_keys: bool | None = None,
    allow_outside_paths: bool | None = None,
) -> MetricSeries:
    """One metric as a time series: its value on every day of the deck's window and the
    period values the deck shows, each with its first and last day (see ``MetricSeries``).

    ``metric`` is a metric of the config (not a derived XYOY/XWOW/XMOM name); an unknown name
    raises ``InputError`` with a "did you mean". Config and data as for ``build``.
    """
    inputs = resolve_inputs(
        config,
        data,
        workspace=workspace,
        allow_unknown_keys=allow_unknown_keys,
        allow_outside_paths=allow_outside_paths,
    )
    spec = load_valid_spec(
        inputs.config,
        allow_unknown_keys=inputs.allow_unknown_keys,
        workspace_root=inputs.workspace_root,
        allow_outside_paths=inputs.allow_outside_paths,
    )
    if metric not in spec.metrics:
        guess = did_you_mean(metric, list(spec.metrics))
        raise InputError(
            f"{inputs.config}: no metric named {metric!r}",
            hint=f"Did you mean {guess!r}?" if guess else "Pick one of the config's metrics.",
        )
    with open_source(spec, inputs.data) as opened:
        return series_of(spec, opened, metric, week_ending)
