"""The impact loop: joins between features, one layer above them.

- The metric each bet should move must be a metric of the workspace's WBR config
  (``check_bet_metrics``, in ``metrics``: every unknown metric a finding, at the plan file's
  line when the bets came from one, with "did you mean"); a PR/FAQ's front matter ``impact:
  {metric, p10, p50, p90, probability}`` is a bet's forecast (``read_prfaq_impact``).
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

The front door is lazy: each name is imported from its module on first use, so the review
(``calibration``) loads neither the WBR nor numpy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from backwards.lazy import front_door

if TYPE_CHECKING:
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
    from backwards.impact.metrics import check_bet_metrics
    from backwards.impact.prfaq_forecast import PrfaqImpact, read_prfaq_impact
    from backwards.impact.relative import BASE_WEEKS, Baseline, absolute_forecasts, baseline_of

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

#: name -> the module of this package that defines it, imported on first use.
_EXPORTS = {
    "read_ab_result": "abtest",
    "PRIOR_REALISATION": "calibration",
    "PRIOR_WEIGHT": "calibration",
    "BetReview": "calibration",
    "GroupRecord": "calibration",
    "calibrate": "calibration",
    "calibration_rows": "calibration",
    "group_records": "calibration",
    "pit": "calibration",
    "review_bets": "calibration",
    "shrinkage": "calibration",
    "as_measured": "measure",
    "is_additive": "measure",
    "measure_bet": "measure",
    "measure_daily": "measure",
    "measure_metric": "measure",
    "Effect": "measurement",
    "Measurement": "measurement",
    "PreFit": "measurement",
    "WeekEffect": "measurement",
    "check_bet_metrics": "metrics",
    "PrfaqImpact": "prfaq_forecast",
    "read_prfaq_impact": "prfaq_forecast",
    "BASE_WEEKS": "relative",
    "Baseline": "relative",
    "absolute_forecasts": "relative",
    "baseline_of": "relative",
}
__getattr__, __dir__ = front_door(globals(), _EXPORTS)
