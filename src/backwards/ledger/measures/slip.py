"""Slip: how late commitments land, in business days, with open overdue items kept in.

``slip_i = busdays(original due, delivered)`` (negative = early, 0 = on the due date). Items that
are overdue and still open have an unknown slip that is *at least* the business days so far:
they are right-censored and enter a Kaplan-Meier estimate instead of being dropped. Items
resolved as missed, and those withdrawn on or after their due date, will never arrive: their
slip is infinite, so they stay in the risk set for good (censored beyond every observed time),
not at the day they were closed as if they could still land. Dropping either would make a
chronic over-promiser look punctual. The median, P80 and P90 read off that curve; a quantile
that the curve never reaches is ``None``, shown as "more than the longest observed slip".

The same statistics computed on delivered items only (``naive_*``) are kept beside them to show
how much this matters. Commitments withdrawn before their due date have no slip (left out).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from backwards.ledger.measures.commitment_frame import (
    MISSED,
    OPEN,
    WITHDRAWN,
    CommitmentFrame,
    busdays,
)
from backwards.ledger.measures.saydo import in_period
from backwards.ledger.measures.survival import KaplanMeier, kaplan_meier

__all__ = ["Slip", "slip"]


@dataclass(frozen=True, slots=True)
class Slip:
    """Slip statistics in business days (see the module docstring)."""

    delivered: int
    censored: int  # still open past the due date
    never_delivered: int  # missed, or withdrawn on or after the due date
    median: float | None
    p80: float | None
    p90: float | None
    naive_median: float | None
    naive_p80: float | None
    naive_p90: float | None
    mean_absolute: float | None
    longest_observed: float | None
    curve: KaplanMeier

    @property
    def count(self) -> int:
        return self.delivered + self.censored + self.never_delivered

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": "business days",
            "delivered": self.delivered,
            "censored": self.censored,
            "never_delivered": self.never_delivered,
            "median": self.median,
            "p80": self.p80,
            "p90": self.p90,
            "naive_median": self.naive_median,
            "naive_p80": self.naive_p80,
            "naive_p90": self.naive_p90,
            "mean_absolute": self.mean_absolute,
            "longest_observed": self.longest_observed,
            "curve": self.curve.to_dict(),
        }


def _quantiles(curve: KaplanMeier) -> tuple[float | None, float | None, float | None]:
    if curve.n == 0:
        return (None, None, None)
    return (curve.quantile(0.5), curve.quantile(0.8), curve.quantile(0.9))


def slip(
    frame: CommitmentFrame,
    today: date,
    *,
    since: date | None = None,
    grace_days: int = 0,
    committed_only: bool = True,
) -> Slip:
    """Slip of the commitments due in ``[since, today]`` as of ``today``."""
    frame = frame.as_of(today)
    mask = in_period(frame, today, since, grace_days)
    if committed_only:
        mask &= frame.committed
    f = frame.select(mask & ~frame.annulled)
    delivered = f.delivered
    still_open = f.outcome == OPEN
    never = (f.outcome == MISSED) | (f.outcome == WITHDRAWN)
    keep = delivered | still_open | never
    today_arr = np.full(len(f), np.datetime64(today, "D"))
    end = np.where(still_open, today_arr, f.resolved)
    durations = busdays(f.due, end, f.holidays)[keep].astype(np.float64)
    observed = delivered[keep]
    lost = never[keep]
    longest = float(durations.max()) if durations.size else None
    if lost.any():  # never arriving: at risk beyond every observed time (an infinite slip)
        durations = np.where(lost, durations.max(), durations)
    curve = kaplan_meier(durations, observed)
    naive = kaplan_meier(durations[observed], np.ones(int(observed.sum()), dtype=bool))
    median, p80, p90 = _quantiles(curve)
    n_median, n_p80, n_p90 = _quantiles(naive)
    delivered_slip = durations[observed]
    return Slip(
        delivered=int(observed.sum()),
        censored=int((still_open[keep]).sum()),
        never_delivered=int(lost.sum()),
        median=median,
        p80=p80,
        p90=p90,
        naive_median=n_median,
        naive_p80=n_p80,
        naive_p90=n_p90,
        mean_absolute=float(np.abs(delivered_slip).mean()) if delivered_slip.size else None,
        longest_observed=longest,
        curve=curve,
    )
