"""Tests that kill the mutants `make mutation` found alive in ``backwards/findings.py``.

Every expected value is written out by hand here (docs/testing.md, "Mutation testing").
"""

from __future__ import annotations

import operator
from collections.abc import Callable

import pytest

from backwards.findings import Finding, Severity, format_json, sort_findings


@pytest.mark.parametrize("op", [operator.lt, operator.le, operator.gt, operator.ge])
def test_comparing_a_severity_with_anything_else_is_a_type_error(
    op: Callable[[object, object], bool],
) -> None:
    # Python raises TypeError only when both sides answer NotImplemented; a comparison that
    # went on to read ``other.rank`` would raise AttributeError instead.
    with pytest.raises(TypeError):
        op(Severity.WARNING, 1)
    with pytest.raises(TypeError):
        op(Severity.WARNING, "warning")


def test_an_unknown_severity_names_every_choice() -> None:
    with pytest.raises(ValueError) as caught:
        Severity.parse("fatal")
    assert str(caught.value) == "unknown severity 'fatal' (choose from info, warning, error)"


def test_to_dict_names_every_field() -> None:
    f = Finding(
        "C01",
        "problem-missing",
        Severity.ERROR,
        "no problem",
        file="doc.md",
        line=3,
        column=4,
        end_line=5,
        end_column=6,
        suggestion="say it",
        section="Problem",
        extra={"score": 2},
    )
    assert f.to_dict() == {
        "code": "C01",
        "name": "problem-missing",
        "severity": "error",
        "message": "no problem",
        "file": "doc.md",
        "line": 3,
        "column": 4,
        "end_line": 5,
        "end_column": 6,
        "suggestion": "say it",
        "section": "Problem",
        "extra": {"score": 2},
    }
    bare = Finding("X", "n", Severity.INFO, "m").to_dict()
    assert "extra" not in bare and bare["file"] is None and bare["section"] is None


def _codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in sort_findings(findings)]


def test_reading_order_is_file_then_line_then_column_then_code() -> None:
    # The file decides first: "A.md" sorts before "b.md" whatever the lines.
    assert _codes(
        [
            Finding("1", "n", Severity.INFO, "m", file="b.md", line=1),
            Finding("2", "n", Severity.INFO, "m", file="A.md", line=9),
        ]
    ) == ["2", "1"]
    # No file at all sorts before any file, "A.md" included.
    assert _codes(
        [
            Finding("1", "n", Severity.INFO, "m", file="A.md"),
            Finding("2", "n", Severity.INFO, "m"),
        ]
    ) == ["2", "1"]
    # No line sorts before line 1, even when its code sorts last.
    assert _codes(
        [
            Finding("A", "n", Severity.INFO, "m", file="f", line=1),
            Finding("Z", "n", Severity.INFO, "m", file="f"),
        ]
    ) == ["Z", "A"]
    # On one line the column decides before the code; no column sorts before column 1.
    assert _codes(
        [
            Finding("A", "n", Severity.INFO, "m", file="f", line=2, column=5),
            Finding("B", "n", Severity.INFO, "m", file="f", line=2, column=2),
            Finding("C", "n", Severity.INFO, "m", file="f", line=2, column=1),
            Finding("Z", "n", Severity.INFO, "m", file="f", line=2),
        ]
    ) == ["Z", "C", "B", "A"]


def test_json_is_indented_by_two_and_keeps_non_ascii_text() -> None:
    f = Finding("W1", "n", Severity.WARNING, "café")
    expected = """{
  "version": 1,
  "findings": [
    {
      "code": "W1",
      "name": "n",
      "severity": "warning",
      "message": "café",
      "file": null,
      "line": null,
      "column": null,
      "end_line": null,
      "end_column": null,
      "suggestion": null,
      "section": null
    }
  ],
  "summary": {
    "info": 0,
    "warning": 1,
    "error": 0
  },
  "ok": true
}"""
    assert format_json([f], ok=True) == expected
