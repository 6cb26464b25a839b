"""WBR outputs: a Deck rendered as HTML, our JSON, or the WBR App's deck JSON.

``render(deck, fmt)`` returns the text of one output; ``write(deck, fmt, path)`` writes it
atomically (a failed build leaves no partial file). Jinja2 is loaded only when HTML is
rendered, so JSON output never loads it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from backwards.atomicfile import write_atomic
from backwards.wbr.deck import Deck
from backwards.wbr.outputs.html import render_html
from backwards.wbr.outputs.json import render_json
from backwards.wbr.outputs.wbr_app_json import render_wbr_app_json

__all__ = ["FORMATS", "SUFFIXES", "Format", "render", "write"]

Format = Literal["html", "json", "wbr-app-json"]

#: format -> the function producing its text.
FORMATS: dict[str, Callable[[Deck], str]] = {
    "html": render_html,
    "json": render_json,
    "wbr-app-json": render_wbr_app_json,
}

#: The file suffix each format is written with by default.
SUFFIXES: dict[str, str] = {"html": ".html", "json": ".json", "wbr-app-json": ".wbr-app.json"}


def render(deck: Deck, fmt: str = "html") -> str:
    """The deck in ``fmt`` (``html``, ``json`` or ``wbr-app-json``) as text."""
    try:
        function = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    return function(deck)


def write(deck: Deck, fmt: str, path: Path) -> Path:
    """Render ``deck`` and write it to ``path`` atomically; returns ``path``."""
    write_atomic(path, render(deck, fmt))
    return path
