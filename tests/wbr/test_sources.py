"""Data sources: CSV, Parquet and DuckDB files, csv_files aliases, and merging on Date."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb
import pytest

from backwards.errors import InputError
from backwards.wbr import build, check
from backwards.wbr.checking import load_valid_spec
from backwards.wbr.sources import duckdb_core
from tests.wbr.conftest import Case, block, require_compat

WE = dt.date(2021, 9, 25)
START = dt.date(2020, 1, 1)  # covers the prior-year YTD: no partial period

CONFIG = """\
setup:
  week_ending: 25-SEP-2021
  week_number: 38
  title: T
metrics:
  X:
    column: x
    aggf: sum
deck:
  - block:
      ui_type: 6_12Graph
      title: X
      metrics:
        X: {}
"""


def test_parquet_and_duckdb_files(case: Case) -> None:
    csv = case.data(START, WE, {"x": lambda d: 1, "other": lambda d: "text"})
    case.config(CONFIG)
    parquet = case.folder / "daily.parquet"
    db = case.folder / "daily.duckdb"
    con = duckdb.connect(str(db))
    con.execute(f"COPY (SELECT * FROM read_csv('{csv}')) TO '{parquet}' (FORMAT parquet)")
    con.execute(f"CREATE TABLE daily AS SELECT * FROM read_csv('{csv}')")
    con.execute("CREATE TABLE other AS SELECT 1 AS a")
    con.close()
    before = db.read_bytes()
    for data in (parquet, Path(f"{db}::daily")):
        deck = case.deck(data)
        assert block(deck, "X").series[0].current_weeks == (7.0,) * 6
    assert db.read_bytes() == before
    with pytest.raises(InputError, match="say which table"):
        case.deck(db)


def test_duckdb_core_is_what_the_duckdb_package_exports() -> None:
    """The data connection comes from DuckDB's compiled core (``_duckdb``); the ``duckdb``
    package re-exports its ``connect``, ``Error`` and connection class unchanged, so the two
    are one DuckDB (a DuckDB upgrade that wraps them fails here)."""
    core = duckdb_core()
    assert core.connect is duckdb.connect
    assert core.Error is duckdb.Error
    assert core.DuckDBPyConnection is duckdb.DuckDBPyConnection


def test_csv_files_aliases_and_merge(case: Case) -> None:
    case.data(START, WE, {"x": lambda d: 1}, name="a.csv")
    case.data(START, WE, {"x": lambda d: 2, "y": lambda d: 5}, name="b.csv")
    case.config(
        CONFIG.replace("column: x", "column: first.x")
        + "data_sources:\n  csv_files:\n    first: {url_or_path: a.csv}\n"
        "    second: {url_or_path: b.csv}\n"
    )
    text = (case.folder / "wbr.yaml").read_text()
    text = text.replace(
        "deck:",
        "  Y:\n    column: second.x\n    aggf: sum\n  Z:\n    column: second.y\n    aggf: mean\n"
        "deck:",
    )
    (case.folder / "wbr.yaml").write_text(text)
    deck = build(case.folder / "wbr.yaml")
    assert block(deck, "X").series[0].current_weeks == (7.0,) * 6
    assert check(case.folder / "wbr.yaml") == []


def test_merging_several_data_files_on_date(case: Case) -> None:
    a = case.data(START, WE, {"x": lambda d: 1})
    b = case.data(START, WE, {"y": lambda d: 3}, name="b.csv", rows_per_day=2)
    case.config(
        CONFIG.replace("deck:", "  Y:\n    column: y\n    aggf: sum\ndeck:").replace(
            "        X: {}", "        X: {}\n        Y: {}"
        )
    )
    deck = case.deck(a, b)
    series = block(deck, "X").series
    assert series[0].current_weeks == (7.0,) * 6
    assert series[1].current_weeks == (42.0,) * 6  # two rows of 3 a day


def test_the_wbr_apps_demo_config_with_csv_file_aliases(tmp_path: Path) -> None:
    """Bug 14.24: the demo config names main_metrics.X columns; aliases make it work."""
    root = require_compat()
    text = (root / "demo" / "1-wbr-sample-config.yaml").read_text(encoding="utf-8")
    csv = root / "demo" / "1-wbr-sample-dataset.csv"
    sources = (
        "data_sources:\n  csv_files:\n"
        f"    main_metrics: {{url_or_path: '{csv}'}}\n"
        f"    sales_metrics: {{url_or_path: '{csv}'}}\n"
    )
    text = re.sub(r"(?ms)^data_sources:.*?(?=^metrics:)", sources, text)
    config = tmp_path / "demo.yaml"
    config.write_text(text, encoding="utf-8")
    # the WBR App's files lie outside tmp_path: allowed explicitly
    errors = [f for f in check(config, allow_outside_paths=True) if f.severity.value == "error"]
    assert errors == []
    deck = build(config, allow_outside_paths=True)
    charts = [b for b in deck.blocks if b.kind == "6_12Graph"]
    assert charts and all(len(c.series[0].current_weeks) == 6 for c in charts)
    assert charts[0].series[0].current_weeks[-1] is not None


def test_parquet_blanks_blank_a_sum(case: Case) -> None:
    """Blanks are found from Parquet statistics; a blank day still blanks its sum."""
    blank = WE - dt.timedelta(days=2)
    csv = case.data(START, WE, {"x": lambda d: None if d == blank else 1})
    parquet = case.folder / "daily.parquet"
    con = duckdb.connect()
    con.execute(f"COPY (SELECT * FROM read_csv('{csv}')) TO '{parquet}' (FORMAT parquet)")
    con.close()
    case.config(CONFIG)
    assert block(case.deck(parquet), "X").series[0].current_weeks == (7.0,) * 5 + (None,)
    assert block(case.deck(csv), "X").series[0].current_weeks == (7.0,) * 5 + (None,)


def test_a_parquet_file_needing_no_cast_is_read_directly(case: Case) -> None:
    """A DATE column named Date and DOUBLE numbers: the engine reads the file itself (no view);
    a TIMESTAMP Date or integer numbers go through the casting view. Same numbers either way."""
    from backwards.wbr.sources import open_data

    csv = case.data(START, WE, {"x": lambda d: d.day + 0.5, "other": lambda d: "text"})
    case.config(CONFIG)
    expected = block(case.deck(csv), "X").series[0].current_weeks
    assert expected[0] is not None
    variants = {
        "direct.parquet": 'CAST("Date" AS DATE) AS "Date", CAST(x AS DOUBLE) AS x',
        "timestamp.parquet": 'CAST("Date" AS TIMESTAMP) AS "Date", CAST(x AS DOUBLE) AS x',
        "integer.parquet": 'CAST("Date" AS DATE) AS "Date", CAST(x * 2 AS BIGINT) AS x',
    }
    con = duckdb.connect()
    for name, select in variants.items():
        target = case.folder / name
        con.execute(f"COPY (SELECT {select} FROM read_csv('{csv}')) TO '{target}' (FORMAT parquet)")
    con.close()
    spec = load_valid_spec(case.folder / "wbr.yaml")
    relations = {}
    for name in variants:
        data = open_data(spec, [case.folder / name])
        relations[name] = data.relation
        data.close()
    assert relations["direct.parquet"].startswith("read_parquet(")
    assert relations["timestamp.parquet"] == "wbr_input"
    assert relations["integer.parquet"] == "wbr_input"
    assert block(case.deck(case.folder / "direct.parquet"), "X").series[0].current_weeks == (
        expected
    )
    assert block(case.deck(case.folder / "timestamp.parquet"), "X").series[0].current_weeks == (
        expected
    )
