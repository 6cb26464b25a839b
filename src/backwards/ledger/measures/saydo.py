"""Say/do and its family: did people do what they said, by when they said, and warn when not?

All measures read the commitments whose **original** due date falls in the period
``[since, today]`` and whose verdict is known: resolved, or open and past the due date plus the
grace (``grace_days`` business days). Moving a due date never moves a commitment out of the
period and never turns a miss into a hit (trust-and-impact.md, 6.1).

- **Say/do (count)** ``SD = #{met by due + grace} / #{due}``.
- **Weighted say/do** ``sum(w_i * m_i) / sum(w_i)``, ``m_i`` the delivered fraction when
  delivered by due + grace, else 0; ``w_i`` the commitment's weight (effort or value).
- **Trust-weighted say/do** ``sum(c_i) / N``: ``c_i = 1`` met on time, ``c_i = alpha`` when the
  expectation was reset early (first revision or withdrawal at least ``notice_days`` business days
  before the original due date) *and* the reset was honoured (met or partially met by the revised
  due date + grace, or withdrawn), else 0.
- **Completion rate** ``#{met at any time} / #{due}``; **on-time rate**
  ``#{delivered by due + grace} / #{delivered}`` (delivered = met or partially met).
- **Surprise-miss rate** ``#{misses with no notice before the due date} / #{misses}``; a miss is
  any commitment not met by its original due date + grace; notice is a revision or a withdrawal
  made before the original due date.
- **Notice lead time**: business days from the first revision to the original due date, median
  over revised commitments (negative = the reset came after the due date).
- **Shrunk say/do**: the count form as a Beta posterior, ``(k + 4) / (n + 5)`` with the
  interval of ``Beta(k + 4, n - k + 1)``, so that a short record reads as "probably fine" rather
  than 0 % or 100 %.

Aspirational commitments (stretch goals) are left out of all of these and scored on their own
(``aspirational``), since a healthy stretch goal lands around 0.6-0.7, not 1.0.

With ``half_life_days`` set, every rate weights a commitment by ``0.5 ** (age / half_life)``,
``age`` = days from its due date to ``today``; the interval then uses Kish's effective size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from backwards.ledger.measures.commitment_frame import MET, WITHDRAWN, CommitmentFrame, busdays
from backwards.ledger.measures.rates import (
    Method,
    Rate,
    beta_posterior,
    recency_weights,
    weighted_rate,
)

__all__ = ["SayDo", "SayDoPolicy", "in_period", "notice_lead_days", "say_do"]


@dataclass(frozen=True, slots=True)
class SayDoPolicy:
    """The knobs of the say/do family (defaults from trust-and-impact.md, 6.1)."""

    grace_days: int = 0
    alpha: float = 0.5
    notice_days: int = 5
    half_life_days: float | None = None
    method: Method = "wilson"
    confidence: float = 0.95

    def __post_init__(self) -> None:
        if self.grace_days < 0:
            raise ValueError("grace_days must not be negative")
        if not 0.0 <= self.alpha <= 1.0:
            raise ValueError("alpha must be between 0 and 1")
        if self.half_life_days is not None and self.half_life_days <= 0:
            raise ValueError("half_life_days must be positive")


@dataclass(frozen=True, slots=True)
class SayDo:
    """The say/do family for one set of commitments."""

    due: int
    met_on_time: int
    met_any_time: int
    delivered: int
    misses: int
    surprises: int
    renegotiated_early: int
    by_count: Rate
    weighted: Rate
    trust_weighted: Rate
    completion: Rate
    on_time: Rate
    surprise_miss: Rate
    notice_lead_median: float | None
    revised: int
    aspirational: Rate
    shrunk: Rate  # say/do (count) as a Beta posterior with the default prior Beta(4, 1)

    def to_dict(self) -> dict[str, Any]:
        return {
            "due": self.due,
            "met_on_time": self.met_on_time,
            "met_any_time": self.met_any_time,
            "delivered": self.delivered,
            "misses": self.misses,
            "surprises": self.surprises,
            "renegotiated_early": self.renegotiated_early,
            "revised": self.revised,
            "notice_lead_median_business_days": self.notice_lead_median,
            "say_do": self.by_count.to_dict(),
            "say_do_shrunk": self.shrunk.to_dict(),
            "weighted_say_do": self.weighted.to_dict(),
            "trust_weighted_say_do": self.trust_weighted.to_dict(),
            "completion_rate": self.completion.to_dict(),
            "on_time_rate": self.on_time.to_dict(),
            "surprise_miss_rate": self.surprise_miss.to_dict(),
            "aspirational": self.aspirational.to_dict(),
        }


def in_period(
    frame: CommitmentFrame, today: date, since: date | None = None, grace_days: int = 0
) -> npt.NDArray[np.bool_]:
    """Rows whose original due date is in ``[since, today]`` and whose verdict is known."""
    day = np.datetime64(today, "D")
    mask = frame.due <= day
    if since is not None:
        mask &= frame.due >= np.datetime64(since, "D")
    today_arr = np.full(len(frame), day)
    past_grace = busdays(frame.due, today_arr, frame.holidays) > grace_days
    mask &= frame.is_resolved | past_grace
    return np.asarray(mask, dtype=bool)


def notice_lead_days(frame: CommitmentFrame) -> npt.NDArray[np.int64]:
    """Business days from the first revision to the original due date, revised rows only."""
    revised = ~np.isnat(frame.first_revision)
    return busdays(frame.first_revision[revised], frame.due[revised], frame.holidays)


def say_do(
    frame: CommitmentFrame,
    today: date,
    *,
    since: date | None = None,
    policy: SayDoPolicy | None = None,
) -> SayDo:
    """Compute the say/do family as of ``today`` (see the module docstring)."""
    policy = policy or SayDoPolicy()
    frame = frame.as_of(today)
    period = in_period(frame, today, since, policy.grace_days)
    aspirational = frame.select(period & ~frame.committed)
    f = frame.select(period & frame.committed)
    n = len(f)
    day = np.datetime64(today, "D")

    resolved = f.is_resolved
    slip = f.slip()
    delivered = f.delivered & resolved
    on_time = delivered & (slip <= policy.grace_days)
    met = f.outcome == MET
    met_on_time = met & on_time
    withdrawn = f.outcome == WITHDRAWN

    # notice: the first revision or a withdrawal, whichever came first, before the due date
    withdrawal_day = np.where(withdrawn, f.resolved, np.datetime64("NaT", "D"))
    notice_day = np.fmin(f.first_revision, withdrawal_day)
    has_notice = ~np.isnat(notice_day) & (notice_day < f.due)
    lead = busdays(notice_day, f.due, f.holidays)
    early = has_notice & (lead >= policy.notice_days)
    honoured = (
        delivered & (busdays(f.latest_due, f.resolved, f.holidays) <= policy.grace_days)
    ) | withdrawn
    credit = np.where(met_on_time, 1.0, np.where(early & honoured, policy.alpha, 0.0))

    misses = ~met_on_time
    surprises = misses & ~has_notice
    value = np.where(on_time, np.clip(f.fraction, 0.0, 1.0), 0.0)

    weights: npt.NDArray[np.float64] | None = None
    if policy.half_life_days is not None:
        ages = (day - f.due).astype(np.int64)
        weights = recency_weights(ages, policy.half_life_days)

    def _rate(values: npt.NDArray[Any], mask: npt.NDArray[np.bool_] | None = None) -> Rate:
        v = values.astype(np.float64)
        w = weights
        if mask is not None:
            v = v[mask]
            w = None if w is None else w[mask]
        return weighted_rate(v, w, method=policy.method, confidence=policy.confidence)

    value_weights = f.weight if weights is None else f.weight * weights
    leads = notice_lead_days(f)
    a_f = aspirational
    a_on_time = (a_f.outcome == MET) & (a_f.slip() <= policy.grace_days)
    by_count = _rate(met_on_time)
    return SayDo(
        due=n,
        met_on_time=int(met_on_time.sum()),
        met_any_time=int(met.sum()),
        delivered=int(delivered.sum()),
        misses=int(misses.sum()),
        surprises=int(surprises.sum()),
        renegotiated_early=int((early & honoured & ~met_on_time).sum()),
        by_count=by_count,
        weighted=weighted_rate(
            value, value_weights, method=policy.method, confidence=policy.confidence
        ),
        trust_weighted=_rate(credit),
        completion=_rate(met),
        on_time=_rate(on_time, delivered),
        surprise_miss=_rate(surprises, misses),
        notice_lead_median=float(np.median(leads)) if leads.size else None,
        revised=int(leads.size),
        aspirational=weighted_rate(
            a_on_time.astype(np.float64), method=policy.method, confidence=policy.confidence
        ),
        shrunk=beta_posterior(by_count.successes, by_count.total, confidence=policy.confidence),
    )
