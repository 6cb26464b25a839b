"""The WBR deck as our own versioned JSON (``backwards wbr build --format json``).

The shape is documented in ``docs/wbr-json.md`` and described by the JSON Schema shipped next
to this module (``wbr-deck.schema.json``); a test validates real output against it. Numbers are
raw (no rounding, no formatting); blanks are ``null``, never 0; dates are ISO ``YYYY-MM-DD``.

Versioning: ``"version"`` is an integer. Adding a key is not a new version; renaming, removing
or changing the meaning of one is. Readers should ignore keys they do not know.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

from backwards.version import __version__
from backwards.wbr import deck as model

__all__ = ["FORMAT_NAME", "FORMAT_VERSION", "deck_document", "render_json", "schema"]

FORMAT_NAME = "backwards.wbr.deck"
FORMAT_VERSION = 1


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of :func:`deck_document`'s output."""
    text = (resources.files("backwards.wbr.outputs") / "wbr-deck.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _values(values: Sequence[model.Value] | None) -> list[model.Value] | None:
    return None if values is None else list(values)


def _annotations(items: Sequence[model.Annotation]) -> list[dict[str, Any]]:
    return [
        {
            "date": a.date.isoformat(),
            "metric": a.metric,
            "description": a.description,
            "period": a.period,
        }
        for a in items
    ]


def _rows(rows: Sequence[model.TableRow]) -> list[dict[str, Any]]:
    return [
        {
            "header": r.header,
            "metric": r.metric,
            "style": r.style,
            "y_scaling": r.y_scaling,
            "comparison": r.comparison,
            "values": list(r.values),
        }
        for r in rows
    ]


def _chart(b: model.ChartBlock) -> dict[str, Any]:
    return {
        "kind": b.kind,
        "number": b.number,
        "title": b.title,
        "y_scaling": b.y_scaling,
        "monthly_display": b.monthly_display,
        "axes": b.axes,
        "box_total_scale": b.box_total_scale,
        "weeks": {"labels": list(b.week_labels), "ends": [d.isoformat() for d in b.week_ends]},
        "months": {"labels": list(b.month_labels), "starts": [d.isoformat() for d in b.months]},
        "series": [
            {
                "metric": s.metric,
                "legend": s.legend,
                "line_style": s.line_style,
                "target": s.is_target,
                "comparison": s.comparison,
                "current": {"weeks": list(s.current_weeks), "months": list(s.current_months)},
                "previous": None
                if s.previous_weeks is None and s.previous_months is None
                else {"weeks": _values(s.previous_weeks), "months": _values(s.previous_months)},
            }
            for s in b.series
        ],
        "box_totals": {
            "headers": list(model.BOX_HEADERS),
            "rows": [
                {
                    "metric": r.metric,
                    "legend": r.legend,
                    "comparison": r.totals.comparison,
                    "cells": list(r.totals.cells),
                }
                for r in b.box_rows
            ],
        },
        "annotations": _annotations(b.annotations),
    }


def _block(b: model.Block) -> dict[str, Any]:
    if isinstance(b, model.ChartBlock):
        return _chart(b)
    if isinstance(b, model.WeeksTableBlock):
        weeks = [d.isoformat() for d in b.week_ends]
        table = _table(b, headers=list(b.headers), week_ends=weeks)
        return {**table, "annotations": _annotations(b.annotations)}
    if isinstance(b, model.MonthsTableBlock):
        months = [d.isoformat() for d in b.months]
        return _table(
            b, monthly_display=b.monthly_display, headers=list(b.headers), month_starts=months
        )
    if isinstance(b, model.SectionBlock):
        return {"kind": b.kind, "title": b.title}
    if isinstance(b, model.EmbedBlock):
        return {
            "kind": b.kind,
            "title": b.title,
            "source": b.source,
            "name": b.name,
            "width": b.width,
            "height": b.height,
        }
    raise TypeError(f"unknown block {type(b).__name__}")  # pragma: no cover - model bug


def deck_document(deck: model.Deck) -> dict[str, Any]:
    """The deck as plain JSON-ready data (the documented, versioned shape)."""
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "generator": f"backwards {__version__}",
        "title": deck.title,
        "week_ending": deck.week_ending.isoformat(),
        "week_number": deck.week_number,
        "fiscal_year_end_month": deck.fiscal_year_end_month,
        "block_starting_number": deck.block_starting_number,
        "monthly_display": deck.monthly_display,
        "tooltip": deck.tooltip,
        "needs_explanation": [
            {
                "metric": v.metric,
                "owner": v.owner,
                "basis": v.basis,
                "current": v.current,
                "reference": v.reference,
                "change": v.change,
                "unit": v.unit,
                "threshold": v.threshold,
                "direction": v.direction,
                "assessment": v.assessment,
            }
            for v in deck.needs_explanation
        ],
        "annotation_errors": list(deck.annotation_errors),
        **(
            {
                "listings": [
                    {
                        "title": x.title,
                        "headers": list(x.headers),
                        "rows": [list(r) for r in x.rows],
                    }
                    for x in deck.listings
                ]
            }
            if deck.listings
            else {}
        ),
        "data_ends": deck.data_ends.isoformat() if deck.data_ends else None,
        "partial_periods": [
            {
                "label": p.label,
                "start": p.start.isoformat(),
                "end": p.end.isoformat(),
                "days": p.days,
                "span": p.span,
            }
            for p in deck.partial_periods
        ],
        "blocks": [_block(b) for b in deck.blocks],
    }


def render_json(deck: model.Deck) -> str:
    """The deck document as compact JSON text (UTF-8, one line, a final newline)."""
    text = json.dumps(
        deck_document(deck), ensure_ascii=False, allow_nan=False, separators=(",", ":")
    )
    return text + "\n"


def _table(b: model.WeeksTableBlock | model.MonthsTableBlock, **columns: Any) -> dict[str, Any]:
    """A table block: its kind, number and title, then ``columns`` (its headers and dates),
    then its rows."""
    return {"kind": b.kind, "number": b.number, "title": b.title, **columns, "rows": _rows(b.rows)}
