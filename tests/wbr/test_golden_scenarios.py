"""The WBR App's nine golden scenarios, compared by the WBR App's own rule.

Rule (its test suite): round both values to 2 dp half away from zero; they agree when both are
blank, or equal truncated to 1 dp, or equal rounded to 1 dp. Two deliberate differences (see
docs/compatibility.md): the WBR App shows a missing box-total cell as 0 (its bug 14.15); we show
it blank, so an expected 0 in a box-total cell also accepts our blank
(``test_box_zero_translation_is_rare`` keeps that honest). And a fiscal-year x axis labels only
the months the WBR App's data reaches; ours always has the twelve, so its labels must be a
prefix of ours.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from backwards.wbr import build
from backwards.wbr.deck import ChartBlock, Deck, MonthsTableBlock, WeeksTableBlock
from tests.ci import COMPAT_INSTALL, COMPAT_WHAT, compat_dir

SCENARIOS = range(1, 10)


def _blank(value: Any) -> bool:
    return (
        value is None or isinstance(value, str) or (isinstance(value, float) and math.isnan(value))
    )


def _round(value: float, places: int) -> float:
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def agree(actual: Any, expected: Any) -> bool:
    """The WBR App's comparison of one value."""
    if _blank(actual) and _blank(expected):
        return True
    if _blank(actual) or _blank(expected):
        return False
    a, e = _round(float(actual), 2), _round(float(expected), 2)
    return int(a * 10) == int(e * 10) or _round(a, 1) == _round(e, 1)


def _decimals(value: float) -> int:
    """How many decimals the golden file gives (``143.24`` -> 2, ``0.4`` -> 1)."""
    text = repr(value)
    if "e" in text or "." not in text:
        return 17
    return len(text.split(".")[1].rstrip("0"))


def sharp(actual: Any, expected: Any) -> bool:
    """Our own, sharper check: we compute exactly, so small values and signs must match too.

    A golden value given to full precision must match within a relative 1e-6; one the golden
    file rounded (two decimals or fewer, such as ``0.43`` or ``143.24``) must be exactly our
    value rounded half up to two decimals; a golden 0 must be 0.
    """
    if _blank(actual) or _blank(expected):
        return _blank(actual) and _blank(expected)
    a, e = float(actual), float(expected)
    if e == 0.0:
        return abs(a) <= 1e-12
    if abs(a - e) <= 1e-6 * abs(e):
        return True
    return _decimals(e) <= 2 and _round(a, 2) == e


def assert_series(actual: Any, expected: list[Any], what: str, *, box: bool = False) -> int:
    """Assert each value agrees; returns how many box cells needed the 0 -> blank translation."""
    assert len(actual) == len(expected), f"{what}: {len(actual)} values, expected {len(expected)}"
    translated = 0
    for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
        if box and a is None and not _blank(e) and float(e) == 0.0:
            translated += 1
            continue
        assert agree(a, e), f"{what}[{i}]: got {a!r}, expected {e!r}"
        assert sharp(a, e), f"{what}[{i}]: got {a!r}, expected {e!r} (relative 1e-6)"
    return translated


