"""One test per WBR App bug (semantics doc, section 14) that changes a number or crashes.

Each asserts the correct value, worked out by hand from the synthetic data; the WBR App's wrong
value is named in the docstring. docs/compatibility.md lists every difference.
"""

from __future__ import annotations

import datetime as dt

import pytest

from backwards.wbr.deck import ChartBlock, MonthsTableBlock, WeeksTableBlock
from tests.wbr.conftest import Case, block

WE = dt.date(2021, 9, 25)  # a Saturday
START = dt.date(2019, 6, 1)


def one(_: dt.date) -> int:
    return 1


def chart(name: str, display: str = "trailing_twelve_months", title: str | None = None) -> str:
    return f"""
      - block:
          ui_type: 6_12Graph
          title: {title or name}
          x_axis_monthly_display: {display}
          metrics:
            {name}: {{}}"""


def config(metrics: str, deck: str, setup: str = "") -> str:
    head = "setup:\n  week_ending: 25-SEP-2021\n  week_number: 38\n  title: T\n"
    return head + setup + "metrics:\n" + metrics + "\ndeck:" + deck + "\n"


def test_14_1_wow_of_yoy_is_not_compounded(case: Case) -> None:
    """WBR App: x100 per comparison class present, so 10000 here instead of 100."""

    def x(day: dt.date) -> float:
        if day > WE - dt.timedelta(days=7):
            return 2
        if day > WE - dt.timedelta(days=14):
            return 1.5
        return 1

    case.data(START, WE, {"x": x, "y": one})
    case.config(
        config(
            "  X:\n    column: x\n    aggf: sum\n"
            "  Rate:\n    column: y\n    aggf: mean\n    metric_comparison_method: bps\n"
            "  F:\n    function:\n      divide:\n        - metric: {name: X}\n"
            "        - metric: {name: Rate}\n",
            chart("XYOY"),
        )
    )
    totals = block(case.deck(), "XYOY").box_rows[0].totals
    assert totals.last_week == pytest.approx(1.0)  # 14 / 7 - 1
    assert totals.wow == pytest.approx(100.0)  # (1.0 / 0.5 - 1) x 100


def test_14_2_sum_function_does_not_pollute_dependants(case: Case) -> None:
    """WBR App: D's YOY used the sum of every column (0.97 % in its example)."""
    case.data(START, WE, {"a": one, "b": lambda d: 2 if d > WE - dt.timedelta(days=100) else 1})
    case.config(
        config(
            "  A:\n    column: a\n    aggf: sum\n  B:\n    column: b\n    aggf: sum\n"
            "  S:\n    function:\n      sum:\n        - metric: {name: A}\n"
            "        - metric: {name: B}\n"
            "  D:\n    function:\n      divide:\n        - metric: {name: S}\n"
            "        - metric: {name: A}\n",
            chart("D"),
        )
    )
    totals = block(case.deck(), "D").box_rows[0].totals
    assert totals.last_week == pytest.approx(3.0)
    assert totals.yoy_week == pytest.approx(50.0)  # 3 vs 2


def test_14_3_mom_is_not_zero_for_week_endings_on_the_30th(case: Case) -> None:
    """WBR App: every MOM is 0 when WE - 1 month is a month end (30-MAY-2021)."""
    we = dt.date(2021, 5, 30)
    case.data(START, we, {"x": lambda d: d.month})
    case.config(
        config(
            "  X:\n    column: x\n    aggf: sum\n",
            """
      - block:
          ui_type: 12_MonthsTable
          title: T
          rows:
            - row: {header: XMOM, metric: XMOM}""",
        ).replace("25-SEP-2021", "30-MAY-2021")
    )
    table = block(case.deck(), "T")
    assert isinstance(table, MonthsTableBlock)
    assert table.headers[-1] == "Apr"
    mom = table.rows[0].values
    assert mom[-1] == pytest.approx(120 / 93 - 1)  # Apr (4 x 30) vs Mar (3 x 31)
    assert mom[-2] == pytest.approx(93 / 56 - 1)  # Mar vs Feb (2 x 28)


