"""Row styles of the WBR tables: the config's CSS strings, cut down to what is safe offline.

A ``6_WeeksTable``/``12_MonthsTable`` row may carry ``style: "font-weight: bold; ..."``, which
the WBR App pastes into the page. A config is user input, so we keep only plain presentation
properties with plain values: no ``url(...)`` (a network request), no ``expression``, no
escapes, no at-rules. What is dropped is dropped silently: a deck still builds.

>>> safe_style("font-weight: bold; background: url(https://x.test/a.png); color: #333")
'font-weight: bold; color: #333'
"""

from __future__ import annotations

import re

__all__ = ["ALLOWED_PROPERTIES", "safe_style"]

ALLOWED_PROPERTIES = frozenset(
    {
        "background-color",
        "border-bottom",
        "border-top",
        "color",
        "font-size",
        "font-style",
        "font-weight",
        "padding-left",
        "text-align",
        "text-decoration",
        "text-indent",
        "text-transform",
        "white-space",
    }
)
_PROPERTY = re.compile(r"^[a-z-]+$")
_VALUE = re.compile(r"^[#\w\s.,%+-]*(\((?:[\d\s.,%/+-]*)\)[\w\s.,%+-]*)*$")
_FUNCTIONS = re.compile(r"([a-z-]+)\s*\(")
_ALLOWED_FUNCTIONS = frozenset({"rgb", "rgba", "hsl", "hsla"})
MAX_STYLE_LENGTH = 500


def safe_style(text: str | None) -> str:
    """The safe declarations of ``text``, joined with ``"; "`` (empty when none)."""
    if not text or len(text) > MAX_STYLE_LENGTH:
        return ""
    kept = []
    for declaration in text.split(";"):
        name, sep, value = declaration.partition(":")
        name = name.strip().lower()
        value = value.strip()
        if not sep or not value or not _PROPERTY.match(name) or name not in ALLOWED_PROPERTIES:
            continue
        lowered = value.lower()
        if not _VALUE.match(lowered):
            continue
        if any(f not in _ALLOWED_FUNCTIONS for f in _FUNCTIONS.findall(lowered)):
            continue
        kept.append(f"{name}: {value}")
    return "; ".join(kept)
