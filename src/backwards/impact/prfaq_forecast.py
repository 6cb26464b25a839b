"""A PR/FAQ's forecast impact, read from its YAML front matter, as a bet's forecast.

::

    ---
    impact: {metric: Orders, p10: 10, p50: 35, p90: 70, probability: 0.6}
    ---
    # Headline ...

Every problem is a finding at the PR/FAQ's line: no front matter or no ``impact``, missing or
unknown keys, P10 > P90 or P50 outside them, a probability outside 0..1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import Field

from backwards.config import StrictModel, load_yaml_text, validate
from backwards.errors import ConfigError, InputError
from backwards.findings import Finding, Severity

__all__ = ["PrfaqImpact", "read_prfaq_impact"]

_FRONT = re.compile(r"\A(?:\ufeff)?---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
MAX_BYTES = 5 * 1024 * 1024


class _Impact(StrictModel):
    metric: str = Field(min_length=1)
    p10: float
    p50: float
    p90: float
    probability: float


class _Front(StrictModel):
    model_config = StrictModel.model_config | {"extra": "ignore"}
    impact: _Impact


@dataclass(frozen=True, slots=True)
class PrfaqImpact:
    """The forecast a PR/FAQ states: change per week in ``metric``, and its probability."""

    metric: str
    p10: float
    p50: float
    p90: float
    probability: float


def read_prfaq_impact(path: Path | str) -> PrfaqImpact:
    """The ``impact`` of the PR/FAQ at ``path`` (``ConfigError`` with located findings)."""
    p = Path(path)
    try:
        if p.stat().st_size > MAX_BYTES:
            raise InputError(f"{p} is over 5 MB; is it a PR/FAQ?", path=p)
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the PR/FAQ {p}: {exc}", path=p) from None
    match = _FRONT.match(text.replace("\r\n", "\n"))
    if not match:
        finding = Finding(
            "IMP002",
            "no-impact",
            Severity.ERROR,
            "the PR/FAQ has no front matter with an impact forecast",
            file=str(p),
            line=1,
            suggestion="Start the file with ---, impact: {metric: M, p10: .., p50: .., "
            "p90: .., probability: ..}, ---",
        )
        raise ConfigError(f"{p} states no impact forecast", [finding])
    doc = load_yaml_text(match.group(1) or "", str(p))
    spec, findings = validate(_Front, doc)
    # the front matter starts on line 2 of the file
    findings = [replace(f, line=f.line + 1) if f.line else f for f in findings]
    if spec is not None:
        i = spec.impact
        if not i.p10 <= i.p50 <= i.p90:
            loc = doc.locate(("impact", "p50"))
            findings.append(
                Finding(
                    "IMP003",
                    "impact-range",
                    Severity.ERROR,
                    f"impact needs P10 <= P50 <= P90, not {i.p10:g}, {i.p50:g}, {i.p90:g}",
                    file=str(p),
                    line=loc.line + 1 if loc else None,
                    suggestion="Order the three values from low to high.",
                )
            )
        if not 0 <= i.probability <= 1:
            loc = doc.locate(("impact", "probability"))
            findings.append(
                Finding(
                    "IMP004",
                    "probability-range",
                    Severity.ERROR,
                    f"impact probability {i.probability:g} is outside 0..1",
                    file=str(p),
                    line=loc.line + 1 if loc else None,
                    suggestion="Write the chance of success as a fraction: 0.6 for 60 %.",
                )
            )
    if findings or spec is None:
        raise ConfigError(f"{p}: the impact forecast has problems", findings)
    i = spec.impact
    return PrfaqImpact(i.metric, i.p10, i.p50, i.p90, i.probability)
