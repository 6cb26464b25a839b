"""The Kaplan-Meier survival curve, for slip with right-censored (still open) items.

``kaplan_meier(durations, observed)`` returns the product-limit estimate
``S(t) = prod over event times t_j <= t of (1 - d_j / n_j)`` where ``d_j`` items ended at
``t_j`` and ``n_j`` were still at risk just before it. A censored item (``observed`` False) counts
as at risk up to and including its time and then leaves without an event: for slip, an overdue
item that is still open tells us its slip is *at least* the days so far.

Durations may be negative (an early delivery is a negative slip). Vectorised with numpy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["KaplanMeier", "kaplan_meier"]


@dataclass(frozen=True, slots=True)
class KaplanMeier:
    """The estimate at each distinct time: ``survival[i] = S(times[i])`` (right-continuous)."""

    times: npt.NDArray[np.float64]
    survival: npt.NDArray[np.float64]
    at_risk: npt.NDArray[np.int64]
    events: npt.NDArray[np.int64]
    censored: npt.NDArray[np.int64]

    @property
    def n(self) -> int:
        return int(self.at_risk[0]) if self.at_risk.size else 0

    def survival_at(self, t: float) -> float:
        """``S(t)``: the estimated share of items whose duration exceeds ``t``."""
        i = int(np.searchsorted(self.times, t, side="right")) - 1
        return 1.0 if i < 0 else float(self.survival[i])

    def quantile(self, q: float) -> float | None:
        """The smallest time ``t`` with ``F(t) = 1 - S(t) >= q``; None when never reached.

        ``quantile(0.5)`` is the median (the lifelines convention: the first time the curve
        falls to 0.5 or below). None means the quantile lies beyond the longest observed time,
        because too many items are still open: report it as "more than" that time.
        """
        if not 0.0 < q < 1.0:
            raise ValueError(f"quantile must be between 0 and 1, got {q}")
        hits = np.nonzero(self.survival <= 1.0 - q + 1e-12)[0]
        return float(self.times[hits[0]]) if hits.size else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "times": [float(t) for t in self.times],
            "survival": [round(float(s), 6) for s in self.survival],
            "at_risk": [int(n) for n in self.at_risk],
            "events": [int(d) for d in self.events],
            "censored": [int(c) for c in self.censored],
        }


def kaplan_meier(durations: npt.ArrayLike, observed: npt.ArrayLike) -> KaplanMeier:
    """Kaplan-Meier estimate from durations and event flags (False = right-censored)."""
    t = np.asarray(durations, dtype=np.float64)
    e = np.asarray(observed, dtype=bool)
    if t.shape != e.shape or t.ndim != 1:
        raise ValueError(f"durations and observed need the same 1-D shape: {t.shape}, {e.shape}")
    if t.size and not np.all(np.isfinite(t)):
        raise ValueError("durations must be finite numbers")
    if t.size == 0:
        empty_f = np.empty(0, dtype=np.float64)
        empty_i = np.empty(0, dtype=np.int64)
        return KaplanMeier(empty_f, empty_f, empty_i, empty_i, empty_i)
    times, inverse = np.unique(t, return_inverse=True)
    total = np.bincount(inverse, minlength=times.size).astype(np.int64)
    events = np.bincount(inverse, weights=e.astype(np.float64), minlength=times.size)
    events = np.rint(events).astype(np.int64)
    leaving_before = np.concatenate(([0], np.cumsum(total)[:-1]))
    at_risk = t.size - leaving_before
    factors = 1.0 - events / at_risk
    survival = np.cumprod(factors)
    return KaplanMeier(times, survival, at_risk.astype(np.int64), events, total - events)
