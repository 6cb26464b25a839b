"""The WBR deck as tidy CSV (``--format csv``): one row per block, metric and period.

Columns: ``block`` (its number), ``title``, ``metric``, ``legend``, ``period_kind`` (``week``,
``month``, ``to_date`` or ``box``), ``period`` (the label shown: ``wk 38``, ``Sep 2021``,
``QTD``, ``WOW``, ``MTD YOY``...), ``year`` (``CY``, ``PY``, or empty for box comparisons),
``start`` and ``end`` (ISO dates of the period, empty when the deck does not hold them),
``value`` (the full-precision number, empty when blank) and ``unit``: empty for a metric's own
values (see ``format``, the block's or row's ``y_scaling``), ``%`` or ``bps`` for comparisons
(already x100 or x10 000, as the deck shows them; derived XYOY/XWOW/XMOM values are scaled
the same way here).

Sections and embedded content have no numbers and no rows. Cells that a spreadsheet would read
as a formula (``=``, ``+``, ``-``, ``@`` at the start of a text) are prefixed with ``'``.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
from collections.abc import Iterator

from backwards.wbr.deck import (
    ChartBlock,
    Deck,
    MonthsTableBlock,
    Series,
    TableRow,
    Value,
    WeeksTableBlock,
)
from backwards.wbr.engine import SCALE

__all__ = ["COLUMNS", "render_csv"]

COLUMNS = (
    "block",
    "title",
    "metric",
    "legend",
    "period_kind",
    "period",
    "year",
    "start",
    "end",
    "value",
    "unit",
    "format",
)
#: The nine box cells, named so that each is unique within a metric.
BOX_PERIODS = ("LastWk", "WOW", "YOY", "MTD", "MTD YOY", "QTD", "QTD YOY", "YTD", "YTD YOY")
_COMPARISONS = frozenset({1, 2, 4, 6, 8})
_YEAR = dt.timedelta(days=364)
_WEEK = dt.timedelta(days=6)

Row = tuple[object, ...]


def _safe(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _number(value: Value) -> str:
    return "" if value is None else repr(float(value))


def _month_end(first: dt.date) -> dt.date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _year_back(first: dt.date) -> dt.date:
    return first.replace(year=first.year - 1)


def _scaled(
    values: tuple[Value, ...], series_derived: str, comparison: str
) -> tuple[tuple[Value, ...], str]:
    """Derived series values as the deck's comparisons: x100 ("%") or x10 000 ("bps")."""
    if not series_derived:
        return values, ""
    factor = SCALE[comparison]
    return tuple(None if v is None else v * factor for v in values), comparison


def _series_rows(block: ChartBlock, s: Series) -> Iterator[Row]:
    head = (block.number, block.title, s.metric, s.legend)
    weeks, unit = _scaled(s.current_weeks, s.derived, s.comparison)
    months, _ = _scaled(s.current_months, s.derived, s.comparison)
    fmt = "" if unit else block.y_scaling
    for label, end, value in zip(block.week_labels, block.week_ends, weeks, strict=True):
        yield (*head, "week", label, "CY", end - _WEEK, end, value, unit, fmt)
    if s.previous_weeks is not None:
        previous = zip(block.week_labels, block.week_ends, s.previous_weeks, strict=True)
        for label, end, value in previous:
            yield (*head, "week", label, "PY", end - _WEEK - _YEAR, end - _YEAR, value, unit, fmt)
    for label, first, value in zip(block.month_labels, block.months, months, strict=True):
        yield (*head, "month", label, "CY", first, _month_end(first), value, unit, fmt)
    if s.previous_months is not None:
        earlier = zip(block.month_labels, block.months, s.previous_months, strict=True)
        for label, first, value in earlier:
            back = _year_back(first)
            yield (*head, "month", label, "PY", back, _month_end(back), value, unit, fmt)


def _chart_rows(block: ChartBlock) -> Iterator[Row]:
    for s in block.series:
        yield from _series_rows(block, s)
    derived = {s.metric: s.derived for s in block.series}
    for row in block.box_rows:
        head = (block.number, block.title, row.metric, row.legend)
        t = row.totals
        for k, value in enumerate(t.cells):
            if k in _COMPARISONS:
                yield (*head, "box", BOX_PERIODS[k], "", None, None, value, t.comparison, "")
                continue
            (cell,), unit = _scaled((value,), derived.get(row.metric, ""), t.comparison)
            fmt = "" if unit else block.y_scaling
            yield (*head, "box", BOX_PERIODS[k], "CY", None, None, cell, unit, fmt)


def _table_rows(block: WeeksTableBlock | MonthsTableBlock) -> Iterator[Row]:
    for row in block.rows:
        if row.metric is None:
            continue
        yield from _table_row(block, row)


def _table_row(block: WeeksTableBlock | MonthsTableBlock, row: TableRow) -> Iterator[Row]:
    head = (block.number, block.title, row.metric, row.header)
    values, unit = _scaled(row.values, row.derived, row.comparison)
    fmt = "" if unit else row.y_scaling
    if isinstance(block, WeeksTableBlock):
        for k, (label, value) in enumerate(zip(block.headers, values, strict=True)):
            if k < len(block.week_ends):
                end = block.week_ends[k]
                yield (*head, "week", label, "CY", end - _WEEK, end, value, unit, fmt)
            else:
                yield (*head, "to_date", label, "CY", None, None, value, unit, fmt)
        return
    for label, first, value in zip(block.headers, block.months, values, strict=True):
        yield (*head, "month", label, "CY", first, _month_end(first), value, unit, fmt)


def rows(deck: Deck) -> Iterator[Row]:
    """The CSV's data rows (without the header), in block order."""
    for block in deck.blocks:
        if isinstance(block, ChartBlock):
            yield from _chart_rows(block)
        elif isinstance(block, WeeksTableBlock | MonthsTableBlock):
            yield from _table_rows(block)


def render_csv(deck: Deck) -> str:
    """The deck as tidy CSV text (``COLUMNS``, then one row per block, metric and period)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows(deck):
        cells = []
        for cell in row:
            if cell is None:
                cells.append("")
            elif isinstance(cell, float):
                cells.append(_number(cell))
            elif isinstance(cell, dt.date):
                cells.append(cell.isoformat())
            elif isinstance(cell, str):
                cells.append(_safe(cell))
            else:
                cells.append(str(cell))
        writer.writerow(cells)
    return out.getvalue()
