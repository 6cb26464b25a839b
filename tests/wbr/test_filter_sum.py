"""Issue 9, point 2: a ``sum`` filter metric on a day with rows but none matching is 0, not blank.

A period is blank only when it has no rows at all, or when the filtered column is blank on a
matching row (as for column metrics). Every expected number is counted by hand.
"""

from __future__ import annotations

import datetime as dt

from tests.wbr.conftest import Case, block

WE = dt.date(2021, 9, 25)
CONFIG = """\
setup:
  week_ending: 25-SEP-2021
  week_number: 38
  title: T
metrics:
  FR:
    filter:
      base_column: revenue
      query: "country == 'FR'"
    aggf: sum
  FRRows:
    filter:
      base_column: revenue
      query: "country == 'FR'"
    aggf: count
deck:
  - block:
      ui_type: 6_12Graph
      title: FR
      metrics:
        FR: {}
  - block:
      ui_type: 6_12Graph
      title: FRRows
      metrics:
        FRRows: {}
"""


def _write(case: Case, rows_for: dict[dt.date, list[str]], default: list[str]) -> None:
    lines = ["Date,country,revenue"]
    day = dt.date(2020, 6, 1)
    while day <= WE:
        lines += [f"{day},{row}" for row in rows_for.get(day, default)]
        day += dt.timedelta(days=1)
    (case.folder / "daily.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    case.config(CONFIG)


def test_a_day_without_a_matching_row_adds_zero(case: Case) -> None:
    # Every day: US 5 and FR 2. On Tuesday 21 September (in the last week) no FR row.
    _write(case, {dt.date(2021, 9, 21): ["US,5"]}, ["US,5", "FR,2"])
    deck = case.deck()
    weeks = block(deck, "FR").series[0].current_weeks
    assert weeks == (14.0,) * 5 + (12.0,)  # wrong before: the last week was blank
    assert block(deck, "FRRows").series[0].current_weeks == (7.0,) * 5 + (6.0,)
    totals = block(deck, "FR").box_rows[0].totals
    assert totals.last_week == 12.0
    assert totals.mtd == 25 * 2 - 2  # 1..25 September, one day without FR


def test_one_row_a_day_without_a_match_is_zero(case: Case) -> None:
    # One row a day (the rows are the days): FR on even days only, 3 each.
    lines = ["Date,country,revenue"]
    day = dt.date(2020, 6, 1)
    while day <= WE:
        lines.append(f"{day},{'FR' if day.toordinal() % 2 == 0 else 'US'},3")
        day += dt.timedelta(days=1)
    (case.folder / "daily.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    case.config(CONFIG)
    weeks = block(case.deck(), "FR").series[0].current_weeks
    week_ends = [WE - dt.timedelta(days=7 * k) for k in range(5, -1, -1)]
    expected = tuple(
        3.0 * sum(1 for i in range(7) if (end - dt.timedelta(days=i)).toordinal() % 2 == 0)
        for end in week_ends
    )
    assert weeks == expected


def test_a_blank_cell_on_a_matching_row_still_blanks_the_period(case: Case) -> None:
    _write(case, {dt.date(2021, 9, 21): ["US,5", "FR,"]}, ["US,5", "FR,2"])
    weeks = block(case.deck(), "FR").series[0].current_weeks
    assert weeks == (14.0,) * 5 + (None,)


def test_a_week_without_rows_stays_blank(case: Case) -> None:
    gap = {WE - dt.timedelta(days=i): [] for i in range(7)}
    _write(case, gap, ["US,5", "FR,2"])
    weeks = block(case.deck(), "FR").series[0].current_weeks
    assert weeks[-1] is None and weeks[-2] == 14.0
