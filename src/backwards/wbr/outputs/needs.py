"""The "Needs explanation" list as every output shows it: one row per metric, with each
comparison that crossed its threshold side by side (week over week, year over year, versus
target), the numbers at full precision in the metric's own unit.

``needs_rows(deck)`` keeps the deck's order (worst first: a metric's row sits where its worst
variance sat). HTML, Markdown and text render the same rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from backwards.wbr.deck import ChartBlock, Deck, MonthsTableBlock, Value, Variance, WeeksTableBlock
from backwards.wbr.outputs.mask import BLANK, Mask

__all__ = ["BASES", "NeedCell", "NeedRow", "needs_rows", "precise"]

#: The comparisons, in column order, with their column headings.
BASES: tuple[tuple[str, str], ...] = (
    ("wow", "Week over week"),
    ("yoy", "Year over year"),
    ("target", "Vs target"),
)


def precise(value: Value, mask: Mask) -> str:
    """``value`` at full precision in the mask's own unit: percent and bps keep their unit,
    thousands and millions are written out (351, not 0.4K), four significant digits at least
    (whole numbers in full: 74,976)."""
    if value is None or not math.isfinite(value):
        return BLANK
    unit = mask.unit if mask.unit in ("%", "bps") else ""
    number = value * mask.factor if unit else value
    magnitude = abs(number)
    digits = 0 if magnitude == 0 else max(0, 3 - math.floor(math.log10(magnitude)))
    text = f"{number:,.{min(digits, 9)}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text + unit


def _change(v: Variance) -> str:
    if v.unit == "bps":
        return f"{v.change:+,.0f}bps"
    return f"{v.change:+,.2f}%".replace(".00%", "%")


def _threshold(v: Variance) -> str:
    return f"±{v.threshold:,g}bps" if v.unit == "bps" else f"±{v.threshold:,g}%"


@dataclass(frozen=True, slots=True)
class NeedCell:
    """One crossed comparison: the number compared with, the change, the limit."""

    reference: str
    change: str
    threshold: str
    arrow: str
    assessment: str

    @property
    def text(self) -> str:
        return f"{self.arrow} {self.change} vs {self.reference} (limit {self.threshold})"


@dataclass(frozen=True, slots=True)
class NeedRow:
    metric: str
    name: str  # the legend (or row header) the deck shows the metric by
    anchor: str  # the id of its first block, "" if it is not shown
    owner: str
    current: str
    assessment: str  # the worst of its cells: bad, neutral or good
    cells: dict[str, NeedCell]  # basis -> cell, only the crossed ones


def _shown(deck: Deck) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Per metric: the first mask it is shown with, the id of its first block, its legend."""
    masks: dict[str, str] = {}
    anchors: dict[str, str] = {}
    legends: dict[str, str] = {}
    for block in deck.blocks:
        if isinstance(block, ChartBlock):
            for s in block.series:
                masks.setdefault(s.metric, block.y_scaling)
                anchors.setdefault(s.metric, f"block-{block.number}")
                legends.setdefault(s.metric, s.legend)
        elif isinstance(block, WeeksTableBlock | MonthsTableBlock):
            for row in block.rows:
                if row.metric is not None:
                    masks.setdefault(row.metric, row.y_scaling)
                    anchors.setdefault(row.metric, f"block-{block.number}")
                    legends.setdefault(row.metric, row.header)
    return masks, anchors, legends


def needs_rows(deck: Deck) -> list[NeedRow]:
    masks, anchors, legends = _shown(deck)
    grouped: dict[str, list[Variance]] = {}
    for v in deck.needs_explanation:
        grouped.setdefault(v.metric, []).append(v)
    rank = {"bad": 0, "neutral": 1, "good": 2}
    out = []
    for metric, items in grouped.items():
        mask = Mask.parse(masks.get(metric, ""))
        cells: dict[str, NeedCell] = {
            v.basis: NeedCell(
                reference=precise(v.reference, mask),
                change=_change(v),
                threshold=_threshold(v),
                arrow="▲" if v.direction == "up" else "▼",
                assessment=v.assessment,
            )
            for v in items
        }
        out.append(
            NeedRow(
                metric=metric,
                name=legends.get(metric, metric),
                anchor=anchors.get(metric, ""),
                owner=items[0].owner or "—",
                current=precise(items[0].current, mask),
                assessment=min((v.assessment for v in items), key=rank.__getitem__),
                cells=cells,
            )
        )
    return out
