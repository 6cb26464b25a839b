"""GitHub Actions annotations: one ``::error file=...,line=...::message`` line per finding."""

from __future__ import annotations

from collections.abc import Sequence

from backwards.findings import Finding

__all__ = ["to_github"]

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def _annotation(f: Finding) -> str:
    props = [f"file={_escape(f.file or '', prop=True)}"]
    if f.line:
        props.append(f"line={f.line}")
    if f.column:
        props.append(f"col={f.column}")
    if f.end_line:
        props.append(f"endLine={f.end_line}")
    props.append("title=" + _escape(f"{f.code} {f.name}", prop=True))
    msg = f.message + (f" Suggestion: {f.suggestion}" if f.suggestion else "")
    return f"::{_LEVEL[f.severity.value]} {','.join(props)}::{_escape(msg)}"


def to_github(findings: Sequence[Finding]) -> str:
    """The workflow commands that annotate ``findings`` in a pull request (one per line)."""
    return "\n".join(_annotation(f) for f in findings)
