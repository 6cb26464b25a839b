"""One data file (CSV, Parquet or a DuckDB database table) opened as a DuckDB view.

``open_file`` reads the header, finds the ``Date`` column and its format, names the columns
(``alias.column`` for the config's ``csv_files``; pandas-style ``X.1`` for a repeated header)
and creates a view ``wbr_src<k>``. Numbers in CSV files are parsed by DuckDB as DOUBLE; the
Date column and anything else are read as text and parsed with clear, located messages.

A CSV file is parsed once (issue 10): its dialect, header and date format come from its first
lines (read in Python), then DuckDB reads only the columns the config needs, with their types
given, into a table ``wbr_csv<k>`` (no sniffing pass, no second parse); every later check, the
date detection and the engine read that table. Cells that do not convert are collected with
their file lines by DuckDB's rejects table; a column with such cells is read again as text and
checked as before. Files whose first lines do not look like a plain CSV take the sniffing path.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backwards.errors import InputError
from backwards.findings import Finding, Severity
from backwards.wbr.progress import step, watching
from backwards.wbr.query import quote_ident, sql_literal
from backwards.wbr.spec import CODES

if TYPE_CHECKING:
    import duckdb

__all__ = [
    "DATE_FORMATS",
    "OpenedFile",
    "SourceFile",
    "data_finding",
    "file_line",
    "is_csv",
    "open_file",
]

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
PARQUET_SUFFIXES = (".parquet", ".pq")
DUCKDB_SUFFIXES = (".duckdb", ".ddb", ".db")


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One input file; ``alias`` set means columns are named ``alias.column``."""

    path: Path
    alias: str | None = None
    table: str | None = None  # for DuckDB database files


