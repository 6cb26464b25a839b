"""Filter queries: the WBR App's pandas ``query`` strings, read safely and turned into SQL.

A filter such as ``latency_country == 'US' and channel in ['web', 'app']`` is parsed with
Python's ``ast`` (never evaluated) into a small ``Predicate`` tree that allows only column
names, literals, comparisons (``== != < > <= >=``, ``in``, ``not in``), ``and``/``or``/``not``
(also ``&``/``|``/``~``, which bind looser than comparisons, as in pandas) and parentheses.
Column names with spaces are written in backticks, as in pandas. ``to_sql`` renders the tree
with quoted identifiers and escaped literals.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = [
    "Predicate",
    "QueryError",
    "compared_values",
    "parse_query",
    "predicate_columns",
    "to_sql",
]

Literal_ = str | int | float | bool | None


class QueryError(ValueError):
    """The query uses something outside the supported subset."""


@dataclass(frozen=True, slots=True)
class Column:
    name: str


@dataclass(frozen=True, slots=True)
class Const:
    value: Literal_


@dataclass(frozen=True, slots=True)
class ConstList:
    values: tuple[Literal_, ...]


@dataclass(frozen=True, slots=True)
class Compare:
    op: str  # = <> < > <= >= IN NOT IN
    left: Column | Const
    right: Column | Const | ConstList


@dataclass(frozen=True, slots=True)
class BoolOp:
    op: str  # AND | OR
    items: tuple[Predicate, ...]


@dataclass(frozen=True, slots=True)
class Not:
    item: Predicate


Predicate = Compare | BoolOp | Not

_OPS: dict[type[ast.cmpop], str] = {
    ast.Eq: "=",
    ast.NotEq: "<>",
    ast.Lt: "<",
    ast.Gt: ">",
    ast.LtE: "<=",
    ast.GtE: ">=",
    ast.In: "IN",
    ast.NotIn: "NOT IN",
}
_BACKTICK = re.compile(r"`([^`]*)`")


def parse_query(text: str) -> Predicate:
    """Parse a pandas-style filter query; raises ``QueryError`` for anything else."""
    names: dict[str, str] = {}

    def replace(match: re.Match[str]) -> str:
        key = f"__bt{len(names)}__"
        names[key] = match.group(1)
        return key

    source = _BACKTICK.sub(replace, text.strip())
    if not source:
        raise QueryError("the query is empty")
    if len(source) > 10_000:
        raise QueryError("the query is too long")
    try:
        tree = ast.parse(_pandas_precedence(source), mode="eval")
    except SyntaxError as exc:
        raise QueryError(f"cannot read it ({exc.msg})") from None
    return _predicate(tree.body, names)


def _pandas_precedence(source: str) -> str:
    """``&``, ``|``, ``~`` as ``and``, ``or``, ``not``: in pandas queries they bind looser than
    comparisons (``a == 1 & b == 2`` means ``(a == 1) and (b == 2)``)."""
    words = {"&": "and", "|": "or", "~": "not"}
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError) as exc:
        raise QueryError(f"cannot read it ({exc})") from None
    out = []
    for tok in tokens:
        if tok.type == tokenize.OP and tok.string in words:
            out.append((tokenize.NAME, words[tok.string]))
        else:
            out.append((tok.type, tok.string))
    return tokenize.untokenize(out).strip()


def _predicate(node: ast.expr, names: dict[str, str]) -> Predicate:
    if isinstance(node, ast.BoolOp):
        op = "AND" if isinstance(node.op, ast.And) else "OR"
        return BoolOp(op, tuple(_predicate(v, names) for v in node.values))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitAnd | ast.BitOr):
        op = "AND" if isinstance(node.op, ast.BitAnd) else "OR"
        return BoolOp(op, (_predicate(node.left, names), _predicate(node.right, names)))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not | ast.Invert):
        return Not(_predicate(node.operand, names))
    if isinstance(node, ast.Compare):
        parts: list[Predicate] = []
        left = node.left
        for cmp, right in zip(node.ops, node.comparators, strict=True):
            sql_op = _OPS.get(type(cmp), "")
            if not sql_op:
                raise QueryError(f"the operator {type(cmp).__name__} is not supported")
            lhs = _operand(left, names)
            if isinstance(lhs, ConstList):
                raise QueryError("a list can only follow 'in'")
            rhs = _operand(right, names)
            if isinstance(rhs, ConstList) and sql_op not in ("IN", "NOT IN"):
                raise QueryError("a list can only follow 'in'")
            if sql_op in ("IN", "NOT IN") and not isinstance(rhs, ConstList):
                rhs = ConstList((rhs.value,)) if isinstance(rhs, Const) else rhs
            parts.append(Compare(sql_op, lhs, rhs))
            left = right
        return parts[0] if len(parts) == 1 else BoolOp("AND", tuple(parts))
    raise QueryError("only comparisons joined by 'and', 'or' and 'not' are supported")


def _operand(node: ast.expr, names: dict[str, str]) -> Column | Const | ConstList:
    if isinstance(node, ast.Name):
        return Column(names.get(node.id, node.id))
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return Column(f"{node.value.id}.{node.attr}")  # alias.column of data_sources.csv_files
    if isinstance(node, ast.Constant) and isinstance(node.value, str | int | float | bool):
        return Const(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _operand(node.operand, names)
        if isinstance(inner, Const) and isinstance(inner.value, int | float):
            return Const(-inner.value)
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        values = []
        for item in node.elts:
            value = _operand(item, names)
            if not isinstance(value, Const):
                raise QueryError("lists may hold only literal values")
            values.append(value.value)
        return ConstList(tuple(values))
    raise QueryError(f"'{ast.unparse(node)}' is not a column name or a literal value")


def predicate_columns(predicate: Predicate) -> set[str]:
    """The column names a predicate reads."""
    if isinstance(predicate, BoolOp):
        return set().union(*(predicate_columns(p) for p in predicate.items))
    if isinstance(predicate, Not):
        return predicate_columns(predicate.item)
    return {x.name for x in (predicate.left, predicate.right) if isinstance(x, Column)}


def compared_values(predicate: Predicate) -> Iterator[tuple[str, Literal_]]:
    """Each (column, literal value) the predicate compares, in order (a list gives one pair
    per value)."""
    if isinstance(predicate, BoolOp):
        for item in predicate.items:
            yield from compared_values(item)
    elif isinstance(predicate, Not):
        yield from compared_values(predicate.item)
    else:
        column = next((x for x in (predicate.left, predicate.right) if isinstance(x, Column)), None)
        if column is None:
            return
        for x in (predicate.left, predicate.right):
            if isinstance(x, Const):
                yield column.name, x.value
            elif isinstance(x, ConstList):
                yield from ((column.name, v) for v in x.values)


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sql_literal(value: Literal_) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + value.replace("'", "''") + "'"


def to_sql(predicate: Predicate, column_sql: dict[str, str] | None = None) -> str:
    """SQL text for ``predicate``; ``column_sql`` maps a column name to its SQL expression."""
    mapping = column_sql or {}

    def operand(x: Column | Const | ConstList) -> str:
        if isinstance(x, Column):
            return mapping.get(x.name, quote_ident(x.name))
        if isinstance(x, ConstList):
            return "(" + ", ".join(sql_literal(v) for v in x.values) + ")"
        return sql_literal(x.value)

    if isinstance(predicate, BoolOp):
        return "(" + f" {predicate.op} ".join(to_sql(p, mapping) for p in predicate.items) + ")"
    if isinstance(predicate, Not):
        return f"(NOT {to_sql(predicate.item, mapping)})"
    return f"({operand(predicate.left)} {predicate.op} {operand(predicate.right)})"
