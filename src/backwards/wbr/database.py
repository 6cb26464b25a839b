"""Decks computed where the data lives: database queries (and Spark) behind the ``DataSet`` seam.

A ``RemoteDataSet`` runs the engine's SQL in another engine. Its input is one or more
*sources* (the user's queries, or Spark views over files); each becomes a CTE of the engine's
query (``s0``, ``s1`` ...: ``Date`` as DATE, the columns the metrics read, numbers as DOUBLE),
several are merged on Date by the WBR App's rule (first row per date outer-joined, the other
rows appended) into ``wbr_input``, and the whole query, periods as a ``VALUES`` list, is
transpiled by SQLGlot to the engine's dialect (``dialect.py``). The user's SQL is never
transpiled: it stands in the query as a subquery. Only the small grouped result comes back.

Opening a source costs two round trips: one ``LIMIT 0`` probe per query for its column names
and one profile query (rows, first and last date, distinct dates, blanks per column).

``SqlRunner`` talks to a database through SQLAlchemy: a read-only transaction and a statement
timeout on every connection (Postgres and Redshift; other warehouses get the timeout their
session supports, and every user query must be one SELECT), and errors with the connection's
secrets scrubbed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from backwards.errors import DataError
from backwards.findings import Finding
from backwards.resource import Resource
from backwards.wbr.database_connections import Connection
from backwards.wbr.datafile import data_finding
from backwards.wbr.dialect import transpile
from backwards.wbr.query import quote_ident
from backwards.wbr.sources import first_rows_joined, metric_columns, needed_columns
from backwards.wbr.spec import ColumnMetric, FilterMetric, WbrSpec

__all__ = [
    "RemoteDataSet",
    "Runner",
    "Source",
    "SqlRunner",
    "open_remote",
]

_PLACEHOLDER = re.compile(r"\bwbr_query_(\d+)\b")


class Runner(Protocol):
    """An SQL engine: its dialect, a way to run a query and to close it."""

    dialect: str
    name: str  # shown in messages: the connection's name, or "spark"

    def run(self, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Run ``sql``; (column names, rows)."""
        ...

    def close(self) -> None: ...


class RunError(Exception):
    """A query failed in the engine; the message is safe to show (secrets scrubbed)."""


@dataclass(frozen=True)
class Source:
    """One input of a remote data set.

    ``sql`` replaces the placeholder table in the engine's query: ``(<user query>)`` for a
    database, a view name for Spark. ``alias``: columns are read as ``alias.column`` (None:
    raw names). ``number_text``: numbers may come as text ("1,234"), as in CSV files.
    ``finding_at``: (file, line, column) of the query in the config, for findings."""

    sql: str
    alias: str | None
    label: str  # "MyProdPostgres.main_metrics", or a file name
    finding_at: tuple[str | None, int | None, int | None] = (None, None, None)
    number_text: bool = False
    date_sql: Callable[[str], str] | None = None  # the Date expression (default: CAST AS DATE)
    row_sql: str = "ROW_NUMBER() OVER ()"  # the row's place (Spark: MONOTONICALLY_INCREASING_ID())


def _finding(
    code: str, message: str, where: tuple[str | None, int | None, int | None], hint: str | None
) -> Finding:
    file, line, column = where
    return data_finding(code, message, file=file, line=line, column=column, suggestion=hint)


@dataclass
class RemoteDataSet(Resource):
    """The engine's input inside another engine (``DataSet``): queries run there."""

    runner: Runner
    ctes: list[tuple[str, str]]  # DuckDB-dialect CTEs ending with wbr_input
    sources: list[Source]
    relation: str = "wbr_input"
    has_row_order: bool = False
    unique_dates: bool = False
    complete_columns: frozenset[str] = frozenset()
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    rows: int = 0
    columns: dict[str, str] = field(default_factory=dict)  # exposed column -> number | text

    def sql_for(self, sql: str) -> str:
        """``sql`` (the engine's DuckDB SQL over ``wbr_input``) as the engine runs it."""
        text = transpile(_with_ctes(sql, self.ctes), self.runner.dialect, pretty=False)
        return _place(text, self.sources)

    def fetch(self, sql: str) -> list[tuple[Any, ...]]:
        try:
            return self.runner.run(self.sql_for(sql))[1]
        except RunError as exc:
            raise DataError(
                f"the query failed in {self.runner.name}: {exc}",
                hint="Check the data source queries and the connection.",
            ) from None

    def close(self) -> None:
        self.runner.close()


