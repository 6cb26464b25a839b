"""An A/B test's result, imported from a CSV or JSON file, as a measurement.

The file holds one result: ``estimate`` (the change per week in the metric's units),
``low`` and ``high`` (its interval), and optionally ``level`` (the interval's level, 0.9 by
default; another level is converted to 90 % assuming a normal estimate), ``baseline`` (the
control group's value per week, which gives the relative effect) and ``metric``. JSON: an
object with these keys; CSV: a header row and one row of values.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from pathlib import Path
from statistics import NormalDist
from typing import Any

from backwards.errors import InputError
from backwards.impact.its import Z90
from backwards.impact.measurement import Effect, Measurement
from backwards.wording import count

__all__ = ["read_ab_result"]

KEYS = ("estimate", "low", "high", "level", "baseline", "metric")
MAX_BYTES = 1024 * 1024


def read_ab_result(path: Path | str, *, metric: str | None, launch: dt.date) -> Measurement:
    """The A/B result at ``path`` as a measurement of ``metric`` (the file's ``metric`` when
    ``metric`` is None) for a launch on ``launch``."""
    p = Path(path)
    try:
        if p.stat().st_size > MAX_BYTES:
            raise InputError(f"{p} is over 1 MB; is it an A/B result?", path=p)
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the A/B result {p}: {exc}", path=p) from None
    row, line = _json(text, p) if p.suffix.lower() == ".json" else _csv(text, p)
    unknown = sorted(set(row) - set(KEYS))
    if unknown:
        raise InputError(
            f"{p}: unknown field {unknown[0]!r}",
            hint="Fields: " + ", ".join(KEYS),
            path=p,
            line=line,
        )
    estimate, low, high = (_number(row, k, p, line) for k in ("estimate", "low", "high"))
    level = _number(row, "level", p, line) if row.get("level") not in (None, "") else 0.9
    if not 0 < level < 1:
        raise InputError(f"{p}: level {level:g} is not between 0 and 1", path=p, line=line)
    if not low <= estimate <= high:
        raise InputError(
            f"{p}: the interval [{low:g}, {high:g}] does not hold the estimate {estimate:g}",
            hint="low <= estimate <= high",
            path=p,
            line=line,
        )
    if level != 0.9:  # to a 90 % interval, assuming a normal estimate
        z = NormalDist().inv_cdf(0.5 + level / 2)
        low = estimate - (estimate - low) * Z90 / z
        high = estimate + (high - estimate) * Z90 / z
    name = metric or (str(row["metric"]) if row.get("metric") else "")
    if not name:
        raise InputError(f"{p}: which metric? Give --metric or a metric field", path=p)
    base = _number(row, "baseline", p, line) if row.get("baseline") not in (None, "") else None
    rel = base is not None and base != 0
    effect = Effect(
        absolute=estimate,
        low=low,
        high=high,
        relative=estimate / base if rel and base else None,
        relative_low=low / base if rel and base else None,
        relative_high=high / base if rel and base else None,
    )
    return Measurement(
        metric=name, launch=launch, method="ab", effect=effect, additive=True, source=str(p)
    )


def _json(text: str, p: Path) -> tuple[dict[str, Any], int | None]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{p}: not JSON: {exc.msg}", path=p, line=exc.lineno) from None
    if not isinstance(doc, dict):
        raise InputError(f"{p}: expected an object with estimate, low, high", path=p, line=1)
    return doc, None


def _csv(text: str, p: Path) -> tuple[dict[str, Any], int | None]:
    rows = [r for r in csv.reader(io.StringIO(text)) if any(c.strip() for c in r)]
    if len(rows) != 2:
        raise InputError(
            f"{p}: expected a header row and one row of values, found {count(len(rows), 'row')}",
            hint="estimate,low,high[,level,baseline,metric]",
            path=p,
        )
    header = [h.strip().lower() for h in rows[0]]
    return dict(zip(header, (c.strip() for c in rows[1]), strict=False)), 2


def _number(row: dict[str, Any], key: str, p: Path, line: int | None) -> float:
    value = row.get(key)
    if value in (None, ""):
        raise InputError(f"{p}: field {key!r} is missing", path=p, line=line)
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if isinstance(value, bool) or not math.isfinite(number):
        raise InputError(f"{p}: field {key!r} is not a number: {value!r}", path=p, line=line)
    return number
