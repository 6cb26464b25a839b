"""Inline suppressions: HTML comments that silence rules for a line, a block or the file.

::

    text <!-- backwards: disable-line=L01 -->          this line
    <!-- backwards: disable-next-line=C05 -->          the next line
    <!-- backwards: disable=L01,hype -->               from here ...
    <!-- backwards: enable=L01,hype -->                ... to here (or to the end of the file)
    <!-- backwards: disable-file=X02 -->               the whole file

Rules are named by code or name; no list (``disable-file``) means every rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from backwards.findings import Finding

__all__ = ["Suppressions", "parse_suppressions"]

_COMMENT = re.compile(
    r"<!--\s*backwards\s*:\s*(?P<verb>disable-next-line|disable-line|disable-file|disable|enable)"
    r"\s*(?:=\s*(?P<rules>[\w\s,-]+?))?\s*-->",
    re.I,
)
ALL = "*"


@dataclass(slots=True)
class Suppressions:
    file: set[str] = field(default_factory=set)
    lines: dict[int, set[str]] = field(default_factory=dict)
    ranges: list[tuple[int, int, set[str]]] = field(default_factory=list)

    def covers(self, finding: Finding, names: Mapping[str, str]) -> bool:
        keys = {finding.code, names.get(finding.code, finding.name), ALL}
        if self.file & keys:
            return True
        line = finding.line or 0
        if self.lines.get(line, set()) & keys:
            return True
        return any(lo <= line <= hi and codes & keys for lo, hi, codes in self.ranges)

    def apply(
        self, findings: Iterable[Finding], names: Mapping[str, str]
    ) -> tuple[list[Finding], int]:
        kept: list[Finding] = []
        dropped = 0
        for f in findings:
            if self.covers(f, names):
                dropped += 1
            else:
                kept.append(f)
        return kept, dropped


def _codes(raw: str | None) -> set[str]:
    if not raw:
        return {ALL}
    return {
        c.strip().upper() if re.fullmatch(r"[A-Za-z]\d{2}", c.strip()) else c.strip().lower()
        for c in raw.split(",")
        if c.strip()
    }


def parse_suppressions(lines: Sequence[str]) -> Suppressions:
    """The suppressions written in ``lines`` (the document's source lines)."""
    out = Suppressions()
    open_at: dict[str, int] = {}
    total = len(lines)
    for number, line in enumerate(lines, start=1):
        if "backwards" not in line:
            continue
        for m in _COMMENT.finditer(line):
            verb = m.group("verb").lower()
            codes = _codes(m.group("rules"))
            if verb == "disable-file":
                out.file |= codes
            elif verb == "disable-line":
                out.lines.setdefault(number, set()).update(codes)
            elif verb == "disable-next-line":
                out.lines.setdefault(number + 1, set()).update(codes)
            elif verb == "disable":
                for c in codes:
                    open_at.setdefault(c, number)
            else:
                for c in codes if codes != {ALL} else set(open_at):
                    start = open_at.pop(c, None)
                    if start is not None:
                        out.ranges.append((start, number, {c}))
    for c, start in open_at.items():
        out.ranges.append((start, total, {c}))
    return out