def test_14_4_fiscal_months_table_shows_the_fiscal_year(case: Case) -> None:
    """WBR App: headers start with week labels and the separator."""
    case.data(START, WE, {"x": one})
    case.config(
        config(
            "  X:\n    column: x\n    aggf: sum\n",
            """
      - block:
          ui_type: 12_MonthsTable
          title: T
          x_axis_monthly_display: fiscal_year
          rows:
            - row: {header: X, metric: X}""",
        )
    )
    table = block(case.deck(), "T")
    assert table.headers == (
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
    )
    assert table.rows[0].values[:3] == (31.0, 28.0, 31.0)
    assert table.rows[0].values[8:] == (None, None, None, None)  # Sep is partial


def test_14_5_fiscal_chart_with_february_year_end(case: Case) -> None:
    """WBR App: crashes ("zero-size array") for FY ending FEB, APR, JUN, SEP, NOV."""
    case.data(START, WE, {"x": one})
    case.config(
        config(
            "  X:\n    column: x\n    aggf: sum\n",
            chart("X", "fiscal_year"),
            "  fiscal_year_end_month: FEB\n",
        )
    )
    c = block(case.deck(), "X")
    assert c.month_labels[0] == "Mar" and c.month_labels[-1] == "Feb"
    assert c.series[0].current_months[:6] == (31.0, 30.0, 31.0, 30.0, 31.0, 31.0)
    assert c.box_rows[0].totals.ytd == 209.0  # 1 Mar .. 25 Sep


def _country_rows(order: str) -> str:
    rows = []
    day = START
    while day <= WE:
        rows.append(f"{day.isoformat()},US,1")
        rows.append(f"{day.isoformat()},UK,10")
        day += dt.timedelta(days=1)
    if order == "reversed":
        rows.reverse()
    return "Date,country,value\n" + "\n".join(rows) + "\n"


FILTER_METRICS = (
    "  US:\n    filter:\n      base_column: value\n      query: \"country == 'US'\"\n"
    "    aggf: sum\n"
)


def test_14_6_filter_metrics_on_unsorted_data(case: Case) -> None:
    """WBR App: filter values land on the wrong dates when the CSV is not sorted."""
    (case.folder / "daily.csv").write_text(_country_rows("reversed"), encoding="utf-8")
    case.config(config(FILTER_METRICS, chart("US")))
    c = block(case.deck(), "US")
    assert c.series[0].current_weeks == (7.0,) * 6
    assert c.series[0].current_months[-1] == 31.0  # August


def test_14_7_last_uses_the_last_row_of_the_day(case: Case) -> None:
    """WBR App: an unstable sort makes "the last row of the day" arbitrary."""
    rows = []
    day = START
    while day <= WE:
        rows += [f"{day.isoformat()},1", f"{day.isoformat()},2", f"{day.isoformat()},3"]
        day += dt.timedelta(days=1)
    (case.folder / "daily.csv").write_text("Date,v\n" + "\n".join(rows) + "\n", encoding="utf-8")
    case.config(
        config(
            "  L:\n    column: v\n    aggf: last\n  F:\n    column: v\n    aggf: first\n",
            chart("L") + chart("F"),
        )
    )
    deck = case.deck()
    assert block(deck, "L").series[0].current_weeks == (3.0,) * 6
    assert block(deck, "F").series[0].current_weeks == (1.0,) * 6
    assert block(deck, "L").box_rows[0].totals.ytd == 3.0