def _with_ctes(sql: str, ctes: Sequence[tuple[str, str]]) -> str:
    """``sql`` with ``ctes`` first (after its legend comment lines)."""
    lines = sql.splitlines()
    k = 0
    while k < len(lines) and lines[k].startswith("--"):
        k += 1
    legend, body = "".join(x + "\n" for x in lines[:k]), "\n".join(lines[k:]).lstrip()
    defs = ",\n".join(f"{name} AS (\n{text}\n)" for name, text in ctes)
    if body[:5].upper() == "WITH ":
        return f"{legend}WITH {defs},\n{body[5:]}"
    return f"{legend}WITH {defs}\n{body}"


def _place(sql: str, sources: Sequence[Source]) -> str:
    return _PLACEHOLDER.sub(lambda m: sources[int(m.group(1))].sql, sql)


def _date_name(columns: Sequence[str]) -> str | None:
    """The Date column: ``Date``, else the only one named date in any case (Redshift and
    Snowflake change its case, as the WBR App allows)."""
    if "Date" in columns:
        return "Date"
    found = [c for c in columns if c.lstrip("\ufeff").strip().lower() == "date"]
    return found[0] if found else None


def _number(ident: str, text: bool) -> str:
    if text:
        return f"TRY_CAST(REPLACE(TRIM(CAST({ident} AS VARCHAR)), ',', '') AS DOUBLE)"
    return f"CAST({ident} AS DOUBLE)"


@dataclass
class _Opened:
    """One probed source: its CTE and the columns it exposes (exposed -> raw)."""

    cte: str
    exposed: dict[str, str]


def _source_cte(
    k: int,
    source: Source,
    names: list[str],
    date: str,
    wanted: tuple[set[str], set[str]],
    with_row: bool,
) -> _Opened:
    """The CTE of one source: Date, the used columns, and (``with_row``) the row's place."""
    numbers, texts = wanted
    exposed: dict[str, str] = {}
    for raw in names:
        if raw == date:
            continue
        shown = f"{source.alias}.{raw}" if source.alias else raw
        if shown in numbers or shown in texts:
            exposed[shown] = raw
    date_ident = f"q.{quote_ident(date)}"
    date_expr = source.date_sql(date_ident) if source.date_sql else f"CAST({date_ident} AS DATE)"
    select = [f'{date_expr} AS "Date"']
    for shown, raw in exposed.items():
        ident = f"q.{quote_ident(raw)}"
        value = _number(ident, source.number_text) if shown in numbers else ident
        select.append(f"{value} AS {quote_ident(shown)}")
    if with_row:
        select.append(f"{source.row_sql} AS __row")
    cte = f"  SELECT {', '.join(select)}\n  FROM wbr_query_{k} AS q"
    return _Opened(cte, exposed)


def _merge_ctes(opened: list[_Opened]) -> list[tuple[str, str]]:
    """The CTEs s0.., then ``wbr_input``: one source as it is, several merged on Date."""
    ctes = [(f"s{k}", o.cte) for k, o in enumerate(opened)]
    if len(opened) == 1:
        return [*ctes, ("wbr_input", "  SELECT * FROM s0")]
    for k in range(len(opened)):
        ctes.append(
            (
                f"r{k}",
                f'  SELECT *, ROW_NUMBER() OVER (PARTITION BY "Date" ORDER BY __row) AS __rank '
                f"FROM s{k}",
            )
        )
    columns = [(k, c) for k, o in enumerate(opened) for c in o.exposed]
    join, date = first_rows_joined([f"r{k}" for k in range(len(opened))], "f")
    rows = ", ".join(f"f{k}.__row + {k} * 1000000000000" for k in range(len(opened)))
    firsts = (
        f'  SELECT {date} AS "Date", COALESCE({rows}) AS __row, '
        + ", ".join(f"f{k}.{quote_ident(c)}" for k, c in columns)
        + f"\n  FROM {join}"
    )
    parts = [firsts]
    for k in range(len(opened)):
        cells = ", ".join(
            quote_ident(c) if j == k else f"NULL AS {quote_ident(c)}" for j, c in columns
        )
        parts.append(
            f'  SELECT "Date", __row + {len(opened) + k} * 1000000000000 AS __row, {cells} '
            f"FROM r{k} WHERE __rank > 1"
        )
    return [*ctes, ("wbr_input", "\n  UNION ALL\n".join(parts))]


