"""The 6-12 chart spec: panels, series roles, blanks, targets, axes.

Specs use the page runtime's two shorthands (``$use`` for shared layers, ``$table`` for data
rows); ``expand`` below does in Python what the page's script does, so the tests read the spec
that Vega-Lite receives.
"""

from __future__ import annotations

from typing import Any

from backwards.wbr.deck import ChartBlock
from backwards.wbr.outputs.chart import SHARED_LAYERS, chart_spec
from tests.wbr.outputs.decks import MONTH_LABELS, WEEK_LABELS, sample_deck


def expand(node: Any) -> Any:
    if isinstance(node, list):
        return [expand(n) for n in node]
    if not isinstance(node, dict):
        return node
    if list(node) == ["$use"]:
        return expand(SHARED_LAYERS[node["$use"]])
    if list(node) == ["$table"]:
        columns = node["$table"]["columns"]
        return [
            {c: (row[i] if i < len(row) else None) for i, c in enumerate(columns)}
            for row in node["$table"]["rows"]
        ]
    return {k: expand(v) for k, v in node.items()}


def charts() -> list[ChartBlock]:
    return [b for b in sample_deck().blocks if isinstance(b, ChartBlock)]


def spec_of(block: ChartBlock) -> dict[str, Any]:
    spec: dict[str, Any] = expand(chart_spec(block))
    return spec


def rows(panel: dict[str, Any], role: str) -> list[dict[str, Any]]:
    return [r for r in panel["data"]["values"] if r["r"] == role]


def marks(panel: dict[str, Any]) -> list[tuple[str, str]]:
    out = []
    for layer in panel["layer"]:
        role = next(
            (t["filter"]["equal"] for t in layer["transform"] if t["filter"].get("field") == "r"),
            "",
        )
        out.append((layer["mark"]["type"], role))
    return out


def test_two_panels_with_their_own_x_axes() -> None:
    spec = spec_of(charts()[0])
    weeks, months = spec["hconcat"]
    assert weeks["encoding"]["x"]["scale"]["domain"] == list(WEEK_LABELS)
    # the twelve months cross a year: the first month and January carry it (issue 9, point 6)
    shown = ["Oct 2020", *MONTH_LABELS[1:3], "Jan 2021", *MONTH_LABELS[4:]]
    assert months["encoding"]["x"]["scale"]["domain"] == shown
    assert weeks["encoding"]["x"]["axis"]["title"] == "Trailing 6 weeks"
    assert months["encoding"]["x"]["axis"]["title"] == "Trailing 12 months"
    assert spec["resolve"]["scale"]["y"] == "shared"  # axes: 1
    # each panel has its own y axis, also when they share the scale (issue 9, point 6)
    assert months["encoding"]["y"]["axis"] == {**weeks["encoding"]["y"]["axis"], "orient": "left"}


def test_two_axes_and_fiscal_title() -> None:
    spec = spec_of(charts()[1])
    months = spec["hconcat"][1]
    assert spec["resolve"]["scale"]["y"] == "independent"
    assert months["encoding"]["y"]["axis"]["orient"] == "right"
    assert months["encoding"]["x"]["axis"]["title"] == "Fiscal year"


def test_current_solid_prior_dashed_target_triangles_straight_lines() -> None:
    spec = spec_of(charts()[0])
    weeks, months = spec["hconcat"]
    assert marks(weeks) == [
        ("line", "py"),
        ("point", "py"),
        ("line", "cy"),
        ("point", "cy"),
        ("text", "cy"),  # the labels' white halo
        ("text", "cy"),
    ]
    # targets only exist in months here; drawn before the current year, so its labels are on top
    assert ("point", "target") in marks(months)
    assert marks(months)[-1] == ("text", "cy")
    lines = [layer["mark"] for layer in months["layer"] if layer["mark"]["type"] == "line"]
    assert all(m["interpolate"] == "linear" for m in lines)
    py, cy = lines
    assert py["strokeDash"] == [5, 3] and "strokeDash" not in cy
    assert py["strokeWidth"] < cy["strokeWidth"]
    target = months["layer"][marks(months).index(("point", "target"))]["mark"]
    assert target["shape"] == "triangle-up" and target["filled"] is True
    scale = months["encoding"]["color"]["scale"]
    assert scale["domain"] == ["Page Views legend", "Page Views legend (prior year)", "Plan"]
    cy_colour, py_colour, target_colour = scale["range"]
    assert cy_colour != py_colour and target_colour == "#2ca02c"


def test_blanks_are_null_points_without_labels() -> None:
    weeks, months = spec_of(charts()[0])["hconcat"]
    cy = rows(weeks, "cy")
    assert [r["p"] for r in cy] == list(WEEK_LABELS)
    assert cy[2]["v"] is None and cy[2]["lv"] is None
    # the label carries its unit (issue 9, point 6): "1.4M", not "1.4"
    assert cy[5]["v"] == 1.402345 and cy[5]["lv"] == 1.402345 and cy[5]["tt"] == "1.4M"
    targets = rows(months, "target")
    assert [r["v"] for r in targets[:6]] == [None] * 6
    assert all(r["v"] is None for r in rows(weeks, "target"))
    labels = next(layer for layer in weeks["layer"] if layer["mark"]["type"] == "text")
    assert {"filter": {"field": "lv", "valid": True}} in labels["transform"]


def test_every_visible_point_has_a_tooltip() -> None:
    spec = spec_of(charts()[0])
    for panel in spec["hconcat"]:
        for layer in panel["layer"]:
            if layer["mark"]["type"] == "point":
                fields = [t["field"] for t in layer["encoding"]["tooltip"]]
                assert fields == ["k", "p", "tt"]


def test_axis_units_come_from_the_mask_only() -> None:
    spec = spec_of(charts()[1])
    axis = spec["hconcat"][0]["encoding"]["y"]["axis"]
    assert axis["labelExpr"] == "datum.label + '%'"
    assert axis["format"] == ",.2f"  # one precision on every tick: 3.00, 3.50, not 3, 3.5


def test_layers_are_shared_not_repeated() -> None:
    raw = chart_spec(charts()[0])
    assert raw["hconcat"][0]["layer"][0] == {"$use": "wbr-py-line"}
    assert set(SHARED_LAYERS) == {
        "wbr-py-line",
        "wbr-py-points",
        "wbr-cy-line",
        "wbr-cy-points",
        "wbr-cy-halo",
        "wbr-cy-labels",
        "wbr-cy-halo-below",
        "wbr-cy-labels-below",
        "wbr-targets",
    }
