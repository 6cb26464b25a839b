"""Findings: problems found in a user's file, reported as values.

One ``Finding`` type serves configuration problems, PR/FAQ review findings and WBR checks. Each
carries a stable ``code`` and readable ``name``, a ``severity``, a one-line ``message``, where it
is (``file``, ``line``, ``column``, optionally an end), and a ``suggestion`` where one helps.

``format_text`` and ``format_json`` are the two formatters every adapter shares.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "FINDINGS_JSON_VERSION",
    "Finding",
    "Severity",
    "count_by_severity",
    "format_json",
    "format_text",
    "sort_findings",
]

FINDINGS_JSON_VERSION = 1


class Severity(enum.Enum):
    """How serious a finding is. Ordered: ``ERROR > WARNING > INFO``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank >= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank > other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank

    @classmethod
    def parse(cls, text: str) -> Severity:
        """``error``/``warning``/``info`` (any case) to a ``Severity``; ValueError otherwise."""
        try:
            return cls(text.strip().lower())
        except ValueError:
            choices = ", ".join(s.value for s in cls)
            raise ValueError(f"unknown severity {text!r} (choose from {choices})") from None


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place in one file."""

    code: str
    name: str
    severity: Severity
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    suggestion: str | None = None
    section: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def location(self) -> str:
        """``file:line:column`` as far as it is known."""
        parts: list[str] = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "suggestion": self.suggestion,
            "section": self.section,
        }
        if self.extra:
            data["extra"] = dict(self.extra)
        return data


def _sort_key(f: Finding) -> tuple[str, int, int, str]:
    return (f.file or "", f.line or 0, f.column or 0, f.code)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in reading order: by file, line, column, then code."""
    return sorted(findings, key=_sort_key)


def count_by_severity(findings: Iterable[Finding]) -> dict[Severity, int]:
    counts = dict.fromkeys(Severity, 0)
    for f in findings:
        counts[f.severity] += 1
    return counts


_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def format_text(findings: Sequence[Finding], *, color: bool = False) -> str:
    """One line per finding, ``file:line:col: severity CODE (name) message``, plus suggestions."""
    lines: list[str] = []
    for f in sort_findings(findings):
        sev = f.severity.value
        if color:
            sev = f"\x1b[{_COLOURS[f.severity]}m{sev}\x1b[0m"
        lines.append(f"{f.location}: {sev} {f.code} ({f.name}) {f.message}")
        if f.suggestion:
            lines.append(f"    suggestion: {f.suggestion}")
    return "\n".join(lines)


def format_json(findings: Sequence[Finding], **extra: Any) -> str:
    """A versioned JSON document: ``{"version": 1, "findings": [...], "summary": {...}}``."""
    ordered = sort_findings(findings)
    counts = count_by_severity(ordered)
    doc: dict[str, Any] = {
        "version": FINDINGS_JSON_VERSION,
        "findings": [f.to_dict() for f in ordered],
        "summary": {s.value: n for s, n in counts.items()},
    }
    doc.update(extra)
    return json.dumps(doc, indent=2, ensure_ascii=False)
