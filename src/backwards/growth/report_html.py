"""The growth report as one offline page, through the one HTML path (``backwards.page``).

The radar is a Vega-Lite line chart over x/y points computed here (one spoke per attribute,
rings at 1-5): expected, self, manager, the journal and the evidence, each a closed line.
"""

from __future__ import annotations

import math
from typing import Any

from backwards.growth.report import AttributeRow, GrowthReport
from backwards.page import Charts, render_page

__all__ = ["radar_spec", "render_html"]

SERIES = ("expected", "self", "manager", "journal", "evidence")


def _value(row: AttributeRow, series: str) -> float | None:
    return {
        "expected": float(row.expected),
        "self": None if row.self_rating is None else float(row.self_rating),
        "manager": None if row.manager_rating is None else float(row.manager_rating),
        "journal": row.journal_mean,
        "evidence": row.evidence_score,
    }[series]


def _point(k: int, n: int, r: float) -> tuple[float, float]:
    angle = math.pi / 2 - 2 * math.pi * k / n
    return round(r * math.cos(angle), 4), round(r * math.sin(angle), 4)


def radar_spec(report: GrowthReport) -> dict[str, Any]:
    rows = report.rows
    n = len(rows)
    points: list[dict[str, Any]] = []
    for series in SERIES:
        values = [_value(r, series) for r in rows]
        if all(v is None for v in values):
            continue
        for k, (row, v) in enumerate([*zip(rows, values, strict=True), (rows[0], values[0])]):
            x, y = _point(k % n, n, v) if v is not None else (None, None)
            points.append(
                {
                    "series": series,
                    "order": k,
                    "x": x,
                    "y": y,
                    "attribute": row.attribute.name,
                    "value": v,
                }
            )
    grid = [
        {"ring": ring, "order": k, "x": _point(k % n, n, ring)[0], "y": _point(k % n, n, ring)[1]}
        for ring in range(1, 6)
        for k in range(n + 1)
    ]
    labels = [
        {"label": r.attribute.name, "x": _point(k, n, 5.9)[0], "y": _point(k, n, 5.9)[1]}
        for k, r in enumerate(rows)
    ]
    axis = {"scale": {"domain": [-7.5, 7.5]}, "axis": None}
    return {
        "width": 520,
        "height": 520,
        "layer": [
            {
                "data": {"values": grid},
                "mark": {"type": "line", "color": "#d9dee4", "strokeWidth": 1},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative", **axis},
                    "y": {"field": "y", "type": "quantitative", **axis},
                    "detail": {"field": "ring"},
                    "order": {"field": "order"},
                },
            },
            {
                "data": {"values": labels},
                "mark": {"type": "text", "fontSize": 10},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative", **axis},
                    "y": {"field": "y", "type": "quantitative", **axis},
                    "text": {"field": "label"},
                },
            },
            {
                "data": {"values": points},
                # a missing rating breaks the line rather than dropping to the centre
                "mark": {"type": "line", "point": True, "strokeWidth": 2, "invalid": None},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative", **axis},
                    "y": {"field": "y", "type": "quantitative", **axis},
                    "color": {"field": "series", "type": "nominal", "title": None},
                    "order": {"field": "order"},
                    "tooltip": [
                        {"field": "series"},
                        {"field": "attribute"},
                        {"field": "value", "format": ".1f"},
                    ],
                },
            },
        ],
    }


def render_html(report: GrowthReport) -> str:
    """One offline page: what to work on next, the radar, the table, the evidence, the habit."""
    return render_page(
        "backwards.growth/report.html.j2",
        title=f"Growth report: {report.person}, {report.level.name}",
        charts=Charts({"radar": radar_spec(report)}),
        report=report,
        data=report.to_dict(),
    )
