"""Variances to speak to: the "Needs explanation" list (the WBR App has none of this).

A metric opts in with ``variance_threshold`` (``wow``, ``yoy``, ``target``; in its comparison
unit, percent or bps). Each limit that last week's change crossed (``|change| >= limit``) gives
a ``Variance`` with the owner, the numbers, the direction and whether it is good or bad by
``good_direction``. Bad ones come first, then the largest multiple of its threshold. When
last week has fewer days of data than it spans, nothing is compared (the deck marks it).
"""

from __future__ import annotations

from typing import Literal

from backwards.wbr.deck import Value, Variance
from backwards.wbr.engine import SCALE, Results, compare
from backwards.wbr.spec import WbrSpec

__all__ = ["needs_explanation"]


def needs_explanation(spec: WbrSpec, results: Results) -> tuple[Variance, ...]:
    """Every threshold crossed in the last week, worst first."""
    found: list[Variance] = []
    cal = results.calendar
    if results.is_partial(cal.cy_weeks[6]):
        return ()  # last week is partial: nothing to compare like for like (issue 9.3)
    for name, metric in spec.metrics.items():
        limits = metric.thresholds
        if name not in results.values or (
            limits.wow is None and limits.yoy is None and limits.target is None
        ):
            continue
        method = metric.comparison
        current = results.value(name, cal.cy_weeks[6])
        target: Value = None
        if isinstance(metric.target, str) and metric.target in results.values:
            target = results.value(metric.target, cal.cy_weeks[6])
        elif isinstance(metric.target, float):
            target = metric.target
        checks: list[tuple[Literal["wow", "yoy", "target"], float | None, Value]] = [
            ("wow", limits.wow, results.value(name, cal.cy_weeks[5])),
            ("yoy", limits.yoy, results.value(name, cal.py_weeks[5])),
            ("target", limits.target, target),
        ]
        for basis, limit, reference in checks:
            if limit is None:
                continue
            change = compare(current, reference, method)
            if change is None:
                continue
            scaled = change * SCALE[method]
            if abs(scaled) < limit or scaled == 0:
                continue
            direction: Literal["up", "down"] = "up" if scaled > 0 else "down"
            assessment: Literal["good", "bad", "neutral"] = "neutral"
            if metric.good_direction is not None:
                assessment = "good" if direction == metric.good_direction else "bad"
            found.append(
                Variance(
                    metric=name,
                    owner=metric.owner,
                    basis=basis,
                    current=current,
                    reference=reference,
                    change=scaled,
                    unit=method,
                    threshold=limit,
                    direction=direction,
                    assessment=assessment,
                )
            )
    rank = {"bad": 0, "neutral": 1, "good": 2}
    found.sort(key=lambda v: (rank[v.assessment], -abs(v.change) / (v.threshold or 1.0), v.metric))
    return tuple(found)