def _missing(
    spec: WbrSpec, have: set[str], sources: Sequence[Source], findings: list[Finding]
) -> None:
    """A WBR010 finding per metric column no source has, at the metric's line."""
    shown = ", ".join(s.label for s in sources)
    for name, column, (line, col) in metric_columns(spec):
        if column not in have:
            findings.append(
                _finding(
                    "WBR010",
                    f"metric '{name}' reads column '{column}', which {shown} does not have",
                    (spec.file, line, col),
                    "check the column name (query columns are read as <alias>.<column>)",
                )
            )


def open_remote(
    spec: WbrSpec, runner: Runner, sources: list[Source], findings: list[Finding]
) -> RemoteDataSet | None:
    """Probe ``sources`` on ``runner``, profile the data and return the data set (None, with
    findings, when a source cannot serve). The runner is closed when None is returned."""
    try:
        return _open(spec, runner, sources, findings)
    except BaseException:
        runner.close()
        raise


def _probe(runner: Runner, source: Source) -> list[str]:
    names, _ = runner.run(f"SELECT * FROM {source.sql} AS wbr_probe WHERE 1 = 0")
    return names


def _open(
    spec: WbrSpec, runner: Runner, sources: list[Source], findings: list[Finding]
) -> RemoteDataSet | None:
    numbers, texts = needed_columns(spec)
    row_order = any(
        isinstance(m, ColumnMetric | FilterMetric) and m.aggf in ("first", "last")
        for m in spec.metrics.values()
    )
    with_row = row_order or len(sources) > 1
    opened: list[_Opened] = []
    for k, source in enumerate(sources):
        try:
            names = _probe(runner, source)
        except RunError as exc:
            findings.append(
                _finding(
                    "WBR031",
                    f"the query of {source.label} fails: {exc}",
                    source.finding_at,
                    "run the query by hand in the database to see why",
                )
            )
            continue
        date = _date_name(names)
        if date is None:
            findings.append(
                _finding(
                    "WBR031",
                    f"the query of {source.label} returns no Date column "
                    f"(it returns {', '.join(names) or 'no columns'})",
                    source.finding_at,
                    'select the day as "Date" (SELECT day AS "Date", ...)',
                )
            )
            continue
        opened.append(_source_cte(k, source, names, date, (numbers, texts), with_row))
    if len(opened) != len(sources):
        runner.close()
        return None
    have = {c for o in opened for c in o.exposed}
    before = len(findings)
    _missing(spec, have, sources, findings)
    if len(findings) != before:
        runner.close()
        return None
    ctes = _merge_ctes(opened)
    data = RemoteDataSet(runner, ctes, sources)
    data.has_row_order = row_order
    number_cols = sorted(c for c in have if c in numbers)
    checks = [
        "COUNT(*)",
        'MIN("Date")',
        'MAX("Date")',
        'COUNT(DISTINCT "Date")',
        'COUNT(*) - COUNT("Date")',
        *(f"COUNT({quote_ident(c)})" for c in number_cols),
    ]
    try:
        profile = runner.run(data.sql_for(f"SELECT {', '.join(checks)} FROM wbr_input"))[1][0]
    except RunError as exc:
        findings.append(
            _finding(
                "WBR031",
                f"reading {', '.join(s.label for s in sources)} fails: {exc}",
                sources[0].finding_at,
                "check that Date holds dates and the metric columns hold numbers",
            )
        )
        runner.close()
        return None
    count, first, last, dates, blank = (profile[0], profile[1], profile[2], profile[3], profile[4])
    if not count:
        findings.append(
            _finding(
                "WBR015",
                f"the query of {sources[0].label} returns no rows",
                sources[0].finding_at,
                "check the query's WHERE clause and the table",
            )
        )
        runner.close()
        return None
    if blank:
        findings.append(
            _finding(
                "WBR012",
                f"{blank} row{'s' if blank != 1 else ''} of {sources[0].label} "
                f"{'have' if blank != 1 else 'has'} no Date",
                sources[0].finding_at,
                "every row needs a date; filter them out in the query",
            )
        )
        runner.close()
        return None
    data.rows = int(count)
    data.first_date, data.last_date = _as_date(first), _as_date(last)
    data.unique_dates = count == dates
    counts = profile[5:]
    data.complete_columns = frozenset(
        c for c, n in zip(number_cols, counts, strict=True) if n == count
    )
    data.columns = {c: "number" if c in numbers else "text" for c in have}
    return data


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value is None:
        return None
    return dt.date.fromisoformat(str(value)[:10])


