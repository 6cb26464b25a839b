"""Baselines: record today's findings so that only new ones fail the review.

A baseline is a JSON file listing, per finding, the file, the rule code and a fingerprint of the
line it points at (the code, the section and the line's text, whitespace-normalised). Line
numbers are not part of the fingerprint, so findings survive edits above them; editing the line
itself makes its finding new again.

::

    {"version": 1, "findings": [{"file": "prfaq.md", "code": "L01", "fingerprint": "3f2a..."}]}
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from backwards.atomicfile import write_atomic
from backwards.errors import InputError

if TYPE_CHECKING:
    from backwards.findings import Finding
    from backwards.prfaq.engine import Review

__all__ = ["BASELINE_VERSION", "Baseline", "fingerprint", "load_baseline", "write_baseline"]

BASELINE_VERSION = 1


def _norm_path(path: str) -> str:
    return Path(path).as_posix()


def fingerprint(finding: Finding, lines: Sequence[str]) -> str:
    """A stable id for ``finding``: its code, section and the text of its line."""
    text = ""
    if finding.line is not None and 0 < finding.line <= len(lines):
        text = " ".join(lines[finding.line - 1].split())
    raw = f"{finding.code}\x1f{finding.section or ''}\x1f{text}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:20]


@dataclass(slots=True)
class Baseline:
    """Known findings, counted by (file, code, fingerprint)."""

    known: Counter[tuple[str, str, str]] = field(default_factory=Counter)

    def split(self, review: Review) -> tuple[list[Finding], list[Finding]]:
        """(new, known) findings of ``review``."""
        left = Counter(self.known)
        new: list[Finding] = []
        old: list[Finding] = []
        for f in review.findings:
            key = (_norm_path(review.path), f.code, fingerprint(f, review.lines))
            if left[key] > 0:
                left[key] -= 1
                old.append(f)
            else:
                new.append(f)
        return new, old


def write_baseline(path: Path | str, reviews: Sequence[Review]) -> int:
    """Write every finding of ``reviews`` to ``path`` (atomically); returns how many."""
    rows = [
        {"file": _norm_path(r.path), "code": f.code, "fingerprint": fingerprint(f, r.lines)}
        for r in reviews
        for f in r.findings
    ]
    doc = {"version": BASELINE_VERSION, "findings": rows}
    write_atomic(path, json.dumps(doc, indent=2) + "\n")
    return len(rows)


def load_baseline(path: Path | str) -> Baseline:
    """Read a baseline written by ``write_baseline``; ``InputError`` when it is not one."""
    p = Path(path)
    hint = "Write a new one with `backwards prfaq review PATH --write-baseline FILE`."
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"baseline {p} does not exist", hint=hint, path=p) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"baseline {p} cannot be read: {exc}", hint=hint, path=p) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            f"baseline {p} is not valid JSON: {exc.msg}", hint=hint, path=p, line=exc.lineno
        ) from None
    if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION:
        raise InputError(f"baseline {p} is not a version-1 backwards baseline", hint=hint, path=p)
    rows = data.get("findings")
    if not isinstance(rows, list):
        raise InputError(f"baseline {p} has no 'findings' list", hint=hint, path=p)
    known: Counter[tuple[str, str, str]] = Counter()
    for i, row in enumerate(rows):
        if not (
            isinstance(row, dict)
            and all(isinstance(row.get(k), str) for k in ("file", "code", "fingerprint"))
        ):
            raise InputError(
                f"baseline {p}: entry {i} needs 'file', 'code' and 'fingerprint'", hint=hint, path=p
            )
        known[(_norm_path(row["file"]), row["code"], row["fingerprint"])] += 1
    return Baseline(known)
