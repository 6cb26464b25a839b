"""Data sources: the daily business data a deck is computed from, read through DuckDB.

``open_data`` turns the config's ``data_sources.csv_files`` (columns named ``alias.column``) or
the ``--data`` files (raw column names, as the WBR App's upload) into one DuckDB view,
``wbr_input``: a ``Date`` column (DATE) plus the columns the metrics use, numbers as DOUBLE
(thousands separators accepted) and text as VARCHAR. CSV, Parquet and DuckDB database files are
supported (one file is opened by ``backwards.wbr.datafile``); several sources are merged on
Date the way the WBR App merges them. User files are
only read (DuckDB database files are attached read-only), and they are streamed, never loaded
into Python lists.

The engine needs only the ``DataSet`` protocol (a relation name and a way to run SQL), so a
Postgres or warehouse source can plug in later.

Problems (missing columns, non-numeric cells, bad dates, duplicate headers, empty files) are
collected as located ``Finding`` values by ``inspect_data``; ``open_data`` raises them.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from backwards.errors import ConfigError, DataError, InputError
from backwards.findings import Finding, Severity
from backwards.resource import Resource
from backwards.wbr.datafile import OpenedFile, SourceFile, data_finding, is_csv, open_file
from backwards.wbr.query import compared_values, predicate_columns, quote_ident, sql_literal
from backwards.wbr.spec import ColumnMetric, FilterMetric, WbrSpec
from backwards.wording import did_you_mean

if TYPE_CHECKING:
    import duckdb

__all__ = [
    "DataSet",
    "DuckDataSet",
    "SourceFile",
    "csv_error_finding",
    "duckdb_core",
    "inspect_data",
    "open_data",
]


def duckdb_core() -> Any:
    """DuckDB's compiled core, the module ``_duckdb``, whose ``connect`` and ``Error`` the
    ``duckdb`` package re-exports as they are (``tests/wbr/test_sources.py`` holds them to
    that): importing the package's Python layer on top (its relation and expression API, which
    nothing here uses) costs 50 ms, a twelfth of a CSV build at 10 years x 500 metrics. A
    DuckDB without that module: the package."""
    try:
        return importlib.import_module("_duckdb")
    except ImportError:  # pragma: no cover - a DuckDB release laid out differently
        return importlib.import_module("duckdb")


#: DuckDB settings of the data connection. The engine's query joins the days to a few dozen
#: calendar periods and computes hundreds of aggregates; its planning costs as much as its
#: execution (``EXPLAIN ANALYZE`` at 10 years x 500 metrics). A nested-loop join against the
#: small periods table (at most a few dozen rows) beats sorting the wide daily rows for a
#: merge join, and the aggregate-function rewriter spends ~9 ms walking 550 aggregates to
#: find nothing to rewrite. Both are plan choices only: the results are the same.
CONNECTION_SETTINGS = (
    "SET enable_progress_bar = false",
    "SET nested_loop_join_threshold = 128",
    "SET disabled_optimizers = 'aggregate_function_rewriter'",
)


class DataSet(Protocol):
    """What the engine needs from data: a relation of daily rows and a way to run SQL."""

    relation: str  # a FROM-able name with "Date" and the metric columns
    has_row_order: bool  # whether the relation has a "__row" column (file order)
    unique_dates: bool  # whether every date has exactly one row
    complete_columns: frozenset[str]  # columns known to have a value in every row

    def fetch(self, sql: str) -> list[tuple[Any, ...]]:
        """Run ``sql`` and return all rows."""
        ...


@dataclass
class DuckDataSet(Resource):
    """The merged input as a DuckDB view over the user's files.

    Owns its DuckDB connection: use it as a context manager (``with open_data(...) as data:``)
    or call ``close()``.
    """

    con: duckdb.DuckDBPyConnection
    relation: str
    columns: dict[str, str]  # exposed column -> "number" | "text"
    first_date: dt.date | None
    last_date: dt.date | None
    rows: int
    has_row_order: bool = False
    unique_dates: bool = False
    complete_columns: frozenset[str] = frozenset()
    sources: list[SourceFile] = field(default_factory=list)
    #: Integer columns counted distinct: (lowest, highest) value (see ``plan.compile_plan``).
    id_spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    scratch: tempfile.TemporaryDirectory[str] | None = None  # a spilled database's folder

    def fetch(self, sql: str) -> list[tuple[Any, ...]]:
        try:
            return self.con.execute(sql).fetchall()
        except duckdb_core().Error as exc:
            finding = csv_error_finding(str(exc), self.sources)
            if finding is None:
                raise
            raise DataError(
                finding.message,
                hint=finding.suggestion,
                path=finding.file,
                line=finding.line,
            ) from None

    def close(self) -> None:
        _close(self.con, self.scratch)
        self.scratch = None


#: The aggfs that read a column's values as they are: ``count`` counts them and ``nunique``
#: counts the distinct ones, so text ids (``u0``, e-mail addresses) are fine (issue 9.1).
TEXT_AGGFS = ("count", "nunique")


def needed_columns(spec: WbrSpec) -> tuple[set[str], set[str]]:
    """(columns read as numbers, columns read as they are: by filter queries, or only by
    ``count``/``nunique`` metrics)."""
    numbers: set[str] = set()
    texts: set[str] = set()
    for metric in spec.metrics.values():
        if isinstance(metric, ColumnMetric | FilterMetric):
            (texts if metric.aggf in TEXT_AGGFS else numbers).add(metric.column)
        if isinstance(metric, FilterMetric):
            texts |= predicate_columns(metric.predicate)
    return numbers, texts - numbers


def source_files(spec: WbrSpec, data_files: Sequence[Path | str]) -> list[SourceFile]:
    """``--data`` files win over the config's ``csv_files`` (as the WBR App's upload does)."""
    if data_files:
        return [_parse_data_arg(f) for f in data_files]
    return [SourceFile(path, alias) for alias, path in spec.csv_files.items()]


def _parse_data_arg(value: Path | str) -> SourceFile:
    text = str(value)
    if "::" in text:
        path, table = text.rsplit("::", 1)
        return SourceFile(Path(path), table=table)
    return SourceFile(Path(text))


def open_data(
    spec: WbrSpec, data_files: Sequence[Path | str] = (), *, row_order: bool | None = None
) -> DuckDataSet:
    """Open the data for ``spec``; every problem raises together (``ConfigError``)."""
    data, findings = inspect_data(spec, data_files, row_order=row_order)
    return opened_or_raise(data, findings, "Fix the data or the config as listed above.")


class _Closable(Protocol):
    def close(self) -> None: ...


_Data = TypeVar("_Data", bound=_Closable)


def opened_or_raise(data: _Data | None, findings: Sequence[Finding], hint: str) -> _Data:
    """``data`` when no finding is an error; else it is closed and every error raised together
    as one ``ConfigError`` with ``hint``."""
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if data is None or errors:
        if data is not None:
            data.close()
        n = len(errors)
        raise ConfigError(
            f"the data has {n} problem{'s' if n != 1 else ''}",
            errors,
            hint=hint + " Then run again.",
        )
    return data


def inspect_data(
    spec: WbrSpec, data_files: Sequence[Path | str] = (), *, row_order: bool | None = None
) -> tuple[DuckDataSet | None, list[Finding]]:
    """Open the sources and check them against the spec; returns (data or None, findings)."""
    duckdb = duckdb_core()
    files = source_files(spec, data_files)
    if not files:
        raise InputError(
            "no data: the config has no data_sources.csv_files and no --data file was given",
            hint="Pass --data FILE (CSV, Parquet or DuckDB), or add data_sources.csv_files.",
        )
    missing = _missing_files(spec, files, bool(data_files))
    if missing:
        return None, missing
    if row_order is None:
        row_order = any(
            isinstance(m, ColumnMetric | FilterMetric) and m.aggf in ("first", "last")
            for m in spec.metrics.values()
        )
    con, scratch = _connect(files, row_order)
    findings: list[Finding] = []
    try:
        data = _inspect(con, spec, files, row_order, findings)
        if data is not None:
            data.scratch = scratch
    except duckdb.Error as exc:
        _close(con, scratch)
        finding = csv_error_finding(str(exc), files)
        if finding is not None:
            return None, [*findings, finding]
        shown = ", ".join(str(f.path) for f in files)
        raise DataError(
            f"cannot read {shown}: {_first_line(str(exc))}",
            hint="Check the file's format: one header line, then one row per line.",
        ) from None
    except BaseException:
        _close(con, scratch)
        raise
    if data is None:
        _close(con, scratch)
    return data, findings


#: CSV files larger than this together are parsed into a temporary DuckDB database file
#: (deleted on close) instead of memory, and DuckDB's memory is capped at ``SPILL_MEMORY``:
#: a file of several GB is read in bounded memory.
SPILL_BYTES = 256 * 1024 * 1024
SPILL_MEMORY = "256MB"


def _connect(
    files: Sequence[SourceFile], row_order: bool
) -> tuple[duckdb.DuckDBPyConnection, tempfile.TemporaryDirectory[str] | None]:
    """The data connection: in memory, or for big CSV files a database file in a temporary
    folder (returned, to be deleted when the data is closed)."""
    duckdb = duckdb_core()
    csv_bytes = sum(f.path.stat().st_size for f in files if f.path.is_file() and is_csv(f.path))
    scratch = None
    if csv_bytes > SPILL_BYTES:
        scratch = tempfile.TemporaryDirectory(prefix="backwards-wbr-")
        con = duckdb.connect(str(Path(scratch.name) / "data.duckdb"))
        con.execute(f"SET temp_directory = {sql_literal(str(Path(scratch.name) / 'tmp'))}")
        con.execute(f"SET memory_limit = {sql_literal(SPILL_MEMORY)}")
        if not row_order:  # file order is not needed: DuckDB may then stream in any order
            con.execute("SET preserve_insertion_order = false")
    else:
        con = duckdb.connect(":memory:")
    for setting in CONNECTION_SETTINGS:
        con.execute(setting)
    return con, scratch


def _close(
    con: duckdb.DuckDBPyConnection, scratch: tempfile.TemporaryDirectory[str] | None
) -> None:
    con.close()
    if scratch is not None:
        scratch.cleanup()


def _inspect(
    con: duckdb.DuckDBPyConnection,
    spec: WbrSpec,
    files: list[SourceFile],
    row_order: bool,
    findings: list[Finding],
) -> DuckDataSet | None:
    """Open every file on ``con``, check the columns, profile the data in one pass and create
    the engine's view; None when a file cannot serve (its findings say why)."""
    numbers, texts = needed_columns(spec)
    opened: list[OpenedFile] = []
    for k, source in enumerate(files):
        one = open_file(con, k, source, row_order, findings, numbers | texts, numbers)
        if one is not None:
            opened.append(one)
    if len(opened) != len(files):
        return None
    relation, exposed = _merge(con, [(o.view, list(o.columns)) for o in opened], row_order)
    # A CSV file's table holds only the columns the config reads; its other names still count
    # for "did you mean".
    have = list(dict.fromkeys([*exposed, *(n for o in opened for n in o.names)]))
    missing = _missing_columns(spec, have, files, findings)
    used = [c for c in exposed if c in (numbers | texts) and c not in missing]
    sql_types = {
        str(r[0]): str(r[1]) for r in con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()
    }
    native = {c for c in used if _is_numeric_type(sql_types.get(c, ""))}
    # A column read only as text (filters, count, nunique) is a number column only when every
    # cell is a number: a text cell among its first rows settles it without a full pass.
    text_only = _text_in_sample(con, relation, [c for c in used if c not in native and c in texts])
    texty = [c for c in used if c not in native and c not in text_only]
    # Parquet says how many blanks each column has: no need to read the columns for that.
    known = _parquet_null_counts(con, opened) if len(opened) == 1 else {}
    counted = sorted(c for c in native if c not in known)
    # Integer columns counted distinct: their lowest and highest values (the plan may then
    # count them as bits, see ``plan._dense_distinct``).
    ids = {
        m.column
        for m in spec.metrics.values()
        if isinstance(m, ColumnMetric | FilterMetric) and m.aggf == "nunique"
    }
    ranged = sorted(c for c in native & ids if _is_integer_type(sql_types.get(c, "")))
    profile = _profile(con, relation, texty, counted, ranged)
    count, first, last, dates, bad_dates = profile[:5]
    types: dict[str, str] = dict.fromkeys(native, "number")
    types.update(dict.fromkeys(text_only, "text"))
    at = 5 + len(texty) + len(counted)
    counts = dict(zip(counted, profile[5 + len(texty) : at], strict=True))
    bounds = zip(ranged, profile[at::2], profile[at + 1 :: 2], strict=True)
    spans = {c: (int(lo), int(hi)) for c, lo, hi in bounds if lo is not None and hi is not None}
    complete = frozenset(
        [c for c, n in counts.items() if n == count] + [c for c in native if known.get(c) == 0]
    )
    for c, bad in zip(texty, profile[5 : 5 + len(texty)], strict=True):
        types[c] = "text" if bad else "number"
        if bad and c in numbers:
            findings.append(_non_numeric(con, opened, c))
    if bad_dates:
        findings.extend(_bad_dates(con, opened))
    findings.extend(filter_type_findings(spec, types))
    direct = opened[0] if len(opened) == 1 and not row_order else None
    return DuckDataSet(
        con=con,
        relation=_input_view(con, relation, direct, used, native, sql_types, types, row_order),
        columns=types,
        first_date=first,
        last_date=last,
        rows=int(count),
        has_row_order=row_order,
        unique_dates=count == dates,
        complete_columns=complete,
        sources=files,
        id_spans=spans,
    )


