"""The WBR App's golden scenarios, read back from our ``wbr-app-json`` output.

Each scenario is built with our engine, written in the WBR App's deck-JSON shape, parsed again,
and checked the way the WBR App's own test suite reads its JSON: the block whose ``title`` is
the test's ``metric_name``; ``primaryAxis[0:6]`` and ``secondaryAxis[7:]`` of the current and
prior year; ``xAxis`` without the blank separator; ``table.tableBody[0]``; and for tables the
headers and each row's ``rowData``. Values are compared by the WBR App's rule, with its
sentinels ("", " ", "N/A") read as blank. The two deliberate differences of the engine's golden
test apply here too (a box cell the WBR App zero-fills may be blank; a fiscal axis has all
twelve months).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from backwards.wbr import render
from tests.ci import compat_params, require_compat
from tests.wbr.test_golden_scenarios import SCENARIOS, _tests, agree, deck_for


def _blank_sentinel(value: Any) -> Any:
    return None if value in ("", " ", "N/A") else value


def assert_values(actual: list[Any], expected: list[Any], what: str, *, box: bool = False) -> None:
    assert len(actual) >= len(expected), f"{what}: {len(actual)} < {len(expected)} values"
    for i, (raw, e) in enumerate(zip(actual, expected, strict=False)):
        a = _blank_sentinel(raw)
        if box and a is None and isinstance(e, int | float) and float(e) == 0.0:
            continue  # the WBR App's zero-filled box cell (its bug 14.15): ours is blank
        assert agree(a, e), f"{what}[{i}]: got {raw!r}, expected {e!r}"


def check(deck: dict[str, Any], test: dict[str, Any]) -> None:
    title = test["metric_name"]
    block = next(b for b in deck["blocks"] if b.get("title") == title)
    if block["plotStyle"] == "6_12_chart":
        y = block["yAxis"][0]
        series = y.get("metric") or y["Target"]
        current, previous = series["current"], series["previous"]
        assert len(current[0]["primaryAxis"]) == 19
        assert_values(current[0]["primaryAxis"][:6], test["cy_6_weeks"], f"{title} cy weeks")
        assert_values(current[1]["secondaryAxis"][7:], test["cy_monthly"], f"{title} cy months")
        if test.get("graph_prior_year_flag") is not False:
            assert previous, f"{title}: prior year missing"
            assert_values(previous[0]["primaryAxis"][:6], test["py_6_weeks"], f"{title} py wk")
            assert_values(previous[1]["secondaryAxis"][7:], test["py_monthly"], f"{title} py mo")
        axis = [label for label in block["xAxis"] if label != " "]
        expected = test["x_axis"]
        assert axis[:6] == expected[:6]
        assert axis[6 : len(expected)] == expected[6:]
        assert_values(block["table"]["tableBody"][0], test["box_totals"], f"{title} box", box=True)
        return
    assert block["plotStyle"] in ("12_MonthsTable", "6_week_table")
    assert block["headers"] == test["headers"]
    rows = {row["rowHeader"]: row["rowData"] for row in block["rows"]}
    checked = 0
    for header, values in rows.items():
        if header in test:
            assert_values(values, test[header], f"{title} row {header}")
            checked += 1
    assert checked == len(rows)


@pytest.mark.parametrize("scenario", compat_params(SCENARIOS))
def test_golden_scenario_through_wbr_app_json(scenario: int) -> None:
    compat = require_compat()
    text = render(deck_for(compat, scenario), "wbr-app-json")
    (deck,) = json.loads(text)
    tests = _tests(Path(compat) / f"scenario_{scenario}")
    assert tests
    for test in tests:
        check(deck, test)


def test_a_wrong_value_fails_the_check() -> None:
    compat = require_compat()
    (deck,) = json.loads(render(deck_for(compat, 1), "wbr-app-json"))
    test = _tests(compat / "scenario_1")[0]
    title = test["metric_name"]
    block = next(b for b in deck["blocks"] if b.get("title") == title)
    block["yAxis"][0]["metric"]["current"][0]["primaryAxis"][0] = 1e12
    with pytest.raises(AssertionError, match="cy weeks"):
        check(deck, test)
