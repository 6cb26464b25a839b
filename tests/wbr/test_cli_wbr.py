"""``backwards wbr check`` / ``explain`` through the CLI, and bad input (issue 3, point 8).

Every bad input gets a message naming the file and the line (or column); ``check`` exits 1 on
findings, and the commands that cannot run exit 2 and write nothing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from backwards.cli import run
from backwards.errors import ConfigError
from backwards.wbr import build
from tests.envelope import unwrap
from tests.wbr.conftest import Case

WE = dt.date(2021, 9, 25)
START = dt.date(2020, 1, 1)  # covers the prior-year YTD: no partial period

GOOD = """\
setup:
  week_ending: 25-SEP-2021
  week_number: 38
  title: T
metrics:
  Clicks:
    column: clicks
    aggf: sum
  Views:
    column: views
    aggf: sum
  CTR:
    function:
      divide:
        - metric: {name: Clicks}
        - metric: {name: Views}
deck:
  - block:
      ui_type: 6_12Graph
      title: CTR
      metrics:
        CTR: {}
"""


def good_case(case: Case) -> tuple[Path, Path]:
    data = case.data(START, WE, {"clicks": lambda d: 2, "views": lambda d: 10})
    return case.config(GOOD), data


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_clean(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    config, data = good_case(case)
    code, out, _ = cli(capsys, "wbr", "check", str(config), "--data", str(data))
    assert code == 0
    assert out.strip().endswith("OK")


def test_check_reports_every_problem_at_once(
    case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    _, data = good_case(case)
    config = case.config(
        GOOD.replace("column: clicks", "column: clickz")
        .replace("- metric: {name: Views}", "- metric: {name: Veiws}")
        .replace("  title: T\n", "  title: T\n  weekending: 1\n")
        + "  - block:\n      ui_type: 6_12Graph\n      title: X\n      metrics:\n        Nope: {}\n"
    )
    code, out, _ = cli(capsys, "wbr", "check", str(config), "--data", str(data))
    assert code == 1
    assert f"{config}:5:3: error WBR001 (unknown-key)" in out
    assert "did you mean 'week_ending'?" in out
    assert f"{config}:17:11: error WBR005 (unknown-metric) 'Veiws'" in out
    assert "did you mean 'Views'?" in out
    assert f"{config}:28:9: error WBR005 (unknown-metric) 'Nope'" in out
    assert (
        f"{config}:8:13: error WBR010 (missing-column) metric 'Clicks' reads column 'clickz'" in out
    )
    code, out, _ = cli(capsys, "wbr", "check", str(case.config(GOOD.replace("clicks", "clickz"))),
                       "--data", str(data))  # fmt: skip
    assert code == 1
    assert "WBR010 (missing-column) metric 'Clicks' reads column 'clickz'" in out
    assert "did you mean 'clicks'?" in out


def test_check_cycle_and_json(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    config = case.config(
        GOOD.replace("- metric: {name: Views}", "- metric: {name: Loop}") + "metrics_extra: 1\n"
    ).read_text()
    text = config.replace(
        "deck:",
        "  Loop:\n    function:\n      sum:\n        - metric: {name: CTR}\n"
        "        - metric: {name: Views}\ndeck:",
    )
    path = case.config(text)
    code, out, _ = cli(capsys, "wbr", "check", str(path), "--format", "json")
    assert code == 1
    data = unwrap(out)
    codes = {f["code"] for f in data["findings"]}
    assert "WBR006" in codes
    cycle = next(f for f in data["findings"] if f["code"] == "WBR006")
    assert "CTR -> Loop -> CTR" in cycle["message"] or "Loop -> CTR -> Loop" in cycle["message"]
    assert cycle["line"] is not None


def test_check_fail_on_warning(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    _, data = good_case(case)
    config = case.config(GOOD.replace("  title: T\n", "  title: T\n  colour: red\n"))
    args = ["wbr", "check", str(config), "--data", str(data), "--allow-unknown-keys"]
    assert cli(capsys, *args)[0] == 0
    assert cli(capsys, *args, "--fail-on", "warning")[0] == 1


def test_explain_prints_one_query_without_date_functions(
    case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    config, _ = good_case(case)
    code, out, _ = cli(capsys, "wbr", "explain", str(config), "CTR")
    assert code == 0
    assert out.count("GROUP BY") == 2 and out.count("GROUP BY p.pid") == 1
    assert '"clicks"' in out and '"views"' in out
    for forbidden in ("date_trunc", "strftime", "dayofweek", "interval", "last_day", "extract"):
        assert forbidden not in out.lower()


def test_explain_unknown_metric(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    config, _ = good_case(case)
    code, _, err = cli(capsys, "wbr", "explain", str(config), "Clikcs")
    assert code == 2
    assert "no metric named 'Clikcs'" in err and "Did you mean 'Clicks'?" in err


# -- bad input: config ---------------------------------------------------------------------


def test_malformed_yaml(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    config = case.config("setup:\n  week_ending: [25-SEP-2021\nmetrics: {}\n")
    code, out, err = cli(capsys, "wbr", "explain", str(config))
    assert code == 2
    assert f"{config}:3:" in err and "CFG001" in err
    assert out == ""


def test_wrong_types(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    config = case.config(GOOD.replace("week_number: 38", "week_number: thirty").replace(
        "        CTR: {}", "        CTR: 5"))  # fmt: skip
    code, _, err = cli(capsys, "wbr", "explain", str(config))
    assert code == 2
    assert f"{config}:3:16: error WBR003 (wrong-type) 'week_number' should be a whole number" in err
    assert f"{config}:22:14: error WBR003" in err


def test_bad_week_ending(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    config = case.config(GOOD.replace("25-SEP-2021", "31-SEP-2021"))
    code, _, err = cli(capsys, "wbr", "explain", str(config))
    assert code == 2
    assert f"{config}:2:16: error WBR004 (bad-date) week_ending '31-SEP-2021' is not a date" in err


# -- bad input: data -----------------------------------------------------------------------


def _build_fails(config: Path, data: Path) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        build(config, [data])
    return info.value


def test_non_numeric_cell(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    config, data = good_case(case)
    lines = data.read_text().splitlines()
    lines[10] = lines[10].split(",")[0] + ",two,10"
    data.write_text("\n".join(lines) + "\n")
    code, out, _ = cli(capsys, "wbr", "check", str(config), "--data", str(data))
    assert code == 1
    assert f"{data}:11:2: error WBR011 (non-numeric) column 'clicks' holds 'two'" in out
    assert _build_fails(config, data).findings[0].line == 11


def test_thousands_separators_are_numbers(case: Case) -> None:
    config, data = good_case(case)
    text = data.read_text().replace(",2,10\n", ',2,"1,000"\n')
    data.write_text(text)
    deck = build(config, [data])
    assert deck.blocks[0].series[0].current_weeks[-1] == pytest.approx(0.002)  # type: ignore[union-attr]


def test_bad_date_cell(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    config, data = good_case(case)
    lines = data.read_text().splitlines()
    lines[20] = "2020-13-45," + lines[20].split(",", 1)[1]
    data.write_text("\n".join(lines) + "\n")
    code, out, _ = cli(capsys, "wbr", "check", str(config), "--data", str(data))
    assert code == 1
    assert f"{data}:21:1: error WBR012 (bad-data-date) cannot read the date '2020-13-45'" in out


def test_duplicate_header_read_by_a_metric(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    config, data = good_case(case)
    text = data.read_text().splitlines()
    text[0] = "Date,clicks,clicks"
    data.write_text("\n".join(text) + "\n")
    code, out, _ = cli(capsys, "wbr", "check", str(config), "--data", str(data))
    assert code == 1
    assert f"{data}:1:3: error WBR014 (duplicate-column) the header 'clicks' appears twice" in out


def test_empty_file(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    config, data = good_case(case)
    data.write_text("")
    code, out, _ = cli(capsys, "wbr", "check", str(config), "--data", str(data))
    assert code == 1
    assert f"{data}: error WBR015 (empty-data)" in out
    data.write_text("Date,clicks,views\n")
    code, out, _ = cli(capsys, "wbr", "check", str(config), "--data", str(data))
    assert f"{data}:2: error WBR015 (empty-data) {data} has no rows" in out


def test_week_ending_outside_the_data(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    config, data = good_case(case)
    code, out, _ = cli(
        capsys, "wbr", "check", str(config), "--data", str(data), "--week-ending", "2019-01-05"
    )
    assert code == 1
    assert "WBR013 (week-outside-data) week_ending 05-Jan-2019 is outside the data" in out
    with pytest.raises(ConfigError):
        build(config, [data], week_ending=dt.date(2023, 1, 7))


def test_missing_data_file(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    config, _ = good_case(case)
    code, _, err = cli(capsys, "wbr", "check", str(config), "--data", str(case.folder / "no.csv"))
    assert code == 2
    assert "no.csv does not exist" in err


def test_bad_week_ending_option(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    config, _ = good_case(case)
    code, _, err = cli(capsys, "wbr", "check", str(config), "--week-ending", "someday")
    assert code == 2
    assert "'someday' is not a date" in err


def test_user_data_is_not_modified(case: Case) -> None:
    config, data = good_case(case)
    before = data.read_bytes(), data.stat().st_mtime_ns
    build(config, [data])
    assert (data.read_bytes(), data.stat().st_mtime_ns) == before
    assert sorted(p.name for p in case.folder.iterdir()) == ["daily.csv", "wbr.yaml"]


def test_non_number_beyond_the_type_sniffer_sample(
    case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad cell after the rows DuckDB samples for types is still reported at its line."""
    config = case.config(GOOD)
    data = case.data(START, WE, {"clicks": lambda d: 2, "views": lambda d: 10}, rows_per_day=60)
    lines = data.read_text().splitlines()
    assert len(lines) > 25_000  # DuckDB samples 20 480 rows
    lines[-100] = lines[-100].rsplit(",", 1)[0] + ",lots"
    data.write_text("\n".join(lines) + "\n")
    code, out, _ = cli(capsys, "wbr", "check", str(config), "--data", str(data))
    assert code == 1
    bad_line = len(lines) - 99
    assert f"{data}:{bad_line}: error WBR011 (non-numeric) column 'views' holds 'lots'" in out
    with pytest.raises(ConfigError) as info:
        build(config, [data])
    assert info.value.findings[0].line == bad_line