#: How many rows ``_text_in_sample`` reads.
SAMPLE_ROWS = 1000


def _text_in_sample(con: duckdb.DuckDBPyConnection, relation: str, columns: list[str]) -> set[str]:
    """Those of ``columns`` with a cell that is not a number among the first rows."""
    if not columns:
        return set()
    checks = ", ".join(
        f"COUNT(CASE WHEN {_bad_number(quote_ident(c))} THEN 1 END)" for c in columns
    )
    picked = ", ".join(quote_ident(c) for c in columns)
    row = con.execute(
        f"SELECT {checks} FROM (SELECT {picked} FROM {relation} LIMIT {SAMPLE_ROWS})"
    ).fetchone()
    assert row is not None
    return {c for c, bad in zip(columns, row, strict=True) if bad}


def _profile(
    con: duckdb.DuckDBPyConnection,
    relation: str,
    texty: list[str],
    counted: list[str],
    ranged: list[str],
) -> tuple[Any, ...]:
    """One pass over the data: rows, first and last date, distinct dates, rows without a date,
    then per ``texty`` column its cells that are not numbers, per ``counted`` its values, per
    ``ranged`` its lowest and highest value.

    Distinct dates are counted (a second, cheap pass over Date) only when there are no more
    rows than days from the first date to the last: otherwise some date has several rows, and
    hashing every row's date (most of the pass over 50 million events) would say no more."""
    checks = [
        "COUNT(*)",
        'MIN("Date")',
        'MAX("Date")',
        "-1",
        'COUNT(*) - COUNT("Date")',
        *(f"SUM(CASE WHEN {_bad_number(quote_ident(c))} THEN 1 ELSE 0 END)" for c in texty),
        # Reading the number columns here makes a late non-number fail now, not later.
        *(f"COUNT({quote_ident(c)})" for c in counted),
        *(f"{f}({quote_ident(c)})" for c in ranged for f in ("MIN", "MAX")),
    ]
    row = con.execute(f"SELECT {', '.join(checks)} FROM {relation}").fetchone()
    assert row is not None
    profile = list(row)
    count, first, last = profile[:3]
    if first is not None and last is not None and count <= (last - first).days + 1:
        distinct = con.execute(f'SELECT COUNT(DISTINCT "Date") FROM {relation}').fetchone()
        assert distinct is not None
        profile[3] = distinct[0]
    return tuple(profile)


