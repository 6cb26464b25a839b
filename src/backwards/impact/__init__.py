"""The impact loop: joins between features, one layer above them.

Today: the metric each bet should move must be a metric of the workspace's WBR config
(``check_bet_metrics``: every unknown metric a finding, at the plan file's line when the bets
came from one, with "did you mean"); a PR/FAQ's front matter ``impact: {metric, p10, p50,
p90, probability}`` is a bet's forecast (``read_prfaq_impact``). Measuring impact after launch
and closing the loop with the ledger come next (issue 11, points 3 and 4).
"""

from __future__ import annotations

from pathlib import Path

from backwards.config import did_you_mean
from backwards.errors import ConfigError
from backwards.findings import Finding, Severity
from backwards.impact.prfaq_forecast import PrfaqImpact, read_prfaq_impact
from backwards.portfolio import Portfolio
from backwards.wbr import load_spec

__all__ = ["PrfaqImpact", "check_bet_metrics", "read_prfaq_impact"]


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