def _tests(directory: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load((directory / "testconfig.yml").read_text(encoding="utf-8"))
    return [t["test"] for t in data["tests"]]


def _cases() -> list[Any]:
    root = compat_dir()
    if root is None:
        reason = f"{COMPAT_WHAT} not found: {COMPAT_INSTALL}"
        return [pytest.param(0, 0, marks=pytest.mark.skip(reason=reason), id="no-wbr-compat")]
    return [
        pytest.param(n, i, id=f"scenario_{n}-case_{i + 1}")
        for n in SCENARIOS
        for i in range(len(_tests(root / f"scenario_{n}")))
    ]


_DECKS: dict[int, Deck] = {}


def deck_for(compat: Path, n: int) -> Deck:
    if n not in _DECKS:
        d = compat / f"scenario_{n}"
        _DECKS[n] = build(d / "config.yaml", [d / "original.csv"])
    return _DECKS[n]


def check_case(deck: Deck, test: dict[str, Any]) -> int:
    title = test["metric_name"]
    block = next(b for b in deck.blocks if getattr(b, "title", None) == title)
    if isinstance(block, ChartBlock):
        series = block.series[0]
        assert_series(series.current_weeks, test["cy_6_weeks"], f"{title} cy_6_weeks")
        assert_series(series.current_months, test["cy_monthly"], f"{title} cy_monthly")
        if test.get("graph_prior_year_flag") is not False:
            assert_series(series.previous_weeks or (None,) * 6, test["py_6_weeks"], "py_6_weeks")
            assert_series(
                series.previous_months or (None,) * 12, test["py_monthly"], f"{title} py_monthly"
            )
        expected_axis = test["x_axis"]
        assert list(block.week_labels) == expected_axis[:6]
        # The WBR App labels only months its data reaches; we always label all twelve.
        assert list(block.month_labels[: len(expected_axis) - 6]) == expected_axis[6:]
        assert len(expected_axis) - 6 >= 4
        return assert_series(
            block.box_rows[0].totals.cells, test["box_totals"], f"{title} box", box=True
        )
    assert isinstance(block, MonthsTableBlock | WeeksTableBlock)
    assert list(block.headers) == test["headers"]
    for row in block.rows:
        assert_series(row.values, test[row.header], f"{title} row {row.header}")
    return 0


@pytest.mark.parametrize(("scenario", "case"), _cases())
def test_golden_case(compat: Path, scenario: int, case: int) -> None:
    test = _tests(compat / f"scenario_{scenario}")[case]
    check_case(deck_for(compat, scenario), test)


def test_box_zero_translation_is_rare(compat: Path) -> None:
    """Only box cells the WBR App zero-fills (no PY, zero PY) use the translation."""
    total = 0
    for n in SCENARIOS:
        for test in _tests(compat / f"scenario_{n}"):
            total += check_case(deck_for(compat, n), test)
    # Only scenario 6's two target charts: no prior year, so their 4 YOY cells each.
    assert total == 8


# Planted errors: (our value, golden value) pairs that the WBR App's rule lets through (it
# rounds to 2 dp, then compares truncated or rounded to 1 dp) but are wrong.
PLANTED = [
    (0.04, -0.04),  # a small value with its sign flipped
    (-0.03, 0.02),  # a sign flip near zero
    (0.0421, 0.0632),  # a small value x1.5
    (0.4257 * 1.05, 0.4257545824509539),  # a golden given in full, 5 % off
    (-21.43, -21.4),  # a negative value, rounded golden: 3 cents off
    (0.004, 0.0),  # near zero against an exact zero
    (143.2360298154486 * 1.00001, 143.2360298154486),  # 10 ppm off a full-precision value
]


@pytest.mark.parametrize(("ours", "golden"), PLANTED)
def test_sharp_check_catches_what_the_app_rule_lets_through(ours: float, golden: float) -> None:
    assert agree(ours, golden)  # the WBR App rule accepts it...
    assert not sharp(ours, golden)  # ...our own check does not


def test_sharp_check_passes_rounded_and_exact_golden_values() -> None:
    assert sharp(0.42575458245095393, 0.43)  # the golden file rounded to 2 dp
    assert sharp(-21.401284619579254, -21.4)
    assert sharp(143.2360298154486, 143.24)
    assert sharp(1.0 + 1e-9, 1.0)
    assert sharp(0.0, 0.0) and sharp(None, "N/A")
    assert not sharp(None, 0.0) and not sharp(0.0, None)
    assert not sharp(-0.43, 0.43)


def test_comparison_rule_can_fail() -> None:
    assert agree(470759324.0, 470759324.06)
    assert agree(22.815, 22.82)
    assert not agree(22.9, 22.7)
    assert not agree(None, 0.0)
    assert agree(float("nan"), "N/A")