def _input_view(
    con: duckdb.DuckDBPyConnection,
    relation: str,
    direct: OpenedFile | None,
    used: list[str],
    native: set[str],
    sql_types: dict[str, str],
    types: dict[str, str],
    row_order: bool,
) -> str:
    """Create the view ``wbr_input`` (Date, then the used columns as DOUBLE or text) and return
    what the engine should read: the view, or ``direct``'s own scan when that is the same.

    ``direct`` is the one source when there is one and no file order is needed: reading its
    scan directly leaves fewer layers to plan."""
    select = [f'{direct.date_read} AS "Date"' if direct else '"Date"']
    for c in used:
        ident = quote_ident(c)
        raw = quote_ident(direct.columns[c]) if direct else ident
        if c in native and sql_types.get(c) == "DOUBLE":
            select.append(raw if raw == ident else f"{raw} AS {ident}")
        elif c in native:
            select.append(f"CAST({raw} AS DOUBLE) AS {ident}")
        elif types[c] == "number":
            select.append(f"{_number_sql(raw)} AS {ident}")
        else:
            select.append(raw if raw == ident else f"{raw} AS {ident}")
    if row_order:
        select.append('"__row"')
    origin = direct.scan if direct else relation
    con.execute(f"CREATE TEMP VIEW wbr_input AS SELECT {', '.join(select)} FROM {origin}")
    if direct is not None and _passes_through(con, direct, used, select[1:]):
        return direct.scan
    return "wbr_input"


