"""Issue 9, point 6: a deck that reads at a glance.

Formats come from the data when there is no ``y_scaling`` mask (a ratio near 3 keeps three
significant digits; derived YOY/WOW/MOM rows read as % or bps), every box-total table has its
label column with the same column widths, and the demo deck, drawn in headless Chromium at
1400 px, uses the page's width (a screenshot is kept in the test's folder for a person).
"""

from __future__ import annotations

import datetime as dt
import re
import struct
from pathlib import Path

import pytest

from backwards.wbr import build, render
from backwards.wbr.outputs.formats import change_mask, infer_mask
from backwards.wbr.outputs.mask import Mask
from tests.chromium import load, needs_chromium, screenshot
from tests.wbr.conftest import REPO, Case

WE = dt.date(2021, 9, 25)


def test_a_ratio_without_a_mask_keeps_three_significant_digits() -> None:
    mask = infer_mask([2.91, 3.02, 3.4, None])
    assert [mask.format(v) for v in (2.91, 3.02, 3.4)] == ["2.91", "3.02", "3.40"]
    assert infer_mask([0.0412, 0.05]).format(0.0412) == "0.0412"
    assert infer_mask([351.0, 528.0]).format(351.0) == "351"  # whole numbers stay whole
    assert infer_mask([72_308.0, 81_300.0]).format(81_300.0) == "81.3K"
    assert infer_mask([3_083_812.0]).format(3_083_812.0) == "3.08M"
    assert change_mask("%").format(0.0512) == "5.1%"
    assert change_mask("bps").format(0.0012) == "12bps"
    assert Mask.parse("##.1KK").format(3_083_812) == "3.08M"  # not 3,083.8K


CONFIG = """\
setup:
  week_ending: 25-SEP-2021
  week_number: 38
  title: T
metrics:
  Ratio:
    function:
      divide:
        - metric: {name: A}
        - metric: {name: B}
  A: {column: a, aggf: sum}
  B: {column: b, aggf: sum}
deck:
  - block:
      ui_type: 6_12Graph
      title: Ratio
      metrics:
        Ratio: {}
  - block:
      ui_type: 6_WeeksTable
      title: Weekly
      rows:
        - row: {header: Ratio, metric: Ratio}
        - row: {header: Ratio YOY, metric: RatioYOY}
        - row: {header: Ratio WOW, metric: RatioWOW}
"""


def test_derived_rows_read_as_percent_and_labels_keep_the_box_column(case: Case) -> None:
    # a: 3 a day, growing by a tenth each year; b: 1 a day: a ratio near 3
    case.data(
        dt.date(2020, 1, 1), WE, {"a": lambda d: 3.0 + (d.year - 2020) * 0.3, "b": lambda d: 1}
    )
    case.config(CONFIG)
    deck = case.deck()
    md = render(deck, "md").split("## 2. Weekly", 1)[1]
    (ratio,) = [line for line in md.splitlines() if line.startswith("| Ratio | 3")]
    assert "| 3.30 |" in ratio  # three significant digits, not "3"
    (yoy,) = [line for line in md.splitlines() if line.startswith("| Ratio YOY |")]
    cells = [c.strip() for c in yoy.strip("|").split("|")[1:7]]
    assert cells == ["10.0%"] * 6  # 3.3 against 3.0: not "0"
    (wow,) = [line for line in md.splitlines() if line.startswith("| Ratio WOW |")]
    assert [c.strip() for c in wow.strip("|").split("|")[1:7]] == ["0.0%"] * 6
    # the chart's box table has its label column although the legend equals the title
    html = render(deck, "html")
    box = html.split('<table class="box">', 1)[1].split("</table>", 1)[0]
    assert '<col class="label">' in box and '<th class="row">Ratio</th>' in box


def _png_size(path: Path) -> tuple[int, int]:
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return width, height


@pytest.mark.browser
@needs_chromium
def test_the_demo_deck_at_a_glance(tmp_path: Path) -> None:
    folder = REPO / "examples" / "demo" / "wbr"
    deck = build(folder / "wbr.yaml", [folder / "daily.csv"])
    page = tmp_path / "demo.html"
    page.write_text(render(deck, "html"), encoding="utf-8")
    shot = tmp_path / "demo.png"
    screenshot(page, shot, width=1400, height=2400)
    assert _png_size(shot) == (1400, 2400) and shot.stat().st_size > 100_000
    loaded = load(page)
    assert not loaded.console, loaded.console
    body = 1240 - 2 * 20  # the page's max width less its padding (1.25rem)
    charts = re.findall(r'data-chart="block-\d+".*?<svg[^>]*\swidth="(\d+)"', loaded.dom, re.S)
    assert len(charts) == 9
    assert all(int(w) >= 0.85 * body for w in charts), charts  # charts use the page's width
    # each box table has a label column; every one has the same column widths (fixed layout)
    assert loaded.dom.count('<col class="label">') == 9
    # annotations by legend name, never a raw metric id
    notes = re.findall(r'<span class="when">[^<]*</span> · ([^:<(]*?)(?: \(prior year\))?:',
                       loaded.dom)  # fmt: skip
    metrics = {s.metric for b in deck.blocks for s in getattr(b, "series", ())}
    legends = {s.legend for b in deck.blocks for s in getattr(b, "series", ())}
    legends |= {r.header for b in deck.blocks for r in getattr(b, "rows", ())}  # 6-week tables
    assert notes and all(n in legends for n in notes)
    assert not any(n in metrics - legends for n in notes)
