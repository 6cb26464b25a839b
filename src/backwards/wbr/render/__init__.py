"""WBR outputs: a Deck rendered as HTML, our JSON, or the WBR App's deck JSON.

``render(deck, fmt)`` returns the text of one output; ``write(deck, fmt, path)`` writes it
atomically (a failed build leaves no partial file). Each format's module is imported only when
used, so JSON output never loads Jinja2.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from backwards.wbr.deck import Deck

__all__ = ["FORMATS", "SUFFIXES", "Format", "render", "write"]

Format = Literal["html", "json", "wbr-app-json"]

#: format -> (module, function) producing the text.
FORMATS: dict[str, tuple[str, str]] = {
    "html": ("backwards.wbr.render.html", "render_html"),
    "json": ("backwards.wbr.render.json", "render_json"),
    "wbr-app-json": ("backwards.wbr.render.wbr_app_json", "render_wbr_app_json"),
}

#: The file suffix each format is written with by default.
SUFFIXES: dict[str, str] = {"html": ".html", "json": ".json", "wbr-app-json": ".wbr-app.json"}


def render(deck: Deck, fmt: str = "html") -> str:
    """The deck in ``fmt`` (``html``, ``json`` or ``wbr-app-json``) as text."""
    try:
        module_name, function = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    text: str = getattr(importlib.import_module(module_name), function)(deck)
    return text


def write(deck: Deck, fmt: str, path: Path) -> Path:
    """Render ``deck`` and write it to ``path`` atomically; returns ``path``."""
    from backwards.atomicfile import write_atomic

    text = render(deck, fmt)
    write_atomic(path, text)
    return path