def _passes_through(
    con: duckdb.DuckDBPyConnection, direct: OpenedFile, used: list[str], select: list[str]
) -> bool:
    """Whether ``wbr_input`` is the file's own columns unchanged (Parquet or DuckDB, a DATE
    column named Date, numbers already DOUBLE, no renaming): then the engine reads the file
    directly, since binding a view of hundreds of columns costs ~5 ms a query."""
    date = direct.date_read if direct.scan != direct.raw_scan else direct.date_raw
    if date != quote_ident("Date"):
        return False
    if any(item != quote_ident(c) for c, item in zip(used, select, strict=True)):
        return False
    described = con.execute(f"DESCRIBE SELECT {date} FROM {direct.scan}").fetchall()
    return bool(described) and str(described[0][1]) == "DATE"


def _parquet_null_counts(
    con: duckdb.DuckDBPyConnection, opened: list[OpenedFile]
) -> dict[str, int]:
    """Exposed column -> number of blanks, from a Parquet file's statistics (if it has them)."""
    source = opened[0]
    if source.kind != "parquet":
        return {}
    rows = con.execute(
        "SELECT path_in_schema, SUM(stats_null_count), COUNT(stats_null_count), COUNT(*) "
        f"FROM parquet_metadata({sql_literal(str(source.file.path))}) GROUP BY path_in_schema"
    ).fetchall()
    by_raw = {str(r[0]): int(r[1]) for r in rows if r[2] == r[3]}  # every row group has stats
    return {exposed: by_raw[raw] for exposed, raw in source.columns.items() if raw in by_raw}


