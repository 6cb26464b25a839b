"""WBR outputs: a Deck as HTML, our JSON, the WBR App's deck JSON, tidy CSV, Markdown, text, or
a PDF printed by headless Chromium.

``render(deck, fmt)`` returns the text of one output; ``write(deck, fmt, path)`` writes it
atomically (a failed build leaves no partial file); a PDF is only written (``write``).
``format_for(path)`` tells the format from a file name's suffix, and ``check_suffix`` refuses a
suffix that contradicts an explicit format. Jinja2 is loaded only when HTML is rendered.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from backwards.atomicfile import write_atomic
from backwards.errors import InputError
from backwards.wbr.deck import Deck
from backwards.wbr.outputs.html import render_html
from backwards.wbr.outputs.json import render_json
from backwards.wbr.outputs.pdf import PAPERS, write_pdf
from backwards.wbr.outputs.summary import render_markdown, render_text
from backwards.wbr.outputs.tidy import render_csv
from backwards.wbr.outputs.wbr_app_json import render_wbr_app_json

__all__ = [
    "FORMATS",
    "PAPERS",
    "SUFFIXES",
    "Format",
    "check_suffix",
    "format_for",
    "render",
    "write",
]

Format = Literal["html", "json", "wbr-app-json", "csv", "md", "text", "pdf"]

#: format -> the function producing its text (``pdf`` is written by Chromium, see ``write``).
FORMATS: dict[str, Callable[[Deck], str]] = {
    "html": render_html,
    "json": render_json,
    "wbr-app-json": render_wbr_app_json,
    "csv": render_csv,
    "md": render_markdown,
    "text": render_text,
}

#: The file suffix each format is written with by default.
SUFFIXES: dict[str, str] = {
    "html": ".html",
    "json": ".json",
    "wbr-app-json": ".wbr-app.json",
    "csv": ".csv",
    "md": ".md",
    "text": ".txt",
    "pdf": ".pdf",
}

#: The suffixes each format accepts in a file name (an explicit format with another one of
#: these suffixes is a mistake).
_ACCEPTED: dict[str, tuple[str, ...]] = {
    "html": (".html", ".htm"),
    "json": (".json",),
    "wbr-app-json": (".json",),
    "csv": (".csv",),
    "md": (".md", ".markdown"),
    "text": (".txt", ".text"),
    "pdf": (".pdf",),
}


def format_for(path: Path | str) -> str | None:
    """The format a file name asks for by its suffix (``deck.pdf`` -> ``pdf``,
    ``deck.wbr-app.json`` -> ``wbr-app-json``); None for a suffix no format uses."""
    name = Path(path).name.lower()
    if name.endswith(".wbr-app.json"):
        return "wbr-app-json"
    suffix = Path(name).suffix
    for fmt, suffixes in _ACCEPTED.items():
        if suffix in suffixes:
            return fmt
    return None


def check_suffix(fmt: str, path: Path | str) -> None:
    """Raise ``InputError`` when ``path``'s suffix belongs to another format than ``fmt``."""
    suffix = Path(path).suffix.lower()
    wanted = format_for(path)
    if wanted is None or suffix in _ACCEPTED.get(fmt, ()):
        return
    raise InputError(
        f"--format {fmt} does not match the file name {Path(path).name} ({suffix} is {wanted})",
        hint=f"Write to a {SUFFIXES.get(fmt, '')} file, pass --format {wanted}, or leave "
        "--format out to follow the file name.",
    )


def render(deck: Deck, fmt: str = "html") -> str:
    """The deck in ``fmt`` (``html``, ``json``, ``wbr-app-json``, ``csv``, ``md``, ``text``)."""
    if fmt == "pdf":
        raise ValueError("a PDF is written to a file: use write(deck, 'pdf', path)")
    try:
        function = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    return function(deck)


def write(deck: Deck, fmt: str, path: Path, *, paper: str = "A4") -> Path:
    """Render ``deck`` and write it to ``path`` atomically; returns ``path``. A PDF is printed
    by headless Chromium on ``paper`` (A4 or Letter); the HTML prints on it too."""
    if fmt == "pdf":
        return write_pdf(deck, path, paper=paper)
    text = render_html(deck, paper=paper) if fmt == "html" else render(deck, fmt)
    write_atomic(path, text)
    return path
