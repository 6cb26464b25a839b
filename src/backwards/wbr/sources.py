"""Data sources: the daily business data a deck is computed from, read through DuckDB.

``open_data`` turns the config's ``data_sources.csv_files`` (columns named ``alias.column``) or
the ``--data`` files (raw column names, as the WBR App's upload) into one DuckDB view,
``wbr_input``: a ``Date`` column (DATE) plus the columns the metrics use, numbers as DOUBLE
(thousands separators accepted) and text as VARCHAR. CSV, Parquet and DuckDB database files are
supported; several sources are merged on Date the way the WBR App merges them. User files are
only read (DuckDB database files are attached read-only), and they are streamed, never loaded
into Python lists.

The engine needs only the ``DataSet`` protocol (a relation name and a way to run SQL), so a
Postgres or warehouse source can plug in later.

Problems (missing columns, non-numeric cells, bad dates, duplicate headers, empty files) are
collected as located ``Finding`` values by ``inspect_data``; ``open_data`` raises them.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from backwards.errors import ConfigError, DataError, InputError
from backwards.findings import Finding, Severity
from backwards.wbr.query import predicate_columns, quote_ident, sql_literal
from backwards.wbr.spec import CODES, ColumnMetric, FilterMetric, WbrSpec

if TYPE_CHECKING:
    import duckdb

__all__ = ["DATE_FORMATS", "DataSet", "DuckDataSet", "SourceFile", "inspect_data", "open_data"]

#: Date formats tried on the Date column, in order (slash dates are month first, like pandas).
DATE_FORMATS = (
    "%Y-%m-%d",
    "%a, %d-%b-%Y",
    "%d-%b-%Y",
    "%m/%d/%Y",
    "%m/%d/%y",
    "%Y/%m/%d",
    "%d.%m.%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%d %B %Y",
    "%B %d %Y",
    "%b %d, %Y",
)
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
PARQUET_SUFFIXES = (".parquet", ".pq")
DUCKDB_SUFFIXES = (".duckdb", ".ddb", ".db")


class DataSet(Protocol):
    """What the engine needs from data: a relation of daily rows and a way to run SQL."""

    relation: str  # a FROM-able name with "Date" and the metric columns
    has_row_order: bool  # whether the relation has a "__row" column (file order)
    unique_dates: bool  # whether every date has exactly one row

    def fetch(self, sql: str) -> list[tuple[Any, ...]]:
        """Run ``sql`` and return all rows."""
        ...


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One input file; ``alias`` set means columns are named ``alias.column``."""

    path: Path
    alias: str | None = None
    table: str | None = None  # for DuckDB database files


@dataclass
class DuckDataSet:
    """The merged input as a DuckDB view over the user's files."""

    con: duckdb.DuckDBPyConnection
    relation: str
    columns: dict[str, str]  # exposed column -> "number" | "text"
    first_date: dt.date | None
    last_date: dt.date | None
    rows: int
    has_row_order: bool = False
    unique_dates: bool = False
    sources: list[SourceFile] = field(default_factory=list)

    def fetch(self, sql: str) -> list[tuple[Any, ...]]:
        return self.con.execute(sql).fetchall()

    def close(self) -> None:
        self.con.close()


def _finding(
    code: str,
    message: str,
    *,
    file: str | None = None,
    line: int | None = None,
    column: int | None = None,
    suggestion: str | None = None,
    severity: Severity = Severity.ERROR,
) -> Finding:
    return Finding(
        code=code,
        name=CODES[code][0],
        severity=severity,
        message=message,
        file=file,
        line=line,
        column=column,
        suggestion=suggestion,
    )


def needed_columns(spec: WbrSpec) -> tuple[set[str], set[str]]:
    """(columns read as numbers, columns read by filter queries)."""
    numbers: set[str] = set()
    texts: set[str] = set()
    for metric in spec.metrics.values():
        if isinstance(metric, ColumnMetric | FilterMetric):
            numbers.add(metric.column)
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
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if data is None or errors:
        if data is not None:
            data.close()
        n = len(errors)
        raise ConfigError(
            f"the data has {n} problem{'s' if n != 1 else ''}",
            errors,
            hint="Fix the data or the config as listed above, then run again.",
        )
    return data