def _bad_number(ident: str) -> str:
    return (
        f"{ident} IS NOT NULL AND TRIM(CAST({ident} AS VARCHAR)) <> '' "
        f"AND {_number_sql(ident)} IS NULL"
    )


def _non_numeric(con: duckdb.DuckDBPyConnection, opened: list[OpenedFile], column: str) -> Finding:
    owner = next(o for o in opened if column in o.columns)
    raw = quote_ident(owner.raw_columns[column])
    value, line = owner.locate(con, raw, _bad_number(raw))
    index = owner.names.index(column)
    return data_finding(
        "WBR011",
        f"column '{column}' holds {value!r}, which is not a number",
        file=owner.shown,
        line=line,
        column=index + 1 + (1 if index >= owner.date_column else 0),
        suggestion='use plain numbers (1234.5 or "1,234.5"); leave blanks empty',
    )


def _bad_dates(con: duckdb.DuckDBPyConnection, opened: list[OpenedFile]) -> list[Finding]:
    out = []
    for o in opened:
        value, line = o.locate(con, o.date_raw, f"({o.date_sql}) IS NULL")
        if line is None:
            continue
        empty = value is None or not str(value).strip()
        out.append(
            data_finding(
                "WBR012",
                "the Date cell is empty" if empty else f"cannot read the date {value!r}",
                file=o.shown,
                line=line,
                column=o.date_column + 1,
                suggestion="write dates as YYYY-MM-DD (every row needs one); fix or remove the row",
            )
        )
    return out


