"""Tests that kill the mutants `make mutation` found alive in ``backwards/wbr/engine.py``.

The arithmetic on top of the query (week on week, year on year, month on month, box totals,
partial periods) is checked on ``Results`` built by hand: chosen values for named periods, and
every expected number worked out by hand in the comments. See docs/testing.md, "Mutation
testing".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from backwards.wbr.calendar import Calendar, build_calendar
from backwards.wbr.checking import load_valid_spec
from backwards.wbr.deck import BoxTotals, Value
from backwards.wbr.engine import Results, _clean, compare, compute, explain_sql
from backwards.wbr.sources import open_data
from backwards.wbr.spec import Comparison

WE = dt.date(2021, 9, 25)  # a Saturday; the fiscal year is the calendar year
D = dt.date

# Seven current-year weeks (cw0 is only there for week on week), six prior-year weeks.
CW = [10.0, 20.0, 25.0, 50.0, 40.0, 44.0, 55.0]
PW = [20.0, 20.0, 50.0, 40.0, 0.0, 50.0]
TO_DATE = {"mtd": 90.0, "qtd": 300.0, "ytd": 1000.0}
PY_TO_DATE = {"py_mtd": 60.0, "py_qtd": 0.0, "py_ytd": 800.0}
MONTHS = {D(2021, 8, 1): 80.0, D(2021, 7, 1): 64.0, D(2020, 8, 1): 40.0, D(2021, 6, 1): None}


def pids(cal: Calendar) -> dict[str, int]:
    return {p.name: p.pid for p in cal.periods}


def hand_values(cal: Calendar) -> tuple[Value, ...]:
    by_name: dict[str, Value] = {}
    by_name |= {f"cw{k}": v for k, v in enumerate(CW)}
    by_name |= {f"pw{k + 1}": v for k, v in enumerate(PW)}
    by_name |= TO_DATE | PY_TO_DATE
    by_name |= {f"m{m:%Y-%m}": v for m, v in MONTHS.items()}
    return tuple(by_name.get(p.name) for p in cal.periods)


def results(method: Comparison = "%", days: tuple[int, ...] = ()) -> Results:
    cal = build_calendar(WE)
    return Results(
        calendar=cal, values={"m": hand_values(cal)}, comparisons={"m": method}, days=days
    )


def close(got: tuple[Value, ...], want: tuple[Value, ...]) -> bool:
    return len(got) == len(want) and all(
        (g is None and w is None) or (g is not None and w is not None and g == pytest.approx(w))
        for g, w in zip(got, want, strict=True)
    )


def test_compare_is_a_ratio_or_a_difference_and_blank_without_a_base() -> None:
    assert compare(3.0, 2.0, "%") == 0.5
    assert compare(0.0, 2.0, "%") == -1.0
    assert compare(3.0, 0.0, "%") is None  # a percent change against 0 is blank
    assert compare(3.0, 0.0, "bps") == 3.0  # a difference against 0 is a number
    assert compare(2.0, 3.0, "bps") == -1.0
    for method in ("%", "bps"):
        assert compare(None, 1.0, method) is None
        assert compare(1.0, None, method) is None


def test_weeks_of_a_metric_and_its_derived_names() -> None:
    r = results()
    assert r.cy_weeks("m") == (20.0, 25.0, 50.0, 40.0, 44.0, 55.0)
    assert r.py_weeks("m") == (20.0, 20.0, 50.0, 40.0, 0.0, 50.0)
    # 20/10-1, 25/20-1, 50/25-1, 40/50-1, 44/40-1, 55/44-1
    assert close(r.cy_weeks("mWOW"), (1.0, 0.25, 1.0, -0.2, 0.1, 0.25))
    # 20/20-1, 25/20-1, 50/50-1, 40/40-1, 44/0 is blank, 55/50-1
    assert close(r.cy_weeks("mYOY"), (0.0, 0.25, 0.0, 0.0, None, 0.1))
    assert r.cy_weeks("mMOM") == (None,) * 6
    for name in ("mWOW", "mYOY", "mMOM"):
        assert r.py_weeks(name) == (None,) * 6
    bps = results("bps")
    # Differences: 20-10, 25-20, 50-25, 40-50, 44-40, 55-44; against last year 0, 5, 0, 0, 44, 5.
    assert bps.cy_weeks("mWOW") == (10.0, 5.0, 25.0, -10.0, 4.0, 11.0)
    assert bps.cy_weeks("mYOY") == (0.0, 5.0, 0.0, 0.0, 44.0, 5.0)


def test_months_of_a_metric_and_its_derived_names() -> None:
    r = results()
    months = [D(2021, 8, 1), D(2021, 7, 1), D(2021, 6, 1), D(1999, 1, 1)]
    assert r.cy_months("m", months) == (80.0, 64.0, None, None)
    # August 2021 against July 2021: 80/64-1 = 0.25; July against June (blank): blank.
    assert close(r.cy_months("mMOM", months[:2]), (0.25, None))
    # August 2021 against August 2020: 80/40-1 = 1.0; July 2020 has no value: blank.
    assert close(r.cy_months("mYOY", months[:2]), (1.0, None))
    assert r.cy_months("mWOW", months) == (None,) * 4
    assert r.py_months("m", [D(2021, 8, 1), D(2021, 7, 1)]) == (40.0, None)
    assert r.py_months("mYOY", months) == (None,) * 4
    # In basis points: 80 - 64 = 16 and 80 - 40 = 40.
    bps = results("bps")
    assert bps.cy_months("mMOM", months[:1]) == (16.0,)
    assert bps.cy_months("mYOY", months[:1]) == (40.0,)
    assert r.month_value("m", D(2021, 8, 1)) == 80.0
    assert r.month_value("m", D(1999, 1, 1)) is None


def test_box_totals_in_percent() -> None:
    # LastWk 55; WOW 55/44-1 = 25 %; YOY 55/50-1 = 10 %; MTD 90 against 60: 50 %; QTD 300
    # against 0: blank; YTD 1000 against 800: 25 %.
    box = results().box("m")
    assert box == BoxTotals(
        last_week=55.0,
        wow=pytest.approx(25.0),
        yoy_week=pytest.approx(10.0),
        mtd=90.0,
        yoy_mtd=pytest.approx(50.0),
        qtd=300.0,
        yoy_qtd=None,
        ytd=1000.0,
        yoy_ytd=pytest.approx(25.0),
        comparison="%",
    )


def test_box_totals_in_basis_points() -> None:
    # Differences x10 000: WOW 55-44 = 11 -> 110 000; YOY 55-50 = 5 -> 50 000; MTD 90-60 = 30
    # -> 300 000; QTD 300-0 -> 3 000 000; YTD 1000-800 = 200 -> 2 000 000.
    box = results("bps").box("m")
    assert box == BoxTotals(
        last_week=55.0,
        wow=110_000.0,
        yoy_week=50_000.0,
        mtd=90.0,
        yoy_mtd=300_000.0,
        qtd=300.0,
        yoy_qtd=3_000_000.0,
        ytd=1000.0,
        yoy_ytd=2_000_000.0,
        comparison="bps",
    )


def test_box_totals_of_derived_names() -> None:
    # mYOY: the week cells are the unscaled YOY ratios: last week 55/50-1 = 0.1; WOW scales
    # the change between the last two YOY ratios: 0.1 against blank (44/0): blank. The to-date
    # cells are unscaled ratios too: MTD 90/60-1 = 0.5, QTD against 0 blank, YTD 1000/800-1.
    box = results().box("mYOY")
    assert box == BoxTotals(
        last_week=pytest.approx(0.1),
        wow=None,
        yoy_week=None,
        mtd=pytest.approx(0.5),
        yoy_mtd=None,
        qtd=None,
        yoy_qtd=None,
        ytd=pytest.approx(0.25),
        yoy_ytd=None,
        comparison="%",
    )
    # In basis points the YOY differences are 44 and 5: WOW (5-44) x10 000 = -390 000; the
    # to-date cells are the plain differences 30, 300 and 200.
    bps = results("bps").box("mYOY")
    assert bps == BoxTotals(5.0, -390_000.0, None, 30.0, None, 300.0, None, 200.0, None, "bps")
    blank = BoxTotals(None, None, None, None, None, None, None, None, None, "%")
    assert results().box("mWOW") == blank
    assert results().box("mMOM") == blank


def test_a_partial_current_period_blanks_its_comparisons() -> None:
    cal = build_calendar(WE)
    named = pids(cal)
    days = [0] * len(cal.periods)
    for p in cal.periods:
        days[p.pid] = (p.end - p.start).days + 1  # every day has data ...
    days[named["cw6"]] = 3  # ... but last week has 3 of its 7 days
    days[named["cw3"]] = 0  # and week 3 has none (blank, not partial)
    days[named["cw2"]] = 1  # week 2 has a single day: partial
    days[named["mtd"]] = 24  # month to date has 24 of its 25 days
    days[named["qtd"]] = 80  # quarter to date (from 1 July) 80 of its 87 days
    days[named["ytd"]] = 200  # year to date 200 of its 268 days
    r = results(days=tuple(days))
    assert r.span(named["cw6"]) == 7 and r.span(named["mtd"]) == 25
    assert r.is_partial(named["cw6"]) and r.is_partial(named["mtd"])
    assert not r.is_partial(named["cw3"]) and not r.is_partial(named["cw5"])
    assert not r.is_partial(None)
    assert r.is_partial(named["cw2"])
    assert close(r.cy_weeks("mWOW"), (1.0, None, 1.0, -0.2, 0.1, None))
    assert close(r.cy_weeks("mYOY"), (0.0, None, 0.0, 0.0, None, None))
    assert r.span(named["qtd"]) == 87 and r.span(named["ytd"]) == 268
    blank_changes = BoxTotals(55.0, None, None, 90.0, None, 300.0, None, 1000.0, None, "bps")
    bps = results("bps", days=tuple(days))
    assert bps.box("m") == blank_changes
    # The derived YOY cells of partial to-date periods are blank too; its WOW reads the
    # (blank) YOY weeks.
    assert bps.box("mYOY") == BoxTotals(None, None, None, None, None, None, None, None, None, "bps")
    # A month that must be complete is never partial: 10 of September's 30 days.
    september = cal.month_pid(D(2021, 9, 1))
    assert september is not None and cal.periods[september].required_days == 30
    days[september] = 10
    assert not results(days=tuple(days)).is_partial(september)
    # Without day counts nothing is partial.
    assert not results().is_partial(named["cw6"])


def test_a_month_partial_in_days_blanks_its_month_comparisons() -> None:
    cal = build_calendar(WE)
    august = cal.month_pid(D(2021, 8, 1))
    assert august is not None
    days = [1] * len(cal.periods)
    days[august] = 30  # 30 of August's 31 days
    r = results(days=tuple(days))
    assert r.cy_months("mMOM", [D(2021, 8, 1)]) == (None,)
    assert r.cy_months("mYOY", [D(2021, 8, 1)]) == (None,)
    assert r.cy_months("m", [D(2021, 8, 1)]) == (80.0,)


def test_names_split_into_a_metric_and_a_derived_suffix() -> None:
    cal = build_calendar(WE)
    n = len(cal.periods)
    r = Results(
        calendar=cal,
        values={"m": (None,) * n, "aYOY": (None,) * n},
        comparisons={"m": "bps", "aYOY": "%"},
    )
    assert r.split("m") == ("m", "")
    assert r.split("mWOW") == ("m", "WOW")
    assert r.split("mMOM") == ("m", "MOM")
    assert r.split("aYOY") == ("aYOY", "")  # a metric's own name wins over a suffix
    assert r.split("aYOYYOY") == ("aYOY", "YOY")
    assert r.comparison("mWOW") == "bps" and r.comparison("aYOY") == "%"
    assert r.derived("mYOY") == "YOY" and r.derived("m") == ""
    assert r.has_prior_year("m") and not r.has_prior_year("mMOM")
    with pytest.raises(KeyError) as caught:
        r.split("nope")
    assert caught.value.args == ("nope",)
    with pytest.raises(KeyError):
        r.split("YOY")
    assert r.value("m", None) is None


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (2.5, 2.5),
        (-3.0, -3.0),
        (float("inf"), None),
        (float("-inf"), None),
        (float("nan"), None),
        (None, None),
        (3, 3.0),
        (Decimal("2.25"), 2.25),
        (Decimal("Infinity"), None),
        (Decimal("-Infinity"), None),
        (Decimal("NaN"), None),
    ],
)
def test_clean_keeps_finite_numbers_only(raw: object, clean: Value) -> None:
    got = _clean(raw)
    assert got == clean and (got is None or type(got) is float)


CONFIG = """\
setup: {week_ending: 25-SEP-2021, week_number: 38, title: T, fiscal_year_end_month: JUN}
metrics:
  A: {column: a, aggf: sum}
  L: {column: b, aggf: last}
