"""Tests that kill the mutants `make mutation` found alive in ``ledger/measures/forecast.py``.

Every expected number is worked out by hand in the comments. See docs/testing.md, "Mutation
testing".
"""

from __future__ import annotations

import pytest
from scipy import stats

from backwards.ledger.measures.forecast import (
    CalibrationBin,
    Coverage,
    ForecastScores,
    Murphy,
    brier_score,
    calibration_bins,
    murphy_decomposition,
)
from backwards.ledger.measures.rates import Rate


def test_murphy_to_dict_rounds_each_term() -> None:
    # Each term is rounded to 6 places (the residual to 9): a 7th place would show.
    assert Murphy(0.1234567891, 0.20000007, 0.30000006, 0.00123456789012).to_dict() == {
        "reliability": 0.123457,
        "resolution": 0.2,
        "uncertainty": 0.3,
        "residual": 0.001234568,
    }


def test_no_forecasts_have_no_score() -> None:
    assert brier_score([], []) is None
    assert murphy_decomposition([], []) is None


def test_murphy_on_two_equal_width_bins() -> None:
    # p = 0.1, 0.2 | 0.7, 0.9, 1.0 (1.0 falls in the last bin), o = 0, 1 | 1, 1, 1.
    # Bin 0: mean forecast 0.15, observed 0.5, 2 items; bin 1: 2.6/3, 1.0, 3 items; obar 0.8.
    # REL = (2 * 0.35^2 + 3 * (0.4/3)^2) / 5 = (0.245 + 0.16/3) / 5
    # RES = (2 * 0.3^2 + 3 * 0.2^2) / 5 = 0.06;  UNC = 0.8 * 0.2 = 0.16
    # BS = (0.01 + 0.64 + 0.09 + 0.01 + 0) / 5 = 0.15
    p = [0.1, 0.2, 0.7, 0.9, 1.0]
    o = [0, 1, 1, 1, 1]
    m = murphy_decomposition(p, o, bins=2)
    assert m is not None
    rel = (0.245 + 0.16 / 3) / 5
    assert m.reliability == pytest.approx(rel)
    assert m.resolution == pytest.approx(0.06)
    assert m.uncertainty == pytest.approx(0.16)
    assert m.residual == pytest.approx(0.15 - (rel - 0.06 + 0.16))
    assert brier_score(p, o) == pytest.approx(0.15)
    # Four bins of width 0.25: 0.1, 0.2 | (none) | 0.7 | 0.9, 1.0 (1.0 again in the last).
    # REL = (2 * 0.35^2 + 0.3^2 + 2 * 0.05^2) / 5 = (0.245 + 0.09 + 0.005) / 5 = 0.068
    # RES = (2 * 0.3^2 + 0.2^2 + 2 * 0.2^2) / 5 = 0.3 / 5 = 0.06
    m4 = murphy_decomposition(p, o, bins=4)
    assert m4 is not None
    assert m4.reliability == pytest.approx(0.068)
    assert m4.resolution == pytest.approx(0.06)


def bin_at(centre: float, count: int, mean: float | None) -> CalibrationBin:
    return CalibrationBin(
        centre, centre - 0.05, centre + 0.05, count, 2, mean, 0.40000007, 0.10000006, None
    )


def test_calibration_bin_and_scores_to_dict_name_every_field_and_round_to_six_places() -> None:
    sparse = bin_at(0.3, 3, 0.30000007)
    assert sparse.to_dict() == {
        "centre": 0.3,
        "count": 3,
        "hits": 2,
        "mean_forecast": 0.3,
        "observed": 0.4,
        "low": 0.1,
        "high": None,
        "sparse": True,
    }
    full = bin_at(0.7, 50, None)
    assert full.to_dict()["sparse"] is False and full.to_dict()["mean_forecast"] is None
    scores = ForecastScores(
        count=53,
        base_rate=0.50000007,
        brier=0.20000007,
        brier_reference=0.25,
        brier_skill=None,
        murphy=Murphy(0.1, 0.2, 0.3, 0.0),
        bins=(sparse,),
        ece=0.05000007,
        overconfidence=-0.01,
        right_side_of_maybe=0.6,
        log_score=12.34567891,
    )
    assert scores.to_dict() == {
        "count": 53,
        "base_rate": 0.5,
        "brier": 0.2,
        "brier_reference": 0.25,
        "brier_skill": None,
        "murphy": {"reliability": 0.1, "resolution": 0.2, "uncertainty": 0.3, "residual": 0.0},
        "calibration": [sparse.to_dict()],
        "ece": 0.05,
        "overconfidence": -0.01,
        "right_side_of_maybe": 0.6,
        "log_score": 12.345679,
    }


def test_calibration_bins_by_hand() -> None:
    # Forecasts 0.0, 0.12, 0.5, 0.5, 0.96, 1.0 with outcomes 0, 1, 1, 0, 1, 1: bins centred on
    # 0 (one, none true), 0.1 (one, true), 0.5 (two, one true), 1.0 (0.96 and 1.0, both true).
    p = [0.0, 0.12, 0.5, 0.5, 0.96, 1.0]
    o = [0, 1, 1, 0, 1, 1]
    bins = calibration_bins(p, o, confidence=0.8)
    assert len(bins) == 11
    # Edges written out: 0.05 either side of the centre, the end bins cut at 0 and 1.
    edges = [(0.0, 0.05), (0.05, 0.15), (0.15, 0.25), (0.25, 0.35), (0.35, 0.45), (0.45, 0.55),
             (0.55, 0.65), (0.65, 0.75), (0.75, 0.85), (0.85, 0.95), (0.95, 1.0)]  # fmt: skip
    assert [b.centre for b in bins] == [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]
    for b, (low, high) in zip(bins, edges, strict=True):
        assert (b.low_edge, b.high_edge) == pytest.approx((low, high))
    assert [(b.count, b.hits) for b in bins] == [
        (1, 0), (1, 1), (0, 0), (0, 0), (0, 0), (2, 1), (0, 0), (0, 0), (0, 0), (0, 0), (2, 2)
    ]  # fmt: skip
    empty = bins[3]
    assert (empty.mean_forecast, empty.observed, empty.low, empty.high) == (None, None, None, None)
    half = bins[5]
    # Jeffreys at 80 %: the 10 % and 90 % quantiles of Beta(1.5, 1.5) (scipy).
    tails = stats.beta(1.5, 1.5).ppf([0.1, 0.9])
    assert (half.mean_forecast, half.observed) == (0.5, 0.5)
    assert (half.low, half.high) == pytest.approx(tuple(tails))
    # None came true: the interval reaches 0; all came true: it reaches 1.
    assert bins[0].low == 0.0 and bins[0].high == pytest.approx(stats.beta(0.5, 1.5).ppf(0.9))
    assert bins[10].high == 1.0 and bins[10].mean_forecast == pytest.approx(0.98)
    assert bins[10].low == pytest.approx(stats.beta(2.5, 0.5).ppf(0.1))


def test_coverage_to_dict() -> None:
    p50 = Rate(1.0, 2.0, 0.5, 0.1, 0.9, "wilson", 0.95, 2)
    p90 = Rate(2.0, 2.0, 1.0, 0.3, 1.0, "wilson", 0.95, 2)
    assert Coverage(p50, p90).to_dict() == {"p50": p50.to_dict(), "p90": p90.to_dict()}
