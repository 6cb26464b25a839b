"""The WBR deck as one self-contained HTML file: opens offline, prints cleanly.

Layout: the title line, then the "Needs explanation" list, then the blocks in config order:
section headers, 6-12 charts (Vega-Lite, see :mod:`backwards.wbr.outputs.chart`) each with its
nine-cell box-total table and its annotations, 6-week and 12-month tables, embedded content.
Blank values read ``N/A``, never 0.

The page is ``templates/deck.html.j2``, which extends the one base layout of every page
(``backwards.page``): the same Jinja2 environment, chart runtime and Content-Security-Policy
builder as the trust report.

Safety: the template autoescapes every value; chart specs travel as escaped JSON
(:func:`backwards.charts.script_json`); row styles from the config are filtered
(:mod:`backwards.wbr.outputs.style`); embedded content is an iframe only for ``http(s)``
addresses, sandboxed and without referrer; the page's policy lets only our own scripts run and
blocks every network request except those iframes.

Speed: numbers are formatted here in plain Python, the template is parsed once per process, and
all chart specs are serialised in one JSON dump.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from backwards.page import Charts, environment, render_page
from backwards.version import __version__
from backwards.wbr.calendar import MONTH_NAMES, add_months
from backwards.wbr.deck import (
    BOX_HEADERS,
    Annotation,
    ChartBlock,
    Deck,
    EmbedBlock,
    MonthsTableBlock,
    SectionBlock,
    WeeksTableBlock,
)
from backwards.wbr.outputs.chart import CHART_CONFIG, SHARED_LAYERS, chart_spec, month_headers
from backwards.wbr.outputs.formats import box_cells, table_cells
from backwards.wbr.outputs.mask import BLANK
from backwards.wbr.outputs.needs import BASES, needs_rows
from backwards.wbr.outputs.style import safe_style

__all__ = ["DECK_TEMPLATE", "prepare_html", "render_html"]

#: The deck's page template (it extends ``backwards.page``'s base layout).
DECK_TEMPLATE = "backwards.wbr.outputs/deck.html.j2"


def prepare_html() -> None:
    """Load Jinja2 and compile the deck's template now (once per process), so that the first
    ``render_html`` does not pay for it: ``build`` calls this in a background thread while
    DuckDB reads the data (DuckDB lets go of the interpreter meanwhile), which at 10 years x 500
    metrics takes a tenth of the whole build off its wall time."""
    environment().get_template(DECK_TEMPLATE)


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
Cell = tuple[str, str]


def _cell(text: str) -> Cell:
    return (text, "blank" if text == BLANK else "num")


def _notes(
    annotations: tuple[Annotation, ...], names: dict[str, str]
) -> list[tuple[str, str, str, bool]]:
    """Annotations as (date, the metric's legend name, text, prior year)."""
    return [
        (
            f"{MONTH_NAMES[a.date.month - 1][:3]} {a.date.day}, {a.date.year}",
            names.get(a.metric, a.metric),
            a.description,
            a.period == "prior",
        )
        for a in annotations
    ]


def _partial(deck: Deck, block: ChartBlock | WeeksTableBlock | MonthsTableBlock) -> str:
    """The block's mark for the partial periods it shows: "Partial: wk 11 (3 of 7 days)"."""
    if not deck.partial_periods:
        return ""
    ends: set[dt.date] = set()
    starts: set[dt.date] = set(getattr(block, "months", ()))
    to_date = isinstance(block, ChartBlock | WeeksTableBlock)
    if isinstance(block, ChartBlock | WeeksTableBlock):
        ends.update(block.week_ends)
    if isinstance(block, ChartBlock):
        if any(s.previous_weeks for s in block.series):
            ends.update(e - dt.timedelta(days=364) for e in block.week_ends)
        if any(s.previous_months for s in block.series):
            starts.update(add_months(m, -12) for m in block.months)
    shown = [
        f"{p.label} ({p.days} of {p.span} days)"
        for p in deck.partial_periods
        if (p.kind == "week" and p.end in ends)
        or (p.kind == "month" and p.start in starts)
        or (p.kind == "to_date" and to_date)
    ]
    return "Partial: " + " · ".join(shown) if shown else ""


def _chart(block: ChartBlock, chart_id: str) -> dict[str, Any]:
    box = [(label, [_cell(text) for text in cells]) for label, cells in box_cells(block)]
    legends = ", ".join(s.legend for s in block.series)
    names = {s.metric: s.legend for s in block.series}
    return {
        "kind": "chart",
        "id": chart_id,
        "heading": f"{block.number}. {block.title}",
        "aria": f"Chart of {legends}: six weeks and twelve months",
        "box": box,
        "notes": _notes(block.annotations, names),
    }


def _table(block: WeeksTableBlock | MonthsTableBlock, block_id: str) -> dict[str, Any]:
    styles = [safe_style(row.style) for row in block.rows]
    rows = [
        (header, style, [_cell(text) for text in cells])
        for (header, cells), style in zip(table_cells(block), styles, strict=True)
    ]
    notes: list[tuple[str, str, str, bool]] = []
    headers: tuple[str, ...] = block.headers
    if isinstance(block, WeeksTableBlock):
        names = {row.metric: row.header for row in block.rows if row.metric}
        notes = _notes(block.annotations, names)
    else:
        headers = month_headers(block.months)
    return {
        "kind": "table",
        "id": block_id,
        "heading": f"{block.number}. {block.title}",
        "headers": headers,
        "width": len(block.headers) + 1,
        "rows": rows,
        "notes": notes,
    }


def _pixels(text: str, default: int) -> int | str:
    """``"700px"`` -> 700; ``"100%"`` stays a percentage; anything else: ``default``."""
    value = text.strip()
    digits = value[:-2] if value.endswith("px") else value[:-1] if value.endswith("%") else value
    if not digits.isdigit() or not 0 < int(digits) <= 10_000:
        return default
    return f"{int(digits)}%" if value.endswith("%") else int(digits)


def _embed(block: EmbedBlock, block_id: str) -> dict[str, Any]:
    source = block.source.strip()
    src = source if source.lower().startswith(("https://", "http://")) else None
    return {
        "kind": "embed",
        "id": block_id,
        "title": block.title,
        "name": block.name,
        "source": source,
        "src": src,
        "width": _pixels(block.width, 900),
        "height": _pixels(block.height, 400),
    }


def _needs(deck: Deck) -> list[dict[str, Any]]:
    out = []
    for row in needs_rows(deck):
        out.append(
            {
                "metric": row.metric,
                "name": row.name,
                "href": f"#{row.anchor}" if row.anchor else "",
                "owner": row.owner,
                "current": row.current,
                "assessment": row.assessment,
                "cells": [row.cells.get(basis) for basis, _ in BASES],
            }
        )
    return out


def render_html(deck: Deck, *, paper: str = "A4") -> str:
    """The whole deck as one HTML document (a string; write it with ``write_atomic``), laid
    out to print on ``paper`` ("A4" or "Letter")."""
    blocks: list[dict[str, Any]] = []
    specs: dict[str, dict[str, Any]] = {}
    toc: list[tuple[str, str]] = []
    frames = False
    for index, block in enumerate(deck.blocks):
        if isinstance(block, ChartBlock):
            chart_id = f"block-{block.number}"
            specs[chart_id] = chart_spec(block)
            blocks.append({**_chart(block, chart_id), "partial": _partial(deck, block)})
        elif isinstance(block, WeeksTableBlock | MonthsTableBlock):
            view = _table(block, f"block-{block.number}")
            blocks.append({**view, "partial": _partial(deck, block)})
        elif isinstance(block, EmbedBlock):
            view = _embed(block, f"embed-{index + 1}")
            frames = frames or view["src"] is not None
            blocks.append(view)
        elif isinstance(block, SectionBlock):
            section_id = f"section-{index + 1}"
            toc.append((section_id, block.title))
            blocks.append(
                {"kind": "section", "id": section_id, "title": block.title, "first": not toc[1:]}
            )
        else:  # pragma: no cover - a Block kind this module does not know yet
            raise TypeError(f"cannot render block {type(block).__name__}")
    we = deck.week_ending
    return render_page(
        DECK_TEMPLATE,
        title=f"{deck.title} · week {deck.week_number}",
        charts=Charts(specs, config=CHART_CONFIG, shared=SHARED_LAYERS),
        frames=["https:", "http:"] if frames else (),
        deck=deck,
        version=__version__,
        week_ending=f"{WEEKDAYS[we.weekday()]} {we.day} {MONTH_NAMES[we.month - 1]} {we.year}",
        fiscal_end=MONTH_NAMES[deck.fiscal_year_end_month - 1],
        needs=_needs(deck),
        annotation_errors="\n".join(deck.annotation_errors),
        data_note=deck.data_note,
        partial=[p.note for p in deck.partial_periods],
        toc=toc if len(toc) > 1 else [],
        blocks=blocks,
        box_headers=BOX_HEADERS,
        bases=[title for _, title in BASES],
        paper="letter" if paper.lower() == "letter" else "A4",
    )