deck:
  - block: {ui_type: section, title: S}
"""


def test_explain_sql_shows_the_query_for_the_spec_or_one_metric(tmp_path: Path) -> None:
    config = tmp_path / "wbr.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    spec = load_valid_spec(config)
    sql = explain_sql(spec, WE)
    assert "-- m0: A = sum of a" in sql and "-- m1: L = last of b" in sql
    assert "FROM wbr_input\n" in sql  # the default relation, by its exact name
    # The last week (19-25 September) and the fiscal year to date (from 1 July: the year
    # ends in June) are periods of the query.
    assert "DATE '2021-09-19', DATE '2021-09-25'" in sql
    assert "DATE '2021-07-01', DATE '2021-09-25'" in sql
    assert "DATE '2021-01-01', DATE '2021-09-25'" not in sql  # no calendar-year YTD
    # "last" needs the rows' order.
    assert "__row" in sql
    only = explain_sql(spec, WE, "AWOW", relation="my_rows")
    assert "-- m0: A = sum of a" in only and "L = last of b" not in only
    assert "my_rows" in only and "wbr_input" not in only
    with pytest.raises(KeyError) as caught:
        explain_sql(spec, WE, "nope")
    assert caught.value.args == ("nope",)
    config.write_text(CONFIG.replace("aggf: last", "aggf: first"), encoding="utf-8")
    assert "__row" in explain_sql(load_valid_spec(config), WE)
    config.write_text(CONFIG.replace("aggf: last", "aggf: max"), encoding="utf-8")
    assert "__row" not in explain_sql(load_valid_spec(config), WE)
    # A spec of "last" metrics only needs the order too.
    config.write_text(CONFIG.replace("  A: {column: a, aggf: sum}\n", ""), encoding="utf-8")
    assert "__row" in explain_sql(load_valid_spec(config), WE)
    # The default fiscal year is the calendar year: the year to date starts on 1 January.
    config.write_text(CONFIG.replace(", fiscal_year_end_month: JUN", ""), encoding="utf-8")
    assert "DATE '2021-01-01', DATE '2021-09-25'" in explain_sql(load_valid_spec(config), WE)


def write_daily(path: Path, first: dt.date, odd: dict[dt.date, str]) -> None:
    """A daily CSV up to week ending: a = 2 (or the odd day's value), b = 4."""
    rows = ["Date,a,b"]
    day = first
    while day <= WE:
        rows.append(f"{day.isoformat()},{odd.get(day, '2')},4")
        day += dt.timedelta(days=1)
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def test_compute_reads_only_what_it_is_asked_and_blanks_incomplete_months(
    tmp_path: Path,
) -> None:
    # a = 2 and b = 4 every day from 1 January 2020 to 25 September 2021.
    write_daily(tmp_path / "daily.csv", D(2020, 1, 1), {})
    config = tmp_path / "wbr.yaml"
    config.write_text(CONFIG.replace(", fiscal_year_end_month: JUN", ""), encoding="utf-8")
    spec = load_valid_spec(config)
    data = open_data(spec, [tmp_path / "daily.csv"])
    try:
        only = compute(spec, data, WE, only=["A"])
        full = compute(spec, data, WE, data_end=D(2021, 9, 20))
    finally:
        data.close()
    assert set(only.values) == {"A"} and set(full.values) == {"A", "L"}
    cal = only.calendar
    last = cal.cy_weeks[6]
    assert only.values["A"][last] == 14.0  # 7 days of 2
    assert only.days[last] == 7
    # August is complete: 31 x 2; September must be complete and has 25 of its 30 days: blank.
    assert only.month_value("A", D(2021, 8, 1)) == 62.0
    assert only.month_value("A", D(2021, 9, 1)) is None
    # Month to date: 25 days, or 20 when the data ends on the 20th (and last year's 20 too).
    assert only.to_date("A", "mtd") == 50.0
    assert full.to_date("A", "mtd") == 40.0
    assert full.to_date("A", "py_mtd") == 40.0
    assert full.to_date("L", "mtd") == 4.0


def test_an_infinite_day_blanks_its_periods_and_no_rows_blank_everything(
    tmp_path: Path,
) -> None:
    # a = 2 every day of September 2021 up to the 25th, but +inf on the 20th and -inf on the 8th.
    write_daily(
        tmp_path / "daily.csv", D(2021, 9, 1), {D(2021, 9, 20): "inf", D(2021, 9, 8): "-inf"}
    )
    (tmp_path / "old.csv").write_text("Date,a,b\n2001-01-01,2,4\n", encoding="utf-8")
    config = tmp_path / "wbr.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    spec = load_valid_spec(config)
    data = open_data(spec, [tmp_path / "daily.csv"])
    old = open_data(spec, [tmp_path / "old.csv"])
    try:
        r = compute(spec, data, WE)
        nothing = compute(spec, old, WE)
    finally:
        data.close()
        old.close()
    # The seven weeks (ending 14 August ... 25 September): no data before 1 September; the
    # week ending 4 September has 4 days of 2; the weeks holding -inf and +inf are blank.
    weeks = [r.values["A"][p] for p in r.calendar.cy_weeks]
    assert weeks == [None, None, None, 8.0, None, 14.0, None]
    # Data from 2001 only: the query returns no row for any period of the deck.
    assert set(nothing.values) == {"A", "L"}
    assert all(v is None for col in nothing.values.values() for v in col)
    assert set(nothing.days) == {0}
