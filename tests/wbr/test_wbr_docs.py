"""Catalogues against their docs, the public API, and the engine's SQL rules."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest

from backwards.wbr import load_spec
from backwards.wbr.spec import CODES
from tests.ci import require_compat
from tests.wbr.conftest import REPO

DOCS = REPO / "docs"


def test_every_finding_code_is_documented() -> None:
    text = (DOCS / "wbr.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| (WBR\d{3}) \| ([a-z-]+) \|", text, flags=re.M))
    assert documented == {(code, name) for code, (name, _) in CODES.items()}


def test_importing_backwards_wbr_does_not_load_duckdb() -> None:
    code = "import sys, backwards.wbr; print('duckdb' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_public_api() -> None:
    import backwards.wbr as wbr

    for name in wbr.__all__:
        assert hasattr(wbr, name), name
    use_cases = ("build", "check", "explain", "render", "write", "resolve_inputs")
    for name in (*use_cases, "load_spec", "open_data", "build_deck", "parse_week_ending"):
        assert name in wbr.__all__
        assert callable(getattr(wbr, name))
    with pytest.raises(AttributeError):
        _ = wbr.nothing_here


DATE_FUNCTIONS = re.compile(
    r"\b(date_trunc|date_part|dayofweek|isodow|strftime|strptime|extract|interval|last_day|"
    r"date_diff|datediff|date_add|week|month|year|now|current_date)\s*\(",
    re.IGNORECASE,
)


def test_generated_sql_has_no_date_functions() -> None:
    from backwards.wbr.engine import explain_sql

    root = require_compat()
    for n in range(1, 10):
        spec, _ = load_spec(root / f"scenario_{n}" / "config.yaml")
        assert spec is not None
        sql = explain_sql(spec, spec.setup.week_ending or dt.date(2021, 9, 25))
        assert not DATE_FUNCTIONS.search(sql), DATE_FUNCTIONS.search(sql)
        # one query: a grouped pass over the days, and one over the rows for event-level means
        assert sql.count("GROUP BY p.pid") <= 2


def test_docs_name_every_section14_test() -> None:
    text = (DOCS / "compatibility.md").read_text(encoding="utf-8")
    tests = Path(__file__).with_name("test_section14_bugs.py").read_text(encoding="utf-8")
    for number in re.findall(r"def test_14_(\d+)_", tests):
        assert f"14.{number}" in text, f"docs/compatibility.md does not list 14.{number}"


def test_the_config_example_in_the_docs_is_valid(tmp_path: Path) -> None:
    text = (DOCS / "wbr.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, flags=re.S)
    example = next(b for b in blocks if b.startswith("setup:"))
    config = tmp_path / "wbr.yaml"
    config.write_text(example, encoding="utf-8")
    spec, findings = load_spec(config)
    assert spec is not None, findings
    assert [f for f in findings if f.severity.value != "info"] == []
    assert list(spec.metrics) == [
        "PageViews",
        "PageViewsTarget",
        "Clicks",
        "ClickThroughRate",
        "USOrders",
    ]
    assert spec.metrics["PageViews"].thresholds.wow == 10.0


@pytest.mark.parametrize("dialect", ["spark", "trino", "snowflake", "bigquery", "postgres"])
def test_generated_sql_transpiles_with_sqlglot(dialect: str) -> None:
    """The engine's SQL is plain enough for SQLGlot to write it for other engines."""
    import sqlglot
    from sqlglot.errors import ErrorLevel

    from backwards.wbr.engine import explain_sql

    root = require_compat()
    for n in (4, 6, 9):
        spec, _ = load_spec(root / f"scenario_{n}" / "config.yaml")
        assert spec is not None and spec.setup.week_ending is not None
        sql = explain_sql(spec, spec.setup.week_ending)
        out = sqlglot.transpile(
            sql, read="duckdb", write=dialect, unsupported_level=ErrorLevel.RAISE
        )
        assert len(out) == 1 and "GROUP BY" in out[0].upper()


def test_sqlglot_round_trip_gives_the_same_numbers() -> None:
    """DuckDB SQL parsed and written again by SQLGlot computes the same values."""
    import sqlglot

    from backwards.wbr.sources import open_data

    root = require_compat()
    folder = root / "scenario_4"
    spec, _ = load_spec(folder / "config.yaml")
    assert spec is not None and spec.setup.week_ending is not None
    from backwards.wbr.calendar import build_calendar
    from backwards.wbr.engine import plan_for_periods

    data = open_data(spec, [folder / "original.csv"])
    try:
        calendar = build_calendar(spec.setup.week_ending, spec.setup.fiscal_year_end_month)
        plan = plan_for_periods(spec, data, calendar)
        again = sqlglot.transpile(plan.sql, read="duckdb", write="duckdb")[0]
        first = sorted(data.fetch(plan.sql), key=lambda r: r[0])
        second = sorted(data.fetch(again), key=lambda r: r[0])
        assert len(first) == len(second) > 40
        for a, b in zip(first, second, strict=True):  # sums may add up in another order
            assert [x if x is not None else -1.0 for x in a] == pytest.approx(
                [x if x is not None else -1.0 for x in b], rel=1e-12, nan_ok=True
            )
    finally:
        data.close()


def test_api_doc_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The wbr example of docs/api.md runs as written, from the repository root."""
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    section = text.split("## `backwards.wbr`", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(DOCS.parent)
    namespace: dict[str, object] = {}
    exec(compile(code, "docs/api.md", "exec"), namespace)
    assert namespace["deck"].blocks  # type: ignore[attr-defined]
    assert "<html" in str(namespace["html"])
    assert "GROUP BY" in str(namespace["sql"])
