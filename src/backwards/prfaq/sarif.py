"""SARIF 2.1.0 output, for GitHub code scanning and other SARIF viewers.

One run; the driver lists every rule that ran (id, name, short and full description, help,
default level); each finding is a result with a physical location (file, line, column) and a
partial fingerprint so that code scanning can track it across commits.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backwards.findings import Severity
from backwards.prfaq.baseline import fingerprint
from backwards.version import __version__

if TYPE_CHECKING:
    from backwards.prfaq.engine import Review
    from backwards.prfaq.rule import Rule

__all__ = ["SARIF_SCHEMA", "to_sarif"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(path: str) -> str:
    p = Path(path)
    return p.as_posix() if not p.is_absolute() else p.as_uri()


def to_sarif(reviews: Sequence[Review], rules: Sequence[Rule]) -> str:
    """The SARIF log (as JSON text) for ``reviews``."""
    index = {r.code: i for i, r in enumerate(rules)}
    descriptors: list[dict[str, Any]] = [
        {
            "id": r.code,
            "name": r.name,
            "shortDescription": {"text": r.message},
            "fullDescription": {"text": r.why},
            "help": {"text": f"{r.why}\n\nRun `backwards prfaq explain {r.code}` for examples."},
            "defaultConfiguration": {"level": _LEVEL[r.severity]},
            "properties": {"tags": [r.group], "question": r.question or "style"},
        }
        for r in rules
    ]
    results: list[dict[str, Any]] = []
    for review in reviews:
        for f in review.findings:
            region: dict[str, Any] = {"startLine": max(1, f.line or 1)}
            if f.column:
                region["startColumn"] = max(1, f.column)
            if f.end_line and f.end_line >= region["startLine"]:
                region["endLine"] = f.end_line
                if f.end_column and (
                    f.end_line > region["startLine"] or f.end_column > region.get("startColumn", 1)
                ):
                    region["endColumn"] = f.end_column
            text = f.message + (f"\nSuggestion: {f.suggestion}" if f.suggestion else "")
            result: dict[str, Any] = {
                "ruleId": f.code,
                "level": _LEVEL[f.severity],
                "message": {"text": text},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": _uri(review.path)},
                            "region": region,
                        }
                    }
                ],
                "partialFingerprints": {"backwardsFinding/v1": fingerprint(f, review.lines)},
                "properties": {"section": f.section or "other", "name": f.name},
            }
            if f.code in index:
                result["ruleIndex"] = index[f.code]
            results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "backwards-prfaq",
                        "version": __version__,
                        "rules": descriptors,
                    }
                },
                "results": results,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False)
