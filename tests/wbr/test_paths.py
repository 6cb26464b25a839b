"""Issue 9, point 4: data and annotation paths stay inside the workspace or the config's folder,
a missing file names the config's line, no absolute local path reaches a deck, and
``wbr check`` fails wherever ``wbr build`` would. Through the CLI: exit codes, messages and
nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.wbr.conftest import Case
from tests.wbr.test_cli_wbr import GOOD, START, WE, cli

SOURCES = "data_sources:\n  csv_files:\n    main:\n      url_or_path: {path}\n"


def _config(case: Case, path: str, extra: str = "") -> Path:
    text = GOOD.replace("column: clicks", "column: main.clicks").replace(
        "column: views", "column: main.views"
    )
    return case.config(text + SOURCES.format(path=path) + extra)


def _outside_data(case: Case) -> Path:
    """Data in a sibling folder of the config's (the workspace is the config's folder)."""
    outside = case.folder.parent / f"{case.folder.name}-outside"
    outside.mkdir()
    return case.data(
        START, WE, {"clicks": lambda d: 2, "views": lambda d: 10}, name="x.csv"
    ).rename(outside / "daily.csv")


def _build(capsys: pytest.CaptureFixture[str], config: Path, *extra: str) -> tuple[int, str, Path]:
    out = config.parent / "out" / "deck.html"
    code, _, err = cli(capsys, "wbr", "build", str(config), "-o", str(out), *extra)
    return code, err, out


def test_a_relative_path_climbing_out_is_refused(
    case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _outside_data(case)
    config = _config(case, f"../{data.parent.name}/daily.csv")
    code, out, _ = cli(capsys, "wbr", "check", str(config))
    assert code == 1
    assert f"{config}:26:20: error WBR017 (path-outside)" in out
    assert "--allow-outside-paths" in out
    code, err, deck = _build(capsys, config)
    assert code == 2 and "WBR017" in err and "Traceback" not in err
    assert not deck.exists() and not deck.parent.exists()
    # allowed on the command line, it builds
    code, _, deck = _build(capsys, config, "--allow-outside-paths")
    assert code == 0 and deck.is_file()


def test_an_absolute_system_path_is_refused(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    config = _config(case, "/etc/passwd")
    code, out, _ = cli(capsys, "wbr", "check", str(config))
    assert code == 1 and "error WBR017 (path-outside) '/etc/passwd' lies outside" in out
    code, err, deck = _build(capsys, config)
    assert code == 2 and "WBR017" in err and not deck.parent.exists()


def test_a_symbolic_link_leading_out_is_refused(
    case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _outside_data(case)
    (case.folder / "link.csv").symlink_to(data)
    config = _config(case, "link.csv")
    code, out, _ = cli(capsys, "wbr", "check", str(config))
    assert code == 1 and "WBR017" in out


def test_the_workspace_setting_allows_outside_paths_and_the_workspace_is_inside(
    case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    # The config lives in wbr/, the data in data/: both inside the workspace.
    (case.folder / "wbr").mkdir()
    (case.folder / "data").mkdir()
    case.data(START, WE, {"clicks": lambda d: 2, "views": lambda d: 10}, name="data/daily.csv")
    text = _config(case, "../data/daily.csv").read_text()
    config = case.folder / "wbr" / "wbr.yaml"
    config.write_text(text)
    ws = case.folder / "backwards.yaml"
    ws.write_text("version: 1\n")
    args = ("--workspace", str(case.folder), "wbr", "check", str(config))
    assert cli(capsys, *args)[0] == 0
    # Without the workspace, ../data lies outside the config's folder.
    assert cli(capsys, "wbr", "check", str(config))[0] == 1
    # A path outside the workspace, allowed by the setting.
    outside = _outside_data(case)
    config.write_text(text.replace("../data/daily.csv", str(outside)))
    assert cli(capsys, *args)[0] == 1
    ws.write_text("version: 1\nwbr:\n  allow_outside_paths: true\n")
    assert cli(capsys, *args)[0] == 0


def test_workspace_data_outside_the_workspace_is_refused(
    case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = _outside_data(case)
    case.config(GOOD)
    (case.folder / "backwards.yaml").write_text(
        f"version: 1\nwbr:\n  config: wbr.yaml\n  data: ['../{outside.parent.name}/daily.csv']\n"
    )
    code, _, err = cli(capsys, "--workspace", str(case.folder), "wbr", "build")
    assert code == 2 and "lies outside the workspace" in err
    assert not (case.folder / "out").exists()
    code, _, _ = cli(
        capsys, "--workspace", str(case.folder), "wbr", "build", "--allow-outside-paths"
    )
    assert code == 0 and (case.folder / "out" / "wbr.html").is_file()


def test_a_missing_data_file_names_the_config_line(
    case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(case, "nope.csv")
    code, out, _ = cli(capsys, "wbr", "check", str(config))
    assert code == 1
    assert f"{config}:26:20: error WBR018 (missing-file) the data file of 'main'" in out
    code, err, deck = _build(capsys, config)
    assert code == 2 and f"{config}:26:20: error WBR018" in err and not deck.parent.exists()


def test_a_missing_annotation_file_names_the_config_line(
    case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    data = case.data(START, WE, {"clicks": lambda d: 2, "views": lambda d: 10})
    config = case.config(GOOD + "annotations:\n  - events.csv\n")
    code, out, _ = cli(capsys, "wbr", "check", str(config), "--data", str(data))
    assert code == 1
    assert f"{config}:24:5: error WBR018 (missing-file) the annotation file 'events.csv'" in out
    code, err, deck = _build(capsys, config, "--data", str(data))
    assert code == 2 and "WBR018" in err and not deck.parent.exists()


def test_skipped_annotations_never_show_the_absolute_path(
    case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    data = case.data(START, WE, {"clicks": lambda d: 2, "views": lambda d: 10})
    (case.folder / "notes").mkdir()
    (case.folder / "notes" / "events.csv").write_text(
        "Date,MetricName,EventDescription\n2021-09-20,Nope,Unknown metric\n"
    )
    config = case.config(GOOD + "annotations:\n  - notes/events.csv\n")
    code, out, _ = cli(capsys, "wbr", "check", str(config), "--data", str(data))
    assert code == 0 and "warning WBR020" in out and "(notes/events.csv:2)" in out
    for fmt in ("html", "json", "wbr-app-json"):
        target = case.folder / f"deck.{fmt}"
        assert cli(capsys, "wbr", "build", str(config), "--data", str(data), "--format", fmt,
                   "-o", str(target))[0] == 0  # fmt: skip
        text = target.read_text()
        assert "notes/events.csv:2" in text
        assert str(case.folder) not in text and str(Path.home()) not in text
    errors = json.loads((case.folder / "deck.json").read_text())["annotation_errors"]
    assert errors == ["Metric Nope is not in the metric list (notes/events.csv:2)"]


def test_check_fails_on_a_bad_annotation_file_as_build_does(
    case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    data = case.data(START, WE, {"clicks": lambda d: 2, "views": lambda d: 10})
    (case.folder / "events.csv").write_text("Date,MetricName,EventDescription\nsomeday,CTR,x\n")
    config = case.config(GOOD + "annotations:\n  - events.csv\n")
    code, out, _ = cli(capsys, "wbr", "check", str(config), "--data", str(data))
    assert code == 1 and "events.csv:2: error WBR020 (bad-annotations)" in out
    code, err, deck = _build(capsys, config, "--data", str(data))
    assert code == 2 and "someday" in err and not deck.parent.exists()


def test_a_database_only_config_fails_check_as_build_does(
    case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    config = case.config(GOOD + "data_sources:\n  MyPostgres:\n    main:\n      query: SELECT 1\n")
    code, out, _ = cli(capsys, "wbr", "check", str(config))
    assert code == 1
    assert f"{config}:25:5: error WBR002 (missing-key) database source 'MyPostgres' needs" in out
    code, err, deck = _build(capsys, config)
    assert code == 2 and "WBR002" in err and not deck.parent.exists()
