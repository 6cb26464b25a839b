"""The output formats of a review run (a module of its own so the CLI can offer them cheaply)."""

from __future__ import annotations

__all__ = ["FORMATS"]

#: ``Reviews.render`` formats: plain text, JSON, SARIF 2.1.0 and GitHub annotations.
FORMATS: tuple[str, ...] = ("text", "json", "sarif", "github")
