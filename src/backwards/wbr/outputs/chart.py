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
only the last point of each is labelled. ``place_labels`` puts each label above its point, or
below it where above it would hit a point, a plan mark, a line, another label or the frame,
and leaves it out where neither side is free (never the last of a series). Both panels have
their own y axis, each panel's months carry the year where they cross one, and the chart
spans the page's width. No user text ever enters a Vega expression: titles, legends and labels
are data or plain string properties.
"""

from __future__ import annotations

import datetime as dt
import itertools
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
#: Data labels: the distance in pixels from a point to its label's middle, the label's height,
#: and the width of one character at the labels' font size (10 px), for ``place_labels``.
LABEL_GAP = 11
LABEL_HEIGHT = 12
CHAR_WIDTH = 6.2

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


def _line(role: str, **mark: Any) -> dict[str, Any]:
    """A layer drawing ``role``'s series as a line (``mark``: its width, its dashes)."""
    line = {"type": "line", "interpolate": "linear", **mark}
    return {"transform": [_only(role)], "mark": {**line, "invalid": "break-paths-filter-domains"}}


def _marks(role: str, **mark: Any) -> dict[str, Any]:
    """A layer marking ``role``'s values (``mark``: the point's shape, size, fill), with a
    tooltip."""
    return {
        "transform": [_only(role), _VALID],
        "mark": {"type": "point", **mark},
        "encoding": {"tooltip": _TOOLTIP},
    }


def _labels(field: str, dy: int, halo: bool) -> dict[str, Any]:
    """A layer writing the current year's labels where ``field`` (``lv`` above the point,
    ``lb`` below it) is set, ``dy`` pixels from the point; ``halo``: the white outline drawn
    under them, which keeps them readable over lines, points and plan marks."""
    mark: dict[str, Any] = {"type": "text", "dy": dy}
    if halo:
        mark.update(stroke="#ffffff", strokeWidth=3, strokeJoin="round", opacity=0.9)
    return {
        "transform": [_only("cy"), {"filter": {"field": field, "valid": True}}],
        "mark": mark,
        "encoding": {
            "text": {"field": "tt", "type": "nominal"},
            "color": {"value": "#ffffff" if halo else "#323f4b"},
        },
    }


#: The layers every chart uses, shipped once per page (``{"$use": "wbr-cy-line"}`` in a spec).
SHARED_LAYERS: dict[str, dict[str, Any]] = {
    "wbr-py-line": _line("py", strokeWidth=1.5, strokeDash=[5, 3]),
    "wbr-py-points": _marks("py", size=30, filled=False, strokeWidth=1.5),
    "wbr-cy-line": _line("cy", strokeWidth=2.4),
    "wbr-cy-points": _marks("cy", size=40, filled=True, opacity=1),
    "wbr-cy-halo": _labels("lv", -LABEL_GAP, halo=True),
    "wbr-cy-labels": _labels("lv", -LABEL_GAP, halo=False),
    # Labels moved under their point where above it they would hit a point, a plan mark,
    # another label or the top of the frame (``lb`` instead of ``lv``; see ``place_labels``).
    "wbr-cy-halo-below": _labels("lb", LABEL_GAP + 1, halo=True),
    "wbr-cy-labels-below": _labels("lb", LABEL_GAP + 1, halo=False),
    "wbr-targets": _marks("target", shape="triangle-up", filled=True, size=90, opacity=1),
}

_LAYERS_BY_ROLE = (
    ("py", ("wbr-py-line", "wbr-py-points")),
    ("target", ("wbr-targets",)),
    ("cy", ("wbr-cy-line", "wbr-cy-points")),
    ("above", ("wbr-cy-halo", "wbr-cy-labels")),  # roles of the labels: see ``place_labels``
    ("below", ("wbr-cy-halo-below", "wbr-cy-labels-below")),
)


_COLUMNS = ["p", "k", "r", "v", "tt", "lv", "lb"]


def _nice(lo: float, hi: float, count: int = 10) -> tuple[float, float]:
    """The y domain Vega draws for values in [lo, hi]: widened to round ticks (d3's ``nice``,
    whose default is ten ticks whatever the axis shows)."""
    if hi <= lo:
        return (lo - 1, hi + 1) if lo == hi else (hi, lo)
    raw = (hi - lo) / count
    power = 10 ** math.floor(math.log10(raw))
    error = raw / power
    step = power * (
        10 if error >= 50**0.5 else 5 if error >= 10**0.5 else 2 if error >= 2**0.5 else 1
    )
    return math.floor(lo / step) * step, math.ceil(hi / step) * step


Box = tuple[float, float, float, float]  # left, bottom, right, top, in pixels (y up)


Segment = tuple[str, float, float, float, float]  # series, x0, y0, x1, y1 of a line's piece


