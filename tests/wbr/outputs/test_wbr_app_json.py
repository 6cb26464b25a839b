"""The WBR App's deck JSON: section 9's shape, key order and sentinels."""

from __future__ import annotations

import json
from typing import Any

import pytest

from backwards.wbr import render
from tests.wbr.outputs.decks import MONTH_LABELS, PAGE_VIEWS_MONTHS, WEEK_LABELS, sample_deck


@pytest.fixture(scope="module")
def deck() -> dict[str, Any]:
    loaded = json.loads(render(sample_deck(), "wbr-app-json"))
    assert isinstance(loaded, list) and len(loaded) == 1  # "Download JSON" gives a list
    first: dict[str, Any] = loaded[0]
    return first


def test_deck_keys_in_order(deck: dict[str, Any]) -> None:
    assert list(deck) == [
        "blocks",
        "title",
        "weekEnding",
        "blockStartingNumber",
        "xAxisMonthlyDisplay",
        "annotationErrors",
    ]
    assert deck["weekEnding"] == "25 September 2021"
    assert deck["annotationErrors"] == "Metric Page Views not present the metric list"


def test_chart_shape(deck: dict[str, Any]) -> None:
    chart = deck["blocks"][1]
    assert list(chart) == [
        "plotStyle",
        "title",
        "yLabel",
        "yScale",
        "boxTotalScale",
        "axes",
        "xAxis",
        "yAxis",
        "table",
        "tooltip",
        "annotations",
    ]
    assert chart["plotStyle"] == "6_12_chart"
    assert chart["yLabel"] == "" and chart["yScale"] == "##.1MM" and chart["tooltip"] == "true"
    assert chart["xAxis"] == [*WEEK_LABELS, " ", *MONTH_LABELS]
    metric, target = chart["yAxis"]
    assert list(metric) == ["lineStyle", "metric", "legendName"]
    assert list(target) == ["lineStyle", "Target", "legendName"]
    current = metric["metric"]["current"]
    primary = current[0]["primaryAxis"]
    secondary = current[1]["secondaryAxis"]
    assert len(primary) == 19 and primary[6:] == [""] * 13
    assert primary[:6] == [1_200_000.0, 1_250_000.0, "", 1_310_000.0, 1_330_000.0, 1_402_345.0]
    assert len(secondary) == 19 and secondary[:7] == [""] * 7
    assert secondary[7:] == [v if v is not None else "" for v in PAGE_VIEWS_MONTHS]
    assert len(metric["metric"]["previous"]) == 2
    assert target["Target"]["previous"] == []  # no prior year graphed
    assert chart["table"]["tableHeader"] == [
        "LastWk", "WOW", "YOY", "MTD", "YOY", "QTD", "YOY", "YTD", "YOY",
    ]  # fmt: skip
    assert chart["table"]["tableBody"] == [
        [1_402_345.0, 5.43, 16.86, 4_100_000.0, "N/A", 15_000_000.0, 12.5, "N/A", 9.75]
    ]
    assert chart["annotations"][0] == {
        "metric": "Page Views",
        "description": "Page Views event",
        "date": "September 20 2021",
    }
    assert deck["blocks"][2]["tooltip"] == "true"  # the deck's setup.tooltip, as in the WBR App


def test_tables_sections_and_embeds(deck: dict[str, Any]) -> None:
    section, _, _, weeks, months, embed, _ = deck["blocks"]
    assert section == {"plotStyle": "section", "title": "Page Views section"}
    assert list(weeks) == ["plotStyle", "title", "headers", "rows", "annotations"]
    assert weeks["plotStyle"] == "6_week_table"
    assert weeks["headers"] == [*WEEK_LABELS, "QTD", "YTD"]
    assert weeks["rows"][0] == {
        "rowHeader": "Page Views header",
        "rowData": [],
        "rowStyle": "font-weight: bold; Page Views",
        "yScale": "",
    }
    assert weeks["rows"][1]["rowData"][2] == " " and weeks["rows"][1]["rowData"][7] == " "
    assert isinstance(weeks["annotations"][0], dict)  # flat, unlike the WBR App's nested lists
    assert months["plotStyle"] == "12_MonthsTable" and months["annotations"] == []
    assert months["rows"][0]["rowData"][11] == " "
    assert embed == {
        "plotStyle": "embedded_content",
        "id": "iframe_id",
        "source": "https://dashboards.example.com/d/1?a=1&b=2",
        "name": "Page Views",
        "height": 300,
        "width": 700,
        "title": "Page Views embed",
    }


def test_no_nan_or_infinity_reaches_the_json() -> None:
    text = render(sample_deck(), "wbr-app-json")
    assert "NaN" not in text and "Infinity" not in text
