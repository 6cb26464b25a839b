"""Filter queries: parsed safely (never evaluated) and rendered as SQL."""

from __future__ import annotations

import pytest

from backwards.wbr.query import QueryError, parse_query, predicate_columns, to_sql


@pytest.mark.parametrize(
    ("query", "sql"),
    [
        ("country == 'US'", "(\"country\" = 'US')"),
        ("a != 3 and b >= -2.5", '(("a" <> 3) AND ("b" >= -2.5))'),
        ("a < 1 or not b > 2", '(("a" < 1) OR (NOT ("b" > 2)))'),
        ("c in ['x', 'y']", "(\"c\" IN ('x', 'y'))"),
        ("c not in ('x',)", "(\"c\" NOT IN ('x'))"),
        ("(a == 1) & (b == 2) | (c == 3)", '((("a" = 1) AND ("b" = 2)) OR ("c" = 3))'),
        ("`Desktop Pct` > 0.5", '("Desktop Pct" > 0.5)'),
        ("1 < a < 3", '((1 < "a") AND ("a" < 3))'),
        ("main.Country == 'US'", "(\"main.Country\" = 'US')"),
        ("a == 1 & b == 'x|y' | ~c > 2", '((("a" = 1) AND ("b" = \'x|y\')) OR (NOT ("c" > 2)))'),
        ('name == "O\'Brien"', "(\"name\" = 'O''Brien')"),
    ],
)
def test_queries_to_sql(query: str, sql: str) -> None:
    assert to_sql(parse_query(query)) == sql


@pytest.mark.parametrize(
    "query",
    [
        "__import__('os').system('x')",
        "a.b.c == 1",
        "a + 1 == 2",
        "a == b()",
        "a in [b]",
        "a ==",
        "",
        "[1, 2] == a",
        "a is None",
    ],
)
def test_anything_else_is_refused(query: str) -> None:
    with pytest.raises(QueryError):
        parse_query(query)


def test_columns() -> None:
    assert predicate_columns(parse_query("a == 1 and (b > c or `d e` in [1])")) == {
        "a",
        "b",
        "c",
        "d e",
    }
