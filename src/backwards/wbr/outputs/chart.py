"""The 6-12 chart of a WBR block as a Vega-Lite spec (a plain dict, built without templates).

Two panels side by side, each with its own x axis: the six trailing weeks ("wk 42" ...) and
the twelve months ("Dec" ...). The y axis is shared when the block has one axis, separate when
it has two (the WBR App's ``axes``). Per metric:

- the current year is a solid line with filled points and data labels;
- the prior year is the same colour, lighter, thinner and dashed, with hollow points;
- a ``target`` series is green triangles without a line;
- lines are straight segments between points (no smoothing) and break at blanks;
- every point has a tooltip: series, period, value (``N/A`` never appears as a point).

Values are multiplied by the block's mask factor (millions for ``##.1MM``, percent for ``##%``;
without a mask one fitting the data, see ``formats``) so axes read in display units; labels
and ticks carry the unit with one precision. Labels sit on a white halo; with several series
only the last point of each is labelled. Both panels have their own y axis, each panel's
months carry the year where they cross one, and the chart spans the page's width. No user
text ever enters a Vega expression: titles, legends and labels are data or plain string
properties.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

from backwards.wbr.calendar import MONTH_LABELS
from backwards.wbr.deck import ChartBlock, Series, Value
from backwards.wbr.outputs.formats import chart_mask
from backwards.wbr.outputs.mask import Mask

__all__ = ["CHART_CONFIG", "PALETTE", "SHARED_LAYERS", "chart_spec", "month_headers"]

#: Colours per line style: (current year, prior year).
PALETTE: dict[str, tuple[str, str]] = {
    "primary": ("#1f4e79", "#9db8d3"),
    "secondary": ("#d35400", "#f0b98d"),
    "tertiary": ("#1e8449", "#9fd4b3"),
    "quaternary": ("#7d3c98", "#c9a9d6"),
}
_FALLBACK = (("#5d6d7e", "#c3cbd3"), ("#b7950b", "#e6d38a"), ("#a93226", "#e3a49e"))
TARGET_COLOUR = "#2ca02c"

WEEKS_WIDTH = 330
MONTHS_WIDTH = 720
HEIGHT = 200

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


def month_headers(months: Sequence[dt.date]) -> tuple[str, ...]:
    """Month labels as shown: ``Oct 2020, Nov, Dec, Jan 2021, ...`` when the months cross a
    year (the first month and every January carry the year), else ``Jan ... Dec``."""
    crossing = len({m.year for m in months}) > 1
    return tuple(
        f"{MONTH_LABELS[m.month - 1]} {m.year}"
        if crossing and (i == 0 or m.month == 1)
        else MONTH_LABELS[m.month - 1]
        for i, m in enumerate(months)
    )


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
    out: list[list[Any]],
    roles: set[str],
    labels: tuple[str, ...],
    values: tuple[Value, ...],
    key: str,
    role: str,
    mask: Mask,
    labelled: bool = True,
) -> None:
    """Append one row per point: ``p, k, r, v, tt, lv`` (a blank point is only ``p, k, r``):
    ``tt`` the value as text with its unit (tooltip and label), ``lv`` the value again on the
    points that carry a data label: every current-year point when ``labelled``, else only the
    last one with a value (the number of labels adapts to the space)."""
    factor = mask.factor
    last = max((i for i, v in enumerate(values) if v is not None and math.isfinite(v)), default=-1)
    for i, (label, value) in enumerate(zip(labels, values, strict=False)):
        if value is None or not math.isfinite(value):
            out.append([label, key, role])
        else:
            text = mask.format(value)
            row = [label, key, role, value * factor, text]
            if role == "cy" and (labelled or i == last):
                row.append(value * factor)
            out.append(row)
            roles.add(role)


def _axis_format(mask: Mask) -> dict[str, Any]:
    """Ticks with the labels' precision and unit (``2.80``, ``3.00``; ``72K``; ``12.5%``)."""
    axis: dict[str, Any] = {"format": f",.{mask.decimals}f", "tickCount": 5, "title": None}
    if mask.unit in ("M", "B", "K", "%", "bps"):  # a fixed vocabulary: safe in an expression
        axis["labelExpr"] = f"datum.label + '{mask.unit}'"
    return axis


_VALID = {"filter": {"field": "v", "valid": True}}
_TOOLTIP = [
    {"field": "k", "type": "nominal", "title": "Series"},
    {"field": "p", "type": "ordinal", "title": "Period"},
    {"field": "tt", "type": "nominal", "title": "Value"},
]


def _only(role: str) -> dict[str, Any]:
    return {"filter": {"field": "r", "equal": role}}


