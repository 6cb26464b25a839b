"""``--engine spark``: the same plan in Spark SQL gives the same decks (issue 10, point 3).

Parity on a real local Spark (``tests/spark.py``; one session for the whole run, one xdist
worker): the nine golden scenarios from their CSV files and from Parquet, and our own golden
cases (``test_own_goldens``, re-run here with Spark building every deck).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from backwards.cli import run
from backwards.errors import ConfigError
from backwards.wbr import build, render
from tests.ci import compat_params
from tests.wbr import test_own_goldens
from tests.wbr.conftest import Case, compat_dir
from tests.wbr.test_database import _deck_json, _numbers_equal

pytestmark = [pytest.mark.xdist_group("spark"), pytest.mark.usefixtures("spark")]


@pytest.mark.parametrize("n", compat_params(range(1, 10)))
def test_golden_scenarios_on_spark_equal_duckdb(n: int) -> None:
    scenario = compat_dir() / f"scenario_{n}"  # type: ignore[operator]
    config, csv = scenario / "config.yaml", scenario / "original.csv"
    on_spark = build(config, [csv], engine="spark")
    _numbers_equal(_deck_json(on_spark), _deck_json(build(config, [csv])), f"scenario_{n}")


def test_parquet_on_spark_equals_the_csv_deck(tmp_path: Path) -> None:
    import duckdb

    scenario = compat_dir() / "scenario_4"  # type: ignore[operator]
    if not scenario.exists():
        pytest.skip("wbr-compat is missing")
    config, csv = scenario / "config.yaml", scenario / "original.csv"
    parquet = tmp_path / "daily.parquet"
    duckdb.sql(f"COPY (SELECT * FROM read_csv('{csv}')) TO '{parquet}' (FORMAT parquet)")
    on_spark = build(config, [parquet], engine="spark")
    _numbers_equal(_deck_json(on_spark), _deck_json(build(config, [csv])), "parquet")


class SparkCase(Case):
    """Our own golden cases, every deck built on Spark."""

    def deck(self, *data: Path, week_ending: dt.date | None = None) -> Any:
        files = list(data) or [self.folder / "daily.csv"]
        return build(self.folder / "wbr.yaml", files, week_ending=week_ending, engine="spark")


@pytest.fixture
def case(tmp_path: Path) -> Case:
    return SparkCase(tmp_path)


#: All but the 68 distinct counts (a minute on Spark: ``test_distinct_counts_on_spark`` has 8).
OWN = [
    getattr(test_own_goldens, n)
    for n in dir(test_own_goldens)
    if n.startswith("test_") and n != "test_distinct_counts_over_every_period_equal_a_count_by_hand"
]


@pytest.mark.parametrize("golden", OWN, ids=[f.__name__ for f in OWN])
def test_own_goldens_on_spark(golden: Any, case: Case) -> None:
    golden(case)


def test_distinct_counts_on_spark(tmp_path: Path) -> None:
    """Distinct users per period, filtered (the plan's period masks and filter flags in Spark's
    bit operators), equal DuckDB's deck (which ``test_own_goldens`` checks by hand)."""
    test_own_goldens.distinct_case(tmp_path, regions=4)
    config, csv = tmp_path / "wbr.yaml", tmp_path / "daily.csv"
    on_spark = build(config, [csv], engine="spark")
    _numbers_equal(_deck_json(on_spark), _deck_json(build(config, [csv])), "distinct")


def test_cli_build_with_engine_spark(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    start, we = dt.date(2020, 1, 1), dt.date(2021, 9, 25)
    csv = case.data(start, we, {"x": lambda d: d.day})
    config = case.config(test_own_goldens.setup("25-SEP-2021") + test_own_goldens.SUM_X
                         + "deck:" + test_own_goldens.chart("X"))  # fmt: skip
    out = case.folder / "deck.json"
    code = run(
        ["wbr", "build", str(config), "--data", str(csv), "--engine", "spark", "-o", str(out)]
    )
    assert code == 0, capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == render(build(config, [csv]), "json")


def test_a_missing_column_on_spark_is_a_located_finding(case: Case) -> None:
    csv = case.data(dt.date(2021, 1, 1), dt.date(2021, 9, 25), {"y": lambda d: 1})
    case.config(test_own_goldens.setup("25-SEP-2021") + test_own_goldens.SUM_X
                + "deck:" + test_own_goldens.chart("X"))  # fmt: skip
    with pytest.raises(ConfigError) as caught:
        case.deck(csv)
    (finding,) = caught.value.findings
    assert finding.code == "WBR010" and "reads column 'x'" in finding.message
    assert finding.line == 7  # the metric's column: line


def test_a_table_of_sparks_catalog(spark: Any) -> None:
    from pyspark.sql import functions as f

    scenario = compat_dir() / "scenario_1"  # type: ignore[operator]
    if not scenario.exists():
        pytest.skip("wbr-compat is missing")
    config, csv = scenario / "config.yaml", scenario / "original.csv"
    frame = spark.read.option("header", True).csv(str(csv))
    frame = frame.toDF(*[c.lstrip("\ufeff") for c in frame.columns])
    # a table as a warehouse keeps it: Date a DATE (the file writes "Sun, 05-Jan-2020")
    typed = frame.withColumn("Date", f.to_date(f.substring("Date", 6, 20), "dd-MMM-yyyy"))
    typed.createOrReplaceTempView("golden_1")
    try:
        on_spark = build(config, ["table:golden_1"], engine="spark")
    finally:
        spark.catalog.dropTempView("golden_1")
    _numbers_equal(_deck_json(on_spark), _deck_json(build(config, [csv])), "table")


def test_a_spark_connect_server_that_cannot_be_reached_is_a_clear_error(
    case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    """A wbr.spark_master naming a Spark Connect server that is not there (or pyspark without
    its connect extra) is one clear error, exit 2, with the URL's token hidden."""
    csv = case.data(dt.date(2021, 1, 1), dt.date(2021, 9, 25), {"x": lambda d: 1})
    config = case.config(test_own_goldens.setup("25-SEP-2021") + test_own_goldens.SUM_X
                         + "deck:" + test_own_goldens.chart("X"))  # fmt: skip
    (case.folder / "backwards.yaml").write_text(
        "version: 1\nwbr:\n  engine: spark\n  spark_master: 'sc://127.0.0.1:9/;token=s3cret'\n"
    )
    out = case.folder / "deck.json"
    args = ["--workspace", str(case.folder), "wbr", "build", str(config), "--data", str(csv)]
    code = run([*args, "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "cannot start or reach spark (sc://127.0.0.1:9/;token=***)" in err
    assert "s3cret" not in err and "Traceback" not in err and not out.exists()
