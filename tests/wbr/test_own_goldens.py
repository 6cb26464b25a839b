"""Golden cases the WBR App's nine scenarios do not cover (issue 3, point 4).

Every expected number is worked out by hand from simple synthetic data (mostly 1 per day, so a
period's sum is its number of days).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from backwards.wbr.deck import MonthsTableBlock, WeeksTableBlock
from tests.wbr.conftest import Case, block


def one(_: dt.date) -> int:
    return 1


def setup(we: str, extra: str = "", week_number: int = 38) -> str:
    return f"setup:\n  week_ending: {we}\n  week_number: {week_number}\n  title: T\n{extra}"


def chart(name: str, display: str = "trailing_twelve_months") -> str:
    return (
        f"\n  - block:\n      ui_type: 6_12Graph\n      title: {name}\n"
        f"      x_axis_monthly_display: {display}\n      metrics:\n        {name}: {{}}"
    )


SUM_X = "metrics:\n  X:\n    column: x\n    aggf: sum\n"


def test_week_ending_on_a_wednesday(case: Case) -> None:
    we = dt.date(2021, 9, 22)
    case.data(dt.date(2019, 6, 1), we, {"x": one})
    case.config(setup("22-sep-2021") + SUM_X + "deck:" + chart("X"))
    c = block(case.deck(), "X")
    assert c.week_ends == tuple(we - dt.timedelta(days=7 * k) for k in range(5, -1, -1))
    assert all(d.weekday() == 2 for d in c.week_ends)
    assert c.series[0].current_weeks == (7.0,) * 6
    t = c.box_rows[0].totals
    assert (t.mtd, t.qtd, t.ytd) == (22.0, 84.0, 265.0)
    assert t.yoy_ytd == pytest.approx((265 / 266 - 1) * 100)  # PY YTD 2020 is a leap year
    assert t.yoy_week == pytest.approx(0.0)


def test_fiscal_year_ending_in_june(case: Case) -> None:
    we = dt.date(2021, 9, 25)
    case.data(dt.date(2019, 6, 1), we, {"x": one})
    extra = "  fiscal_year_end_month: JUN\n"
    case.config(setup("25-SEP-2021", extra) + SUM_X + "deck:" + chart("X", "fiscal_year"))
    c = block(case.deck(), "X")
    assert c.month_labels == ("Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
                              "Jan", "Feb", "Mar", "Apr", "May", "Jun")  # fmt: skip
    assert c.series[0].current_months == (31.0, 31.0) + (None,) * 10
    assert c.series[0].previous_months[:4] == (31.0, 31.0, 30.0, 31.0)
    t = c.box_rows[0].totals
    assert (t.qtd, t.ytd) == (87.0, 87.0)


def test_bps_metric(case: Case) -> None:
    we = dt.date(2021, 9, 25)
    case.data(
        dt.date(2019, 6, 1), we, {"r": lambda d: 0.52 if d > we - dt.timedelta(days=7) else 0.5}
    )
    case.config(
        setup("25-SEP-2021")
        + "metrics:\n  R:\n    column: r\n    aggf: mean\n    metric_comparison_method: bps\n"
        + "deck:"
        + chart("R")
        + chart("RYOY")
        + chart("RWOW")
    )
    deck = case.deck()
    t = block(deck, "R").box_rows[0].totals
    assert t.comparison == "bps"
    assert t.last_week == pytest.approx(0.52)
    assert t.wow == pytest.approx(200.0)
    assert t.yoy_week == pytest.approx(200.0)
    assert block(deck, "RYOY").series[0].current_weeks[-1] == pytest.approx(0.02)
    assert block(deck, "RYOY").series[0].current_weeks[0] == pytest.approx(0.0)
    assert block(deck, "RWOW").series[0].current_weeks[-2:] == pytest.approx([0.0, 0.02])
    assert block(deck, "RYOY").series[0].previous_weeks is None


def test_both_table_blocks(case: Case) -> None:
    we = dt.date(2021, 9, 25)
    case.data(dt.date(2019, 6, 1), we, {"x": one})
    case.config(
        setup("25-SEP-2021")
        + SUM_X
        + """deck:
  - block:
      ui_type: 6_WeeksTable
      title: W
      rows:
        - row: {header: Traffic, style: "font-weight: bold"}
        - row: {header: X, metric: X, y_scaling: "##"}
        - row: {header: X YOY, metric: XYOY, y_scaling: "##.1%"}
  - block:
      ui_type: 12_MonthsTable
      title: M
      rows:
        - row: {header: X, metric: X}
        - row: {header: X MOM, metric: XMOM}
