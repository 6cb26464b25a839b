"""Forecast scores: how good were the stated probabilities (and P50/P90 dates)?

For binary events with forecast ``p_i`` and outcome ``o_i`` in {0, 1} (trust-and-impact.md 6.2):

- **Brier score** ``BS = mean((p - o) ** 2)``; always saying 50 % scores 0.25; lower is better.
- **Brier skill score** ``BSS = 1 - BS / (obar * (1 - obar))`` against always forecasting the
  base rate ``obar``; above 0 beats the base rate. Undefined when every outcome is the same.
- **Murphy decomposition** ``BS = REL - RES + UNC`` with ``REL = sum n_k (f_k - o_k)^2 / N``,
  ``RES = sum n_k (o_k - obar)^2 / N``, ``UNC = obar (1 - obar)``. The report bins on the
  eleven calibration bins below: binning on each distinct forecast value makes the
  decomposition exact but, with fine-grained probabilities (most of them distinct), every
  forecast is its own bin and pure noise shows a "resolution" close to the uncertainty. The
  within-bin term the calibration bins leave over is reported as ``residual``.
- **Calibration bins**: 11 bins centred on 0, 0.1 ... 1 (half-width 0.05, not folded at 50 %),
  each with its count, mean forecast, observed frequency and a Jeffreys interval (reaching 0 or
  1 when none or all came true, after Brown, Cai and DasGupta); bins with
  fewer than 5 forecasts are marked ``sparse``.
- **ECE** ``sum (n_k / N) |o_k - f_k|`` over those bins.
- **Over/under-confidence** ``OC = mean(max(p, 1 - p)) - mean(hit)``, ``hit`` = the favoured side
  (``p >= 0.5`` means "yes") came true; above 0 is overconfident. The share of hits among
  forecasts other than 50 % is the "right side of maybe".
- **Log score** ``100 * (log2 p(outcome) + 1)`` (Metaculus baseline form, higher is better; 0 for
  a 50 % forecast), with ``p`` clipped to [0.01, 0.99].

For date forecasts, **coverage** is the share of commitments delivered by their P50 date (should
be about 50 %) and by their P90 date (about 90 %).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from backwards.ledger.measures.commitment_frame import MET, CommitmentFrame
from backwards.ledger.measures.rates import Rate, jeffreys_interval, rate
from backwards.ledger.measures.saydo import in_period

__all__ = [
    "CalibrationBin",
    "Coverage",
    "ForecastScores",
    "Murphy",
    "brier_score",
    "calibration_bins",
    "date_coverage",
    "forecast_outcomes",
    "log_score",
    "murphy_decomposition",
    "score_forecasts",
]

Floats = npt.NDArray[np.float64]
LOG_CLIP = (0.01, 0.99)
SPARSE_BIN = 5


@dataclass(frozen=True, slots=True)
class Murphy:
    reliability: float
    resolution: float
    uncertainty: float
    residual: float  # BS - (REL - RES + UNC); 0 up to rounding when binned on distinct values

    def to_dict(self) -> dict[str, float]:
        return {
            "reliability": round(self.reliability, 6),
            "resolution": round(self.resolution, 6),
            "uncertainty": round(self.uncertainty, 6),
            "residual": round(self.residual, 9),
        }


@dataclass(frozen=True, slots=True)
class CalibrationBin:
    centre: float
    low_edge: float
    high_edge: float
    count: int
    hits: int
    mean_forecast: float | None
    observed: float | None
    low: float | None
    high: float | None

    @property
    def sparse(self) -> bool:
        return self.count < SPARSE_BIN

    def to_dict(self) -> dict[str, Any]:
        def r(v: float | None) -> float | None:
            return None if v is None else round(v, 6)

        return {
            "centre": self.centre,
            "count": self.count,
            "hits": self.hits,
            "mean_forecast": r(self.mean_forecast),
            "observed": r(self.observed),
            "low": r(self.low),
            "high": r(self.high),
            "sparse": self.sparse,
        }


@dataclass(frozen=True, slots=True)
class ForecastScores:
    count: int
    base_rate: float | None
    brier: float | None
    brier_reference: float | None
    brier_skill: float | None
    murphy: Murphy | None
    bins: tuple[CalibrationBin, ...]
    ece: float | None
    overconfidence: float | None
    right_side_of_maybe: float | None
    log_score: float | None

    def to_dict(self) -> dict[str, Any]:
        def r(v: float | None) -> float | None:
            return None if v is None else round(v, 6)

        return {
            "count": self.count,
            "base_rate": r(self.base_rate),
            "brier": r(self.brier),
            "brier_reference": r(self.brier_reference),
            "brier_skill": r(self.brier_skill),
            "murphy": None if self.murphy is None else self.murphy.to_dict(),
            "calibration": [b.to_dict() for b in self.bins],
            "ece": r(self.ece),
            "overconfidence": r(self.overconfidence),
            "right_side_of_maybe": r(self.right_side_of_maybe),
            "log_score": r(self.log_score),
        }


def _check(p: npt.ArrayLike, o: npt.ArrayLike) -> tuple[Floats, Floats]:
    pa = np.asarray(p, dtype=np.float64)
    oa = np.asarray(o, dtype=np.float64)
    if pa.shape != oa.shape or pa.ndim != 1:
        raise ValueError(f"forecasts and outcomes need the same 1-D shape: {pa.shape}, {oa.shape}")
    if pa.size and (np.any(~np.isfinite(pa)) or pa.min() < 0 or pa.max() > 1):
        raise ValueError("forecast probabilities must lie between 0 and 1")
    if oa.size and not np.all((oa == 0) | (oa == 1)):
        raise ValueError("outcomes must be 0 or 1")
    return pa, oa


def brier_score(p: npt.ArrayLike, o: npt.ArrayLike) -> float | None:
    """Mean squared difference between forecast and outcome; None without forecasts."""
    pa, oa = _check(p, o)
    return float(np.mean((pa - oa) ** 2)) if pa.size else None


def log_score(p: npt.ArrayLike, o: npt.ArrayLike) -> float | None:
    """Mean of ``100 * (log2 p(outcome) + 1)`` with p clipped to [0.01, 0.99]."""
    pa, oa = _check(p, o)
    if not pa.size:
        return None
    clipped = np.clip(pa, *LOG_CLIP)
    p_outcome = np.where(oa == 1, clipped, 1.0 - clipped)
    return float(np.mean(100.0 * (np.log2(p_outcome) + 1.0)))


def _calibration_index(pa: Floats) -> npt.NDArray[np.int64]:
    """The calibration bin of each forecast: 0..10, centred on 0, 0.1 ... 1."""
    return np.floor(pa * 10.0 + 0.5 + 1e-9).astype(np.int64)


def murphy_decomposition(
    p: npt.ArrayLike, o: npt.ArrayLike, *, bins: int | Literal["calibration"] | None = None
) -> Murphy | None:
    """REL, RES and UNC, binned on distinct values (``None``: exact), on the eleven calibration
    bins (``"calibration"``, what the report uses) or on ``bins`` equal-width bins."""
    pa, oa = _check(p, o)
    if not pa.size:
        return None
    if bins is None:
        _, index = np.unique(pa, return_inverse=True)
    elif bins == "calibration":
        index = _calibration_index(pa)
    else:
        index = np.minimum((pa * bins).astype(np.int64), bins - 1)
    counts = np.bincount(index).astype(np.float64)
    used = counts > 0
    f_k = np.bincount(index, weights=pa)[used] / counts[used]
    o_k = np.bincount(index, weights=oa)[used] / counts[used]
    n_k = counts[used]
    total = float(pa.size)
    obar = float(oa.mean())
    rel = float(np.sum(n_k * (f_k - o_k) ** 2) / total)
    res = float(np.sum(n_k * (o_k - obar) ** 2) / total)
    unc = obar * (1.0 - obar)
    bs = float(np.mean((pa - oa) ** 2))
    return Murphy(rel, res, unc, bs - (rel - res + unc))


def calibration_bins(
    p: npt.ArrayLike, o: npt.ArrayLike, *, confidence: float = 0.95
) -> tuple[CalibrationBin, ...]:
    """Eleven bins centred on 0, 0.1 ... 1 with counts, means and Jeffreys intervals."""
    pa, oa = _check(p, o)
    index = _calibration_index(pa)
    counts = np.bincount(index, minlength=11)
    sums = np.bincount(index, weights=pa, minlength=11)
    hits = np.bincount(index, weights=oa, minlength=11)
    out = []
    for k in range(11):
        n = int(counts[k])
        centre = k / 10.0
        low_edge, high_edge = max(0.0, centre - 0.05), min(1.0, centre + 0.05)
        if n == 0:
            out.append(CalibrationBin(centre, low_edge, high_edge, 0, 0, None, None, None, None))
            continue
        h = int(np.rint(hits[k]))
        low, high = jeffreys_interval(h, n, confidence)
        # Brown, Cai and DasGupta's boundary rule: none (all) came true -> the interval
        # reaches 0 (1), so it always contains the observed frequency
        low = 0.0 if h == 0 else low
        high = 1.0 if h == n else high
        out.append(
            CalibrationBin(centre, low_edge, high_edge, n, h, float(sums[k] / n), h / n, low, high)
        )
    return tuple(out)


def score_forecasts(p: npt.ArrayLike, o: npt.ArrayLike) -> ForecastScores:
    """Every binary forecast score at once (see the module docstring)."""
    pa, oa = _check(p, o)
    bins = calibration_bins(pa, oa)
    if not pa.size:
        return ForecastScores(0, None, None, None, None, None, bins, None, None, None, None)
    obar = float(oa.mean())
    bs = float(np.mean((pa - oa) ** 2))
    reference = obar * (1.0 - obar)
    skill = 1.0 - bs / reference if reference > 0 else None
    total = float(pa.size)
    ece = sum(
        (b.count / total) * abs(b.observed - b.mean_forecast)
        for b in bins
        if b.count and b.observed is not None and b.mean_forecast is not None
    )
    favoured_yes = pa >= 0.5
    confidence = np.maximum(pa, 1.0 - pa)
    hit = np.where(favoured_yes, oa == 1, oa == 0)
    not_maybe = pa != 0.5
    return ForecastScores(
        count=int(pa.size),
        base_rate=obar,
        brier=bs,
        brier_reference=reference,
        brier_skill=skill,
        murphy=murphy_decomposition(pa, oa, bins="calibration"),
        bins=bins,
        ece=float(ece),
        overconfidence=float(confidence.mean() - hit.mean()),
        right_side_of_maybe=float(hit[not_maybe].mean()) if not_maybe.any() else None,
        log_score=log_score(pa, oa),
    )


def forecast_outcomes(
    frame: CommitmentFrame,
    today: date,
    *,
    since: date | None = None,
    grace_days: int = 0,
) -> tuple[Floats, Floats]:
    """The (probability, outcome) pairs of commitments with a stated probability.

    The event forecast is "met by the original due date + grace". Commitments still undecided
    (not yet due) are left out, and so are those withdrawn *before* their original due date
    (annulled, like a question resolved ambiguous). A withdrawal on or after the due date is
    a miss, as say/do counts it: withdrawing a late 95 % forecast must not erase it.
    Aspirational commitments count: their probability is a forecast like any other.
    """
    frame = frame.as_of(today)
    mask = in_period(frame, today, since, grace_days) & ~np.isnan(frame.probability)
    mask &= ~frame.annulled
    f = frame.select(mask)
    hit = (f.outcome == MET) & (f.slip() <= grace_days)
    return f.probability, hit.astype(np.float64)


@dataclass(frozen=True, slots=True)
class Coverage:
    """Share of date forecasts delivered by their P50 and P90 dates."""

    p50: Rate
    p90: Rate

    def to_dict(self) -> dict[str, Any]:
        return {"p50": self.p50.to_dict(), "p90": self.p90.to_dict()}


def _covered(
    quantile_date: npt.NDArray[np.datetime64],
    frame: CommitmentFrame,
    day: np.datetime64,
    confidence: float,
) -> Rate:
    has = ~np.isnat(quantile_date) & ~frame.annulled
    delivered = frame.delivered & frame.is_resolved
    covered = has & delivered & (frame.resolved <= quantile_date)
    # known: delivered (either side of the date), or the date has passed without delivery
    decided = has & (delivered | (quantile_date < day))
    return rate(int(covered.sum()), int(decided.sum()), method="wilson", confidence=confidence)


def date_coverage(
    frame: CommitmentFrame,
    today: date,
    *,
    since: date | None = None,
    confidence: float = 0.95,
) -> Coverage:
    """Coverage of P50/P90 date forecasts as of ``today``, firm commitments only.

    Like every other measure it counts the commitments of the period: firm (aspirational ones
    are reported apart), original due date in ``[since, today]`` and decided (resolved, or past
    the due date). Within them a date forecast counts once it is decided: delivered (by the
    date or not), or the date has passed without delivery.
    """
    frame = frame.as_of(today)
    frame = frame.select(in_period(frame, today, since) & frame.committed)
    day = np.datetime64(today, "D")
    return Coverage(
        p50=_covered(frame.p50, frame, day, confidence),
        p90=_covered(frame.p90, frame, day, confidence),
    )
