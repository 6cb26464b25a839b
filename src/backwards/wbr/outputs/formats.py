"""How a block's numbers are written, shared by the HTML deck, Markdown and text.

With a ``y_scaling`` mask the mask decides (the WBR App's rule). Without one, the format comes
from the data (``infer_mask``): millions as ``1.23M``, thousands as ``12.3K``, small ratios
with three significant digits (``2.97``, ``0.0412``), whole numbers as they are. Derived
``XYOY``/``XWOW``/``XMOM`` values are changes and always read as percent (``+4.1%``) or, for
bps metrics, basis points.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from backwards.wbr.deck import ChartBlock, MonthsTableBlock, TableRow, Value, WeeksTableBlock
from backwards.wbr.outputs.mask import Mask, format_change

__all__ = [
    "box_cells",
    "change_mask",
    "chart_mask",
    "infer_mask",
    "row_mask",
    "series_mask",
    "table_cells",
]


def _finite(values: Iterable[Value]) -> list[float]:
    return [v for v in values if v is not None and math.isfinite(v)]


def infer_mask(values: Iterable[Value]) -> Mask:
    """A mask fitting ``values`` (see the module docstring)."""
    numbers = _finite(values)
    if not numbers:
        return Mask()
    top = max(abs(v) for v in numbers)
    if top >= 1e6:
        return Mask(factor=1e-6, decimals=2, unit="M")
    if top >= 1e4:
        return Mask(factor=1e-3, decimals=1, unit="K")
    if all(v == int(v) for v in numbers):
        return Mask()
    if top == 0:
        return Mask(decimals=1)
    # three significant digits for the largest value
    return Mask(decimals=max(0, min(6, 2 - math.floor(math.log10(top)))))


def change_mask(comparison: str) -> Mask:
    """Derived YOY/WOW/MOM values (unscaled ratios or differences) as % or bps."""
    if comparison == "bps":
        return Mask(factor=1e4, decimals=0, unit="bps")
    return Mask(factor=100.0, decimals=1, unit="%")


def series_mask(block: ChartBlock) -> Mask:
    """The mask of a chart's values: its y_scaling, else % (bps) when every series is derived,
    else one inferred from the values of its non-derived series."""
    if block.y_scaling:
        return Mask.parse(block.y_scaling)
    if block.series and all(s.derived for s in block.series):
        return change_mask(block.series[0].comparison)
    values: list[Value] = []
    for s in block.series:
        if s.derived:
            continue
        values += [*s.current_weeks, *s.current_months]
        values += [*(s.previous_weeks or ()), *(s.previous_months or ())]
    return infer_mask(values)


def chart_mask(block: ChartBlock) -> Mask:
    """``series_mask``, in millions when a ``KK`` mask meets values of a million or more (so
    the axis reads 1.2M, not 1,200K)."""
    mask = series_mask(block)
    if mask.unit != "K":
        return mask
    values = _finite(v for s in block.series for v in (*s.current_weeks, *s.current_months))
    if values and max(abs(v) for v in values) >= 999_950:
        return Mask(factor=1e-6, decimals=max(2, mask.decimals), unit="M")
    return mask


def row_mask(row: TableRow) -> Mask:
    """A table row's mask: its y_scaling, else % (bps) for a derived row, else inferred."""
    if row.y_scaling:
        return Mask.parse(row.y_scaling)
    if row.derived:
        return change_mask(row.comparison)
    return infer_mask(row.values)


def box_cells(block: ChartBlock) -> list[tuple[str, list[str]]]:
    """Per box row: its label (the legend) and its nine cells as text."""
    mask = series_mask(block)
    decimals = min(2, max(1, mask.decimals))
    derived = {s.metric: s.derived for s in block.series}
    out: list[tuple[str, list[str]]] = []
    for row in block.box_rows:
        t = row.totals
        plain = derived.get(row.metric) and not block.y_scaling
        values = change_mask(t.comparison) if plain else mask
        out.append(
            (
                row.legend,
                [
                    values.format(t.last_week),
                    format_change(t.wow, t.comparison, decimals=decimals),
                    format_change(t.yoy_week, t.comparison, decimals=decimals),
                    values.format(t.mtd),
                    format_change(t.yoy_mtd, t.comparison, decimals=decimals),
                    values.format(t.qtd),
                    format_change(t.yoy_qtd, t.comparison, decimals=decimals),
                    values.format(t.ytd),
                    format_change(t.yoy_ytd, t.comparison, decimals=decimals),
                ],
            )
        )
    return out


def table_cells(block: WeeksTableBlock | MonthsTableBlock) -> list[tuple[str, list[str]]]:
    """Per table row: its header and its cells as text (no cells for a group header)."""
    out: list[tuple[str, list[str]]] = []
    for row in block.rows:
        if row.metric is None:
            out.append((row.header, []))
            continue
        mask = row_mask(row)
        out.append((row.header, [mask.format(v) for v in row.values]))
    return out
