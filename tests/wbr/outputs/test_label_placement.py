"""Issue 9, point 6: data labels never overlap a point, a plan mark, another label or the axis.

``place_labels`` decides, from the values, whether each label sits above its point, below it,
or (when neither side is free) is left out, keeping the last label of every series. The last
test draws the demo deck in headless Chromium and measures what was drawn: every label's box
against every point and plan mark of its chart, every other label, and the plot's frame.
"""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path
from typing import Any

import pytest

from backwards.wbr import build, render
from backwards.wbr.outputs.chart import HEIGHT, place_labels
from tests.chromium import executable, needs_chromium
from tests.wbr.conftest import REPO

WEEKS = ("wk 1", "wk 2", "wk 3", "wk 4", "wk 5", "wk 6")


def row(period: str, key: str, role: str, value: float, labelled: bool = True) -> list[Any]:
    r: list[Any] = [period, key, role, value, f"{value:.0f}"]
    if labelled:
        r.append(value)
    return r


def sides(rows: list[list[Any]]) -> dict[tuple[str, str], str]:
    out = {}
    for r in rows:
        if r[2] != "cy":
            continue
        if len(r) > 5 and r[5] is not None:
            out[(r[0], r[1])] = "above"
        elif len(r) > 6 and r[6] is not None:
            out[(r[0], r[1])] = "below"
        else:
            out[(r[0], r[1])] = "none"
    return out


def test_a_label_goes_under_its_point_when_a_plan_mark_sits_just_above() -> None:
    rows = [row(w, "Sales", "cy", 100 + i * 10) for i, w in enumerate(WEEKS)]
    rows.append(row("wk 3", "Plan", "target", 121, labelled=False))  # 1 above wk 3's 120
    used = place_labels(rows, WEEKS, 330)
    placed = sides(rows)
    assert placed[("wk 3", "Sales")] == "below"
    assert placed[("wk 2", "Sales")] == "above" and placed[("wk 4", "Sales")] == "above"
    assert used == {"above", "below"}


def test_the_top_point_is_labelled_below_when_above_would_leave_the_frame() -> None:
    # the domain is rounded to whole tens: 150 is the top of the frame
    rows = [
        row(w, "Sales", "cy", v)
        for w, v in zip(WEEKS, (100, 110, 120, 130, 140, 150), strict=False)
    ]
    place_labels(rows, WEEKS, 330)
    assert sides(rows)[("wk 6", "Sales")] == "below"
    assert sides(rows)[("wk 1", "Sales")] == "above"  # the bottom point: below would hit the axis


def test_a_label_with_no_room_either_side_is_dropped_but_never_the_last() -> None:
    # three series on nearly the same values: at most one label fits at each week
    keys = ("A", "B", "C")
    rows = [row(w, k, "cy", 100 + j * 0.3 + (i % 2)) for i, w in enumerate(WEEKS)
            for j, k in enumerate(keys)]  # fmt: skip
    rows.append(row("wk 1", "Plan", "target", 300, labelled=False))  # a tall domain: 0.3 is <1 px
    place_labels(rows, WEEKS, 330)
    placed = sides(rows)
    for w in WEEKS[:-1]:
        assert [placed[(w, k)] for k in keys].count("none") >= 1
    assert all(placed[("wk 6", k)] != "none" for k in keys)  # every series keeps its last label


def test_labels_of_neighbouring_points_do_not_overlap() -> None:
    months = tuple(f"m{i}" for i in range(12))
    rows = [row(m, "Sales", "cy", 1_000_000) for m in months]  # a flat line
    for r in rows:
        r[4] = "10,000,000"  # wide labels: about 66 px, the months are 60 px apart
    place_labels(rows, months, 720)
    placed = sides(rows)
    shown = [m for m in months if placed[(m, "Sales")] != "none"]
    assert placed[("m11", "Sales")] != "none"
    for a, b in itertools.pairwise(shown):
        if placed[(a, "Sales")] == placed[(b, "Sales")]:  # same side: they must be apart
            assert int(b[1:]) - int(a[1:]) >= 2, (a, b)


def test_nothing_to_place_in_an_empty_panel() -> None:
    rows: list[list[Any]] = [["wk 1", "Sales", "cy"]]  # a blank point only
    assert place_labels(rows, WEEKS, 330) == set()
    assert HEIGHT > 0


MEASURE = """
() => {
  const out = [];
  document.querySelectorAll("[data-chart] svg").forEach((svg, chart) => {
    const box = (el) => { const r = el.getBoundingClientRect();
      return [r.left, r.top, r.right, r.bottom]; };
    const frames = [...svg.querySelectorAll("path.background")].map(box)
      .filter((b) => b[2] - b[0] > 50 && Math.abs(b[3] - b[1] - %d) < 1);
    const points = [...svg.querySelectorAll("g.mark-symbol path")].map(box);
    const labels = [...svg.querySelectorAll("g.mark-text.role-mark text")]
      .filter((t) => t.getAttribute("fill") === "#323f4b" && t.textContent.trim())
      .map((t) => ({text: t.textContent, box: box(t)}));
    out.push({chart, frames, points, labels});
  });
  return JSON.stringify(out);
}
"""


def _overlap(a: list[float], b: list[float], slack: float = 0.5) -> bool:
    return (
        a[0] + slack < b[2] and b[0] + slack < a[2] and a[1] + slack < b[3] and b[1] + slack < a[3]
    )


@pytest.mark.browser
@needs_chromium
def test_in_the_demo_deck_no_label_touches_a_mark_another_label_or_the_frame(
    tmp_path: Path,
) -> None:
    from playwright.sync_api import sync_playwright

    folder = REPO / "examples" / "demo" / "wbr"
    page_file = tmp_path / "demo.html"
    page_file.write_text(render(build(folder / "wbr.yaml", [folder / "daily.csv"]), "html"))
    exe = executable()
    assert exe is not None, "CI=true but headless Chromium is not installed"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=exe, args=["--no-sandbox", "--disable-gpu"], env=dict(os.environ)
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                       else r.abort())  # fmt: skip
            page.goto(page_file.as_uri())
            page.wait_for_selector("html[data-charts-drawn]", state="attached", timeout=60_000)
            charts = json.loads(page.evaluate(MEASURE % HEIGHT))
        finally:
            browser.close()
    assert len(charts) == 9
    labelled = 0
    for chart in charts:
        labels = chart["labels"]
        labelled += len(labels)
        for i, label in enumerate(labels):
            hit = [p for p in chart["points"] if _overlap(label["box"], p)]
            assert not hit, (chart["chart"], label["text"], "touches a point or plan mark")
            for other in labels[i + 1 :]:
                assert not _overlap(label["box"], other["box"]), (label, other)
            inside = [f for f in chart["frames"] if _overlap(label["box"], f, slack=0)]
            assert inside, (chart["chart"], label, chart["frames"], "outside every plot frame")
            frame = inside[0]
            assert frame[1] <= label["box"][1] and label["box"][3] <= frame[3], (
                chart["chart"],
                label["text"],
                "crosses the top of the frame or the x axis",
            )
    assert labelled >= 9 * 2  # every chart keeps labels (at least the last of each series)
