"""Issue 9, point 1: ``nunique`` and ``mean`` per period from the period's rows, not from daily
results. Every expected number is counted by hand from the synthetic rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.wbr.conftest import Case, block

WE = dt.date(2021, 9, 25)  # a Saturday


def _config(case: Case, aggf: str, column: str = "user") -> None:
    case.config(
        "setup:\n  week_ending: 25-SEP-2021\n  week_number: 38\n  title: T\n"
        f"metrics:\n  M:\n    column: {column}\n    aggf: {aggf}\n"
        "deck:\n  - block:\n      ui_type: 6_12Graph\n      title: M\n      metrics:\n"
        "        M: {}\n"
    )


def _rows(case: Case, rows: dict[dt.date, list[int]], header: str = "user") -> None:
    lines = [f"Date,{header}"]
    day = dt.date(2020, 6, 1)
    while day <= WE:
        lines += [f"{day},{v}" for v in rows[day]] if day in rows else [f"{day},"]
        day += dt.timedelta(days=1)
    (case.folder / "daily.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_weekly_active_users_with_one_row_a_day(case: Case) -> None:
    # user = 100 + (day mod 7): seven different users in every week (wrong before: 1).
    case.data(dt.date(2020, 6, 1), WE, {"user": lambda d: 100 + d.toordinal() % 7})
    _config(case, "nunique")
    chart = block(case.deck(), "M")
    assert chart.series[0].current_weeks == (7.0,) * 6
    assert chart.series[0].current_months == (7.0,) * 12
    totals = chart.box_rows[0].totals
    assert (totals.last_week, totals.mtd, totals.qtd, totals.ytd) == (7.0, 7.0, 7.0, 7.0)


def test_distinct_users_over_event_rows(case: Case) -> None:
    # Every day two events by users d and d+1 (d: the day of the month): a week of days
    # 19..25 has the users 19..26, eight distinct; the busiest day has two.
    rows = {}
    day = dt.date(2020, 6, 1)
    while day <= WE:
        rows[day] = [day.day, day.day + 1]
        day += dt.timedelta(days=1)
    _rows(case, rows)
    _config(case, "nunique")
    chart = block(case.deck(), "M")
    assert chart.series[0].current_weeks[-1] == 8.0  # wrong before: 2
    assert chart.series[0].current_months[-1] == 32.0  # August: users 1..32
    assert chart.box_rows[0].totals.mtd == 26.0  # 1..25 September: users 1..26


def test_mean_of_event_rows(case: Case) -> None:
    # Sunday of the last week: rows 1, 1, 1, 9; the other six days one row of 5.
    # Row mean of the week: (12 + 30) / 10 = 4.2; the mean of daily means would be
    # (3 + 30) / 7 = 4.714...
    rows = {}
    day = dt.date(2020, 6, 1)
    while day <= WE:
        rows[day] = [1, 1, 1, 9] if day == dt.date(2021, 9, 19) else [5]
        day += dt.timedelta(days=1)
    _rows(case, rows, header="v")
    _config(case, "mean", column="v")
    weeks = block(case.deck(), "M").series[0].current_weeks
    assert weeks[-1] == pytest.approx(4.2)
    assert weeks[:-1] == (5.0,) * 5


def _text_rows(case: Case) -> None:
    # Every day two events, by the users "user<d>@example.com" and "user<d+1>@example.com"
    # (d: the day of the month), and a row without a user.
    lines = ["Date,user"]
    day = dt.date(2020, 6, 1)
    while day <= WE:
        lines += [
            f"{day},user{day.day}@example.com",
            f"{day},user{day.day + 1}@example.com",
            f"{day},",
        ]
        day += dt.timedelta(days=1)
    (case.folder / "daily.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_text_ids_are_counted_distinct(case: Case) -> None:
    # Refused before with WBR011: the week of days 19..25 has the users 19..26.
    _text_rows(case)
    _config(case, "nunique")
    chart = block(case.deck(), "M")
    assert chart.series[0].current_weeks[-1] == 8.0
    assert chart.series[0].current_months[-1] == 32.0  # August: users 1..32
    assert chart.box_rows[0].totals.mtd == 26.0


def test_text_ids_are_counted(case: Case) -> None:
    # count counts the rows with a value: two a day, 14 a week, 62 in August.
    _text_rows(case)
    _config(case, "count")
    chart = block(case.deck(), "M")
    assert chart.series[0].current_weeks == (14.0,) * 6
    assert chart.series[0].current_months[-1] == 62.0


def test_text_in_a_summed_column_is_still_refused(case: Case) -> None:
    from backwards.errors import ConfigError

    _text_rows(case)
    case.config(
        "setup:\n  week_ending: 25-SEP-2021\n  week_number: 38\n  title: T\n"
        "metrics:\n  U:\n    column: user\n    aggf: nunique\n"
        "  S:\n    column: user\n    aggf: sum\n"
        "deck:\n  - block:\n      ui_type: 6_12Graph\n      title: M\n      metrics:\n"
        "        U: {}\n"
    )
    with pytest.raises(ConfigError) as caught:
        case.deck()
    assert [f.code for f in caught.value.findings] == ["WBR011"]
    assert "'user1@example.com', which is not a number" in caught.value.findings[0].message


def test_filtered_distinct_users_over_event_rows(case: Case) -> None:
    """Distinct users among the rows a filter keeps, and with none kept or no user at all a
    period counts 0, not blank. Every day: user d on the web, user d + 1 in the app, and a
    web row without a user (d: the day of the month); in the last week (19..25 September)
    the app rows are in the store instead, and on 20 September nobody has an id."""
    lines, day = ["Date,channel,user"], dt.date(2020, 6, 1)
    while day <= WE:
        app = "store" if day >= dt.date(2021, 9, 19) else "app"
        users = ("", "") if day == dt.date(2021, 9, 20) else (day.day, day.day + 1)
        lines += [f"{day},web,{users[0]}", f"{day},{app},{users[1]}", f"{day},web,"]
        day += dt.timedelta(days=1)
    (case.folder / "daily.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    case.config(
        "setup:\n  week_ending: 25-SEP-2021\n  week_number: 38\n  title: T\nmetrics:\n"
        "  Web: {filter: {base_column: user, query: \"channel == 'web'\"}, aggf: nunique}\n"
        "  App: {filter: {base_column: user, query: \"channel == 'app'\"}, aggf: nunique}\n"
        "  All: {column: user, aggf: nunique}\n"
        "deck:\n  - block: {ui_type: 6_WeeksTable, title: W, rows: [{row: {header: Web, "
        "metric: Web}}, {row: {header: App, metric: App}}, {row: {header: All, metric: All}}]}\n"
    )
    table = block(case.deck(), "W")
    web, app, everyone = (row.values for row in table.rows)
    # the last week: web users 19, 21..25 (six; none on the 20th); app: none (0, not blank)
    assert web[5] == 6.0 and app[5] == 0.0
    assert everyone[5] == 8.0  # 19 and 20 (the 19th's), 21..26
    # the week before (12..18 September): web 12..18, app 13..19, all 12..19
    assert (web[4], app[4], everyone[4]) == (7.0, 7.0, 8.0)


def test_a_distinct_series_day_by_day_equals_a_count_by_hand(case: Case) -> None:
    """``metric_series`` of a filtered distinct count: one period a day (hundreds of periods,
    several mask words), each day's distinct users against the set counted here."""
    from backwards.wbr import metric_series
    from tests.wbr.test_own_goldens import _events

    events = _events(11, dt.date(2020, 6, 1), WE)
    lines = ["Date,channel,region,user"]
    lines += [f"{d},{c},{r},{'' if u is None else u}" for d, c, r, u in events]
    (case.folder / "daily.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    case.config(
        "setup:\n  week_ending: 25-SEP-2021\n  week_number: 38\n  title: T\nmetrics:\n"
        "  Web: {filter: {base_column: user, query: \"channel == 'web'\"}, aggf: nunique}\n"
        "deck:\n  - block: {ui_type: 6_12Graph, title: Web, metrics: {Web: {}}}\n"
    )
    series = metric_series("Web", case.folder / "wbr.yaml", [case.folder / "daily.csv"])
    assert sum(v is not None for v in series.daily) > 400
    for day, value in zip(series.days, series.daily, strict=True):
        users = {u for d, c, _, u in events if d == day and c == "web" and u is not None}
        has_rows = any(d == day for d, *_ in events)
        assert value == (float(len(users)) if has_rows else None), day


