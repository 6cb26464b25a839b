"""Each bet's metric must be a metric of the workspace's WBR config (``IMP001``)."""

from __future__ import annotations

from pathlib import Path

from backwards.config import did_you_mean
from backwards.errors import ConfigError
from backwards.findings import Finding, Severity
from backwards.portfolio import Portfolio
from backwards.wbr import load_spec

__all__ = ["check_bet_metrics"]


def check_bet_metrics(portfolio: Portfolio, wbr_config: Path | str) -> list[Finding]:
    """A finding (``IMP001 unknown-metric``) for each bet whose metric ``wbr_config`` lacks.

    A WBR config with problems of its own raises ``ConfigError`` with its findings.
    """
    spec, problems = load_spec(wbr_config)
    if spec is None:
        raise ConfigError(
            f"{wbr_config} has problems, so the bets' metrics cannot be checked", problems
        )
    names = sorted(spec.metrics)
    out: list[Finding] = []
    for bet in portfolio.bets:
        metric = bet.impact.metric
        if spec.has_name(metric):
            continue
        guess = did_you_mean(metric, names)
        file, line = portfolio.locations.get(bet.id, (None, None))
        out.append(
            Finding(
                code="IMP001",
                name="unknown-metric",
                severity=Severity.ERROR,
                message=f"bet {bet.id!r}: {metric!r} is not a metric of {wbr_config}",
                file=file,
                line=line,
                suggestion=f"did you mean {guess!r}?" if guess else "metrics: " + ", ".join(names),
            )
        )
    return out