#: Session statements per dialect: a read-only transaction and the statement timeout
#: (``{ms}`` / ``{s}``). Dialects without a read-only transaction rely on the SELECT-only check.
SESSION: dict[str, tuple[str, ...]] = {
    "postgres": ("SET TRANSACTION READ ONLY", "SET statement_timeout = {ms}"),
    "redshift": ("SET TRANSACTION READ ONLY", "SET statement_timeout TO {ms}"),
    "snowflake": ("ALTER SESSION SET STATEMENT_TIMEOUT_IN_SECONDS = {s}",),
    "trino": ("SET SESSION query_max_execution_time = '{s}s'",),
}


class SqlRunner:
    """One SQLAlchemy connection in a read-only transaction (rolled back on close)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.dialect = connection.dialect
        self.name = f"'{connection.name}' ({connection.shown})"
        self._raw: Any = None
        self._engine: Any = None

    @contextmanager
    def _errors(self) -> Iterator[None]:
        from sqlalchemy.exc import SQLAlchemyError

        try:
            yield
        except (SQLAlchemyError, OSError, RunError) as exc:
            raise RunError(self._message(exc)) from None
        except Exception as exc:  # the DBAPI driver's own errors
            if type(exc).__module__.split(".")[0] in ("builtins", "backwards"):
                raise
            raise RunError(self._message(exc)) from None

    def _message(self, exc: BaseException) -> str:
        inner = getattr(exc, "orig", None) or exc
        text = " ".join(str(inner).split()) or type(inner).__name__
        return self.connection.scrub(text)[:500]

    def open(self) -> None:
        """Connect, start the read-only transaction and set the statement timeout."""
        from sqlalchemy import create_engine
        from sqlalchemy.pool import NullPool

        args: dict[str, Any] = {}
        if self.connection.type in ("postgres", "redshift"):
            args["connect_timeout"] = 10
        with self._errors():
            self._engine = create_engine(self.connection.url, poolclass=NullPool, connect_args=args)
            self._raw = self._engine.raw_connection()
            timeout = self.connection.timeout
            for statement in SESSION.get(self.dialect, ()):
                self._execute(statement.format(ms=int(timeout * 1000), s=int(timeout)))

    def _execute(self, sql: str) -> Any:
        cursor = self._raw.cursor()
        cursor.execute(sql)
        return cursor

    def run(self, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
        with self._errors():
            cursor = self._execute(sql)
            names = [str(d[0]) for d in cursor.description or ()]
            rows = [tuple(r) for r in cursor.fetchall()]
            cursor.close()
            return names, rows

    def close(self) -> None:
        raw, self._raw = self._raw, None
        if raw is not None:
            try:
                raw.rollback()
            finally:
                raw.close()
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
