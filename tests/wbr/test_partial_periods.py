"""Issue 9, point 3: partial periods are reported and never compared silently.

Data ending before the week ending used to be silent: with data to Tuesday 9 March 2021 and the
week ending Saturday 13 March, last week summed 3 days and WOW compared them with 7; on 20 March
MTD (9 days) was compared with a full prior-year MTD. Now every shown period with fewer days of
data than it spans is a warning (WBR021) in ``wbr check`` and ``wbr build`` and a mark in the
deck; a comparison whose current side is partial is blank, and month/quarter/year to date run
to the last day with data, as do their prior-year twins (like for like).

The data is one row a day with the value 1 (2 from 2021 on), so every expected number is a count
of days.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from backwards.wbr import build, check
from tests.wbr.conftest import Case, block
from tests.wbr.test_cli_wbr import cli

LAST_DAY = dt.date(2021, 3, 9)  # a Tuesday

CONFIG = """\
setup:
  week_ending: 13-MAR-2021
  week_number: 10
  title: T
metrics:
  X:
    column: x
    aggf: sum
    variance_threshold: {wow: 1, yoy: 1}
deck:
  - block:
      ui_type: 6_12Graph
      title: X
      metrics:
        X: {}
"""


def _value(day: dt.date) -> int:
    return 2 if day.year >= 2021 else 1


def _case(case: Case, start: dt.date = dt.date(2019, 12, 1), end: dt.date = LAST_DAY) -> Path:
    case.config(CONFIG)
    return case.data(start, end, {"x": _value})


def test_a_last_week_with_three_days_is_marked_and_not_compared(case: Case) -> None:
    _case(case)
    deck = case.deck()
    totals = block(deck, "X").box_rows[0].totals
    assert totals.last_week == 3 * 2  # Sunday 7 to Tuesday 9 March
    assert totals.wow is None and totals.yoy_week is None  # was -57 % against a full week
    assert deck.needs_explanation == ()  # nothing compared, so nothing to explain
    assert deck.data_ends == LAST_DAY
    labels = [(p.label, p.days, p.span) for p in deck.partial_periods]
    assert labels == [("wk 10", 3, 7)]
    assert "data ends 4 days before the week ending" in deck.data_note


def test_month_to_date_is_like_for_like(case: Case) -> None:
    # On 20 March, MTD covers 1-9 March: compared with 1-9 March 2020, not all of 1-20 March.
    _case(case)
    deck = case.deck(week_ending=dt.date(2021, 3, 20))
    totals = block(deck, "X").box_rows[0].totals
    assert totals.mtd == 9 * 2
    assert totals.yoy_mtd == pytest.approx((18 / 9 - 1) * 100)  # 9 days at 2 vs 9 days at 1
    assert totals.ytd == (31 + 28 + 9) * 2
    assert totals.yoy_ytd == pytest.approx(((31 + 28 + 9) * 2 / (31 + 29 + 9) - 1) * 100)
    series = block(deck, "X").series[0]
    assert series.current_weeks[-1] is None  # no data in the week ending 20 March
    assert series.current_weeks[-2] == 6  # the partial week ending 13 March
    labels = [(p.label, p.days, p.span) for p in deck.partial_periods]
    assert ("wk 10", 3, 7) in labels


def test_derived_comparisons_of_a_partial_week_are_blank(case: Case) -> None:
    _case(case)
    case.config(
        CONFIG.replace("        X: {}\n", "        XWOW: {}\n        XYOY: {}\n").replace(
            "ui_type: 6_12Graph", "ui_type: 6_12Graph\n      axes: 2"
        )
    )
    chart = block(case.deck(), "X")
    wow, yoy = chart.series
    assert wow.current_weeks[-1] is None and yoy.current_weeks[-1] is None
    assert wow.current_weeks[-2] == 0.0  # a full week of 14 against 14


def test_check_and_build_warn_with_the_config_line(
    case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _case(case)
    config = case.folder / "wbr.yaml"
    code, out, _ = cli(capsys, "wbr", "check", str(config), "--data", str(data))
    assert code == 0  # a warning
    assert f"{config}:2:16: warning WBR021 (partial-period) data ends 4 days before" in out
    assert "wk 10 has 3 of 7 days of data (2021-03-07 to 2021-03-13)" in out
    code, out, _ = cli(
        capsys, "wbr", "check", str(config), "--data", str(data), "--fail-on", "warning"
    )
    assert code == 1
    target = case.folder / "deck.json"
    code, out, err = cli(
        capsys, "wbr", "build", str(config), "--data", str(data), "-o", str(target)
    )
    assert code == 0 and "warning WBR021 (partial-period) wk 10 has 3 of 7 days" in err
    document = json.loads(target.read_text())
    assert document["data_ends"] == "2021-03-09"
    assert document["partial_periods"] == [
        {"label": "wk 10", "start": "2021-03-07", "end": "2021-03-13", "days": 3, "span": 7}
    ]


def test_the_deck_marks_the_partial_periods(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    data = _case(case)
    target = case.folder / "deck.html"
    assert cli(capsys, "wbr", "build", str(case.folder / "wbr.yaml"), "--data", str(data),
               "-o", str(target))[0] == 0  # fmt: skip
    page = target.read_text()
    assert "<strong>Partial periods:</strong>" in page
    assert "wk 10 has 3 of 7 days of data" in page
    assert '<p class="partial-mark" role="note">Partial: wk 10 (3 of 7 days)</p>' in page


def test_a_prior_year_the_data_only_partly_covers_is_marked(case: Case) -> None:
    # Data from 5 January 2020: January 2020 (a prior-year month) has 27 of 31 days, the
    # prior-year QTD and YTD (1 Jan - 13 Mar 2020) 69 of 73. They are marked; their
    # comparisons stay (the WBR App's golden files depend on it).
    _case(case, start=dt.date(2020, 1, 5), end=dt.date(2021, 3, 13))
    deck = case.deck()
    labels = [(p.label, p.days, p.span) for p in deck.partial_periods]
    assert labels == [("Jan 2020", 27, 31), ("prior-year QTD", 69, 73), ("prior-year YTD", 69, 73)]
    totals = block(deck, "X").box_rows[0].totals
    assert totals.yoy_ytd == pytest.approx(((31 + 28 + 13) * 2 / 69 - 1) * 100)
    assert totals.wow == 0.0  # full weeks are compared as before
    found = check(case.folder / "wbr.yaml", [case.folder / "daily.csv"])
    assert [f.code for f in found] == ["WBR021"] * 3


def test_a_missing_day_inside_a_week_makes_it_partial(case: Case) -> None:
    data = _case(case, end=dt.date(2021, 3, 13))
    lines = data.read_text().splitlines()
    data.write_text("\n".join(line for line in lines if not line.startswith("2021-03-10")) + "\n")
    deck = build(case.folder / "wbr.yaml", [data])
    totals = block(deck, "X").box_rows[0].totals
    assert totals.last_week == 6 * 2 and totals.wow is None
    assert totals.mtd == 12 * 2 and totals.yoy_mtd is None  # 12 of 13 days: not like for like
    labels = [(p.label, p.days, p.span) for p in deck.partial_periods]
    # March 2021 runs past the week ending: complete or blank, never partial
    assert labels == [("wk 10", 6, 7), ("MTD", 12, 13), ("QTD", 71, 72), ("YTD", 71, 72)]
