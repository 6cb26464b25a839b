from __future__ import annotations

import json

import pytest

from backwards.findings import (
    Finding,
    Severity,
    count_by_severity,
    format_json,
    format_text,
    sort_findings,
)


def make(code: str, line: int | None, severity: Severity = Severity.ERROR) -> Finding:
    return Finding(code, "a-name", severity, f"message {code}", file="doc.md", line=line, column=3)


# The documented order, least serious first, written out by hand.
ORDER = [Severity.INFO, Severity.WARNING, Severity.ERROR]


@pytest.mark.parametrize("i", range(3))
@pytest.mark.parametrize("j", range(3))
def test_every_comparison_follows_the_documented_order(i: int, j: int) -> None:
    a, b = ORDER[i], ORDER[j]
    assert (a > b) is (i > j)
    assert (a >= b) is (i >= j)
    assert (a < b) is (i < j)
    assert (a <= b) is (i <= j)
    assert (a == b) is (i == j)


def test_severity_sorts_and_parses() -> None:
    assert sorted([Severity.ERROR, Severity.INFO, Severity.WARNING]) == ORDER
    assert max(ORDER) is Severity.ERROR and min(ORDER) is Severity.INFO
    with pytest.raises(TypeError):
        _ = Severity.ERROR > 1
    assert Severity.parse(" Warning ") is Severity.WARNING
    assert [Severity.parse(s) for s in ("info", "ERROR")] == [Severity.INFO, Severity.ERROR]
    with pytest.raises(ValueError, match="choose from"):
        Severity.parse("fatal")


def test_sort_is_reading_order() -> None:
    items = [make("B", 9), make("A", 2), make("C", None)]
    assert [f.code for f in sort_findings(items)] == ["C", "A", "B"]


def test_text_format_has_location_code_name_and_suggestion() -> None:
    f = Finding(
        "X1",
        "thing-bad",
        Severity.WARNING,
        "it is bad",
        file="a.yaml",
        line=4,
        column=2,
        suggestion="make it good",
    )
    text = format_text([f])
    assert text.splitlines() == [
        "a.yaml:4:2: warning X1 (thing-bad) it is bad",
        "    suggestion: make it good",
    ]
    assert "\x1b[" not in text
    assert "\x1b[33m" in format_text([f], color=True)


def test_location_without_file_or_line() -> None:
    f = Finding("X", "n", Severity.INFO, "m")
    assert f.location == "<input>"
    assert Finding("X", "n", Severity.INFO, "m", file="f", line=3).location == "f:3"


def test_json_format_is_versioned_and_counts() -> None:
    items = [make("A", 1), make("B", 2, Severity.INFO), make("C", 3, Severity.INFO)]
    doc = json.loads(format_json(items, ok=False))
    assert doc["version"] == 1
    assert doc["summary"] == {"info": 2, "warning": 0, "error": 1}
    assert doc["ok"] is False
    assert [f["code"] for f in doc["findings"]] == ["A", "B", "C"]
    assert doc["findings"][0]["severity"] == "error"
    assert count_by_severity(items)[Severity.INFO] == 2