class _Layout:
    """Where a panel's points, plan marks, lines and labels fall, in pixels (y up)."""

    def __init__(
        self, drawn: list[list[Any]], labels: Sequence[str], width: int, span: Sequence[float]
    ) -> None:
        self.lo, self.hi = _nice(min(span), max(span))
        step = width / max(len(labels), 1)
        self.left_edge = -step / 2  # a label may reach half a period past the frame's sides
        self.right_edge = width + step / 2
        self.x_of = {label: step * (i + 0.5) for i, label in enumerate(labels)}
        self.taken: list[Box] = []  # points and plan marks, then each label placed
        points: dict[str, list[tuple[float, float]]] = {}
        for r in drawn:
            x, y = self.point(r)
            radius = 5.0 if r[2] == "target" else 4.0
            self.taken.append((x - radius, y - radius, x + radius, y + radius))
            if r[2] != "target":
                points.setdefault(r[1], []).append((x, y))
        self.segments: list[Segment] = [
            (key, x0, y0, x1, y1)
            for key, xy in points.items()
            for (x0, y0), (x1, y1) in itertools.pairwise(xy)
            if x0 < x1
        ]

    def point(self, row: list[Any]) -> tuple[float, float]:
        return self.x_of.get(row[0], 0.0), HEIGHT * (row[3] - self.lo) / (self.hi - self.lo)

    def boxes(self, row: list[Any]) -> tuple[Box, Box]:
        """The label's box above its point and below it."""
        x, y = self.point(row)
        half = len(str(row[4])) * CHAR_WIDTH / 2 + 2
        above, below = y + LABEL_GAP, y - LABEL_GAP - 1  # the label's middle
        return (
            (x - half, above - LABEL_HEIGHT / 2, x + half, above + LABEL_HEIGHT / 2),
            (x - half, below - LABEL_HEIGHT / 2, x + half, below + LABEL_HEIGHT / 2),
        )

    def hits(self, key: str, box: Box, count: bool) -> int:
        """What ``box`` (a label of series ``key``) hits: the frame's edges, a point, a plan
        mark or a label placed, a line of another series (at the box's ends and middle).
        ``count=False`` stops at the first hit (returns 1): only whether it is free counts."""
        left, bottom, right, top = box
        hits = 0
        if bottom < 2 or top > HEIGHT or left < self.left_edge or right > self.right_edge:
            if not count:
                return 1
            hits = 1
        for m in self.taken:
            if left < m[2] and m[0] < right and bottom < m[3] and m[1] < top:
                if not count:
                    return 1
                hits += 1
        middle = (left + right) / 2
        for other, x0, y0, x1, y1 in self.segments:
            if other == key or x1 < left or right < x0:  # the box's x positions miss it
                continue
            for x in (left, middle, right):
                if x0 <= x <= x1:
                    y = y0 + (y1 - y0) * (x - x0) / (x1 - x0)
                    if x - 0.5 < right and left < x + 0.5 and y - 1.5 < top and bottom < y + 1.5:
                        if not count:
                            return 1
                        hits += 1
        return hits


def place_labels(
    rows: list[list[Any]],
    labels: Sequence[str],
    width: int,
    shared_with: Sequence[list[Any]] = (),
) -> set[str]:
    """Put each data label where it hits nothing: above its point (``lv``), else below it
    (``lb``), else nowhere (the last label of a series is always kept, on the side with the
    fewest hits, above on a tie). Returns the sides used (``above``, ``below``): a panel draws
    only the label layers it needs.

    Positions are estimated as Vega draws them: periods evenly spaced across ``width`` (a point
    scale), values on the panel's rounded y domain over ``HEIGHT``. A label must stay inside the
    frame (clear of the x axis and the top) and off every point, plan mark, line of another
    series (at the label's ends and middle) and every label already placed. ``shared_with``
    holds the other panel's rows when the two panels share their y axis (and so its domain).
    """
    drawn = [r for r in rows if len(r) > 3 and r[3] is not None]
    sides: set[str] = set()
    if not drawn:
        return sides
    span = [r[3] for r in (*drawn, *shared_with) if len(r) > 3 and r[3] is not None]
    layout = _Layout(drawn, labels, width, span)
    labelled = [r for r in drawn if len(r) > 5 and r[5] is not None]
    last_of = {r[1]: r for r in labelled}
    for r in labelled:
        last = r is last_of[r[1]]  # kept whatever it hits: count the hits of each side
        above, below = layout.boxes(r)
        hits_above = layout.hits(r[1], above, last)
        if hits_above:
            hits_below = layout.hits(r[1], below, last)
            if hits_below and not last:
                r[5] = None  # no room: the number of labels adapts to the space
                continue
            if hits_below < hits_above:
                layout.taken.append(below)
                sides.add("below")
                r[5] = None
                r.append(r[3])
                continue
        layout.taken.append(above)
        sides.add("above")
    return sides


def _panel(
    labels: tuple[str, ...],
    title: str,
    width: int,
    y_axis: dict[str, Any] | None,
    roles: set[str],
    colour_scale: dict[str, list[str]],
    rows: list[list[Any]],
    shared_with: Sequence[list[Any]] = (),
) -> dict[str, Any]:
    roles = roles | place_labels(rows, labels, width, shared_with)
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
                block.week_labels,
                "Trailing 6 weeks",
                WEEKS_WIDTH,
                axis,
                week_roles,
                scale,
                weeks,
                months if shared else (),
            ),
            _panel(
                month_labels,
                month_title,
                MONTHS_WIDTH,
                months_axis,
                month_roles,
                scale,
                months,
                weeks if shared else (),
            ),
        ],
        "spacing": 18,
        "resolve": {"scale": {"y": "shared" if shared else "independent"}},
    }
