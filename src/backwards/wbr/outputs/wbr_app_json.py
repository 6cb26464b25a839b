"""The WBR App's deck JSON (``--format wbr-app-json``), so its viewer and scripts keep working.

The shape is section 9 of the WBR App study (``wbr-app-semantics.md``): the file holds a list
with one deck, as the WBR App's "Download JSON" and ``/report?outputType=JSON`` give. Keys and
their order follow the WBR App; values are raw numbers; its empty-cell sentinels are kept:
``""`` in chart arrays, ``" "`` in table rows, ``"N/A"`` in box cells.

Deliberate differences (also in ``docs/compatibility.md``):

- our numbers (bugs fixed), and blanks where the WBR App shows 0 in box totals;
- 6-week-table ``annotations`` is a flat list of events (the WBR App nests lists, which its own
  viewer shows as "undefined");
- ``embedded_content`` ``width``/``height`` are the number in the config's string ("700px" ->
  700, "100%" -> 100), where the WBR App drops the last two characters ("100%" -> 10);
- ``secondaryAxis`` always holds 7 + 12 slots (the chart's twelve months).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from backwards.wbr import deck as model
from backwards.wbr.calendar import MONTH_NAMES

__all__ = ["deck_object", "render_wbr_app_json"]

_CHART_BLANK = ""
_TABLE_BLANK = " "
_BOX_BLANK = "N/A"


def _chart_values(values: Sequence[model.Value]) -> list[float | str]:
    return [_CHART_BLANK if v is None else v for v in values]


def _axes(
    weeks: Sequence[model.Value], months: Sequence[model.Value]
) -> list[dict[str, list[Any]]]:
    primary = _chart_values(weeks) + [_CHART_BLANK] * 13
    secondary: list[float | str] = [_CHART_BLANK] * 7
    secondary += _chart_values(months)
    return [{"primaryAxis": primary}, {"secondaryAxis": secondary}]


def _y_axis(s: model.Series) -> dict[str, Any]:
    previous: list[dict[str, list[Any]]] = []
    if s.previous_weeks is not None or s.previous_months is not None:
        previous = _axes(s.previous_weeks or (None,) * 6, s.previous_months or (None,) * 12)
    key = "Target" if s.is_target else "metric"
    return {
        "lineStyle": s.line_style,
        key: {"current": _axes(s.current_weeks, s.current_months), "previous": previous},
        "legendName": s.legend,
    }


def _date(d: Any) -> str:
    return f"{MONTH_NAMES[d.month - 1]} {d.day:02d} {d.year}"


def _annotations(items: Sequence[model.Annotation]) -> list[dict[str, str]]:
    return [
        {"metric": a.metric, "description": a.description, "date": _date(a.date)} for a in items
    ]


def _chart(b: model.ChartBlock, tooltip: bool) -> dict[str, Any]:
    return {
        "plotStyle": "6_12_chart",
        "title": b.title,
        "yLabel": "",
        "yScale": b.y_scaling,
        "boxTotalScale": b.box_total_scale,
        "axes": b.axes,
        "xAxis": [*b.week_labels, " ", *b.month_labels],
        "yAxis": [_y_axis(s) for s in b.series],
        "table": {
            "tableHeader": list(model.BOX_HEADERS),
            "tableBody": [
                [_BOX_BLANK if v is None else v for v in row.totals.cells] for row in b.box_rows
            ],
        },
        "tooltip": "true" if tooltip else "false",
        "annotations": _annotations(b.annotations),
    }


def _rows(rows: Sequence[model.TableRow]) -> list[dict[str, Any]]:
    return [
        {
            "rowHeader": r.header,
            "rowData": [_TABLE_BLANK if v is None else v for v in r.values],
            "rowStyle": r.style,
            "yScale": r.y_scaling,
        }
        for r in rows
    ]


def _size(text: str) -> int:
    match = re.match(r"\s*(\d+)", text)
    return int(match.group(1)) if match else 0


def _block(b: model.Block, tooltip: bool) -> dict[str, Any]:
    if isinstance(b, model.ChartBlock):
        return _chart(b, tooltip)
    if isinstance(b, model.WeeksTableBlock | model.MonthsTableBlock):
        weekly = isinstance(b, model.WeeksTableBlock)
        notes = _annotations(b.annotations) if isinstance(b, model.WeeksTableBlock) else []
        return {
            "plotStyle": "6_week_table" if weekly else "12_MonthsTable",
            "title": b.title,
            "headers": list(b.headers),
            "rows": _rows(b.rows),
            "annotations": notes,
        }
    if isinstance(b, model.SectionBlock):
        return {"plotStyle": "section", "title": b.title}
    if isinstance(b, model.EmbedBlock):
        return {
            "plotStyle": "embedded_content",
            "id": "iframe_id",
            "source": b.source,
            "name": b.name,
            "height": _size(b.height),
            "width": _size(b.width),
            "title": b.title,
        }
    raise TypeError(f"unknown block {type(b).__name__}")  # pragma: no cover - model bug


def deck_object(deck: model.Deck) -> dict[str, Any]:
    """One deck in the WBR App's shape (what its ``/get-wbr-metrics`` returns)."""
    we = deck.week_ending
    return {
        "blocks": [_block(b, deck.tooltip) for b in deck.blocks],
        "title": deck.title,
        "weekEnding": f"{we.day:02d} {MONTH_NAMES[we.month - 1]} {we.year}",
        "blockStartingNumber": deck.block_starting_number,
        "xAxisMonthlyDisplay": deck.monthly_display,
        "annotationErrors": "\n".join(deck.annotation_errors) or None,
    }


def render_wbr_app_json(deck: model.Deck) -> str:
    """The WBR App's downloaded-JSON file: a list holding the one deck."""
    return json.dumps([deck_object(deck)], ensure_ascii=False, allow_nan=False) + "\n"
