"""The plan rendered: ``render_plan(plan, "text" | "json" | "html")``."""

from __future__ import annotations

import json

from backwards.portfolio.plan import PortfolioPlan
from backwards.portfolio.render_html import render_html
from backwards.portfolio.render_text import render_text

__all__ = ["FORMATS", "render_plan"]

FORMATS = ("text", "json", "html")


def render_plan(plan: PortfolioPlan, fmt: str) -> str:
    """The plan as ``text``, ``json`` (``PortfolioPlan.to_dict``) or one offline ``html``
    page."""
    if fmt == "json":
        return json.dumps(plan.to_dict(), indent=2, ensure_ascii=False, default=str) + "\n"
    if fmt == "html":
        return render_html(plan)
    if fmt == "text":
        return render_text(plan)
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