"""
    )
    deck = case.deck()
    w = block(deck, "W")
    assert isinstance(w, WeeksTableBlock)
    assert w.headers == ("wk 33", "wk 34", "wk 35", "wk 36", "wk 37", "wk 38", "QTD", "YTD")
    assert w.rows[0].values == () and w.rows[0].style == "font-weight: bold"
    assert w.rows[1].values == (7.0,) * 6 + (87.0, 268.0)
    assert w.rows[2].values[:6] == pytest.approx([0.0] * 6)
    assert w.rows[2].values[6] == pytest.approx(87 / 87 - 1)  # QTD YOY (unscaled)
    m = block(deck, "M")
    assert isinstance(m, MonthsTableBlock)
    assert m.headers == ("Sep", "Oct", "Nov", "Dec", "Jan", "Feb",
                         "Mar", "Apr", "May", "Jun", "Jul", "Aug")  # fmt: skip
    assert m.rows[0].values == (30.0, 31.0, 30.0, 31.0, 31.0, 28.0,
                                31.0, 30.0, 31.0, 30.0, 31.0, 31.0)  # fmt: skip
    assert m.rows[1].values[1] == pytest.approx(31 / 30 - 1)
    assert (w.number, m.number) == (1, 2)


def test_several_rows_a_day_and_filters(case: Case) -> None:
    we = dt.date(2021, 9, 25)
    lines = ["Date,country,v"]
    day = dt.date(2020, 1, 1)
    while day <= we:
        lines += [f"{day},US,1", f"{day},UK,3", f"{day},FR,100"]
        day += dt.timedelta(days=1)
    rows = [lines[0], *reversed(lines[1:])]  # newest first: unsorted on purpose
    (case.folder / "daily.csv").write_text("\n".join(rows) + "\n")
    case.config(
        setup("25-SEP-2021")
        + "metrics:\n  S:\n    column: v\n    aggf: sum\n  M:\n    column: v\n    aggf: mean\n"
        + "  F:\n    filter:\n      base_column: v\n"
        + "      query: \"country in ['US', 'UK'] and v < 50\"\n    aggf: mean\n"
        + "  N:\n    filter:\n      base_column: v\n      query: country != 'FR'\n    aggf: sum\n"
        + "deck:"
        + chart("S")
        + chart("M")
        + chart("F")
        + chart("N")
    )
    deck = case.deck()
    assert block(deck, "S").series[0].current_weeks == (728.0,) * 6  # 7 x 104
    assert block(deck, "M").series[0].current_weeks == pytest.approx([104 / 3] * 6)
    assert block(deck, "F").series[0].current_weeks == (2.0,) * 6  # mean of 1 and 3
    assert block(deck, "N").series[0].current_weeks == (28.0,) * 6


def test_leap_year_week_ending_on_feb_29(case: Case) -> None:
    we = dt.date(2024, 2, 29)
    case.data(dt.date(2021, 1, 1), we, {"x": one})
    case.config(setup("29-FEB-2024", week_number=9) + SUM_X + "deck:" + chart("X"))
    c = block(case.deck(), "X")
    t = c.box_rows[0].totals
    assert (t.mtd, t.ytd) == (29.0, 60.0)
    assert t.yoy_mtd == pytest.approx((29 / 28 - 1) * 100)  # PY to 28 Feb 2023
    assert t.yoy_ytd == pytest.approx((60 / 59 - 1) * 100)
    assert c.week_ends[-1] == we and c.week_ends[-1].weekday() == 3  # Thursday
    assert c.month_labels[-1] == "Feb" and c.series[0].current_months[-1] == 29.0
    assert c.series[0].previous_months[-1] == 28.0


def test_data_starting_less_than_a_year_before(case: Case) -> None:
    we = dt.date(2021, 9, 25)
    case.data(dt.date(2021, 3, 1), we, {"x": one})
    case.config(setup("25-SEP-2021") + SUM_X + "deck:" + chart("X"))
    c = block(case.deck(), "X")
    s = c.series[0]
    assert s.previous_weeks == (None,) * 6
    assert s.previous_months == (None,) * 12
    assert s.current_months == (None,) * 6 + (31.0, 30.0, 31.0, 30.0, 31.0, 31.0)
    t = c.box_rows[0].totals
    assert t.yoy_week is None and t.yoy_mtd is None and t.yoy_ytd is None
    assert t.ytd == 209.0  # 1 Mar .. 25 Sep


def test_data_ending_before_the_week_ending_and_partial_month(case: Case) -> None:
    case.data(dt.date(2019, 6, 1), dt.date(2021, 9, 20), {"x": one})
    case.config(setup("25-SEP-2021") + SUM_X + "deck:" + chart("X", "fiscal_year"))
    c = block(case.deck(), "X")
    assert c.series[0].current_weeks == (7.0,) * 5 + (2.0,)  # only 19 and 20 Sep, as the App
    assert c.series[0].current_months[7:] == (31.0, None, None, None, None)


def test_week_numbers_wrap(case: Case) -> None:
    we = dt.date(2022, 1, 8)
    case.data(dt.date(2020, 1, 1), we, {"x": one})
    case.config(setup("08-JAN-2022", week_number=2) + SUM_X + "deck:" + chart("X"))
    c = block(case.deck(), "X")
    assert c.week_labels == ("wk 49", "wk 50", "wk 51", "wk 52", "wk 1", "wk 2")
    assert c.month_labels == ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # fmt: skip
    assert c.box_rows[0].totals.ytd == 8.0
    assert c.box_rows[0].totals.qtd == 8.0


def test_week_ending_override_shifts_the_week_number(case: Case) -> None:
    case.data(dt.date(2020, 1, 1), dt.date(2021, 12, 31), {"x": one})
    case.config(setup("25-SEP-2021") + SUM_X + "deck:" + chart("X"))
    deck = case.deck(week_ending=dt.date(2021, 10, 9))
    assert deck.week_number == 40
    assert block(deck, "X").week_labels[-1] == "wk 40"


def test_a_blank_day_blanks_a_sum_but_not_a_mean(case: Case) -> None:
    we = dt.date(2021, 9, 25)
    blank = we - dt.timedelta(days=3)
    case.data(dt.date(2020, 1, 1), we, {"x": lambda d: None if d == blank else 2})
    case.config(
        setup("25-SEP-2021")
        + "metrics:\n  S:\n    column: x\n    aggf: sum\n  M:\n    column: x\n    aggf: mean\n"
        + "deck:"
        + chart("S")
        + chart("M")
    )
    deck = case.deck()
    assert block(deck, "S").series[0].current_weeks == (14.0,) * 5 + (None,)
    assert block(deck, "M").series[0].current_weeks == (2.0,) * 6
    totals = block(deck, "S").box_rows[0].totals
    assert (totals.last_week, totals.mtd, totals.wow) == (None, None, None)
    assert block(deck, "M").box_rows[0].totals.mtd == 2.0


Event = tuple[dt.date, str, str, int | None]


def _events(seed: int, start: dt.date, end: dt.date) -> list[Event]:
    """Six random events a day: (day, channel, region, user or None)."""
    import random

    rng, out, day = random.Random(seed), [], start
    while day <= end:
        for _ in range(6):
            user = None if rng.random() < 0.05 else rng.randrange(60)
            out.append((day, rng.choice(["web", "app", "store"]), f"r{rng.randrange(8)}", user))
        day += dt.timedelta(days=1)
    return out


Filter = Callable[[str, str], bool]


def distinct_case(folder: Path, regions: int = 64) -> tuple[list[Event], dict[str, Filter]]:
    """Random events (``daily.csv``) and a config (``wbr.yaml``) of distinct users:
    unfiltered, by channel, with two conditions, and ``regions`` region filters (64: more
    filters than one flag word holds), charted (``All``, ``Web``, ``WebR0`` and the last
    region's) and in a weeks table."""
    we = dt.date(2021, 9, 25)
    events = _events(10, dt.date(2020, 6, 1), we)
    lines = ["Date,channel,region,user"]
    lines += [f"{d},{c},{r},{'' if u is None else u}" for d, c, r, u in events]
    (folder / "daily.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    tests: dict[str, tuple[str | None, Filter]] = {
        "All": (None, lambda c, r: True),
        "Web": ("channel == 'web'", lambda c, r: c == "web"),
        "App": ("channel == 'app'", lambda c, r: c == "app"),
        "WebR0": ("channel == 'web' and region == 'r0'", lambda c, r: c == "web" and r == "r0"),
    }
    for k in range(regions):
        tests[f"R{k}"] = (f"region == 'r{k % 8}'", lambda c, r, k=k: r == f"r{k % 8}")
    metrics = "".join(
        f"  {name}: {{column: user, aggf: nunique}}\n"
        if query is None
        else f'  {name}: {{filter: {{base_column: user, query: "{query}"}}, aggf: nunique}}\n'
        for name, (query, _) in tests.items()
    )
    rows = ", ".join(f"{{row: {{header: {n}, metric: {n}}}}}" for n in tests)
    (folder / "wbr.yaml").write_text(
        setup("25-SEP-2021")
        + "metrics:\n"
        + metrics
        + "deck:"
        + "".join(chart(n) for n in (*CHARTED, f"R{regions - 1}"))
        + f"\n  - block: {{ui_type: 6_WeeksTable, title: W, rows: [{rows}]}}\n",
        encoding="utf-8",
    )
    return events, {name: keep for name, (_, keep) in tests.items()}


CHARTED = ("All", "Web", "WebR0")


def test_distinct_counts_over_every_period_equal_a_count_by_hand(case: Case) -> None:
    """Distinct users in every week, month and to-date period of the deck, each against the
    set of users counted here (``distinct_case``)."""
    distinct_equal_a_count_by_hand(case, *distinct_case(case.folder))


def distinct_equal_a_count_by_hand(
    case: Case, events: list[Event], tests: dict[str, Filter], *data: Path
) -> None:
    we = dt.date(2021, 9, 25)

    def users(name: str, start: dt.date, end: dt.date) -> float:
        keep = tests[name]
        return float(
            len({u for d, c, r, u in events if start <= d <= end and u is not None and keep(c, r)})
        )

    deck = case.deck(*data)
    week_ends = [we - dt.timedelta(days=7 * k) for k in range(5, -1, -1)]
    weeks = [(e - dt.timedelta(days=6), e) for e in week_ends]
    table = block(deck, "W")
    for row in table.rows:
        expected = [users(row.metric, s, e) for s, e in weeks]
        expected += [users(row.metric, dt.date(2021, 7, 1), we)]  # QTD
        expected += [users(row.metric, dt.date(2021, 1, 1), we)]  # YTD
        assert list(row.values) == expected, row.metric
    for name in (*CHARTED, f"R{len(tests) - 5}"):
        c = block(deck, name)
        s = c.series[0]
        assert list(s.current_weeks) == [users(name, a, b) for a, b in weeks], name
        year = dt.timedelta(days=364)
        assert list(s.previous_weeks) == [users(name, a - year, b - year) for a, b in weeks]
        months = [(m, (m.replace(day=28) + dt.timedelta(days=4)).replace(day=1)) for m in c.months]
        expected_months = [
            users(name, a, b - dt.timedelta(days=1)) if b <= we else None for a, b in months
        ]
        assert list(s.current_months) == expected_months, name
        t = c.box_rows[0].totals
        assert t.mtd == users(name, dt.date(2021, 9, 1), we)
        assert t.qtd == users(name, dt.date(2021, 7, 1), we)
        assert t.ytd == users(name, dt.date(2021, 1, 1), we)
        py = (users(name, dt.date(2020, 1, 1), dt.date(2020, 9, 25)), t.ytd)
        assert t.yoy_ytd == pytest.approx((py[1] / py[0] - 1) * 100), name
