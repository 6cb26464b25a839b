"""Mistakes that come back: repeat rate, action-item closure, correction-of-errors effectiveness.

Over the mistakes that occurred in ``[since, today]`` (trust-and-impact.md, 6.3):

- **Repeat rate** ``#{mistakes with a confirmed repeat_of} / #{mistakes}``, and the median days
  between a repeat and the mistake it repeats.
- **Action-item closure** ``#{actions closed by their due date} / #{actions due by today}``, with
  the median days overdue of the actions that were late or are still open past due.
- **COE effectiveness** ``1 - #{mistakes repeated after all their actions were closed} /
  #{mistakes whose actions were all closed}``: a repeat after the actions were closed means the
  actions did not work; a repeat while they were still open (``repeats_with_open_actions``)
  means they were not done.

Only confirmed repeats count (``repeat_of`` is set by a person); similarity only suggests.
Vectorised with numpy; ``MistakeLog`` is the columnar input.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from backwards.ledger.measures.rates import Rate, rate

if TYPE_CHECKING:
    from backwards.ledger.model import Mistake

__all__ = ["ActionFact", "MistakeLog", "MistakeMeasures", "mistake_measures"]

Dates = npt.NDArray[np.datetime64]
Ints = npt.NDArray[np.int64]
NAT = np.datetime64("NaT", "D")


def _day(value: date | None) -> np.datetime64:
    return NAT if value is None else np.datetime64(value, "D")


@dataclass(frozen=True, slots=True)
class ActionFact:
    """One action item: the mistake it belongs to, its due date and when it was closed."""

    mistake_id: int
    due: date
    closed: date | None = None


@dataclass(frozen=True, slots=True)
class MistakeLog:
    """Mistakes and their action items as columns."""

    ids: Ints
    occurred: Dates
    repeat_of: Ints  # row of the repeated mistake; -1 for none (or one not in the log)
    action_row: Ints  # row of the mistake each action belongs to
    action_due: Dates
    action_closed: Dates
    #: rows that count as mistakes; the others are context (earlier mistakes that counted
    #: ones repeat). None: every row counts.
    counted: npt.NDArray[np.bool_] | None = None

    def __len__(self) -> int:
        return int(self.ids.size)

    @classmethod
    def build(
        cls,
        ids: Sequence[int],
        occurred: Sequence[date],
        repeat_of: Sequence[int | None],
        actions: Iterable[ActionFact] = (),
        *,
        counted: int | None = None,
    ) -> MistakeLog:
        """Columns from plain values; with ``counted``, only the first ``counted`` rows count."""
        if not len(ids) == len(occurred) == len(repeat_of):
            raise ValueError("ids, occurred and repeat_of must have the same length")
        id_arr = np.asarray(ids, dtype=np.int64)
        row_of = {int(i): r for r, i in enumerate(ids)}
        rep = np.array([row_of.get(int(r), -1) if r is not None else -1 for r in repeat_of])
        acts = list(actions)
        unknown = [a.mistake_id for a in acts if a.mistake_id not in row_of]
        if unknown:
            raise ValueError(f"action items refer to unknown mistakes: {sorted(set(unknown))}")
        return cls(
            ids=id_arr,
            occurred=np.array([_day(d) for d in occurred], dtype="datetime64[D]"),
            repeat_of=rep.astype(np.int64).reshape(-1),
            action_row=np.array([row_of[a.mistake_id] for a in acts], dtype=np.int64),
            action_due=np.array([_day(a.due) for a in acts], dtype="datetime64[D]"),
            action_closed=np.array([_day(a.closed) for a in acts], dtype="datetime64[D]"),
            counted=None if counted is None else np.arange(len(ids)) < counted,
        )

    @classmethod
    def from_mistakes(
        cls, mistakes: Iterable[Mistake], *, counted: int | None = None
    ) -> MistakeLog:
        items = list(mistakes)
        return cls.build(
            [m.id for m in items],
            [m.occurred_on for m in items],
            [m.repeat_of for m in items],
            [ActionFact(m.id, a.due, a.closed_on) for m in items for a in m.action_items],
            counted=counted,
        )


@dataclass(frozen=True, slots=True)
class MistakeMeasures:
    mistakes: int
    repeats: int
    repeat_rate: Rate
    days_between_repeats_median: float | None
    actions_due: int
    actions_closed_on_time: int
    actions_open_overdue: int
    action_closure: Rate
    days_overdue_median: float | None
    with_closed_actions: int
    repeated_after_closed: int
    repeats_with_open_actions: int
    coe_effectiveness: Rate

    def to_dict(self) -> dict[str, Any]:
        return {
            "mistakes": self.mistakes,
            "repeats": self.repeats,
            "repeat_rate": self.repeat_rate.to_dict(),
            "days_between_repeats_median": self.days_between_repeats_median,
            "actions_due": self.actions_due,
            "actions_closed_on_time": self.actions_closed_on_time,
            "actions_open_overdue": self.actions_open_overdue,
            "action_closure": self.action_closure.to_dict(),
            "days_overdue_median": self.days_overdue_median,
            "with_closed_actions": self.with_closed_actions,
            "repeated_after_closed": self.repeated_after_closed,
            "repeats_with_open_actions": self.repeats_with_open_actions,
            "coe_effectiveness": self.coe_effectiveness.to_dict(),
        }


def _median(values: npt.NDArray[Any]) -> float | None:
    return float(np.median(values)) if values.size else None


def mistake_measures(
    log: MistakeLog,
    today: date,
    *,
    since: date | None = None,
    confidence: float = 0.95,
) -> MistakeMeasures:
    """Repeat rate, action closure and COE effectiveness as of ``today``."""
    day = np.datetime64(today, "D")
    known = ~np.isnat(log.occurred)
    in_window = known & (log.occurred <= day)
    if log.counted is not None:
        in_window &= log.counted
    if since is not None:
        in_window &= log.occurred >= np.datetime64(since, "D")
    # repeats confirmed for mistakes that had happened by today
    is_repeat = (log.repeat_of >= 0) & known & (log.occurred <= day)
    if log.counted is not None:
        is_repeat &= log.counted
    window_repeat = is_repeat & in_window
    pred = log.repeat_of[window_repeat]
    gaps = (log.occurred[window_repeat] - log.occurred[pred]).astype(np.int64)

    # action items as they stood on today
    closed = log.action_closed
    closed_known = ~np.isnat(closed) & (closed <= day)
    in_scope = in_window[log.action_row] if log.action_row.size else np.zeros(0, dtype=bool)
    due_now = in_scope & (log.action_due <= day)
    on_time = due_now & closed_known & (closed <= log.action_due)
    late = due_now & ~on_time
    finish = np.where(closed_known, closed, day)
    overdue_days = (finish[late] - log.action_due[late]).astype(np.int64)
    open_overdue = due_now & ~closed_known & (log.action_due < day)

    # per mistake: number of actions, number closed, the day the last one closed
    n = len(log)
    n_actions = np.bincount(log.action_row, minlength=n)
    n_closed = np.bincount(log.action_row, weights=closed_known.astype(np.float64), minlength=n)
    last_closed = np.full(n, np.iinfo(np.int64).min, dtype=np.int64)
    if log.action_row.size:
        closed_int = np.where(closed_known, closed.astype(np.int64), np.iinfo(np.int64).min)
        np.maximum.at(last_closed, log.action_row, closed_int)
    all_closed = (n_actions > 0) & (n_closed >= n_actions)
    # for each repeat (as of today): were its predecessor's actions all closed before it?
    rep_rows = np.nonzero(is_repeat)[0]
    preds = log.repeat_of[rep_rows]
    rep_day = log.occurred[rep_rows].astype(np.int64)
    after_closed = all_closed[preds] & (last_closed[preds] < rep_day)
    repeated_after = np.zeros(n, dtype=bool)
    repeated_after[preds[after_closed]] = True
    closed_group = all_closed & in_window
    ineffective = int((repeated_after & closed_group).sum())
    with_closed = int(closed_group.sum())
    open_repeats = int((~after_closed & in_window[rep_rows]).sum())

    n_window = int(in_window.sum())
    n_repeats = int(window_repeat.sum())
    return MistakeMeasures(
        mistakes=n_window,
        repeats=n_repeats,
        repeat_rate=rate(n_repeats, n_window, confidence=confidence),
        days_between_repeats_median=_median(gaps),
        actions_due=int(due_now.sum()),
        actions_closed_on_time=int(on_time.sum()),
        actions_open_overdue=int(open_overdue.sum()),
        action_closure=rate(int(on_time.sum()), int(due_now.sum()), confidence=confidence),
        days_overdue_median=_median(overdue_days),
        with_closed_actions=with_closed,
        repeated_after_closed=ineffective,
        repeats_with_open_actions=open_repeats,
        coe_effectiveness=rate(with_closed - ineffective, with_closed, confidence=confidence),
    )
