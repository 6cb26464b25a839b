"""The 6-12 chart of a WBR block as a Vega-Lite spec (a plain dict, built without templates).

Two panels side by side, each with its own x axis: the six trailing weeks ("wk 42" ...) and
the twelve months ("Dec" ...). The y axis is shared when the block has one axis, separate when
it has two (the WBR App's ``axes``). Per metric:

- the current year is a solid line with filled points and data labels;
- the prior year is the same colour, lighter, thinner and dashed, with hollow points;
- a ``target`` series is green triangles without a line;
- lines are straight segments between points (no smoothing) and break at blanks;
- every point has a tooltip: series, period, value (``N/A`` never appears as a point).

Values are multiplied by the block's mask factor (millions for ``##.1MM``, percent for ``##%``)
so axes read in display units; labels are pre-formatted strings. No user text ever enters a
Vega expression: titles, legends and labels are data or plain string properties.
"""

from __future__ import annotations

import math
from typing import Any

from backwards.wbr.deck import ChartBlock, Series, Value
from backwards.wbr.render.mask import Mask

__all__ = ["CHART_CONFIG", "PALETTE", "chart_spec"]

#: Colours per line style: (current year, prior year).
PALETTE: dict[str, tuple[str, str]] = {
    "primary": ("#1f4e79", "#9db8d3"),
    "secondary": ("#d35400", "#f0b98d"),
    "tertiary": ("#1e8449", "#9fd4b3"),
    "quaternary": ("#7d3c98", "#c9a9d6"),
}
_FALLBACK = (("#5d6d7e", "#c3cbd3"), ("#b7950b", "#e6d38a"), ("#a93226", "#e3a49e"))
TARGET_COLOUR = "#2ca02c"

WEEKS_WIDTH = 250
MONTHS_WIDTH = 520
HEIGHT = 210

#: Shared look of every chart, passed once to vega-embed (not repeated in each spec).
CHART_CONFIG: dict[str, Any] = {
    "font": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif",
    "view": {"stroke": None},
    "axis": {
        "labelFontSize": 11,
        "titleFontSize": 11,
        "titleFontWeight": "normal",
        "titleColor": "#52606d",
        "labelColor": "#323f4b",
        "gridColor": "#e4e7eb",
    },
    "axisX": {"labelAngle": 0, "grid": False, "domainColor": "#9aa5b1", "tickColor": "#9aa5b1"},
    "legend": {
        "orient": "bottom",
        "labelFontSize": 11,
        "symbolSize": 80,
        "columns": 4,
        "labelLimit": 320,
    },
    "text": {"fontSize": 10},
}


def _colours(series: tuple[Series, ...]) -> dict[str, tuple[str, str]]:
    colours: dict[str, tuple[str, str]] = {}
    spare = list(_FALLBACK)
    for s in series:
        if s.is_target or s.metric in colours:
            continue
        pair = PALETTE.get(s.line_style)
        if pair is None or pair in colours.values():
            pair = spare.pop(0) if spare else PALETTE["primary"]
        colours[s.metric] = pair
    return colours


def _points(
    out: list[dict[str, Any]],
    panel: str,
    labels: tuple[str, ...],
    values: tuple[Value, ...],
    key: str,
    role: str,
    mask: Mask,
) -> None:
    for i, (label, value) in enumerate(zip(labels, values, strict=False)):
        if value is None or not math.isfinite(value):
            out.append({"panel": panel, "i": i, "p": label, "k": key, "r": role, "v": None})
        else:
            out.append(
                {
                    "panel": panel,
                    "i": i,
                    "p": label,
                    "k": key,
                    "r": role,
                    "v": mask.scale(value),
                    "t": mask.format(value, unit=False),
                    "tt": mask.format(value),
                }
            )


def _axis_format(mask: Mask) -> dict[str, Any]:
    axis: dict[str, Any] = {"format": f",.{mask.decimals}~f", "tickCount": 5}
    if mask.unit in ("M", "B", "K", "%", "bps"):  # a fixed vocabulary: safe in an expression
        axis["labelExpr"] = f"datum.label + '{mask.unit}'"
    return axis


