"""A CSV file is parsed once, into a table holding only the columns the config reads (issue 10,
point 1; issue 17: a wide CSV), with the same numbers as Parquet and every bad cell located."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import duckdb
import pytest

import backwards.wbr.sources as sources
from backwards.errors import ConfigError
from backwards.wbr import build, render
from backwards.wbr.checking import load_valid_spec
from backwards.wbr.engine import compute
from backwards.wbr.sources import open_data
from tests.wbr.conftest import Case, block

WE = dt.date(2021, 9, 25)
START = dt.date(2020, 1, 1)

CONFIG = """\
setup:
  week_ending: 25-SEP-2021
  week_number: 38
  title: T
metrics:
  X:
    column: x
    aggf: sum
  Y:
    column: y
    aggf: mean
deck:
  - block:
      ui_type: 6_12Graph
      title: X
      metrics:
        X: {}
  - block:
      ui_type: 6_12Graph
      title: Y
      metrics:
        Y: {}
"""


def _x(day: dt.date) -> float:
    return day.toordinal() % 97 + 0.25


def _y(day: dt.date) -> float:
    return (day.toordinal() * 7) % 13 - 3.5


def _parquet_twin(csv: Path) -> Path:
    """The same rows as Parquet (DuckDB writes it; Date as DATE, numbers as DOUBLE)."""
    out = csv.with_suffix(".parquet")
    con = duckdb.connect()
    con.execute(
        f'COPY (SELECT CAST("Date" AS DATE) AS "Date", CAST(x AS DOUBLE) AS x, '
        f"CAST(y AS DOUBLE) AS y FROM read_csv('{csv}', all_varchar = true)) "
        f"TO '{out}' (FORMAT parquet)"
    )
    con.close()
    return out


def test_the_csv_is_read_once_into_memory(case: Case) -> None:
    """After opening, the file is no longer needed: the checks and the engine read the table."""
    csv = case.data(START, WE, {"x": _x, "other": lambda d: "text", "y": _y})
    config = case.config(CONFIG)
    twin = _parquet_twin(csv)
    spec = load_valid_spec(config)
    with open_data(spec, [twin]) as data:
        expected = compute(spec, data, WE).values
    with open_data(spec, [csv]) as data:
        csv.unlink()  # a second parse of the file would fail now
        assert compute(spec, data, WE).values == expected
        tables = data.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        assert tables == [("wbr_csv0",)]  # no rejects tables left behind
        # only the Date and the two columns the metrics read, not "other"
        described = data.con.execute("DESCRIBE wbr_csv0").fetchall()
        assert [(r[0], r[1]) for r in described] == [
            ("Date", "DATE"),
            ("x", "DOUBLE"),
            ("y", "DOUBLE"),
        ]


def test_csv_and_parquet_decks_are_equal(case: Case) -> None:
    csv = case.data(START, WE, {"x": _x, "y": _y})
    config = case.config(CONFIG)
    from_csv = render(build(config, [csv]), "json")
    from_parquet = render(build(config, [_parquet_twin(csv)]), "json")
    assert from_csv == from_parquet
    assert '"X"' in from_csv


def test_thousands_separators_and_a_semicolon_file(case: Case) -> None:
    """A quoted "1,234.5" is a number (the column is read again as text and parsed), and a
    file separated by semicolons takes the same one-parse path."""
    config = case.config(CONFIG)
    lines = ["Date,x,y"]
    day = START
    while day <= WE:
        lines.append(f'{day},"1,{day.day:03d}.5",2')
        day += dt.timedelta(days=1)
    commas = case.folder / "commas.csv"
    commas.write_text("\n".join(lines) + "\n", encoding="utf-8")
    semis = case.folder / "semis.csv"
    semis.write_text(
        "\n".join(line.replace(",", ";").replace('"1;', '"1,') for line in lines) + "\n",
        encoding="utf-8",
    )
    week = [WE - dt.timedelta(days=k) for k in range(7)]
    expected = sum(1000 + d.day + 0.5 for d in week)
    for path in (commas, semis):
        box = block(build(config, [path]), "X").box_rows[0].totals
        assert box.last_week == pytest.approx(expected), path.name


def test_a_ragged_row_far_down_takes_the_sniffing_path(case: Case) -> None:
    """A row with one cell too many (past the lines read for the dialect) makes DuckDB's
    typed read reject it; the file is then read the sniffing way, as before."""
    csv = case.data(START, WE, {"x": _x, "y": _y})
    lines = csv.read_text().splitlines()
    lines[600] += ",3"
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    box = block(build(case.config(CONFIG), [csv]), "X").box_rows[0].totals
    assert box.last_week == pytest.approx(sum(_x(WE - dt.timedelta(days=k)) for k in range(7)))


def test_bad_cells_far_down_are_located_in_each_column(case: Case) -> None:
    csv = case.data(START, WE, {"x": _x, "y": _y})
    lines = csv.read_text().splitlines()
    lines[500] = lines[500].rsplit(",", 1)[0] + ",n/a"  # y on file line 501
    lines[600] = lines[600].split(",")[0] + ",lots," + lines[600].split(",")[2]  # x, line 601
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = case.config(CONFIG)
    with pytest.raises(ConfigError) as caught:
        build(config, [csv])
    found = {(f.line, f.column, f.message) for f in caught.value.findings}
    assert (501, 3, "column 'y' holds 'n/a', which is not a number") in found
    assert (601, 2, "column 'x' holds 'lots', which is not a number") in found


def test_a_wide_csv_reads_only_the_columns_the_config_needs(case: Case) -> None:
    """Issue 17: 10,000 unused columns cost a tokenizer pass, not a typed read of each (before:
    23 s on an idle machine, past 60 s under load)."""
    extra = 10_000
    config = case.config(CONFIG)
    wide = case.folder / "wide.csv"
    filler = "," + ",".join(["1.5"] * extra)
    day, rows = START, ["Date,x,y," + ",".join(f"unused{i}" for i in range(extra))]
    while day <= WE:
        rows.append(f"{day},{_x(day)},{_y(day)}{filler}")
        day += dt.timedelta(days=1)
    wide.write_text("\n".join(rows) + "\n", encoding="utf-8")
    spec = load_valid_spec(config)
    start = time.perf_counter()
    with open_data(spec, [wide]) as data:
        described = data.con.execute("DESCRIBE wbr_csv0").fetchall()
        values = compute(spec, data, WE).values
    seconds = time.perf_counter() - start
    assert [r[0] for r in described] == ["Date", "x", "y"]
    week = sum(_x(WE - dt.timedelta(days=k)) for k in range(7))
    assert any(v == pytest.approx(week) for v in values["X"] if v is not None)
    assert seconds < 15, seconds  # generous: a shared, loaded machine


def test_big_files_spill_to_a_temporary_database(
    case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    csv = case.data(START, WE, {"x": _x, "y": _y})
    spec = load_valid_spec(case.config(CONFIG))
    with open_data(spec, [csv]) as data:
        assert data.scratch is None
        in_memory = compute(spec, data, WE).values
    monkeypatch.setattr(sources, "SPILL_BYTES", 0)
    with open_data(spec, [csv]) as data:
        assert data.scratch is not None
        folder = Path(data.scratch.name)
        assert (folder / "data.duckdb").is_file()
        limit = data.con.execute("SELECT current_setting('memory_limit')").fetchone()
        assert limit is not None and "MiB" in str(limit[0])
        assert compute(spec, data, WE).values == in_memory
    assert not folder.exists()
