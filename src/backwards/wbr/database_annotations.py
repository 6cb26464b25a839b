"""Annotations from database queries (``annotations: {data_sources: {<conn>: {<alias>:
{query}}}}``), run in the database like the data's queries.

Each query must return ``Date``, ``MetricName`` and ``EventDescription`` (the WBR App's rule);
it runs as a subquery filtered to the deck's two windows (the six current weeks and the six
prior-year weeks, 364 days back), so only those events come back, through the same read-only
connection with its statement timeout. The events are kept like an annotation file's: an
event naming no metric is an error line of the deck.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from backwards.errors import DataError
from backwards.wbr.database import RunError, SqlRunner, _as_date
from backwards.wbr.database_open import connections_for, source_sql
from backwards.wbr.deck import Annotation
from backwards.wbr.dialect import quote
from backwards.wbr.spec import WbrSpec

__all__ = ["query_annotations"]

COLUMNS = ("Date", "MetricName", "EventDescription")


def _window_sql(query: str, dialect: str, week_ending: dt.date) -> str:
    cy_start = week_ending - dt.timedelta(days=41)
    py_end = week_ending - dt.timedelta(days=364)
    py_start = py_end - dt.timedelta(days=41)
    date = f"CAST(q.{quote('Date', dialect)} AS DATE)"
    cols = ", ".join(f"q.{quote(c, dialect)}" for c in COLUMNS)
    return (
        f"SELECT {cols} FROM {source_sql(query)} AS q WHERE "
        f"{date} BETWEEN DATE '{cy_start}' AND DATE '{week_ending}' OR "
        f"{date} BETWEEN DATE '{py_start}' AND DATE '{py_end}'"
    )


def query_annotations(
    spec: WbrSpec, week_ending: dt.date, known: Callable[[str], bool]
) -> tuple[list[Annotation], list[str]]:
    """The events of the config's annotation queries for ``week_ending`` (current weeks first)
    and the error lines; a connection or query that fails raises ``DataError``."""
    if not spec.annotation_queries:
        return [], []
    connections, problems = connections_for(spec, {q.connection for q in spec.annotation_queries})
    if problems:
        first = problems[0]
        raise DataError(first.message, hint=first.suggestion, path=first.file, line=first.line)
    current: list[Annotation] = []
    prior: list[Annotation] = []
    errors: list[str] = []
    py_end = week_ending - dt.timedelta(days=364)
    for query in spec.annotation_queries:
        label = f"{query.connection}.{query.alias}"
        line, _ = spec.locate(query.where)
        connection = connections.get(query.connection)
        if connection is None:
            raise DataError(
                f"annotation query {label}: the connections file has no connection "
                f"'{query.connection}'",
                line=line,
            )
        runner = SqlRunner(connection)
        try:
            runner.open()
            names, rows = runner.run(_window_sql(query.query, connection.dialect, week_ending))
        except RunError as exc:
            raise DataError(
                f"annotation query {label} ({spec.file}:{line}) fails: {exc}",
                hint="The query must return Date, MetricName and EventDescription.",
            ) from None
        finally:
            runner.close()
        del names
        for day_value, metric_value, text in rows:
            day = _as_date(day_value)
            metric = str(metric_value or "").strip()
            if day is None:
                continue
            if not known(metric):
                errors.append(f"Metric {metric} is not in the metric list ({label})")
                continue
            in_prior = day <= py_end
            event = Annotation(
                day, metric, str(text or "").strip(), "prior" if in_prior else "current"
            )
            (prior if in_prior else current).append(event)
    return current + prior, errors
