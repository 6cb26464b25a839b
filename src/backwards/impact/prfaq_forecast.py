"""A PR/FAQ's forecast impact, read through the PR/FAQ front door (``read_claims``), as a
bet's forecast.

::

    ---
    impact: {metric: Orders, p10: 10, p50: 35, p90: 70, probability: 0.6}
    ---
    # Headline ...

Every problem is a finding at the PR/FAQ's line: the front matter's own (``read_claims``: bad
YAML, missing or unknown keys, P10 > P90 or P50 outside them, a probability outside 0..1), no
``impact`` at all (``IMP002``), or an impact without the probability a bet needs (``IMP004``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from backwards.errors import ConfigError
from backwards.findings import Finding, Severity
from backwards.prfaq import read_claims

__all__ = ["PrfaqImpact", "read_prfaq_impact"]


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
    claims = read_claims(path)
    if claims.findings:
        raise ConfigError(f"{path}: the impact forecast has problems", claims.findings)
    impact = claims.impact
    if impact is None:
        finding = Finding(
            "IMP002",
            "no-impact",
            Severity.ERROR,
            "the PR/FAQ has no front matter with an impact forecast",
            file=str(path),
            line=1,
            suggestion="Start the file with ---, impact: {metric: M, p10: .., p50: .., "
            "p90: .., probability: ..}, ---",
        )
        raise ConfigError(f"{path} states no impact forecast", [finding])
    if impact.probability is None:
        finding = Finding(
            "IMP004",
            "no-probability",
            Severity.ERROR,
            "the impact forecast gives no probability of success",
            file=str(path),
            line=impact.line,
            suggestion="Add probability: 0.6 (the chance the bet succeeds) to impact:.",
        )
        raise ConfigError(f"{path}: the impact forecast has problems", [finding])
    return PrfaqImpact(impact.metric, impact.p10, impact.p50, impact.p90, impact.probability)
