"""Annotations: noteworthy events from CSV files (``Date, MetricName, EventDescription``).

Both WBR App formats are read: a list of CSV paths, or ``{csv_files: [...]}``. Events in the six
current weeks or in the six prior-year weeks (364 days back) are kept, several per metric. An
event naming no metric is dropped with an error line, as in the WBR App.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from backwards.errors import DataError, InputError
from backwards.wbr.deck import Annotation

__all__ = ["load_annotations", "shown_path"]

_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%d-%b-%Y", "%a, %d-%b-%Y", "%B %d %Y")
MAX_BYTES = 20 * 1024 * 1024


def _date(text: str) -> dt.date | None:
    for fmt in _FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def shown_path(path: Path, base: Path | None) -> str:
    """``path`` as a deck may show it: relative to ``base`` (the config's folder) when below
    it, else only its name. A deck never carries an absolute local path."""
    if base is not None and path.is_relative_to(base):
        return path.relative_to(base).as_posix()
    return path.name


def load_annotations(
    files: Sequence[Path],
    week_ending: dt.date,
    known: Callable[[str], bool],
    base: Path | None = None,
) -> tuple[list[Annotation], list[str]]:
    """The events to show for ``week_ending`` (current weeks first) and the error lines (which
    name the files relative to ``base``, see ``shown_path``)."""
    cy_start = week_ending - dt.timedelta(days=41)
    py_end = week_ending - dt.timedelta(days=364)
    py_start = py_end - dt.timedelta(days=41)
    current: list[Annotation] = []
    prior: list[Annotation] = []
    errors: list[str] = []
    for path in files:
        if not path.is_file():
            raise InputError(f"annotation file {path} does not exist", path=path)
        if path.stat().st_size > MAX_BYTES:
            raise InputError(f"annotation file {path} is larger than 20 MB", path=path)
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            need = {"Date", "MetricName", "EventDescription"}
            if not need <= set(reader.fieldnames or ()):
                raise DataError(
                    f"annotation file {path} needs the columns Date, MetricName, EventDescription",
                    path=path,
                    line=1,
                )
            for line, row in enumerate(reader, start=2):
                day = _date(row["Date"] or "")
                if day is None:
                    raise DataError(
                        f"cannot read the date {row['Date']!r}",
                        hint="Write annotation dates as YYYY-MM-DD.",
                        path=path,
                        line=line,
                    )
                metric = (row["MetricName"] or "").strip()
                description = (row["EventDescription"] or "").strip()
                in_cy = cy_start <= day <= week_ending
                in_py = py_start <= day <= py_end
                if not (in_cy or in_py):
                    continue
                if not known(metric):
                    shown = shown_path(path, base)
                    errors.append(f"Metric {metric} is not in the metric list ({shown}:{line})")
                    continue
                target = current if in_cy else prior
                target.append(Annotation(day, metric, description, "current" if in_cy else "prior"))
    return current + prior, errors
