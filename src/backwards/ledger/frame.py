"""Commitments as columns: the numpy view that every commitment measure reads.

A ``CommitmentFrame`` holds one array per fact, one row per commitment, so that the measures run
as vectorised numpy over 100,000 commitments. ``CommitmentFrame.build`` takes plain sequences
(handy in tests and for other callers); ``frame_from_records`` takes the model's
``CommitmentRecord`` values.

Dates are ``datetime64[D]``; a missing date is ``NaT``. ``as_of(today)`` hides what had not
happened yet on ``today`` (a resolution or revision dated later), so a report for a past date
reads the ledger as it stood then.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from backwards.ledger.model import CommitmentRecord

__all__ = [
    "MET",
    "MISSED",
    "OPEN",
    "OUTCOME_CODES",
    "PARTIAL",
    "WITHDRAWN",
    "CommitmentFrame",
    "busdays",
    "frame_from_records",
]

OPEN, MET, PARTIAL, MISSED, WITHDRAWN = 0, 1, 2, 3, 4
OUTCOME_CODES = {
    "open": OPEN,
    "met": MET,
    "partially_met": PARTIAL,
    "missed": MISSED,
    "withdrawn": WITHDRAWN,
}

Dates = npt.NDArray[np.datetime64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
NAT = np.datetime64("NaT", "D")
_NAT_INT = int(np.iinfo(np.int64).min)  # the bit pattern of NaT
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def _dates(values: Sequence[date | None] | Dates, n: int, name: str) -> Dates:
    if isinstance(values, np.ndarray):
        arr = values.astype("datetime64[D]")
    else:
        # ordinals are much faster than one np.datetime64 per value on 100,000 rows
        ordinals = np.fromiter(
            (_NAT_INT if v is None else v.toordinal() - _EPOCH_ORDINAL for v in values),
            dtype=np.int64,
            count=len(values),
        )
        arr = ordinals.view("datetime64[D]")
    if arr.shape != (n,):
        raise ValueError(f"{name} has {arr.shape[0] if arr.ndim else 0} values, expected {n}")
    return arr


def _floats(values: Sequence[float | None] | Floats | None, n: int, default: float) -> Floats:
    if values is None:
        return np.full(n, default, dtype=np.float64)
    arr = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
    if arr.shape != (n,):
        raise ValueError(f"expected {n} values, got {arr.shape}")
    return arr


def busdays(start: Dates, end: Dates) -> npt.NDArray[np.int64]:
    """Business days (Mon-Fri) from ``start`` to ``end``: ``numpy.busday_count`` semantics.

    Counts the business days in ``[start, end)``, negative when ``end`` is earlier; so a
    delivery on the due date slips 0 days and one on the next business day slips 1. Missing
    dates (NaT) give 0; mask them yourself.
    """
    missing = np.isnat(start) | np.isnat(end)
    epoch = np.datetime64("1970-01-01", "D")
    a = np.where(missing, epoch, start)
    b = np.where(missing, epoch, end)
    return np.busday_count(a, b).astype(np.int64)


@dataclass(frozen=True, slots=True)
class CommitmentFrame:
    """One row per commitment (see the module docstring for the conventions)."""

    committed: Bools  # False = aspirational
    made: Dates
    due: Dates  # the original due date, frozen
    latest_due: Dates  # after every revision (= due when never revised)
    first_revision: Dates  # day of the first revision; NaT when never revised
    outcome: npt.NDArray[np.int8]  # OPEN, MET, PARTIAL, MISSED, WITHDRAWN
    resolved: Dates  # NaT while open
    fraction: Floats  # delivered share (0..1) of a resolved commitment
    weight: Floats
    probability: Floats  # NaN when none was stated
    p50: Dates
    p90: Dates

    def __len__(self) -> int:
        return int(self.due.shape[0])

    @classmethod
    def build(
        cls,
        *,
        due: Sequence[date] | Dates,
        outcome: Sequence[str] | npt.NDArray[np.int8],
        resolved: Sequence[date | None] | Dates | None = None,
        made: Sequence[date | None] | Dates | None = None,
        committed: Sequence[bool] | Bools | None = None,
        latest_due: Sequence[date | None] | Dates | None = None,
        first_revision: Sequence[date | None] | Dates | None = None,
        fraction: Sequence[float | None] | Floats | None = None,
        weight: Sequence[float] | Floats | None = None,
        probability: Sequence[float | None] | Floats | None = None,
        p50: Sequence[date | None] | Dates | None = None,
        p90: Sequence[date | None] | Dates | None = None,
    ) -> CommitmentFrame:
        """A frame from plain sequences; ``outcome`` as names ("met") or codes."""
        n = len(due)
        nats: list[None] = [None] * n
        due_arr = _dates(due, n, "due")
        if isinstance(outcome, np.ndarray):
            codes = outcome.astype(np.int8)
        else:
            try:
                codes = np.array([OUTCOME_CODES[o] for o in outcome], dtype=np.int8)
            except KeyError as exc:
                raise ValueError(f"unknown outcome {exc.args[0]!r}") from None
        if codes.shape != (n,):
            raise ValueError(f"outcome has {codes.shape[0]} values, expected {n}")
        resolved_arr = _dates(nats if resolved is None else resolved, n, "resolved")
        fraction_arr = _floats(fraction, n, np.nan)
        default_fraction = np.select(
            [codes == MET, codes == PARTIAL], [1.0, 0.5], default=0.0
        ).astype(np.float64)
        fraction_arr = np.where(np.isnan(fraction_arr), default_fraction, fraction_arr)
        latest = _dates(due_arr if latest_due is None else latest_due, n, "latest_due")
        latest = np.where(np.isnat(latest), due_arr, latest)
        return cls(
            committed=np.ones(n, dtype=bool)
            if committed is None
            else np.asarray(committed, dtype=bool),
            made=_dates(nats if made is None else made, n, "made"),
            due=due_arr,
            latest_due=latest,
            first_revision=_dates(
                nats if first_revision is None else first_revision, n, "first_revision"
            ),
            outcome=codes,
            resolved=resolved_arr,
            fraction=fraction_arr,
            weight=_floats(weight, n, 1.0),
            probability=_floats(probability, n, np.nan),
            p50=_dates(nats if p50 is None else p50, n, "p50"),
            p90=_dates(nats if p90 is None else p90, n, "p90"),
        )

    def select(self, mask: Bools) -> CommitmentFrame:
        """The rows where ``mask`` is True."""
        return CommitmentFrame(**{f.name: getattr(self, f.name)[mask] for f in fields(self)})

    def as_of(self, today: date) -> CommitmentFrame:
        """The ledger as it stood on ``today``: later resolutions are open again."""
        day = np.datetime64(today, "D")
        future = ~np.isnat(self.resolved) & (self.resolved > day)
        if not future.any():
            return self
        return replace(
            self,
            outcome=np.where(future, OPEN, self.outcome).astype(np.int8),
            resolved=np.where(future, NAT, self.resolved),
            fraction=np.where(future, 0.0, self.fraction),
        )

    @property
    def is_resolved(self) -> Bools:
        return np.asarray(self.outcome != OPEN, dtype=bool)

    @property
    def delivered(self) -> Bools:
        """Met or partially met."""
        return np.asarray((self.outcome == MET) | (self.outcome == PARTIAL), dtype=bool)

    def slip(self) -> npt.NDArray[np.int64]:
        """Business days from the original due date to the resolution (0 while open)."""
        return busdays(self.due, self.resolved)


def frame_from_records(records: Iterable[CommitmentRecord], today: date) -> CommitmentFrame:
    """Build a frame from model records as they stood on ``today``.

    Revisions and resolutions dated after ``today`` are ignored.
    """
    due: list[date] = []
    made: list[date] = []
    committed: list[bool] = []
    latest: list[date] = []
    first_rev: list[date | None] = []
    outcome: list[str] = []
    resolved: list[date | None] = []
    fraction: list[float | None] = []
    weight: list[float] = []
    probability: list[float | None] = []
    p50: list[date | None] = []
    p90: list[date | None] = []
    for record in records:
        c = record.commitment
        due.append(c.due)
        made.append(c.made_at.date())
        committed.append(not c.aspirational)
        weight.append(c.weight)
        probability.append(c.probability)
        p50.append(c.p50_due)
        p90.append(c.p90_due)
        revs = [r for r in record.revisions if r.made_at.date() <= today]
        first_rev.append(min(r.made_at for r in revs).date() if revs else None)
        last_due = c.due
        for r in sorted(revs, key=lambda r: (r.made_at, r.id)):
            if r.new_due is not None:
                last_due = r.new_due
        latest.append(last_due)
        res = record.resolution
        if res is None or res.resolved_on > today:
            outcome.append("open")
            resolved.append(None)
            fraction.append(None)
        else:
            outcome.append(res.outcome.value)
            resolved.append(res.resolved_on)
            fraction.append(res.fraction)
    return CommitmentFrame.build(
        due=due,
        outcome=outcome,
        resolved=resolved,
        made=made,
        committed=committed,
        latest_due=latest,
        first_revision=first_rev,
        fraction=fraction,
        weight=weight,
        probability=probability,
        p50=p50,
        p90=p90,
    )
