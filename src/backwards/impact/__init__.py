"""The impact loop: joins between features, one layer above them.

- The metric each bet should move must be a metric of the workspace's WBR config
  (``check_bet_metrics``, in ``metrics``: every unknown metric a finding, at the plan file's
  line when the bets came from one, with "did you mean"); a PR/FAQ's front matter ``impact:
  {metric, p10, p50, p90, probability}`` is a bet's forecast (``read_prfaq_impact``), and
  ``prfaq_impact_findings`` warns when it names a metric the WBR lacks or its P50 is outside
  its P10-P90 (for ``prfaq review``).
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
- The launch in the ledger (``launches``): ``commit_launch`` records a planned bet's launch as
  a ledger commitment (due on the planned launch, ``planned_launch``, with the bet's
  probability), ``settle_launch`` resolves it when the bet launches or is dropped;
  ``commit_impact`` records a launched bet's P10-P90 range as a ledger forecast (tag
  ``impact``, stated chance ``RANGE_PROBABILITY``, due ``MEASURE_WITHIN_WEEKS`` after launch)
  and ``resolve_impact`` resolves it with the measurement (met when the range held it); and
  ``trust_report`` is the ledger's trust report with the "Impact forecasts" rows
  (``impact_section``: P10-P90 coverage and median realisation of the owner's measured bets).
- The launches in the WBR deck (``deck``): ``deck_with_launches`` marks each launched bet on its
  metric's charts and lists "Launches in this period" with the forecast and measured effect.
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
    from backwards.impact.deck import LAUNCHES_TITLE, deck_with_launches, launches_in
    from backwards.impact.launches import (
        IMPACT_TAG,
        LAUNCH_TAG,
        MEASURE_WITHIN_WEEKS,
        RANGE_PROBABILITY,
        check_may_settle,
        commit_impact,
        commit_launch,
        impact_forecast,
        impact_section,
        launch_commitment,
        planned_launch,
        resolve_impact,
        settle_launch,
        trust_report,
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
    from backwards.impact.prfaq_check import prfaq_impact_findings
    from backwards.impact.prfaq_forecast import PrfaqImpact, read_prfaq_impact
    from backwards.impact.relative import BASE_WEEKS, Baseline, absolute_forecasts, baseline_of

__all__ = [
    "BASE_WEEKS",
    "IMPACT_TAG",
    "LAUNCHES_TITLE",
    "LAUNCH_TAG",
    "MEASURE_WITHIN_WEEKS",
    "PRIOR_REALISATION",
    "PRIOR_WEIGHT",
    "RANGE_PROBABILITY",
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
    "check_may_settle",
    "commit_impact",
    "commit_launch",
    "deck_with_launches",
    "group_records",
    "impact_forecast",
    "impact_section",
    "is_additive",
    "launch_commitment",
    "launches_in",
    "measure_bet",
    "measure_daily",
    "measure_metric",
    "pit",
    "planned_launch",
    "prfaq_impact_findings",
    "read_ab_result",
    "read_prfaq_impact",
    "resolve_impact",
    "review_bets",
    "settle_launch",
    "shrinkage",
    "trust_report",
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
    "LAUNCHES_TITLE": "deck",
    "deck_with_launches": "deck",
    "launches_in": "deck",
    "IMPACT_TAG": "launches",
    "LAUNCH_TAG": "launches",
    "MEASURE_WITHIN_WEEKS": "launches",
    "RANGE_PROBABILITY": "launches",
    "check_may_settle": "launches",
    "commit_impact": "launches",
    "commit_launch": "launches",
    "impact_forecast": "launches",
    "impact_section": "launches",
    "launch_commitment": "launches",
    "planned_launch": "launches",
    "resolve_impact": "launches",
    "settle_launch": "launches",
    "trust_report": "launches",
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
    "prfaq_impact_findings": "prfaq_check",
    "PrfaqImpact": "prfaq_forecast",
    "read_prfaq_impact": "prfaq_forecast",
    "BASE_WEEKS": "relative",
    "Baseline": "relative",
    "absolute_forecasts": "relative",
    "baseline_of": "relative",
}
__getattr__, __dir__ = front_door(globals(), _EXPORTS)