#: The layers every chart uses, shipped once per page (``{"$use": "wbr-cy-line"}`` in a spec).
SHARED_LAYERS: dict[str, dict[str, Any]] = {
    "wbr-py-line": {
        "transform": [_only("py")],
        "mark": {
            "type": "line",
            "interpolate": "linear",
            "strokeWidth": 1.5,
            "strokeDash": [5, 3],
            "invalid": "break-paths-filter-domains",
        },
    },
    "wbr-py-points": {
        "transform": [_only("py"), _VALID],
        "mark": {"type": "point", "size": 30, "filled": False, "strokeWidth": 1.5},
        "encoding": {"tooltip": _TOOLTIP},
    },
    "wbr-cy-line": {
        "transform": [_only("cy")],
        "mark": {
            "type": "line",
            "interpolate": "linear",
            "strokeWidth": 2.4,
            "invalid": "break-paths-filter-domains",
        },
    },
    "wbr-cy-points": {
        "transform": [_only("cy"), _VALID],
        "mark": {"type": "point", "size": 40, "filled": True, "opacity": 1},
        "encoding": {"tooltip": _TOOLTIP},
    },
    # A white halo under each label keeps it readable over lines, points and plan marks.
    "wbr-cy-halo": {
        "transform": [_only("cy"), {"filter": {"field": "lv", "valid": True}}],
        "mark": {
            "type": "text",
            "dy": -11,
            "stroke": "#ffffff",
            "strokeWidth": 3,
            "strokeJoin": "round",
            "opacity": 0.9,
        },
        "encoding": {"text": {"field": "tt", "type": "nominal"}, "color": {"value": "#ffffff"}},
    },
    "wbr-cy-labels": {
        "transform": [_only("cy"), {"filter": {"field": "lv", "valid": True}}],
        "mark": {"type": "text", "dy": -11},
        "encoding": {"text": {"field": "tt", "type": "nominal"}, "color": {"value": "#323f4b"}},
    },
    "wbr-targets": {
        "transform": [_only("target"), _VALID],
        "mark": {"type": "point", "shape": "triangle-up", "filled": True, "size": 90, "opacity": 1},
        "encoding": {"tooltip": _TOOLTIP},
    },
}

_LAYERS_BY_ROLE = (
    ("py", ("wbr-py-line", "wbr-py-points")),
    ("target", ("wbr-targets",)),
    ("cy", ("wbr-cy-line", "wbr-cy-points", "wbr-cy-halo", "wbr-cy-labels")),
)


_COLUMNS = ["p", "k", "r", "v", "tt", "lv"]


def _panel(
    labels: tuple[str, ...],
    title: str,
    width: int,
    y_axis: dict[str, Any] | None,
    roles: set[str],
    colour_scale: dict[str, list[str]],
    rows: list[list[Any]],
) -> dict[str, Any]:
    layers = [{"$use": name} for role, names in _LAYERS_BY_ROLE if role in roles for name in names]
    if not layers:  # nothing to draw in this panel: say so instead of an empty frame
        return {
            "width": width,
            "height": HEIGHT,
            "data": {"values": [{"t": "N/A"}]},
            "mark": {"type": "text", "fontSize": 14, "color": "#7b8794"},
            "encoding": {"text": {"field": "tt", "type": "nominal"}},
            "title": {"text": title, "orient": "bottom", "fontSize": 11, "fontWeight": "normal"},
        }
    return {
        "width": width,
        "height": HEIGHT,
        "data": {"values": {"$table": {"columns": _COLUMNS, "rows": rows}}},
        "encoding": {
            "x": {
                "field": "p",
                "type": "ordinal",
                "sort": list(labels),
                "scale": {"domain": list(labels)},
                "axis": {"title": title},
            },
            "y": {
                "field": "v",
                "type": "quantitative",
                "scale": {"zero": False},
                "axis": y_axis,
            },
            "color": {"field": "k", "type": "nominal", "title": None, "scale": colour_scale},
        },
        "layer": layers,
    }


def chart_spec(block: ChartBlock) -> dict[str, Any]:
    """The Vega-Lite spec of a 6-12 chart block.

    Its layers are ``{"$use": ...}`` references to :data:`SHARED_LAYERS` and its look comes
    from :data:`CHART_CONFIG`; pass both to :func:`backwards.charts.specs_json`.
    """
    mask = chart_mask(block)
    month_labels = month_headers(block.months)  # with the year where the months cross one
    drawn = [s for s in block.series if not s.is_target]
    week_labels_all = len(drawn) <= 2
    month_labels_all = len(drawn) <= 1
    colours = _colours(block.series)
    weeks: list[list[Any]] = []
    months: list[list[Any]] = []
    week_roles: set[str] = set()
    month_roles: set[str] = set()
    domain: list[str] = []
    palette: list[str] = []
    for s in block.series:
        if s.is_target:
            key = s.legend
            if key not in domain:
                domain.append(key)
                palette.append(TARGET_COLOUR)
            _points(weeks, week_roles, block.week_labels, s.current_weeks, key, "target", mask)
            _points(months, month_roles, month_labels, s.current_months, key, "target", mask)
            continue
        current, previous = colours[s.metric]
        key = s.legend
        if key not in domain:
            domain.append(key)
            palette.append(current)
        _points(
            weeks, week_roles, block.week_labels, s.current_weeks, key, "cy", mask,
            week_labels_all,
        )  # fmt: skip
        _points(
            months, month_roles, month_labels, s.current_months, key, "cy", mask,
            month_labels_all,
        )  # fmt: skip
        if s.previous_weeks is not None or s.previous_months is not None:
            py_key = f"{s.legend} (prior year)"
            if py_key not in domain:
                domain.append(py_key)
                palette.append(previous)
            if s.previous_weeks is not None:
                _points(weeks, week_roles, block.week_labels, s.previous_weeks, py_key, "py", mask)
            if s.previous_months is not None:
                _points(months, month_roles, month_labels, s.previous_months, py_key, "py", mask)
    shared = block.axes != 2
    axis = _axis_format(mask)
    months_axis = {**axis, "orient": "left" if shared else "right"}  # each panel its own axis
    month_title = "Fiscal year" if block.monthly_display == "fiscal_year" else "Trailing 12 months"
    scale = {"domain": domain, "range": palette}
    return {
        "hconcat": [
            _panel(
                block.week_labels, "Trailing 6 weeks", WEEKS_WIDTH, axis, week_roles, scale, weeks
            ),
            _panel(
                month_labels,
                month_title,
                MONTHS_WIDTH,
                months_axis,
                month_roles,
                scale,
                months,
            ),
        ],
        "spacing": 18,
        "resolve": {"scale": {"y": "shared" if shared else "independent"}},
    }