def _parquet(case: Case) -> Path:
    """``daily.csv`` as Parquet, the users as integers (BIGINT)."""
    import duckdb

    csv, parquet = case.folder / "daily.csv", case.folder / "daily.parquet"
    with duckdb.connect() as con:
        con.execute(
            f"COPY (SELECT * FROM read_csv('{csv}', types = {{'user': 'BIGINT'}})) "
            f"TO '{parquet}' (FORMAT parquet)"
        )
    return parquet


@pytest.mark.parametrize("regions", [4, 64])
def test_integer_ids_counted_as_bits_equal_a_count_by_hand(case: Case, regions: int) -> None:
    """Integer users of a small range are counted as bits per group of rows (``BITSTRING_AGG``
    in DuckDB): with 8 filters; with 68 the groups could outgrow the memory allowed, so the
    per-user masks count them. Both against the count by hand."""
    from backwards.wbr import metric_series, open_data
    from backwards.wbr.calendar import build_calendar
    from backwards.wbr.checking import load_valid_spec
    from backwards.wbr.engine import plan_for_periods
    from tests.wbr.test_own_goldens import distinct_case, distinct_equal_a_count_by_hand

    events, tests = distinct_case(case.folder, regions=regions)
    parquet = _parquet(case)
    spec = load_valid_spec(case.folder / "wbr.yaml")
    with open_data(spec, [parquet]) as data:
        assert data.id_spans == {"user": (0, 59)}
        sql = plan_for_periods(spec, data, build_calendar(dt.date(2021, 9, 25), 12)).sql
    assert ("BITSTRING_AGG" in sql) is (regions == 4)
    distinct_equal_a_count_by_hand(case, events, tests, parquet)
    # one period a day: hundreds of periods, several mask words, a group per day
    series = metric_series("WebR0", case.folder / "wbr.yaml", [parquet])
    for day, value in zip(series.days, series.daily, strict=True):
        kept = (e for e in events if e[0] == day and e[1:3] == ("web", "r0"))
        users = {u for *_, u in kept if u is not None}
        has_rows = any(d == day for d, *_ in events)
        assert value == (float(len(users)) if has_rows else None), day