_CSV_LINE = re.compile(r"CSV Error on Line: (\d+)")
_CONVERT = re.compile(r'converting column "(.*?)"\. Could not convert string "(.*?)"')
_FILE = re.compile(r"^\s*file = (.+)$", re.M)


def csv_error_finding(message: str, files: Sequence[SourceFile]) -> Finding | None:
    """A located WBR011 finding for DuckDB's "could not convert" CSV error, else None."""
    line, convert = _CSV_LINE.search(message), _CONVERT.search(message)
    if line is None or convert is None:
        return None
    where = _FILE.search(message)
    shown = where.group(1).strip() if where else ", ".join(str(f.path) for f in files)
    return data_finding(
        "WBR011",
        f"column '{convert.group(1)}' holds {convert.group(2)!r}, which is not a number",
        file=shown,
        line=int(line.group(1)),
        suggestion='use plain numbers (1234.5 or "1,234.5"); leave blanks empty',
    )


def _missing_files(spec: WbrSpec, files: Sequence[SourceFile], given: bool) -> list[Finding]:
    """A WBR018 finding at the config's line for each of its csv_files that does not exist
    (``--data`` files that do not exist raise ``InputError`` when opened)."""
    if given:
        return []
    out = []
    for source in files:
        if source.path.exists() or source.alias is None:
            continue
        line, column = spec.locate(("data_sources", "csv_files", source.alias, "url_or_path"))
        out.append(
            data_finding(
                "WBR018",
                f"the data file of '{source.alias}' does not exist ({source.path.name})",
                file=spec.file,
                line=line,
                column=column,
                suggestion="check url_or_path (relative to the config's folder)",
            )
        )
    return out


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "unknown error"


_INTEGER_TYPES = (
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
    "UHUGEINT",
)
_NUMERIC_TYPES = (
    *_INTEGER_TYPES,
    "FLOAT",
    "DOUBLE",
    "DECIMAL",
)


def _is_integer_type(sql_type: str) -> bool:
    return sql_type.upper().split("(")[0] in _INTEGER_TYPES


def _is_numeric_type(sql_type: str) -> bool:
    return sql_type.upper().split("(")[0] in _NUMERIC_TYPES


def _number_sql(ident: str) -> str:
    return f"TRY_CAST(REPLACE(TRIM(CAST({ident} AS VARCHAR)), ',', '') AS DOUBLE)"


def first_rows_joined(ranked: Sequence[str], alias: str) -> tuple[str, str]:
    """(a FROM clause, the Date expression): the first row of each date (``__rank = 1``) of
    each of the ``ranked`` relations, outer-joined on Date; the relations are aliased
    ``<alias>0``, ``<alias>1``, ... (the WBR App's merge of several sources)."""
    join = f"(SELECT * FROM {ranked[0]} WHERE __rank = 1) AS {alias}0"
    date = f'{alias}0."Date"'
    for k in range(1, len(ranked)):
        join += (
            f" FULL OUTER JOIN (SELECT * FROM {ranked[k]} WHERE __rank = 1) AS {alias}{k} "
            f'ON {alias}{k}."Date" = {date}'
        )
        date = f'COALESCE({date}, {alias}{k}."Date")'
    return join, date


