"""The WBR config reader: every problem as a located finding, all at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from backwards.findings import Severity
from backwards.wbr import load_spec
from backwards.wbr.spec import ColumnMetric, FilterMetric, FunctionMetric

HEAD = "setup:\n  week_ending: 25-SEP-2021\n  week_number: 38\n  title: T\n"
CHART = (
    "deck:\n  - block:\n      ui_type: 6_12Graph\n      title: X\n      metrics:\n        X: {}\n"
)


def findings(tmp_path: Path, text: str) -> list[tuple[str, int | None, str]]:
    path = tmp_path / "wbr.yaml"
    path.write_text(text, encoding="utf-8")
    _, found = load_spec(path)
    return [(f.code, f.line, f.severity.value) for f in found]


@pytest.mark.parametrize(
    ("metrics", "expected"),
    [
        ("  X:\n    column: x\n", ("WBR002", 6, "error")),  # no aggf
        ("  X:\n    column: x\n    aggf: total\n", ("WBR007", 8, "error")),
        ("  X:\n    colum: x\n    aggf: sum\n", ("WBR002", 6, "error")),
        (
            "  X:\n    column: x\n    aggf: sum\n    metric_comparison_method: pct2\n",
            ("WBR007", 9, "error"),
        ),
        (
            "  X:\n    filter: {base_column: x, query: 'a ='}\n    aggf: sum\n",
            ("WBR008", 7, "error"),
        ),
        (
            "  X:\n    function:\n      ratio:\n        - metric: {name: Y}\n",
            ("WBR007", 8, "error"),
        ),
        (
            "  X:\n    function:\n      divide:\n        - metric: {name: A}\n"
            "        - metric: {name: A}\n        - metric: {name: A}\n"
            "  A:\n    column: a\n    aggf: sum\n",
            ("WBR016", 9, "warning"),
        ),
        (
            "  X:\n    column: x\n    aggf: sum\n    good_direction: sideways\n",
            ("WBR007", 9, "error"),
        ),
        (
            "  X:\n    column: x\n    aggf: sum\n    variance_threshold: {wow: lots}\n",
            ("WBR003", 9, "error"),
        ),
        ("  X:\n    column: x\n    aggf: sum\n    target: Plan\n", ("WBR005", 9, "error")),
        ("  X: [1, 2]\n", ("WBR003", 6, "error")),
    ],
)
def test_metric_problems(tmp_path: Path, metrics: str, expected: tuple[str, int, str]) -> None:
    assert expected in findings(tmp_path, HEAD + "metrics:\n" + metrics + CHART)


def test_setup_and_deck_problems_all_at_once(tmp_path: Path) -> None:
    text = (
        "setup:\n  week_ending: 25-SEP-2021\n  fiscal_year_end_month: Dez\n"
        "  x_axis_monthly_display: fiscal\n"
        "metrics:\n  X:\n    column: x\n    aggf: sum\n"
        "deck:\n  - block:\n      ui_type: 6_12Graf\n      title: X\n"
        "  - block:\n      ui_type: 6_WeeksTable\n      rows:\n"
        "        - row: {header: a, metric: Y}\n"
        "  - notablock: 1\n"
        "  - block:\n      ui_type: 6_12Graph\n      axes: 3\n      metrics: {X: {}}\n"
    )
    found = findings(tmp_path, text)
    assert ("WBR007", 3, "error") in found  # fiscal month
    assert ("WBR007", 4, "error") in found  # display
    assert ("WBR007", 11, "error") in found  # ui_type, "did you mean"
    assert ("WBR005", 16, "error") in found  # row metric
    assert ("WBR002", 17, "error") in found  # not a block
    assert ("WBR007", 20, "error") in found  # axes
    assert ("WBR009", 1, "info") in found  # week_number and title derived


def test_lenient_values_the_wbr_app_rejects(tmp_path: Path) -> None:
    path = tmp_path / "wbr.yaml"
    path.write_text(
        "setup:\n  week_ending: 5-sep-2021\n  week_number: '36'\n  fiscal_year_end_month: jun\n"
        "metrics:\n  X:\n    column: x\n    aggf: AVG\n    metric_comparison_method: '%'\n"
        "  F:\n    filter: {base_column: x, query: \"`a b` in ['u', 'v'] & x > 1\"}\n"
        "    aggf: last\n"
        "  R:\n    function:\n      sum:\n        - column: {name: X}\n"
        "        - metric: {name: F}\n" + CHART,
        encoding="utf-8",
    )
    spec, found = load_spec(path)
    assert spec is not None, found
    assert [f for f in found if f.severity is Severity.ERROR] == []
    assert spec.setup.week_number == 36 and spec.setup.fiscal_year_end_month == 6
    x, f, r = spec.metrics["X"], spec.metrics["F"], spec.metrics["R"]
    assert isinstance(x, ColumnMetric) and x.aggf == "mean" and x.comparison == "%"
    assert isinstance(f, FilterMetric) and f.aggf == "last"
    assert isinstance(r, FunctionMetric) and r.operands == ("X", "F")
