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
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from backwards.ledger.model import Commitment, CommitmentRecord, Resolution, Revision

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
    "frame_from_values",
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
    if isinstance(values, np.ndarray):
        arr = values.astype(np.float64)
        if arr.shape != (n,):
            raise ValueError(f"expected {n} values, got {arr.shape}")
        return arr
    arr = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
    if arr.shape != (n,):
        raise ValueError(f"expected {n} values, got {arr.shape}")
    return arr


def busdays(start: Dates, end: Dates, holidays: Dates | None = None) -> npt.NDArray[np.int64]:
    """Business days (Mon-Fri, less ``holidays``) from ``start`` to ``end``:
    ``numpy.busday_count`` semantics.

    Counts the business days in ``[start, end)``; when ``end`` is earlier, minus the business
    days in ``(end, start]``. So a delivery on the due date slips 0 days, one on the next
    business day 1, one on the Friday before a Monday due date -1. Missing dates (NaT) give 0;
    mask them yourself.
    """
    missing = np.isnat(start) | np.isnat(end)
    epoch = np.datetime64("1970-01-01", "D")
    a = np.where(missing, epoch, start)
    b = np.where(missing, epoch, end)
    if holidays is None or not holidays.size:
        return np.busday_count(a, b).astype(np.int64)
    return np.busday_count(a, b, holidays=holidays).astype(np.int64)


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
    #: Holidays that are not business days (the ``ledger.holidays`` setting); not a row array.
    holidays: Dates = field(default_factory=lambda: np.empty(0, dtype="datetime64[D]"))

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
        rows = {f.name: getattr(self, f.name)[mask] for f in fields(self) if f.name != "holidays"}
        return CommitmentFrame(**rows, holidays=self.holidays)

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
    def annulled(self) -> Bools:
        """Withdrawn before the original due date: the forecast is void (no hit, no miss).
        A withdrawal on or after the due date is a miss."""
        return np.asarray((self.outcome == WITHDRAWN) & (self.resolved < self.due), dtype=bool)

    @property
    def delivered(self) -> Bools:
        """Met or partially met."""
        return np.asarray((self.outcome == MET) | (self.outcome == PARTIAL), dtype=bool)

    def slip(self) -> npt.NDArray[np.int64]:
        """Business days from the original due date to the resolution (0 while open)."""
        return busdays(self.due, self.resolved, self.holidays)


def _ordinals(days: Iterable[date | None]) -> npt.NDArray[np.int64]:
    return np.fromiter(
        (_NAT_INT if d is None else d.toordinal() - _EPOCH_ORDINAL for d in days), dtype=np.int64
    )


def _as_dates(ordinals: npt.NDArray[np.int64]) -> Dates:
    return ordinals.view("datetime64[D]")


def frame_from_values(
    commitments: Sequence[Commitment],
    revisions: Sequence[Revision],
    resolutions: Sequence[Resolution],
    today: date,
) -> CommitmentFrame:
    """Build a frame from model values as they stood on ``today`` (one row per commitment).

    Revisions made and resolutions dated after ``today`` are ignored, as are revisions and
    resolutions of commitments not in ``commitments``. Column by column, so that 100,000
    commitments take a fraction of a second.
    """
    n = len(commitments)
    ids = np.fromiter((c.id for c in commitments), dtype=np.int64, count=n)
    order = np.argsort(ids, kind="stable")
    sorted_ids = ids[order]
    day = np.datetime64(today, "D")

    def rows_of(keys: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], Bools]:
        if not n:
            return np.zeros(keys.size, dtype=np.int64), np.zeros(keys.size, dtype=bool)
        pos = np.minimum(np.searchsorted(sorted_ids, keys), n - 1)
        return order[pos], sorted_ids[pos] == keys

    due = _as_dates(_ordinals(c.due for c in commitments))
    made = _as_dates(_ordinals(c.made_at.date() for c in commitments))
    first_revision = np.full(n, NAT)
    latest_due = due.copy()
    if revisions:
        # a revision counts from when it was entered (``Revision.counted_at``: two clocks)
        r_at = _as_dates(_ordinals(r.counted_at.date() for r in revisions))
        r_rows, r_found = rows_of(np.fromiter((r.commitment_id for r in revisions), np.int64))
        r_new = _as_dates(_ordinals(r.new_due for r in revisions))
        stamp = np.fromiter((r.counted_at.timestamp() for r in revisions), dtype=np.float64)
        r_id = np.fromiter((r.id for r in revisions), dtype=np.int64)
        keep = r_found & (r_at <= day)
        # oldest first: ordered by (made_at, id), the model's order of revisions
        seq = np.lexsort((r_id[keep], stamp[keep]))
        rows, at, new = r_rows[keep][seq], r_at[keep][seq], r_new[keep][seq]
        # first revision per commitment: the first occurrence in time order
        uniq, first = np.unique(rows, return_index=True)
        first_revision[uniq] = at[first]
        # latest due: the last date-changing revision per commitment
        changed_rows, changed_new = rows[~np.isnat(new)], new[~np.isnat(new)]
        uniq, last_rev = np.unique(changed_rows[::-1], return_index=True)
        latest_due[uniq] = changed_new[::-1][last_rev]
    outcome = np.zeros(n, dtype=np.int8)
    resolved = np.full(n, NAT)
    fraction = np.full(n, np.nan)
    if resolutions:
        s_rows, s_found = rows_of(
            np.fromiter((r.commitment_id for r in resolutions), dtype=np.int64)
        )
        s_day = _as_dates(_ordinals(r.resolved_on for r in resolutions))
        codes = np.fromiter((OUTCOME_CODES[r.outcome] for r in resolutions), dtype=np.int8)
        fractions = np.fromiter(
            (np.nan if r.delivered_fraction is None else r.delivered_fraction for r in resolutions),
            dtype=np.float64,
        )
        keep = s_found & (s_day <= day)
        outcome[s_rows[keep]] = codes[keep]
        resolved[s_rows[keep]] = s_day[keep]
        fraction[s_rows[keep]] = fractions[keep]
    return CommitmentFrame.build(
        due=due,
        outcome=outcome,
        resolved=resolved,
        made=made,
        committed=np.fromiter((not c.aspirational for c in commitments), dtype=bool, count=n),
        latest_due=latest_due,
        first_revision=first_revision,
        fraction=fraction,
        weight=np.fromiter((c.weight for c in commitments), dtype=np.float64, count=n),
        probability=np.fromiter(
            (np.nan if c.probability is None else c.probability for c in commitments),
            dtype=np.float64,
            count=n,
        ),
        p50=_as_dates(_ordinals(c.p50_due for c in commitments)),
        p90=_as_dates(_ordinals(c.p90_due for c in commitments)),
    )


def frame_from_records(records: Iterable[CommitmentRecord], today: date) -> CommitmentFrame:
    """Build a frame from model records as they stood on ``today`` (see ``frame_from_values``)."""
    items = list(records)
    return frame_from_values(
        [r.commitment for r in items],
        [rev for r in items for rev in r.revisions],
        [r.resolution for r in items if r.resolution is not None],
        today,
    )