def data_finding(
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


def is_csv(path: Path) -> bool:
    """Whether ``path`` is read as a CSV file (neither Parquet nor a DuckDB database)."""
    return _kind(path) == "csv"


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in PARQUET_SUFFIXES:
        return "parquet"
    if suffix in DUCKDB_SUFFIXES:
        return "duckdb"
    return "csv"


@dataclass
class OpenedFile:
    """An opened source: its scan, how its Date is read, and its columns (exposed -> raw).

    ``scan`` is what the view reads (the file itself, or for a CSV file the table it was
    parsed into); ``raw_scan`` reads the file's cells as they are, for locating a bad cell
    (``date_raw``, ``date_sql`` and ``raw_columns`` name its columns). ``date_read`` reads the
    Date as DATE from ``scan``; ``names`` are all the file's exposed column names, ``columns``
    those ``scan`` has."""

    file: SourceFile
    shown: str
    kind: str
    scan: str
    date_raw: str
    date_sql: str
    date_column: int
    view: str
    columns: dict[str, str]
    raw_scan: str = ""
    date_read: str = ""
    raw_columns: dict[str, str] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.raw_scan = self.raw_scan or self.scan
        self.date_read = self.date_read or self.date_sql
        self.raw_columns = self.raw_columns or dict(self.columns)
        self.names = self.names or list(self.columns)

    def locate(self, con: duckdb.DuckDBPyConnection, value_sql: str, bad_sql: str) -> Any:
        """(value, file line) of the first row where ``bad_sql`` holds (both over
        ``raw_scan``); only on error paths."""
        con.execute("SET preserve_insertion_order = true")  # rows numbered in file order
        row = con.execute(
            f"SELECT v, ln FROM (SELECT row_number() OVER () AS ln, {value_sql} AS v, "
            f"{bad_sql} AS bad FROM {self.raw_scan}) WHERE bad ORDER BY ln LIMIT 1"
        ).fetchone()
        if row is None:
            return None, None
        return row[0], file_line(self.kind, int(row[1]))


def open_file(
    con: duckdb.DuckDBPyConnection,
    k: int,
    source: SourceFile,
    row_order: bool,
    findings: list[Finding],
    used: set[str],
    numbers: frozenset[str] | set[str] = frozenset(),
) -> OpenedFile | None:
    """Open ``source`` as the view ``wbr_src<k>``; None (with findings) when it cannot serve.

    ``used``: the exposed columns the config reads; ``numbers``: those read as numbers."""
    path = source.path
    shown = str(path)
    if _is_empty(path, findings):
        return None
    kind = _kind(path)
    step(f"reading {path.name}")
    if kind == "csv":
        dialect = _csv_dialect(path)  # None: not a plain CSV, sniff it
        if dialect is not None:
            before = len(findings)
            try:
                return _load_csv(con, k, source, dialect, row_order, findings, used, numbers)
            except _NotPlain:
                del findings[before:]
                con.execute(f"DROP TABLE IF EXISTS wbr_csv{k}")
        scan, raw_names, names = _scan_csv(con, source, findings, used)
    elif kind == "parquet":
        scan = f"read_parquet({sql_literal(str(path))})"
        raw_names = _column_names(con, scan)
        names = list(raw_names)
    else:
        scan = _attach_table(con, k, source)
        raw_names = _column_names(con, scan)
        names = list(raw_names)
    date_index = _date_column(names)
    if date_index is None:
        findings.append(_no_date_column(shown))
        return None
    date_raw = quote_ident(raw_names[date_index])
    date_sql = _date_sql(con, scan, date_raw)
    if date_sql is None:
        findings.append(data_finding("WBR015", f"{shown} has no rows", file=shown, line=2))
        return None
    columns: dict[str, str] = {}
    select = [f'{date_sql} AS "Date"']
    for i, (raw, name) in enumerate(zip(raw_names, names, strict=True)):
        if i == date_index:
            continue
        exposed = f"{source.alias}.{name}" if source.alias else name
        columns[exposed] = raw
        select.append(f"{quote_ident(raw)} AS {quote_ident(exposed)}")
    # File order costs a window over the scan: only first/last need it.
    if row_order:
        select.append("__line AS __row")
        numbered = f"(SELECT row_number() OVER () AS __line, * FROM {scan})"
        body = f"SELECT {', '.join(select)} FROM {numbered}"
    else:
        select.append("CAST(NULL AS BIGINT) AS __row")
        body = f"SELECT {', '.join(select)} FROM {scan}"
    view = f"wbr_src{k}"
    con.execute(f"CREATE TEMP VIEW {view} AS {body}")
    return OpenedFile(source, shown, kind, scan, date_raw, date_sql, date_index, view, columns)


def _is_empty(path: Path, findings: list[Finding]) -> bool:
    """Whether the file ``path`` is empty (a WBR015 finding); ``InputError`` when it is
    missing or a folder."""
    shown = str(path)
    if not path.exists():
        raise InputError(f"{shown} does not exist", hint="Check the path.", path=path)
    if path.is_dir():
        raise InputError(f"{shown} is a directory, not a data file", path=path)
    if path.stat().st_size:
        return False
    findings.append(
        data_finding("WBR015", f"{shown} is empty", file=shown, suggestion="add a header and rows")
    )
    return True


def _no_date_column(shown: str) -> Finding:
    return data_finding(
        "WBR010",
        f"{shown} has no 'Date' column",
        file=shown,
        line=1,
        suggestion="name the column with the day of each row 'Date'",
    )


def _column_names(con: duckdb.DuckDBPyConnection, scan: str) -> list[str]:
    return [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {scan}").fetchall()]


def _scan_csv(
    con: duckdb.DuckDBPyConnection,
    source: SourceFile,
    findings: list[Finding],
    used: set[str],
) -> tuple[str, list[str], list[str]]:
    """(scan, DuckDB's column names, our column names) of a CSV file."""
    headers = _csv_header(source.path)
    date_at = _date_column(headers)
    # Numbers are read as DOUBLE by DuckDB's own parser (fast); anything else, and the Date
    # column, as text, which is then parsed here with a clear message for each bad cell.
    override = (
        f", types = {{{sql_literal(headers[date_at])}: 'VARCHAR'}}" if date_at is not None else ""
    )
    scan = (
        f"read_csv({sql_literal(str(source.path))}, header = true, null_padding = true, "
        f"auto_type_candidates = ['DOUBLE']{override})"
    )
    raw_names = _column_names(con, scan)
    # When the sniffer disagrees with the first line, trust DuckDB's names.
    if len(raw_names) != len(headers):
        return scan, raw_names, raw_names
    return scan, raw_names, _dedupe(headers, str(source.path), findings, used, source.alias)


def _attach_table(con: duckdb.DuckDBPyConnection, k: int, source: SourceFile) -> str:
    """Attach a DuckDB database file read-only as ``src<k>``; the scan of its table."""
    shown = str(source.path)
    db = f"src{k}"
    con.execute(f"ATTACH {sql_literal(shown)} AS {db} (READ_ONLY)")
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
            path=source.path,
        )
    return f"{db}.{quote_ident(table)}"


def _date_sql(con: duckdb.DuckDBPyConnection, scan: str, date_raw: str) -> str | None:
    """The SQL reading the Date column as DATE (NULL when unreadable); None: no rows."""
    date_type = con.execute(f"SELECT typeof({date_raw}) FROM {scan} LIMIT 1").fetchall()
    if not date_type:
        return None
    if date_type[0][0] in ("DATE", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP_NS"):
        return f"CAST({date_raw} AS DATE)"
    return _text_date_sql(date_raw, _date_format(con, scan, date_raw) or "%Y-%m-%d")


def file_line(kind: str, row: int) -> int:
    """The file line of data row ``row`` (1-based): CSV rows start after the header."""
    return row + 1 if kind == "csv" else row


def _csv_header(path: Path) -> list[str]:
    with path.open("r", encoding="utf-8-sig", errors="replace", newline="") as fh:
        first = fh.readline(1_000_000)
    try:
        rows = list(csv.reader([first]))
    except csv.Error as exc:  # a column name past csv's field limit (131,072 characters)
        raise InputError(
            f"{path}:1: cannot read the header: {exc}",
            hint="Check that the first line holds the column names.",
            path=path,
        ) from None
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
                data_finding(
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
        str(r[0])
        for r in con.execute(
            f"SELECT {date_raw} FROM {scan} WHERE {date_raw} IS NOT NULL LIMIT 200"
        ).fetchall()
    ]
    return _pick_format(sample)


# -- CSV files, parsed once --------------------------------------------------------------

#: How much of a CSV file's start is read in Python to learn its dialect and date format.
HEAD_BYTES = 1 << 20
HEAD_ROWS = 200
_DELIMITERS = (",", ";", "\t", "|")


@dataclass(frozen=True, slots=True)
class CsvDialect:
    """What the first lines of a plain CSV file say: its delimiter, its header (stripped) and
    up to ``HEAD_ROWS`` data rows."""

    delimiter: str
    header: list[str]
    sample: list[list[str]]
    row_bytes: float = 0.0  # the mean length of the first lines, to estimate the rows


def _csv_dialect(path: Path) -> CsvDialect | None:
    """The dialect of a plain CSV file (one header line, one row per line, fields quoted with
    ``"``), from its first lines; None when they do not look like that (the file then takes
    DuckDB's sniffing path)."""
    with path.open("rb") as fh:
        head = fh.read(HEAD_BYTES)
        at_end = not fh.read(1)
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = head[: max(0, len(head) - 4)].decode("utf-8-sig", errors="ignore")
        if at_end:
            return None
    lines = text.splitlines()
    if not at_end:
        lines = lines[:-1]  # the last line may be cut
    lines = [line for line in lines[: HEAD_ROWS + 1] if line.strip()]
    # A quote left open at a line's end means a cell spans lines: not a plain file.
    if len(lines) < 2 or any(line.count('"') % 2 for line in lines):
        return None
    best: CsvDialect | None = None
    joined = "\n".join(lines)
    for delimiter in _DELIMITERS:
        if delimiter not in joined:  # every row would be one cell: not this file's delimiter
            continue
        try:
            rows = list(csv.reader(lines, delimiter=delimiter))
        except csv.Error:  # a field past csv's limit: a wide header split at the wrong character
            continue
        width = len(rows[0])
        if width < 2 or any(len(r) > width for r in rows[1:]):
            continue
        if max(len(r) for r in rows[1:]) != width:
            continue
        if best is None or width > len(best.header):
            mean = sum(len(line) + 1 for line in lines) / len(lines)
            best = CsvDialect(delimiter, [h.strip() for h in rows[0]], rows[1:], mean)
    return best


def _pick_format(values: Sequence[str]) -> str | None:
    """The first of ``DATE_FORMATS`` reading the most of ``values`` (None: no values)."""
    sample = [v.strip() for v in values if v and v.strip()]
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
        if count == len(sample):
            break  # no later format can read more
    return best


def _text_date_sql(raw: str, fmt: str) -> str:
    """The SQL reading the text cell ``raw`` as DATE in ``fmt`` (NULL when unreadable)."""
    text = f"TRIM(CAST({raw} AS VARCHAR))"
    if fmt == "%Y-%m-%d":
        return f"TRY_CAST({text} AS DATE)"
    return f"CAST(try_strptime({text}, {sql_literal(fmt)}) AS DATE)"


def _read_csv_sql(path: Path, dialect: CsvDialect, types: Sequence[str], extra: str = "") -> str:
    """``read_csv`` of ``path`` with its dialect and column types given (no sniffing): the
    columns are named ``c0``, ``c1``, ..."""
    columns = ", ".join(f"'c{i}': '{t}'" for i, t in enumerate(types))
    return (
        f"read_csv({sql_literal(str(path))}, header = true, auto_detect = false, "
        f"delim = {sql_literal(dialect.delimiter)}, quote = '\"', escape = '\"', "
        f"null_padding = true, columns = {{{columns}}}{extra})"
    )


def _load_csv(
    con: duckdb.DuckDBPyConnection,
    k: int,
    source: SourceFile,
    dialect: CsvDialect,
    row_order: bool,
    findings: list[Finding],
    used: set[str],
    numbers: frozenset[str] | set[str],
) -> OpenedFile | None:
    """Parse the CSV ``source`` once into the table ``wbr_csv<k>`` (Date as DATE, then the
    columns the config reads) and open the view ``wbr_src<k>`` over it."""
    path, shown = source.path, str(source.path)
    names = _dedupe(dialect.header, shown, findings, used, source.alias)
    date_index = _date_column(names)
    if date_index is None:
        findings.append(_no_date_column(shown))
        return None
    if not dialect.sample:
        findings.append(data_finding("WBR015", f"{shown} has no rows", file=shown, line=2))
        return None
    fmt = _pick_format([r[date_index] for r in dialect.sample if len(r) > date_index])
    exposed = [f"{source.alias}.{n}" if source.alias else n for n in names]
    wanted = [
        i
        for i, e in enumerate(exposed)
        if i != date_index and (e in used or any(u.startswith(f"{e}_src") for u in used))
    ]
    texts = {i for i in wanted if exposed[i] not in numbers}
    raw_scan = _read_csv_sql(path, dialect, ["VARCHAR"] * len(names))
    date_raw = quote_ident(f"c{date_index}")
    date_sql = _text_date_sql(date_raw, fmt or "%Y-%m-%d")
    table = f"wbr_csv{k}"
    rejects = f"wbr_rejects{k}"
    for _ in range(2):
        types = [
            "VARCHAR" if i == date_index or i in texts else "DOUBLE" for i in range(len(names))
        ]
        store = (
            f", store_rejects = true, rejects_table = '{rejects}', rejects_scan = '{rejects}_scan'"
        )
        select = [f'{date_sql} AS "Date"'] + [f"c{i} AS {quote_ident(exposed[i])}" for i in wanted]
        rows = int(path.stat().st_size / dialect.row_bytes) if dialect.row_bytes else None
        with watching(con, f"reading {path.name}", rows):
            con.execute(
                f"CREATE OR REPLACE TABLE {table} AS SELECT {', '.join(select)} "
                f"FROM {_read_csv_sql(path, dialect, types, store)}"
            )
        bad = con.execute(f"SELECT DISTINCT error_type, column_name FROM {rejects}").fetchall()
        if not bad:
            break
        casts = {int(str(r[1])[1:]) for r in bad if r[0] == "CAST" and r[1]}
        if len(casts) != len(bad) or casts <= texts:
            raise _NotPlain
        texts |= casts  # read again as text: thousands separators, or a located finding
    else:
        raise _NotPlain
    con.execute(f"DROP TABLE {rejects}")
    con.execute(f"DROP TABLE {rejects}_scan")
    columns = {exposed[i]: exposed[i] for i in wanted}
    select = ['"Date"', *(quote_ident(exposed[i]) for i in wanted)]
    select.append("rowid + 1 AS __row" if row_order else "CAST(NULL AS BIGINT) AS __row")
    view = f"wbr_src{k}"
    con.execute(f"CREATE TEMP VIEW {view} AS SELECT {', '.join(select)} FROM {table}")
    return OpenedFile(
        source,
        shown,
        "csv",
        table,
        date_raw,
        date_sql,
        date_index,
        view,
        columns,
        raw_scan=raw_scan,
        date_read='"Date"',
        raw_columns={exposed[i]: f"c{i}" for i in wanted},
        names=[e for i, e in enumerate(exposed) if i != date_index],
    )


class _NotPlain(Exception):
    """The CSV file is not plain after all (rows DuckDB could not split): sniff it."""
