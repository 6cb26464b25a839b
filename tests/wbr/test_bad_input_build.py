"""Bad input through ``backwards wbr build`` (issue 3, point 8): a clear message naming the file
and line (or column), exit code 2, and nothing written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from backwards.cli import run
from tests.wbr.conftest import Case
from tests.wbr.test_cli_wbr import GOOD, START, WE


def _rows(data: Path, edit: Callable[[list[str]], None]) -> None:
    lines = data.read_text().splitlines()
    edit(lines)
    data.write_text("".join(line + "\n" for line in lines))


def _set(index: int, text: str) -> Callable[[list[str]], None]:
    def edit(lines: list[str]) -> None:
        lines[index] = text

    return edit


CASES: dict[str, tuple[str | None, Callable[[list[str]], None] | None, list[str]]] = {
    "malformed YAML": ("setup:\n  week_ending: [25-SEP-2021\n", None, ["wbr.yaml:3:", "CFG001"]),
    "wrong type": (
        GOOD.replace("week_number: 38", "week_number: [38]"),
        None,
        ["wbr.yaml:3:16: error WBR003 (wrong-type)"],
    ),
    "unknown metric": (
        GOOD.replace("        CTR: {}", "        CTRR: {}"),
        None,
        ["wbr.yaml:22:9: error WBR005 (unknown-metric) 'CTRR'", "did you mean 'CTR'?"],
    ),
    "missing column": (
        GOOD.replace("column: views", "column: veiws"),
        None,
        ["wbr.yaml:10:13: error WBR010 (missing-column)", "did you mean 'views'?"],
    ),
    "non-numeric cell": (
        None,
        _set(7, "2020-06-07,2,many"),
        ["daily.csv:8:3: error WBR011 (non-numeric) column 'views' holds 'many'"],
    ),
    "duplicate header": (
        None,
        _set(0, "Date,views,views"),
        ["daily.csv:1:3: error WBR014 (duplicate-column)"],
    ),
    "empty file": (None, lambda lines: lines.clear(), ["daily.csv: error WBR015 (empty-data)"]),
    "bad date": (
        None,
        _set(3, "2020-02-30,2,10"),
        ["daily.csv:4:1: error WBR012 (bad-data-date) cannot read the date '2020-02-30'"],
    ),
    "week ending outside the data": (
        GOOD.replace("25-SEP-2021", "25-SEP-2025"),
        None,
        ["wbr.yaml:2:16: error WBR013 (week-outside-data)"],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_exits_2_and_writes_nothing(
    case: Case, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    config_text, edit, expected = CASES[name]
    config = case.config(config_text or GOOD)
    data = case.data(START, WE, {"clicks": lambda d: 2, "views": lambda d: 10})
    if edit is not None:
        _rows(data, edit)
    out = case.folder / "out" / "deck.html"
    code = run(["wbr", "build", str(config), "--data", str(data), "-o", str(out)])
    captured = capsys.readouterr()
    assert code == 2, captured
    for text in expected:
        assert text in captured.err
    assert "Traceback" not in captured.err
    assert not out.exists() and not out.parent.exists()
    assert captured.out == ""


def test_a_good_build_writes_the_deck(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    config = case.config(GOOD)
    data = case.data(START, WE, {"clicks": lambda d: 2, "views": lambda d: 10})
    out = case.folder / "deck.json"
    assert run(["wbr", "build", str(config), "--data", str(data), "-o", str(out), "--format",
                "json"]) == 0  # fmt: skip
    assert out.is_file() and str(out) in capsys.readouterr().out


FILTERED = GOOD.replace(
    "    column: clicks\n    aggf: sum",
    '    filter: {base_column: clicks, query: "QUERY"}\n    aggf: sum',
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("views == 'US'", "column 'views', which holds only numbers, with the text 'US'"),
        ("views != 2 and views in [1, 'x']", "column 'views', which holds only numbers, with"),
        ("country in ['FR', 7]", "column 'country', which holds text, with the number 7"),
    ],
)
def test_a_filter_comparing_numbers_with_text_is_located(
    case: Case, capsys: pytest.CaptureFixture[str], query: str, expected: str
) -> None:
    """Comparing a column of numbers with a text (or text with a number) is a WBR008 error at
    the filter's query, in ``check`` and ``build`` (exit 2, nothing written), not DuckDB's
    conversion error."""
    config = case.config(FILTERED.replace("QUERY", query))
    countries = ["US", "FR", "DE"]
    data = case.data(
        START,
        WE,
        {"clicks": lambda d: 2, "views": lambda d: 10, "country": lambda d: countries[d.day % 3]},
    )
    assert run(["wbr", "check", str(config), "--data", str(data)]) == 1
    checked = capsys.readouterr().out
    where = "wbr.yaml:7:42: error WBR008 (bad-filter) metric 'Clicks': the filter compares"
    assert where in checked
    assert expected in checked
    out = case.folder / "out" / "deck.html"
    assert run(["wbr", "build", str(config), "--data", str(data), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert expected in err and "wbr.yaml:7:42" in err
    assert "Traceback" not in err and "internal error" not in err
    assert not out.exists()
