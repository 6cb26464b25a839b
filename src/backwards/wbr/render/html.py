"""The WBR deck as one self-contained HTML file: opens offline, prints cleanly.

Layout: the title line, then the "Needs explanation" list, then the blocks in config order:
section headers, 6-12 charts (Vega-Lite, see :mod:`backwards.wbr.render.chart`) each with its
nine-cell box-total table and its annotations, 6-week and 12-month tables, embedded content.
Blank values read ``N/A``, never 0.

Safety: the template autoescapes every value; chart specs travel as escaped JSON
(:func:`backwards.charts.script_json`); row styles from the config are filtered
(:mod:`backwards.wbr.render.style`); embedded content is an iframe only for ``http(s)``
addresses, sandboxed and without referrer; the page's Content-Security-Policy lets only our own
scripts run and blocks every network request except those iframes.

Speed: numbers are formatted here in plain Python, the template is parsed once per process, and
all chart specs are serialised in one JSON dump.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from backwards import charts
from backwards.page import content_security_policy
from backwards.version import __version__
from backwards.wbr.deck import (
    BOX_HEADERS,
    Annotation,
    ChartBlock,
    Deck,
    EmbedBlock,
    MonthsTableBlock,
    SectionBlock,
    TableRow,
    Variance,
    WeeksTableBlock,
)
from backwards.wbr.render.chart import CHART_CONFIG, SHARED_LAYERS, chart_spec
from backwards.wbr.render.mask import BLANK, Mask, format_change
from backwards.wbr.render.style import safe_style

if TYPE_CHECKING:
    import jinja2

__all__ = ["render_html"]

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
BASIS = {"wow": "week over week", "yoy": "year over year", "target": "vs target"}
Cell = tuple[str, str]


@cache
def _template() -> jinja2.Template:
    import jinja2

    env = jinja2.Environment(
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    source = resources.files("backwards.wbr.render") / "templates" / "deck.html.j2"
    return env.from_string(source.read_text(encoding="utf-8"))


def _cell(text: str) -> Cell:
    return (text, "blank" if text == BLANK else "num")


def _values(mask: Mask, values: Iterable[float | None]) -> list[Cell]:
    return [_cell(mask.format(v)) for v in values]


def _notes(annotations: tuple[Annotation, ...]) -> list[tuple[str, str, str, bool]]:
    return [
        (
            f"{MONTHS[a.date.month - 1][:3]} {a.date.day}, {a.date.year}",
            a.metric,
            a.description,
            a.period == "prior",
        )
        for a in annotations
    ]


def _chart(block: ChartBlock, chart_id: str) -> dict[str, Any]:
    mask = Mask.parse(block.y_scaling)
    decimals = min(2, max(1, mask.decimals))
    box = []
    for row in block.box_rows:
        t = row.totals
        cells = [
            _cell(mask.format(t.last_week)),
            _cell(format_change(t.wow, t.comparison, decimals=decimals)),
            _cell(format_change(t.yoy_week, t.comparison, decimals=decimals)),
            _cell(mask.format(t.mtd)),
            _cell(format_change(t.yoy_mtd, t.comparison, decimals=decimals)),
            _cell(mask.format(t.qtd)),
            _cell(format_change(t.yoy_qtd, t.comparison, decimals=decimals)),
            _cell(mask.format(t.ytd)),
            _cell(format_change(t.yoy_ytd, t.comparison, decimals=decimals)),
        ]
        box.append((row.legend, cells))
    legends = ", ".join(s.legend for s in block.series)
    return {
        "kind": "chart",
        "id": chart_id,
        "heading": f"{block.number}. {block.title}",
        "aria": f"Chart of {legends}: six weeks and twelve months",
        "box": box,
        "box_labels": len(box) > 1 or any(r.legend != block.title for r in block.box_rows),
        "notes": _notes(block.annotations),
    }


def _rows(rows: tuple[TableRow, ...]) -> list[tuple[str, str, list[Cell]]]:
    out = []
    for row in rows:
        cells = _values(Mask.parse(row.y_scaling), row.values) if row.metric is not None else []
        out.append((row.header, safe_style(row.style), cells))
    return out


def _table(block: WeeksTableBlock | MonthsTableBlock, block_id: str) -> dict[str, Any]:
    notes = _notes(block.annotations) if isinstance(block, WeeksTableBlock) else []
    return {
        "kind": "table",
        "id": block_id,
        "heading": f"{block.number}. {block.title}",
        "headers": block.headers,
        "width": len(block.headers) + 1,
        "rows": _rows(block.rows),
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


def _masks(deck: Deck) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
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


def _needs(deck: Deck) -> list[dict[str, str]]:
    masks, anchors, legends = _masks(deck)
    out = []
    for v in deck.needs_explanation:
        mask = Mask.parse(masks.get(v.metric, ""))
        view = _variance(v, mask, anchors.get(v.metric))
        view["name"] = legends.get(v.metric, v.metric)
        out.append(view)
    return out


def _variance(v: Variance, mask: Mask, anchor: str | None) -> dict[str, str]:
    threshold = f"{v.threshold:,.0f}bps" if v.unit == "bps" else f"{v.threshold:,.1f}%"
    return {
        "metric": v.metric,
        "href": f"#{anchor}" if anchor else "",
        "owner": v.owner or "—",
        "basis": BASIS.get(v.basis, v.basis),
        "current": mask.format(v.current),
        "reference": mask.format(v.reference),
        "change": format_change(v.change, v.unit, decimals=1),
        "threshold": "±" + threshold,
        "arrow": "▲" if v.direction == "up" else "▼",
        "assessment": v.assessment,
    }


def render_html(deck: Deck) -> str:
    """The whole deck as one HTML document (a string; write it with ``write_atomic``)."""
    blocks: list[dict[str, Any]] = []
    specs: dict[str, dict[str, Any]] = {}
    toc: list[tuple[str, str]] = []
    frames = False
    for index, block in enumerate(deck.blocks):
        if isinstance(block, ChartBlock):
            chart_id = f"block-{block.number}"
            specs[chart_id] = chart_spec(block)
            blocks.append(_chart(block, chart_id))
        elif isinstance(block, WeeksTableBlock | MonthsTableBlock):
            blocks.append(_table(block, f"block-{block.number}"))
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
    runtime = charts.runtime_js()
    csp = content_security_policy([runtime], frames=["https:", "http:"] if frames else ())
    we = deck.week_ending
    return _template().render(
        deck=deck,
        version=__version__,
        csp=csp,
        week_ending=f"{WEEKDAYS[we.weekday()]} {we.day} {MONTHS[we.month - 1]} {we.year}",
        fiscal_end=MONTHS[deck.fiscal_year_end_month - 1],
        needs=_needs(deck),
        annotation_errors="\n".join(deck.annotation_errors),
        toc=toc if len(toc) > 1 else [],
        blocks=blocks,
        box_headers=BOX_HEADERS,
        specs_id=charts.SPECS_ELEMENT_ID,
        specs_json=_markup(charts.specs_json(specs, config=CHART_CONFIG, shared=SHARED_LAYERS)),
        bundle=_markup(charts.javascript_bundle()),
        runtime=_markup(runtime),
    )


def _markup(text: str) -> Any:
    """Mark trusted, already-safe text (our scripts, escaped JSON) so it is not escaped again."""
    import markupsafe

    return markupsafe.Markup(text)