def inspect_data(
    spec: WbrSpec, data_files: Sequence[Path | str] = (), *, row_order: bool | None = None
) -> tuple[DuckDataSet | None, list[Finding]]:
    """Open the sources and check them against the spec; returns (data or None, findings)."""
    import duckdb

    files = source_files(spec, data_files)
    if not files:
        raise InputError(
            "no data: the config has no data_sources.csv_files and no --data file was given",
            hint="Pass --data FILE (CSV, Parquet or DuckDB), or add data_sources.csv_files.",
        )
    if row_order is None:
        row_order = any(
            isinstance(m, ColumnMetric | FilterMetric) and m.aggf in ("first", "last")
            for m in spec.metrics.values()
        )
    numbers, texts = needed_columns(spec)
    con = duckdb.connect(":memory:")
    con.execute("SET enable_progress_bar = false")
    findings: list[Finding] = []
    views: list[tuple[str, list[str]]] = []
    try:
        for k, source in enumerate(files):
            view, cols = _open_source(con, k, source, row_order, findings, numbers | texts)
            if view is not None:
                views.append((view, cols))
        if len(views) != len(files):
            con.close()
            return None, findings
        relation, exposed = _merge(con, views, row_order)
        missing = _missing_columns(spec, exposed, files, findings)
        used = [c for c in exposed if c in (numbers | texts) and c not in missing]
        sql_types = {
            str(r[0]): str(r[1])
            for r in con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()
        }
        native = {c for c in used if _is_numeric_type(sql_types.get(c, ""))}
        types = _type_columns(
            con, relation, [c for c in used if c not in native], numbers, files, findings
        )
        types.update(dict.fromkeys(native, "number"))
        select = ['"Date"']
        for c in used:
            ident = quote_ident(c)
            if c in native and sql_types.get(c) == "DOUBLE":
                select.append(ident)
            elif c in native:
                select.append(f"CAST({ident} AS DOUBLE) AS {ident}")
            elif types[c] == "number":
                select.append(f"{_number_sql(ident)} AS {ident}")
            else:
                select.append(ident)
        if row_order:
            select.append('"__row"')
        con.execute(f"CREATE TEMP VIEW wbr_input AS SELECT {', '.join(select)} FROM {relation}")
        count, first, last, dates = con.execute(
            'SELECT COUNT(*), MIN("Date"), MAX("Date"), COUNT(DISTINCT "Date") FROM wbr_input'
        ).fetchone() or (0, None, None, 0)
    except duckdb.Error as exc:
        con.close()
        raise DataError(f"cannot read the data: {_first_line(str(exc))}") from None
    return (
        DuckDataSet(
            con=con,
            relation="wbr_input",
            columns=types,
            first_date=first,
            last_date=last,
            rows=int(count),
            has_row_order=row_order,
            unique_dates=count == dates,
            sources=files,
        ),
        findings,
    )


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "unknown error"


_NUMERIC_TYPES = (
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
    "FLOAT",
    "DOUBLE",
    "DECIMAL",
)


def _is_numeric_type(sql_type: str) -> bool:
    return sql_type.upper().split("(")[0] in _NUMERIC_TYPES


def _number_sql(ident: str) -> str:
    return f"TRY_CAST(REPLACE(TRIM(CAST({ident} AS VARCHAR)), ',', '') AS DOUBLE)"


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in PARQUET_SUFFIXES:
        return "parquet"
    if suffix in DUCKDB_SUFFIXES:
        return "duckdb"
    return "csv"


