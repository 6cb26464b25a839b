"""The rule catalogue for people: a listing (table or JSON) under a profile, and one rule explained.

``listing(profile, fmt)`` shows each rule's code, name, severity and on/off as the profile sets
them; ``explain(token)`` shows a rule (by code or name; a group explains each of its rules) with
why it matters, its fix, a bad and a good example and its options.
"""

from __future__ import annotations

import json
from typing import Any

from backwards.prfaq.plan import catalogue
from backwards.prfaq.profile import get_profile
from backwards.prfaq.rule import Rule, resolve_selection
from backwards.prfaq.verdict import LABELS

__all__ = ["explain", "listing", "rule_rows"]


def rule_rows(profile: str = "product") -> list[dict[str, Any]]:
    """One row per rule: code, name, group, severity and enabled under ``profile``, texts."""
    prof = get_profile(profile)
    return [
        {
            "code": r.code,
            "name": r.name,
            "group": r.group,
            "severity": prof.severity.get(r.code, r.severity).value,
            "enabled": r.code not in prof.disabled,
            "question": r.question,
            "message": r.message,
            "why": r.why,
            "options": dict(r.options),
        }
        for r in catalogue()
    ]


def listing(profile: str = "product", fmt: str = "text") -> str:
    """The catalogue as a table (``text``) or as versioned JSON (``json``)."""
    rows = rule_rows(profile)
    if fmt == "json":
        doc = {"version": 1, "profile": profile, "rules": rows}
        return json.dumps(doc, indent=2, ensure_ascii=False)
    lines = []
    for row in rows:
        off = "" if row["enabled"] else "  (off in this profile)"
        lines.append(f"{row['code']}  {row['name']:<38} {row['severity']:<8} {row['message']}{off}")
    return "\n".join(lines)


def _indent(text: str) -> str:
    return (
        "\n".join(("    " + line) if line else "" for line in text.rstrip("\n").split("\n")) + "\n"
    )


def _explain_one(r: Rule) -> list[str]:
    q = LABELS.get(r.question or "", "style (never changes a sub-verdict)")
    out = [f"{r.code} {r.name} ({r.severity.value}) - {q}\n", f"{r.message}\n", f"Why: {r.why}\n"]
    if r.suggestion:
        out.append(f"Fix: {r.suggestion}\n")
    out += ["Bad (this is flagged):\n", _indent(r.fails[0])]
    out += ["Good (this passes):\n", _indent(r.passes[0])]
    if r.options:
        opts = ", ".join(f"{k}={v!r}" for k, v in r.options.items())
        out.append(f"Options (prfaq.rules.{r.code} in backwards.yaml): {opts}\n")
    return out


def explain(token: str) -> str:
    """Why the rule ``token`` (a code, name or group) matters, with a bad and a good example."""
    rules = catalogue()
    codes = resolve_selection([token], rules)
    return "\n".join(line for r in rules if r.code in codes for line in _explain_one(r))
