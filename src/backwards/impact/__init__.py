"""The impact loop: joins between features, one layer above them.

- The metric each bet should move must be a metric of the workspace's WBR config
  (``check_bet_metrics``: every unknown metric a finding, at the plan file's line when the bets
  came from one, with "did you mean"); a PR/FAQ's front matter ``impact: {metric, p10, p50,
  p90, probability}`` is a bet's forecast (``read_prfaq_impact``).
- Measuring a launch's effect: ``measure_metric`` (a WBR metric's daily series through
  ``backwards.wbr.metric_series``, an interrupted time series, ``its``), ``measure_bet`` (a
  launched bet's metric from its launch date), ``measure_daily`` (any daily series),
  ``read_ab_result`` (an A/B test's estimate and interval); each gives a ``Measurement``,
  which ``as_measured`` turns into the ``MeasuredEffect`` the portfolio stores with the bet.
- Closing the loop (``calibration``): ``review_bets`` (each measured bet's realisation, P10-P90
  coverage and PIT), ``group_records`` (per owner or team: coverage, median realisation, the
  shrinkage factor towards a sceptical prior), ``calibrate`` (a portfolio with each owner's
  factor applied, for ``portfolio plan --calibrated``) and ``calibration_rows`` (stated beside
  calibrated).
- Relative forecasts (``relative``): ``absolute_forecasts`` turns fractions of a metric's last
  12 weeks into metric units, from the WBR data.
"""

from __future__ import annotations

from pathlib import Path

from backwards.config import did_you_mean
from backwards.errors import ConfigError
from backwards.findings import Finding, Severity
from backwards.impact.abtest import read_ab_result
from backwards.impact.calibration import (
    PRIOR_REALISATION,
    PRIOR_WEIGHT,
    BetReview,
    GroupRecord,
    calibrate,
    calibration_rows,
    group_records,
    pit,
    review_bets,
    shrinkage,
)
from backwards.impact.measure import (
    as_measured,
    is_additive,
    measure_bet,
    measure_daily,
    measure_metric,
)
from backwards.impact.measurement import Effect, Measurement, PreFit, WeekEffect
from backwards.impact.prfaq_forecast import PrfaqImpact, read_prfaq_impact
from backwards.impact.relative import BASE_WEEKS, Baseline, absolute_forecasts, baseline_of
from backwards.portfolio import Portfolio
from backwards.wbr import load_spec

__all__ = [
    "BASE_WEEKS",
    "PRIOR_REALISATION",
    "PRIOR_WEIGHT",
    "Baseline",
    "BetReview",
    "Effect",
    "GroupRecord",
    "Measurement",
    "PreFit",
    "PrfaqImpact",
    "WeekEffect",
    "absolute_forecasts",
    "as_measured",
    "baseline_of",
    "calibrate",
    "calibration_rows",
    "check_bet_metrics",
    "group_records",
    "is_additive",
    "measure_bet",
    "measure_daily",
    "measure_metric",
    "pit",
    "read_ab_result",
    "read_prfaq_impact",
    "review_bets",
    "shrinkage",
]


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