def _panel(
    panel: str,
    labels: tuple[str, ...],
    title: str,
    width: int,
    y_axis: dict[str, Any] | None,
    roles: set[str],
) -> dict[str, Any]:
    x = {
        "field": "p",
        "type": "ordinal",
        "sort": list(labels),
        "scale": {"domain": list(labels)},
        "axis": {"title": title},
    }
    y: dict[str, Any] = {"field": "v", "type": "quantitative", "scale": {"zero": False}}
    y["axis"] = {**y_axis, "title": None} if y_axis is not None else None
    valid = {"field": "v", "valid": True}
    colour = {"field": "k", "type": "nominal", "title": None}
    tooltip = [
        {"field": "k", "type": "nominal", "title": "Series"},
        {"field": "p", "type": "ordinal", "title": "Period"},
        {"field": "tt", "type": "nominal", "title": "Value"},
    ]
    layers: list[dict[str, Any]] = []
    if "py" in roles:
        only = {"filter": {"field": "r", "equal": "py"}}
        layers.append(
            {
                "transform": [only],
                "mark": {
                    "type": "line",
                    "interpolate": "linear",
                    "strokeWidth": 1.5,
                    "strokeDash": [5, 3],
                    "invalid": "break-paths-filter-domains",
                },
                "encoding": {"color": colour},
            }
        )
        layers.append(
            {
                "transform": [only, {"filter": valid}],
                "mark": {"type": "point", "size": 30, "filled": False, "strokeWidth": 1.5},
                "encoding": {"color": colour, "tooltip": tooltip},
            }
        )
    if "cy" in roles:
        only = {"filter": {"field": "r", "equal": "cy"}}
        layers.append(
            {
                "transform": [only],
                "mark": {
                    "type": "line",
                    "interpolate": "linear",
                    "strokeWidth": 2.4,
                    "invalid": "break-paths-filter-domains",
                },
                "encoding": {"color": colour},
            }
        )
        layers.append(
            {
                "transform": [only, {"filter": valid}],
                "mark": {"type": "point", "size": 40, "filled": True, "opacity": 1},
                "encoding": {"color": colour, "tooltip": tooltip},
            }
        )
        layers.append(
            {
                "transform": [only, {"filter": valid}],
                "mark": {"type": "text", "dy": -10, "color": "#323f4b"},
                "encoding": {"text": {"field": "t", "type": "nominal"}},
            }
        )
    if "target" in roles:
        layers.append(
            {
                "transform": [{"filter": {"field": "r", "equal": "target"}}, {"filter": valid}],
                "mark": {
                    "type": "point",
                    "shape": "triangle-up",
                    "filled": True,
                    "size": 90,
                    "opacity": 1,
                },
                "encoding": {"color": colour, "tooltip": tooltip},
            }
        )
    if not layers:  # nothing to draw in this panel: say so instead of an empty frame
        return {
            "width": width,
            "height": HEIGHT,
            "data": {"values": [{"t": "N/A"}]},
            "mark": {"type": "text", "fontSize": 14, "color": "#7b8794"},
            "encoding": {"text": {"field": "t", "type": "nominal"}},
            "title": {"text": title, "orient": "bottom", "fontSize": 11, "fontWeight": "normal"},
        }
    return {
        "width": width,
        "height": HEIGHT,
        "transform": [{"filter": {"field": "panel", "equal": panel}}],
        "encoding": {"x": x, "y": y},
        "layer": layers,
    }


def chart_spec(block: ChartBlock) -> dict[str, Any]:
    """The Vega-Lite spec of a 6-12 chart block (config comes from :data:`CHART_CONFIG`)."""
    mask = Mask.parse(block.y_scaling)
    colours = _colours(block.series)
    rows: list[dict[str, Any]] = []
    domain: list[str] = []
    palette: list[str] = []
    for s in block.series:
        if s.is_target:
            key = s.legend
            if key not in domain:
                domain.append(key)
                palette.append(TARGET_COLOUR)
            _points(rows, "w", block.week_labels, s.current_weeks, key, "target", mask)
            _points(rows, "m", block.month_labels, s.current_months, key, "target", mask)
            continue
        current, previous = colours[s.metric]
        key = s.legend
        if key not in domain:
            domain.append(key)
            palette.append(current)
        _points(rows, "w", block.week_labels, s.current_weeks, key, "cy", mask)
        _points(rows, "m", block.month_labels, s.current_months, key, "cy", mask)
        if s.previous_weeks is not None or s.previous_months is not None:
            py_key = f"{s.legend} (prior year)"
            if py_key not in domain:
                domain.append(py_key)
                palette.append(previous)
            if s.previous_weeks is not None:
                _points(rows, "w", block.week_labels, s.previous_weeks, py_key, "py", mask)
            if s.previous_months is not None:
                _points(rows, "m", block.month_labels, s.previous_months, py_key, "py", mask)
    week_roles = {row["r"] for row in rows if row["v"] is not None and row["panel"] == "w"}
    month_roles = {row["r"] for row in rows if row["v"] is not None and row["panel"] == "m"}
    shared = block.axes != 2
    axis = _axis_format(mask)
    months_axis = None if shared else {**axis, "orient": "right"}
    month_title = "Fiscal year" if block.monthly_display == "fiscal_year" else "Trailing 12 months"
    spec: dict[str, Any] = {
        "data": {"values": rows},
        "hconcat": [
            _panel("w", block.week_labels, "Trailing 6 weeks", WEEKS_WIDTH, axis, week_roles),
            _panel("m", block.month_labels, month_title, MONTHS_WIDTH, months_axis, month_roles),
        ],
        "spacing": 18,
        "resolve": {"scale": {"y": "shared" if shared else "independent"}},
        "usermeta": {"block": block.number},
    }
    colour_scale = {"domain": domain, "range": palette}
    for panel in spec["hconcat"]:
        for layer in panel["layer"]:
            colour = layer["encoding"].get("color")
            if colour is not None:
                colour["scale"] = colour_scale
    return spec
