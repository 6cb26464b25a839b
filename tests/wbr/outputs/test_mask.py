"""y_scaling masks as the WBR App reads them, and change cells."""

from __future__ import annotations

import pytest

from backwards.wbr.outputs.mask import BLANK, Mask, format_change


@pytest.mark.parametrize(
    ("mask", "value", "text"),
    [
        ("##.1MM", 1_234_567, "1.2M"),
        ("##.2MM", 1_234_567, "1.23M"),
        ("##MM", 1_734_567, "2M"),
        ("##BB", 2.5e9, "2B"),
        ("##.1KK", 12_345, "12.3K"),
        ("##KK", 12_345, "12K"),
        ("##.1KK", 3_083_812, "3.08M"),  # not 3,083.8K (issue 9, point 6)
        ("##.1KK", 999_949, "999.9K"),
        ("##%", 0.1234, "12%"),
        ("##.1%", 0.1234, "12.3%"),
        ("##.2%", 0.031234, "3.12%"),
        ("##bps", 0.0025, "25bps"),
        ("##", 1234.6, "1,235"),
        ("", 1234.6, "1,235"),
        ("##KK.2%", 12_345, "12K"),  # as the WBR App: KK with 0 decimals
        ("##.1", -0.04, "0.0"),  # no "-0.0"
    ],
)
def test_format(mask: str, value: float, text: str) -> None:
    assert Mask.parse(mask).format(value) == text


@pytest.mark.parametrize("value", [None, float("nan"), float("inf")])
def test_blank_is_na(value: float | None) -> None:
    assert Mask.parse("##.1MM").format(value) == BLANK == "N/A"
    assert format_change(value, "%") == "N/A"


def test_without_unit_for_chart_labels() -> None:
    assert Mask.parse("##.1MM").format(1_250_000, unit=False) == "1.2"  # half-even on floats
    assert Mask.parse("##.1%").scale(0.5) == 50.0


def test_change_cells() -> None:
    assert format_change(12.345, "%") == "+12.3%"
    assert format_change(-3.21, "%", decimals=2) == "-3.21%"
    assert format_change(-0.04, "%") == "0.0%"
    assert format_change(25.4, "bps") == "+25bps"
    assert format_change(-1234.0, "bps") == "-1,234bps"
    assert format_change(0.2, "bps") == "0bps"