def test_empty_date_cell(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    config, data = good_case(case)
    lines = data.read_text().splitlines()
    lines[5] = "," + lines[5].split(",", 1)[1]
    data.write_text("\n".join(lines) + "\n")
    code, out, _ = cli(capsys, "wbr", "check", str(config), "--data", str(data))
    assert code == 1
    assert f"{data}:6:1: error WBR012 (bad-data-date) the Date cell is empty" in out


def test_check_the_workspace_config(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    good_case(case)
    (case.folder / "backwards.yaml").write_text(
        "version: 1\nwbr:\n  config: wbr.yaml\n  data: [daily.csv]\n", encoding="utf-8"
    )
    code, out, _ = cli(capsys, "--workspace", str(case.folder), "wbr", "check")
    assert code == 0 and out.strip().endswith("wbr.yaml: OK")
    (case.folder / "backwards.yaml").write_text("version: 1\n", encoding="utf-8")
    code, _, err = cli(capsys, "--workspace", str(case.folder), "wbr", "check")
    assert code == 2 and "no CONFIG given" in err


def test_a_build_outside_a_workspace_loads_no_settings_models(case: Case) -> None:
    """Outside a workspace `wbr build` and `wbr check` read no settings, so pydantic (a tenth
    of a CSV build's time) is never imported; in a workspace its wbr: settings apply. Neither
    imports the `duckdb` package's Python layer (its compiled core does the work)."""
    import subprocess
    import sys

    good_case(case)
    code = (
        "import sys\nfrom backwards.cli import run\n"
        "codes = [run(['wbr', 'check', 'wbr.yaml', '--data', 'daily.csv']),\n"
        "         run(['wbr', 'build', 'wbr.yaml', '--data', 'daily.csv', '-o', 'd.json'])]\n"
        "print(codes, 'pydantic' in sys.modules, 'duckdb' in sys.modules)\n"
    )
    args = [sys.executable, "-c", code]
    done = subprocess.run(args, cwd=case.folder, capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "[0, 0] False False", done.stderr
    assert (case.folder / "d.json").is_file()
    (case.folder / "backwards.yaml").write_text("version: 1\nwbr:\n  output_dir: decks\n")
    code = code.replace("'-o', 'd.json'", "'--format', 'json'")
    done = subprocess.run([*args[:2], code], cwd=case.folder, capture_output=True, text=True)
    assert done.stdout.splitlines()[-1] == "[0, 0] True False", done.stderr
    assert (case.folder / "decks" / "wbr.json").is_file()  # the workspace's output_dir