def _open_source(
    con: duckdb.DuckDBPyConnection,
    k: int,
    source: SourceFile,
    row_order: bool,
    findings: list[Finding],
    used: set[str],
) -> tuple[str | None, list[str]]:
    path = source.path
    shown = str(path)
    if not path.exists():
        raise InputError(f"{shown} does not exist", hint="Check the path.", path=path)
    if path.is_dir():
        raise InputError(f"{shown} is a directory, not a data file", path=path)
    if path.stat().st_size == 0:
        findings.append(
            _finding("WBR015", f"{shown} is empty", file=shown, suggestion="add a header and rows")
        )
        return None, []
    kind = _kind(path)
    lit = sql_literal(str(path))
    if kind == "csv":
        headers = _csv_header(path)
        scan = f"read_csv({lit}, header = true, all_varchar = true, null_padding = true)"
        raw_names = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {scan}").fetchall()]
        # When the sniffer disagrees with the first line, trust DuckDB's names.
        same = len(raw_names) == len(headers)
        names = _dedupe(headers, shown, findings, used, source.alias) if same else raw_names
    elif kind == "parquet":
        scan = f"read_parquet({lit})"
        raw_names = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {scan}").fetchall()]
        names = list(raw_names)
    else:
        db = f"src{k}"
        con.execute(f"ATTACH {lit} AS {db} (READ_ONLY)")
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = ?", [db]
            ).fetchall()
        ]
        table = source.table or (tables[0] if len(tables) == 1 else None)
        if table is None or table not in tables:
            raise InputError(
                f"{shown}: say which table to read ({', '.join(tables) or 'it has none'})",
                hint=f"Pass --data {shown}::TABLE.",
                path=path,
            )
        scan = f"{db}.{quote_ident(table)}"
        raw_names = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {scan}").fetchall()]
        names = list(raw_names)
    date_index = _date_column(names)
    if date_index is None:
        findings.append(
            _finding(
                "WBR010",
                f"{shown} has no 'Date' column",
                file=shown,
                line=1,
                suggestion="name the column with the day of each row 'Date'",
            )
        )
        return None, []
    numbered = f"(SELECT row_number() OVER () AS __line, * FROM {scan})"
    date_raw = quote_ident(raw_names[date_index])
    date_type = con.execute(f"SELECT typeof({date_raw}) FROM {scan} LIMIT 1").fetchall()
    if not date_type:
        findings.append(_finding("WBR015", f"{shown} has no rows", file=shown, line=2))
        return None, []
    if date_type[0][0] in ("DATE", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP_NS"):
        date_sql = f"CAST({date_raw} AS DATE)"
    else:
        fmt = _date_format(con, scan, date_raw)
        if fmt is None:
            sample = con.execute(
                f"SELECT {date_raw}, __line FROM {numbered} WHERE {date_raw} IS NOT NULL LIMIT 1"
            ).fetchall()
            value, line = sample[0] if sample else ("", 1)
            findings.append(
                _finding(
                    "WBR012",
                    f"cannot read the date {value!r}",
                    file=shown,
                    line=_file_line(kind, line),
                    column=date_index + 1,
                    suggestion="write dates as YYYY-MM-DD",
                )
            )
            return None, []
        date_sql = (
            f"CAST(try_strptime(TRIM(CAST({date_raw} AS VARCHAR)), {sql_literal(fmt)}) AS DATE)"
        )
        bad = con.execute(
            f"SELECT {date_raw}, __line FROM {numbered} "
            f"WHERE {date_sql} IS NULL ORDER BY __line LIMIT 1"
        ).fetchall()
        if bad:
            value, line = bad[0]
            findings.append(
                _finding(
                    "WBR012",
                    f"cannot read the date {value!r} (other dates look like {fmt})",
                    file=shown,
                    line=_file_line(kind, line),
                    column=date_index + 1,
                    suggestion="fix or remove this row",
                )
            )
            return None, []
    cols = []
    select = [f'{date_sql} AS "Date"']
    for i, (raw, name) in enumerate(zip(raw_names, names, strict=True)):
        if i == date_index:
            continue
        exposed = f"{source.alias}.{name}" if source.alias else name
        cols.append(exposed)
        select.append(f"{quote_ident(raw)} AS {quote_ident(exposed)}")
    # File order costs a window over the scan: only CSV (for line numbers) and first/last need it.
    if kind == "csv" or row_order:
        select.append("__line AS __row")
        body = f"SELECT {', '.join(select)} FROM {numbered}"
    else:
        select.append("CAST(NULL AS BIGINT) AS __row")
        body = f"SELECT {', '.join(select)} FROM {scan}"
    view = f"wbr_src{k}"
    con.execute(f"CREATE TEMP VIEW {view} AS {body}")
    return view, cols


def _file_line(kind: str, row: int) -> int:
    """The file line of data row ``row`` (1-based): CSV rows start after the header."""
    return row + 1 if kind == "csv" else row


def _csv_header(path: Path) -> list[str]:
    with path.open("r", encoding="utf-8-sig", errors="replace", newline="") as fh:
        first = fh.readline(1_000_000)
    rows = list(csv.reader([first]))
    return [h.strip() for h in rows[0]] if rows else []


def _dedupe(
    headers: Sequence[str], shown: str, findings: list[Finding], used: set[str], alias: str | None
) -> list[str]:
    """pandas-style names for repeated headers (``X``, ``X.1``); ambiguous use is an error."""
    seen: dict[str, int] = {}
    out = []
    for i, name in enumerate(headers):
        if name in seen:
            seen[name] += 1
            new = f"{name}.{seen[name]}"
            ambiguous = (f"{alias}.{name}" if alias else name) in used
            findings.append(
                _finding(
                    "WBR014",
                    f"the header {name!r} appears twice (columns {headers.index(name) + 1} and "
                    f"{i + 1})"
                    + (", and a metric reads it" if ambiguous else f"; read as {new!r}"),
                    file=shown,
                    line=1,
                    column=i + 1,
                    suggestion="give every column its own name",
                    severity=Severity.ERROR if ambiguous else Severity.WARNING,
                )
            )
            out.append(new)
        else:
            seen[name] = 0
            out.append(name)
    return out


def _date_column(names: Sequence[str]) -> int | None:
    if "Date" in names:
        return names.index("Date")
    lowered = [n.lower() for n in names]
    return lowered.index("date") if "date" in lowered else None


def _date_format(con: duckdb.DuckDBPyConnection, scan: str, date_raw: str) -> str | None:
    sample = [
        str(r[0]).strip()
        for r in con.execute(
            f"SELECT {date_raw} FROM {scan} WHERE {date_raw} IS NOT NULL LIMIT 200"
        ).fetchall()
    ]
    sample = [s for s in sample if s]
    if not sample:
        return None
    best, best_count = None, 0
    for fmt in DATE_FORMATS:
        count = 0
        for value in sample:
            try:
                dt.datetime.strptime(value, fmt)
                count += 1
            except ValueError:
                continue
        if count > best_count:
            best, best_count = fmt, count
    return best


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
    # First rows per date, outer-joined on Date.
    join = f"(SELECT * FROM {ranked[0]} WHERE __rank = 1) s0"
    date_expr = 's0."Date"'
    for k in range(1, len(ranked)):
        join += (
            f" FULL OUTER JOIN (SELECT * FROM {ranked[k]} WHERE __rank = 1) s{k} "
            f'ON s{k}."Date" = {date_expr}'
        )
        date_expr = f'COALESCE({date_expr}, s{k}."Date")'
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


def _missing_columns(
    spec: WbrSpec, exposed: Iterable[str], files: Sequence[SourceFile], findings: list[Finding]
) -> set[str]:
    from backwards.config import did_you_mean

    have = list(exposed)
    missing: set[str] = set()
    for name, metric in spec.metrics.items():
        if not isinstance(metric, ColumnMetric | FilterMetric):
            continue
        wanted = [metric.column]
        if isinstance(metric, FilterMetric):
            wanted += sorted(predicate_columns(metric.predicate))
        for column in wanted:
            if column in have:
                continue
            missing.add(column)
            key = "column" if isinstance(metric, ColumnMetric) else "filter"
            line, col = spec.locate(("metrics", name, key))
            guess = did_you_mean(column, have)
            shown = ", ".join(str(f.path.name) for f in files)
            findings.append(
                _finding(
                    "WBR010",
                    f"metric '{name}' reads column '{column}', which {shown} does not have",
                    file=spec.file,
                    line=line,
                    column=col,
                    suggestion=f"did you mean '{guess}'?" if guess else "check the column name",
                )
            )
    return missing


def _type_columns(
    con: duckdb.DuckDBPyConnection,
    relation: str,
    used: Sequence[str],
    numbers: set[str],
    files: Sequence[SourceFile],
    findings: list[Finding],
) -> dict[str, str]:
    """Which used columns are numbers; non-numeric cells in metric columns are findings."""
    if not used:
        return {}
    checks = []
    for c in used:
        ident = quote_ident(c)
        bad = (
            f"{ident} IS NOT NULL AND TRIM(CAST({ident} AS VARCHAR)) <> '' "
            f"AND {_number_sql(ident)} IS NULL"
        )
        checks.append(f"MIN(CASE WHEN {bad} THEN __row END)")
    row = con.execute(f"SELECT {', '.join(checks)} FROM {relation}").fetchone() or ()
    types: dict[str, str] = {}
    for c, first_bad in zip(used, row, strict=True):
        if first_bad is None:
            types[c] = "number"
            continue
        types[c] = "text"
        if c in numbers:
            value = con.execute(
                f"SELECT {quote_ident(c)} FROM {relation} WHERE __row = ? LIMIT 1", [first_bad]
            ).fetchone()
            shown = str(files[0].path) if len(files) == 1 else ", ".join(str(f.path) for f in files)
            kind = _kind(files[0].path) if len(files) == 1 else "csv"
            findings.append(
                _finding(
                    "WBR011",
                    f"column '{c}' holds {value[0] if value else ''!r}, which is not a number",
                    file=shown,
                    line=_file_line(kind, int(first_bad)) if len(files) == 1 else None,
                    suggestion='use plain numbers (1234.5 or "1,234.5"); leave blanks empty',
                )
            )
    return types
