"""Forecast scores against hand-worked values and scikit-learn."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pytest
from scipy import stats
from sklearn.metrics import brier_score_loss, log_loss

from backwards.ledger.measures.commitment_frame import CommitmentFrame
from backwards.ledger.measures.forecast import (
    brier_score,
    calibration_bins,
    date_coverage,
    forecast_outcomes,
    log_score,
    murphy_decomposition,
    score_forecasts,
)

P = [0.9, 0.9, 0.2, 0.2, 0.6]
OUTCOMES = [1, 0, 0, 0, 1]


def test_scores_by_hand() -> None:
    s = score_forecasts(P, OUTCOMES)
    assert s.count == 5
    assert s.brier == pytest.approx(1.06 / 5)  # .01 + .81 + .04 + .04 + .16
    assert s.base_rate == pytest.approx(0.4)
    assert s.brier_reference == pytest.approx(0.24)
    assert s.brier_skill == pytest.approx(1 - 0.212 / 0.24)
    assert s.murphy is not None
    assert s.murphy.reliability == pytest.approx(0.112)  # (2*.04 + .16 + 2*.16) / 5
    assert s.murphy.resolution == pytest.approx(0.14)  # (2*.16 + .36 + 2*.01) / 5
    assert s.murphy.uncertainty == pytest.approx(0.24)
    assert s.murphy.residual == pytest.approx(0.0, abs=1e-15)
    assert s.ece == pytest.approx(0.32)  # (2*.2 + 1*.4 + 2*.4) / 5
    assert s.overconfidence == pytest.approx(0.0)  # mean confidence .8, hit rate .8
    assert s.right_side_of_maybe == pytest.approx(0.8)
    # 100 (log2 p + 1) for p = .9, .1, .8, .8, .6
    assert s.log_score == pytest.approx(2.90494, abs=1e-4)


def test_against_scikit_learn() -> None:
    rng = np.random.default_rng(7)
    p = np.round(rng.random(500), 2)
    o = (rng.random(500) < p).astype(float)
    assert brier_score(p, o) == pytest.approx(brier_score_loss(o, p))
    clipped = np.clip(p, 0.01, 0.99)
    assert log_score(p, o) == pytest.approx(100 * (1 - log_loss(o, clipped) / math.log(2)))
    m = murphy_decomposition(p, o)
    assert m is not None
    bs = brier_score_loss(o, p)
    assert m.reliability - m.resolution + m.uncertainty == pytest.approx(bs, abs=1e-12)
    # fixed-width bins leave a within-bin term
    coarse = murphy_decomposition(p, o, bins=10)
    assert coarse is not None and abs(coarse.residual) > 1e-6


def test_calibration_bins_are_centred() -> None:
    rng = np.random.default_rng(3)
    p = np.round(rng.random(400) * 20) / 20  # 5 % steps
    o = (rng.random(400) < p).astype(float)
    bins = calibration_bins(p, o)
    assert [b.centre for b in bins] == [k / 10 for k in range(11)]
    assert sum(b.count for b in bins) == 400
    index = np.floor(p * 10 + 0.5 + 1e-9).astype(int)
    for k, b in enumerate(bins):
        members = index == k
        assert b.count == int(members.sum())
        if b.count:
            assert b.observed == pytest.approx(o[members].mean())
            assert b.mean_forecast == pytest.approx(p[members].mean())
            assert b.low is not None and b.high is not None
            assert b.low <= b.observed <= b.high
    # 0.05 goes to the 0.1 bin (half-up), 0.15 to the 0.2 bin
    edge = calibration_bins([0.05, 0.15, 0.95], [0, 1, 1])
    assert (edge[1].count, edge[2].count, edge[10].count) == (1, 1, 1)


def test_sparse_bins_and_undefined_skill() -> None:
    s = score_forecasts([0.7, 0.8], [1, 1])
    assert s.brier_skill is None  # every outcome the same: no base-rate reference
    assert all(b.sparse for b in s.bins)
    empty = score_forecasts([], [])
    assert empty.brier is None and empty.count == 0 and len(empty.bins) == 11
    assert score_forecasts([0.5, 0.5], [1, 0]).right_side_of_maybe is None


def test_rejects_bad_forecasts() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        brier_score([1.2], [1])
    with pytest.raises(ValueError, match="0 or 1"):
        brier_score([0.2], [2])


def test_forecast_outcomes_and_coverage_from_a_frame() -> None:
    d = date
    frame = CommitmentFrame.build(
        due=[d(2026, 3, 2), d(2026, 3, 6), d(2026, 3, 13), d(2026, 3, 20), d(2026, 4, 30)],
        outcome=["met", "met", "withdrawn", "open", "open"],
        resolved=[d(2026, 3, 2), d(2026, 3, 10), d(2026, 3, 9), None, None],
        probability=[0.9, 0.8, 0.7, 0.6, 0.5],
        p50=[d(2026, 3, 1), d(2026, 3, 12), None, d(2026, 3, 25), d(2026, 4, 20)],
        p90=[d(2026, 3, 5), d(2026, 3, 20), None, d(2026, 4, 10), d(2026, 5, 10)],
    )
    p, o = forecast_outcomes(frame, d(2026, 3, 31))
    # withdrawn is annulled; the future one is undecided; the open overdue one is a miss
    assert list(p) == [0.9, 0.8, 0.6]
    assert list(o) == [1.0, 0.0, 0.0]
    cov = date_coverage(frame, d(2026, 3, 31))
    # P50: item 1 late vs 03-01, item 2 by 03-12, item 4 open past 03-25; item 5 undecided
    assert (cov.p50.successes, cov.p50.total) == (1, 3)
    # P90: items 1 and 2 covered; item 4's P90 (04-10) not passed yet: undecided
    assert (cov.p90.successes, cov.p90.total) == (2, 2)


def test_bin_intervals_reach_the_boundary_when_all_or_nothing_came_true() -> None:
    bins = calibration_bins([0.0] * 10 + [1.0] * 4, [0] * 10 + [1] * 4)
    assert bins[0].low == 0.0 and bins[0].high is not None and 0.0 < bins[0].high < 0.3
    assert bins[10].high == 1.0
    assert bins[10].low == pytest.approx(float(stats.beta.ppf(0.025, 4.5, 0.5)))


def test_coverage_since_uses_the_original_due_date() -> None:
    d = date
    frame = CommitmentFrame.build(
        due=[d(2026, 2, 2), d(2026, 3, 2)],
        outcome=["met", "met"],
        resolved=[d(2026, 2, 2), d(2026, 3, 9)],
        p50=[d(2026, 2, 3), d(2026, 3, 3)],
    )
    assert date_coverage(frame, d(2026, 3, 31)).p50.total == 2
    cov = date_coverage(frame, d(2026, 3, 31), since=d(2026, 3, 1))
    assert (cov.p50.successes, cov.p50.total) == (0, 1)