def test_14_8_date_need_not_be_the_first_column(case: Case) -> None:
    """WBR App: filter queries run on "all columns but the first"."""
    text = _country_rows("sorted").replace("Date,country,value", "country,Date,value")
    lines = [text.splitlines()[0]]
    for line in text.splitlines()[1:]:
        d, c, v = line.split(",")
        lines.append(f"{c},{d},{v}")
    (case.folder / "daily.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    case.config(config(FILTER_METRICS, chart("US")))
    assert block(case.deck(), "US").series[0].current_weeks == (7.0,) * 6


def test_14_9_data_ending_before_week_ending_is_not_shifted(case: Case) -> None:
    """WBR App: missing trailing weeks are prepended, so 'wk 38' showed an older week."""
    case.data(START, WE - dt.timedelta(days=14), {"x": one})
    case.config(config("  X:\n    column: x\n    aggf: sum\n", chart("X")))
    c = block(case.deck(), "X")
    assert c.week_labels[-1] == "wk 38"
    assert c.week_ends[-1] == WE
    assert c.series[0].current_weeks == (7.0, 7.0, 7.0, 7.0, None, None)
    assert c.month_labels[-1] == "Aug"
    assert c.series[0].current_months[-1] == 31.0


def test_14_10_feb_28_after_a_leap_year(case: Case) -> None:
    """WBR App: PY months were shifted a month (Mar-24 compared with Feb-23)."""
    we = dt.date(2025, 2, 28)
    case.data(dt.date(2022, 1, 1), we, {"x": one})
    case.config(
        config("  X:\n    column: x\n    aggf: sum\n", chart("X")).replace(
            "25-SEP-2021", "28-FEB-2025"
        )
    )
    s = block(case.deck(), "X").series[0]
    assert block(case.deck(), "X").month_labels[0] == "Mar"
    assert s.previous_months[0] == 31.0  # March 2023
    assert s.previous_months[-1] == 29.0  # February 2024
    assert s.current_months[-1] == 28.0  # February 2025


def test_14_11_fiscal_year_ending_in_november(case: Case) -> None:
    """WBR App: crashes with "month 0 is out of range"."""
    case.data(START, WE, {"x": one})
    case.config(
        config("  X:\n    column: x\n    aggf: sum\n", chart("X"), "  fiscal_year_end_month: NOV\n")
    )
    totals = block(case.deck(), "X").box_rows[0].totals
    assert totals.qtd == 25.0  # the quarter Sep-Nov
    assert totals.ytd == 299.0  # 1 Dec 2020 .. 25 Sep 2021


def test_14_12_december_week_ending_with_june_year_end(case: Case) -> None:
    """WBR App: crashes with "month must be in 1..12"."""
    we = dt.date(2021, 12, 25)
    case.data(START, we, {"x": one})
    case.config(
        config(
            "  X:\n    column: x\n    aggf: sum\n", chart("X"), "  fiscal_year_end_month: JUN\n"
        ).replace("25-SEP-2021", "25-DEC-2021")
    )
    totals = block(case.deck(), "X").box_rows[0].totals
    assert totals.qtd == 86.0  # 1 Oct .. 25 Dec
    assert totals.ytd == 178.0  # 1 Jul .. 25 Dec


def test_14_13_lower_case_fiscal_month(case: Case) -> None:
    """WBR App: 'dec' or 'Jun' fail with "incorrect format"."""
    case.data(START, WE, {"x": one})
    case.config(
        config("  X:\n    column: x\n    aggf: sum\n", chart("X"), "  fiscal_year_end_month: jun\n")
    )
    deck = case.deck()
    assert deck.fiscal_year_end_month == 6
    assert block(deck, "X").box_rows[0].totals.qtd == 87.0  # 1 Jul .. 25 Sep


def test_14_15_missing_box_values_are_blank_not_zero(case: Case) -> None:
    """WBR App: no prior year shows YOY 0 %; a blank week shows 0."""
    case.data(WE - dt.timedelta(days=100), WE, {"x": one})
    case.config(config("  X:\n    column: x\n    aggf: sum\n", chart("X")))
    totals = block(case.deck(), "X").box_rows[0].totals
    assert totals.last_week == 7.0
    assert totals.yoy_week is None
    assert totals.yoy_ytd is None


def test_14_18_real_zeros_in_future_months_stay_zero(case: Case) -> None:
    """WBR App: every 0 in a month after the week ending becomes blank."""
    end = dt.date(2021, 12, 31)
    case.data(
        START,
        end,
        {
            "x": lambda d: 1 if d <= WE else None,
            "t": lambda d: 0 if d.month == 11 and d.year == 2021 else 5,
        },
    )
    case.config(
        config(
            "  T:\n    column: t\n    aggf: sum\n  X:\n    column: x\n    aggf: sum\n",
            chart("T", "fiscal_year") + chart("X", "fiscal_year"),
        )
    )
    deck = case.deck()
    months = block(deck, "T").series[0].current_months
    assert months[8:] == (150.0, 155.0, 0.0, 155.0)  # Sep .. Dec: complete plan months
    assert block(deck, "X").series[0].current_months[8:] == (None,) * 4


def test_14_19_operands_keep_their_order(case: Case) -> None:
    """WBR App: divide([column B, metric A]) computed A / B."""
    case.data(START, WE, {"a": one, "b": lambda d: 4})
    case.config(
        config(
            "  A:\n    column: a\n    aggf: sum\n  B:\n    column: b\n    aggf: sum\n"
            "  R:\n    function:\n      divide:\n        - column: {name: B}\n"
            "        - metric: {name: A}\n",
            chart("R"),
        )
    )
    assert block(case.deck(), "R").series[0].current_weeks == (4.0,) * 6


def test_14_20_forward_references_work(case: Case) -> None:
    """WBR App: a function metric naming a later function metric fails with KeyError."""
    case.data(START, WE, {"a": one, "b": one})
    case.config(
        config(
            "  R:\n    function:\n      divide:\n        - metric: {name: S}\n"
            "        - metric: {name: A}\n"
            "  A:\n    column: a\n    aggf: sum\n  B:\n    column: b\n    aggf: sum\n"
            "  S:\n    function:\n      sum:\n        - metric: {name: A}\n"
            "        - metric: {name: B}\n",
            chart("R"),
        )
    )
    assert block(case.deck(), "R").series[0].current_weeks == (2.0,) * 6


def test_14_21_week_number_and_title_are_derived(case: Case) -> None:
    """WBR App: KeyError without week_number or title."""
    case.data(START, WE, {"x": one})
    case.config(
        "setup:\n  week_ending: 25-SEP-2021\nmetrics:\n  X:\n    column: x\n    aggf: sum\n"
        "deck:" + chart("X") + "\n"
    )
    deck = case.deck()
    assert deck.title == "WBR"
    assert deck.week_number == 38  # the ISO week of 25 Sep 2021
    assert block(deck, "X").week_labels[-1] == "wk 38"


def test_14_22_percent_comparison_method_is_accepted(case: Case) -> None:
    """WBR App: '%' raises "Invalid value provided for metric_comparison_method"."""
    case.data(START, WE, {"x": one})
    case.config(
        config(
            "  X:\n    column: x\n    aggf: sum\n    metric_comparison_method: '%'\n", chart("X")
        )
    )
    assert block(case.deck(), "X").box_rows[0].totals.comparison == "%"


def test_14_25_names_containing_mom_or_wow(case: Case) -> None:
    """WBR App: 'MOM' in a name is refused in a 6_WeeksTable; 'WOW' blanks QTD/YTD."""
    case.data(START, WE, {"x": one})
    case.config(
        config(
            "  MOMENTS:\n    column: x\n    aggf: sum\n  WOWS:\n    column: x\n    aggf: sum\n",
            """
      - block:
          ui_type: 6_WeeksTable
          title: T
          rows:
            - row: {header: m, metric: MOMENTS}
            - row: {header: w, metric: WOWS}""",
        )
    )
    table = block(case.deck(), "T")
    assert isinstance(table, WeeksTableBlock)
    assert table.rows[0].values == (7.0,) * 6 + (87.0, 268.0)
    assert table.rows[1].values == (7.0,) * 6 + (87.0, 268.0)
    assert isinstance(block(case.deck(), "T"), WeeksTableBlock)
    assert not isinstance(table, ChartBlock)
