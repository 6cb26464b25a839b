"""Which engine reads a deck's data, and opening it: DuckDB on files (``sources.open_data``),
a database through its connection (``data_sources`` queries, or a ``--data`` database URL),
or Spark (``engine="spark"``).

``inspect_source`` returns (data or None, findings) like ``sources.inspect_data``;
``open_source`` raises the findings as a ``ConfigError``, like ``sources.open_data``.

A ``--data`` database URL reads one table (or one query) with its raw column names, as an
uploaded CSV: ``postgresql://analyst:${WBR_PG_PASSWORD}@db.example.com/metrics::daily``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

from backwards.findings import Finding, Severity
from backwards.wbr.database import RemoteDataSet, RunError, Source, SqlRunner, open_remote
from backwards.wbr.database_connections import (
    TYPES,
    Connection,
    read_connections,
    url_connection,
)
from backwards.wbr.dialect import DIALECTS
from backwards.wbr.sources import DuckDataSet, inspect_data, opened_or_raise
from backwards.wbr.spark import inspect_spark
from backwards.wbr.spec import CODES, DbQuery, WbrSpec
from backwards.wording import did_you_mean

__all__ = [
    "ENGINES",
    "connections_for",
    "inspect_source",
    "is_database_url",
    "open_source",
    "reads_database",
    "source_sql",
]

#: The engines a deck can be computed on (``--engine``, ``wbr.engine``).
ENGINES = ("duckdb", "spark")


def is_database_url(value: Path | str) -> bool:
    """Whether a ``--data`` value is a database URL (``scheme://...``) rather than a file."""
    text = str(value)
    head = text.split("://", 1)[0]
    return "://" in text and head.replace("+", "").replace("_", "").isalnum()


def reads_database(spec: WbrSpec, data_files: Sequence[Path | str]) -> bool:
    """Whether the deck's data comes from a database (``--data`` files win, as in the WBR
    App, where an upload replaces the config's sources)."""
    if data_files:
        return all(is_database_url(f) for f in data_files)
    return bool(spec.db_queries) and not spec.csv_files


def _error(
    code: str,
    message: str,
    spec: WbrSpec | None,
    where: Sequence[str | int],
    hint: str | None = None,
    file: str | None = None,
) -> Finding:
    line, column = spec.locate(where) if spec is not None else (None, None)
    return Finding(
        code=code,
        name=CODES[code][0],
        severity=Severity.ERROR,
        message=message,
        file=file or (spec.file if spec is not None else None),
        line=line,
        column=column,
        suggestion=hint,
    )


def source_sql(query: str) -> str:
    """The user's query as a subquery: trailing semicolons and blanks removed."""
    text = query.strip()
    while text.endswith(";"):
        text = text[:-1].rstrip()
    return f"(\n{text}\n)"


def _not_a_select(query: str, dialect: str) -> str | None:
    """Why ``query`` is not one SELECT statement (None: it is, or SQLGlot cannot tell)."""
    import sqlglot
    from sqlglot import exp
    from sqlglot.errors import SqlglotError

    try:
        statements = [s for s in sqlglot.parse(query, read=DIALECTS[dialect]) if s is not None]
    except SqlglotError:
        return None  # the database will say what is wrong
    if len(statements) != 1:
        return f"it holds {len(statements)} statements"
    if not isinstance(statements[0], exp.Query):
        return f"it is a {statements[0].key.upper()} statement"
    return None


def connections_for(spec: WbrSpec, names: set[str]) -> tuple[dict[str, Connection], list[Finding]]:
    """The connections ``names`` of the config's ``db_config_url`` (a file or one URL), and
    the problems of reading them."""
    where = ("setup", "db_config_url")
    target = spec.setup.db_config_url
    if target is None:
        return {}, [
            _error(
                "WBR002",
                f"the database sources ({', '.join(sorted(names))}) need setup.db_config_url",
                spec,
                ("setup",),
                "set setup.db_config_url to the connections file on this machine",
            )
        ]
    if "://" in target:
        found: dict[str, Connection] = {}
        problems: list[Finding] = []
        line, _ = spec.locate(where)
        for name in sorted(names):
            one, more = url_connection(name, target, f"{spec.file}:{line}")
            problems += more
            if one is not None:
                found[name] = one
        return found, problems
    return read_connections(target)


def _database_sources(
    spec: WbrSpec, data_files: Sequence[Path | str], findings: list[Finding]
) -> tuple[Connection, list[Source]] | None:
    if data_files:
        if len(data_files) != 1:
            findings.append(
                _error("WBR030", "give one --data database URL", None, (), file="--data")
            )
            return None
        url, _, table = str(data_files[0]).partition("::")
        connection, problems = url_connection("--data", url, "--data")
        findings += problems
        if connection is None:
            return None
        if not table.strip():
            findings.append(
                _error(
                    "WBR030",
                    "a --data database URL needs ::TABLE after it",
                    None,
                    (),
                    "write URL::TABLE (a table or view with a Date column)",
                    file="--data",
                )
            )
            return None
        sql = source_sql(table) if " " in table.strip() else table.strip()
        label = f"--data ::{table.strip()}"
        return connection, [Source(sql, None, label, ("--data", None, None))]
    names = {q.connection for q in spec.db_queries}
    if spec.setup.db_config_url is None:
        first = spec.db_queries[0]
        findings.append(
            _error(
                "WBR002",
                f"database source '{first.connection}' needs setup.db_config_url (a connections "
                "file on this machine, or a SQLAlchemy URL)",
                spec,
                first.where[:-2],
                "set setup.db_config_url: connections.yaml, or pass --data FILE",
            )
        )
        return None
    connections, problems = connections_for(spec, names)
    findings += problems
    if problems:
        return None
    if len(names) > 1:
        findings.append(
            _error(
                "WBR030",
                "the data sources use several connections ("
                + ", ".join(sorted(names))
                + "); a deck is computed in one database",
                spec,
                ("data_sources",),
                "move the queries to one connection (several queries of one connection merge)",
            )
        )
        return None
    name = next(iter(names))
    connection = connections.get(name)
    first = spec.db_queries[0]
    if connection is None:
        guess = did_you_mean(name, list(connections))
        findings.append(
            _error(
                "WBR030",
                f"the connections file has no connection named '{name}'",
                spec,
                first.where[:-2],
                f"did you mean '{guess}'?" if guess else "add it to the connections file",
            )
        )
        return None
    sources = []
    for query in spec.db_queries:
        sources.append(_query_source(spec, connection, query, findings))
    return connection, sources


def _query_source(
    spec: WbrSpec, connection: Connection, query: DbQuery, findings: list[Finding]
) -> Source:
    line, column = spec.locate(query.where)
    why = _not_a_select(query.query, connection.dialect)
    if why is not None:
        findings.append(
            _error(
                "WBR031",
                f"the query of {query.connection}.{query.alias} must be one SELECT: {why}",
                spec,
                query.where,
                "backwards only reads: write one SELECT (or WITH ... SELECT)",
            )
        )
    label = f"{query.connection}.{query.alias}"
    return Source(source_sql(query.query), query.alias, label, (spec.file, line, column))


def _inspect_database(
    spec: WbrSpec, data_files: Sequence[Path | str]
) -> tuple[RemoteDataSet | None, list[Finding]]:
    findings: list[Finding] = []
    found = _database_sources(spec, data_files, findings)
    if found is None or findings:
        return None, findings
    connection, sources = found
    runner = SqlRunner(connection)
    try:
        runner.open()
    except RunError as exc:
        runner.close()
        at = sources[0].finding_at
        where = f"connection '{connection.name}' ({connection.shown})"
        findings.append(
            Finding(
                code="WBR030",
                name=CODES["WBR030"][0],
                severity=Severity.ERROR,
                message=f"cannot open {where}: {exc}",
                file=at[0],
                line=at[1],
                column=at[2],
                suggestion="check the host, the port, the user and the password's variable",
            )
        )
        return None, findings
    except ImportError as exc:
        runner.close()
        extra = TYPES[connection.type][2]
        findings.append(
            _error(
                "WBR030",
                f"connection '{connection.name}' needs the {connection.type} driver "
                f"({exc.name or exc})",
                None,
                (),
                f"pip install 'backwards[{extra}]'",
                file=sources[0].finding_at[0],
            )
        )
        return None, findings
    return open_remote(spec, runner, sources, findings), findings


def inspect_source(
    spec: WbrSpec, data_files: Sequence[Path | str] = (), engine: str | None = None, **spark: Any
) -> tuple[DuckDataSet | RemoteDataSet | None, list[Finding]]:
    """Open the deck's data on its engine and check it: (data or None, findings)."""
    if engine == "spark":
        return inspect_spark(spec, data_files, **spark)
    if reads_database(spec, data_files):
        return _inspect_database(spec, data_files)
    return inspect_data(spec, data_files)


def open_source(
    spec: WbrSpec, data_files: Sequence[Path | str] = (), engine: str | None = None, **spark: Any
) -> DuckDataSet | RemoteDataSet:
    """``inspect_source``, raising every error finding as a ``ConfigError``."""
    data, findings = inspect_source(spec, data_files, engine, **spark)
    hint = "Fix the data, the config or the connection as listed above."
    return cast("DuckDataSet | RemoteDataSet", opened_or_raise(data, findings, hint))
