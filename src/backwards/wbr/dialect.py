"""The engine's SQL in other engines' dialects: SQLGlot transpiles the plan (pure).

The plan (``plan.py``) is written in DuckDB's dialect, with no date functions and the periods as
a ``VALUES`` list, so SQLGlot can write it for Postgres, the warehouses and Spark. Two things
need more than a transpile:

- ``ARG_MIN``/``ARG_MAX`` (the ``first``/``last`` aggfs) do not exist in Postgres: they become
  ``(ARRAY_AGG(value ORDER BY key) FILTER (WHERE key IS NOT NULL))[1]``, the same rule (the value
  at the smallest key, rows without a key skipped). Redshift has neither, so ``first``/``last``
  are refused there, as is ``median`` on Trino and Athena (no exact median).
- the input: ``with_input`` puts the user's query in front of the plan as the CTE
  ``wbr_input`` (the user's SQL is the connection's own dialect: it is never transpiled).

The legend comment lines of the plan (``-- m0: ...``) are kept as they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from backwards.errors import InputError

if TYPE_CHECKING:
    from sqlglot import exp

__all__ = [
    "DIALECTS",
    "UNSUPPORTED_AGGFS",
    "parse_check",
    "quote",
    "transpile",
    "with_input",
]

#: Our dialect names -> SQLGlot's.
DIALECTS: dict[str, str] = {
    "duckdb": "duckdb",
    "postgres": "postgres",
    "redshift": "redshift",
    "snowflake": "snowflake",
    "athena": "athena",
    "bigquery": "bigquery",
    "trino": "trino",
    "spark": "spark",
}

#: aggfs a dialect cannot compute exactly: the plan refuses them there with a clear message.
UNSUPPORTED_AGGFS: dict[str, frozenset[str]] = {
    "redshift": frozenset({"first", "last"}),
    "trino": frozenset({"median"}),
    "athena": frozenset({"median"}),
}


def _refused() -> dict[str, tuple[type[exp.Expr], ...]]:
    from sqlglot import exp

    return {
        "redshift": (exp.ArgMin, exp.ArgMax),
        "trino": (exp.Median,),
        "athena": (exp.Median,),
    }


def _sqlglot_name(dialect: str) -> str:
    try:
        return DIALECTS[dialect]
    except KeyError:
        raise InputError(
            f"unknown SQL dialect {dialect!r}",
            hint="Pick one of: " + ", ".join(DIALECTS),
        ) from None


def _split_legend(sql: str) -> tuple[str, str]:
    lines = sql.splitlines()
    k = 0
    while k < len(lines) and lines[k].startswith("--"):
        k += 1
    legend = "".join(line + "\n" for line in lines[:k])
    return legend, "\n".join(lines[k:])


def _postgres_arg(node: exp.Expr) -> exp.Expr:
    """ARG_MIN/ARG_MAX(value, key) -> the first of the values ordered by key (Postgres)."""
    import sqlglot
    from sqlglot import exp

    if not isinstance(node, exp.ArgMin | exp.ArgMax):
        return node
    value = node.this.sql("postgres")
    key = node.expression.sql("postgres")
    order = "ASC" if isinstance(node, exp.ArgMin) else "DESC"
    return sqlglot.parse_one(
        f"(ARRAY_AGG({value} ORDER BY {key} {order}) FILTER (WHERE {key} IS NOT NULL))[1]",
        read="postgres",
    )


def transpile(sql: str, dialect: str, *, pretty: bool = True) -> str:
    """``sql`` (the engine's DuckDB SQL, legend comments first) in ``dialect``; ``pretty``
    lays it out for reading (``wbr explain``), which costs a third more time.

    Raises ``InputError`` when SQLGlot cannot write a part of it for that dialect."""
    name = _sqlglot_name(dialect)
    if name == "duckdb":
        return sql
    import sqlglot
    from sqlglot.errors import ErrorLevel, SqlglotError

    legend, body = _split_legend(sql)
    try:
        tree = sqlglot.parse_one(body, read="duckdb")
        kinds = _refused().get(dialect, ())
        refused = list(tree.find_all(*kinds)) if kinds else []
        if refused:
            aggfs = sorted(UNSUPPORTED_AGGFS[dialect])
            raise InputError(
                f"the engine's SQL cannot be written for {dialect}: it has no exact "
                f"{type(refused[0]).__name__.upper()} (the aggfs {', '.join(aggfs)})",
                hint=f"Use other aggfs for the metrics computed in {dialect}.",
            )
        if name == "postgres":
            tree = tree.transform(_postgres_arg)
        out = tree.sql(dialect=name, unsupported_level=ErrorLevel.RAISE, pretty=pretty)
    except SqlglotError as exc:
        raise InputError(
            f"the engine's SQL cannot be written for {dialect}: {str(exc).splitlines()[0]}",
            hint="Use other aggfs for this connection, or report it as a bug.",
        ) from None
    return legend + out


def quote(name: str, dialect: str) -> str:
    """``name`` as a quoted identifier of ``dialect``."""
    from sqlglot import exp

    return exp.to_identifier(name, quoted=True).sql(dialect=_sqlglot_name(dialect))


def with_input(sql: str, input_sql: str) -> str:
    """``sql`` (transpiled, starting with ``WITH`` after its legend) with the CTE
    ``wbr_input AS (<input_sql>)`` first."""
    legend, body = _split_legend(sql)
    head = body.lstrip()
    if not head[:5].upper() == "WITH ":
        raise ValueError("the engine's SQL does not start with WITH")
    return f"{legend}WITH wbr_input AS (\n{input_sql}\n),\n{head[5:]}"


def parse_check(sql: str, dialect: str) -> None:
    """Parse ``sql`` with SQLGlot's parser for ``dialect`` (raises ``sqlglot.ParseError``)."""
    import sqlglot

    sqlglot.parse_one(sql, read=_sqlglot_name(dialect))