def _merge(
    con: duckdb.DuckDBPyConnection, views: list[tuple[str, list[str]]], row_order: bool
) -> tuple[str, list[str]]:
    """One relation from several sources, merged on Date like the WBR App."""
    if len(views) == 1:
        return views[0][0], views[0][1]
    # Rename columns that collide with an earlier source's to <col>_src<k>.
    taken: set[str] = set()
    renamed: list[list[tuple[str, str]]] = []
    for k, (_, cols) in enumerate(views):
        pairs = []
        for c in cols:
            new = c if c not in taken else f"{c}_src{k}"
            taken.add(new)
            pairs.append((c, new))
        renamed.append(pairs)
    ranked = []
    for k, (view, _) in enumerate(views):
        renames = ", ".join(f"{quote_ident(c)} AS {quote_ident(n)}" for c, n in renamed[k])
        con.execute(
            f'CREATE TEMP VIEW wbr_rank{k} AS SELECT "Date", __row, {renames}, '
            f'row_number() OVER (PARTITION BY "Date" ORDER BY __row) AS __rank FROM {view}'
        )
        ranked.append(f"wbr_rank{k}")
    all_cols = [n for pairs in renamed for _, n in pairs]
    join, date_expr = first_rows_joined(ranked, "s")
    firsts = f'SELECT {date_expr} AS "Date", s0.__row AS __row, ' + ", ".join(
        f"s{k}.{quote_ident(n)}" for k, pairs in enumerate(renamed) for _, n in pairs
    )
    parts = [f"SELECT * FROM ({firsts} FROM {join})"]
    for k, pairs in enumerate(renamed):
        mine = {n for _, n in pairs}
        padded = ", ".join(
            quote_ident(n) if n in mine else f"NULL AS {quote_ident(n)}" for n in all_cols
        )
        parts.append(f'SELECT "Date", __row, {padded} FROM {ranked[k]} WHERE __rank > 1')
    con.execute("CREATE TEMP VIEW wbr_merged AS " + " UNION ALL ".join(parts))
    del row_order
    return "wbr_merged", all_cols


def metric_columns(spec: WbrSpec) -> Iterator[tuple[str, str, tuple[int | None, int | None]]]:
    """Each (metric, column) a column or filter metric reads, with the config line and column
    of the key naming it (``column`` or ``filter``): where a missing column is reported."""
    for name, metric in spec.metrics.items():
        if not isinstance(metric, ColumnMetric | FilterMetric):
            continue
        key = "column" if isinstance(metric, ColumnMetric) else "filter"
        wanted = [metric.column]
        if isinstance(metric, FilterMetric):
            wanted += sorted(predicate_columns(metric.predicate))
        for column in wanted:
            yield name, column, spec.locate(("metrics", name, key))


def filter_type_findings(spec: WbrSpec, types: dict[str, str]) -> list[Finding]:
    """A WBR008 finding per filter that compares a column of numbers with a text, or a column
    of text with a number (``types``: column -> "number" or "text"), at the metric's filter:
    no row could match, and the engine could not run the comparison."""
    out = []
    for name, metric in spec.metrics.items():
        if not isinstance(metric, FilterMetric):
            continue
        for column, value in compared_values(metric.predicate):
            kind = types.get(column)
            if isinstance(value, str) and kind == "number":
                what, fix = f"the text {value!r}", f"compare it with a number ({column} == 1)"
            elif isinstance(value, int | float) and not isinstance(value, bool) and kind == "text":
                what, fix = f"the number {value!r}", f"quote the value ({column} == '{value}')"
            else:
                continue
            held = "only numbers" if kind == "number" else "text"
            line, col = spec.locate(("metrics", name, "filter", "query"))
            out.append(
                data_finding(
                    "WBR008",
                    f"metric '{name}': the filter compares column '{column}', which holds "
                    f"{held}, with {what}",
                    file=spec.file,
                    line=line,
                    column=col,
                    suggestion=fix,
                )
            )
            break
    return out


def _missing_columns(
    spec: WbrSpec, exposed: Iterable[str], files: Sequence[SourceFile], findings: list[Finding]
) -> set[str]:
    have = list(exposed)
    missing: set[str] = set()
    for name, column, (line, col) in metric_columns(spec):
        if column not in have:
            missing.add(column)
            guess = did_you_mean(column, have)
            shown = ", ".join(str(f.path.name) for f in files)
            findings.append(
                data_finding(
                    "WBR010",
                    f"metric '{name}' reads column '{column}', which {shown} does not have",
                    file=spec.file,
                    line=line,
                    column=col,
                    suggestion=f"did you mean '{guess}'?" if guess else "check the column name",
                )
            )
    return missing
