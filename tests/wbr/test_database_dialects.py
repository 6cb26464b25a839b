"""The engine's SQL in every warehouse dialect (issue 10, point 2): transpiled by SQLGlot and
parsed back by SQLGlot's parser for that dialect. Snowflake, Redshift, Athena, BigQuery and
Trino are not run for real (docs/wbr-databases.md says so); Postgres and Spark are (see
test_database.py and test_spark.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlglot

from backwards.errors import InputError
from backwards.wbr import explain, load_spec
from backwards.wbr.calendar import build_calendar
from backwards.wbr.dialect import DIALECTS, UNSUPPORTED_AGGFS, transpile
from backwards.wbr.plan import compile_plan
from tests.ci import compat_params
from tests.wbr.conftest import compat_dir

WAREHOUSES = ("postgres", "redshift", "snowflake", "athena", "bigquery", "trino", "spark")

EVERY_AGGF = """setup:
  week_ending: 25-SEP-2021
  week_number: 38
  title: T
metrics:
  S: {column: x, aggf: sum}
  A: {column: x, aggf: mean}
  Lo: {column: x, aggf: min}
  Hi: {column: x, aggf: max}
  C: {column: u, aggf: count}
  N: {column: u, aggf: nunique}
  UN:
    filter: {base_column: u, query: "country == 'US'"}
    aggf: nunique
  F: {column: x, aggf: first}
  L: {column: x, aggf: last}
  M: {column: x, aggf: median}
  D: {column: x, aggf: std}
  US:
    filter: {base_column: x, query: "country == 'US'"}
    aggf: sum
  R: {function: {divide: [{metric: {name: S}}, {metric: {name: A}}]}}
deck:
  - block: {ui_type: 6_12Graph, title: S, metrics: {S: {}}}
"""


def _plans(config: Path, variants: bool = True) -> list[str]:
    """The engine's SQL for the config: the general form, and with ``variants`` the forms for
    data with row order and one row per date."""
    spec, findings = load_spec(config)
    assert spec is not None, findings
    assert spec.setup.week_ending is not None
    calendar = build_calendar(spec.setup.week_ending, spec.setup.fiscal_year_end_month)
    forms = [(False, False), (True, False), (False, True), (True, True)]
    return [
        compile_plan(spec, calendar, "wbr_input", has_row_order=order, unique_dates=unique).sql
        for order, unique in (forms if variants else forms[1:2])
    ]


def _check(sql: str, dialect: str) -> str:
    out = transpile(sql, dialect)
    tree = sqlglot.parse_one(out, read=DIALECTS[dialect])
    assert tree.find(sqlglot.exp.Select) is not None
    assert "wbr_input" in out and "periods" in out
    return out


@pytest.mark.parametrize("dialect", WAREHOUSES)
@pytest.mark.parametrize("n", compat_params(range(1, 10)))
def test_golden_scenario_sql_parses_in_every_dialect(n: int, dialect: str) -> None:
    config = compat_dir() / f"scenario_{n}" / "config.yaml"  # type: ignore[operator]
    for sql in _plans(config, variants=False):
        spec_aggfs = {line.split(" of ")[0].split(" = ")[-1] for line in sql.splitlines()
                      if line.startswith("-- ") and " of " in line}  # fmt: skip
        if spec_aggfs & UNSUPPORTED_AGGFS.get(dialect, frozenset()):
            with pytest.raises(InputError, match=f"cannot be written for {dialect}"):
                transpile(sql, dialect)
            continue
        _check(sql, dialect)


@pytest.mark.parametrize("dialect", WAREHOUSES)
def test_every_aggf_transpiles_or_is_refused_clearly(dialect: str, tmp_path: Path) -> None:
    config = tmp_path / "wbr.yaml"
    config.write_text(EVERY_AGGF, encoding="utf-8")
    refused = UNSUPPORTED_AGGFS.get(dialect, frozenset())
    for sql in _plans(config):
        if refused:
            with pytest.raises(InputError, match=f"cannot be written for {dialect}"):
                transpile(sql, dialect)
        else:
            out = _check(sql, dialect)
            assert "ARG_MIN" not in out.upper() or dialect not in ("postgres",)


def test_postgres_first_and_last_become_ordered_array_aggregates(tmp_path: Path) -> None:
    config = tmp_path / "wbr.yaml"
    config.write_text(EVERY_AGGF, encoding="utf-8")
    out = transpile(_plans(config)[1], "postgres")
    assert "ARG_M" not in out.upper()
    assert "FILTER(WHERE" in out.replace(" (", "(").upper()
    assert 'ARRAY_AGG("x" ORDER BY CASE WHEN NOT "x" IS NULL THEN __row END ASC)' in out
    assert 'ARRAY_AGG("x" ORDER BY CASE WHEN NOT "x" IS NULL THEN __row END DESC)' in out


def test_explain_shows_the_sql_per_dialect(tmp_path: Path) -> None:
    config = tmp_path / "wbr.yaml"
    config.write_text(EVERY_AGGF.replace("  M: {column: x, aggf: median}\n", ""), encoding="utf-8")
    week = dt.date(2021, 9, 25)
    duck = explain(config, week_ending=week)
    pg = explain(config, week_ending=week, dialect="postgres")
    snow = explain(config, week_ending=week, dialect="snowflake")
    assert "DOUBLE PRECISION" in pg and "DOUBLE PRECISION" not in duck
    assert "MIN_BY(" in snow and "ARG_MIN(" in duck
    assert pg.splitlines()[0] == duck.splitlines()[0] == "-- m0: S = sum of x"
    with pytest.raises(InputError, match="unknown SQL dialect"):
        explain(config, week_ending=week, dialect="oracle")
