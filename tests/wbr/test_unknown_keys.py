"""Unknown config keys are bad input (issue 3, points 1 and 8): an error with file:line and a
"did you mean", exit 2 and nothing written; the WBR App's own ignored keys are INFO; the
``--allow-unknown-keys`` flag and the ``wbr.allow_unknown_keys`` setting make them warnings."""

from __future__ import annotations

from pathlib import Path

import pytest

from backwards.cli import run
from backwards.wbr import check
from tests.envelope import unwrap
from tests.wbr.conftest import Case
from tests.wbr.test_cli_wbr import GOOD, START, WE

TYPOS: dict[str, tuple[str, str, str]] = {
    # where: (text to find in GOOD, replacement, expected "file:line:col ... did you mean")
    "setup": ("  title: T\n", "  title: T\n  fiscal_year_end_mont: DEC\n", "wbr.yaml:5:3"),
    "metric": ("    aggf: sum\n  Views:", "    aggf: sum\n    ownr: Ana\n  Views:", "wbr.yaml:9:5"),
    "block": ("      title: CTR\n", "      title: CTR\n      y_scalling: '##'\n", "wbr.yaml:21:7"),
}
GUESSES = {"setup": "fiscal_year_end_month", "metric": "owner", "block": "y_scaling"}


def _data(case: Case) -> Path:
    return case.data(START, WE, {"clicks": lambda d: 2, "views": lambda d: 10})


def _typo(case: Case, where: str) -> Path:
    old, new, _ = TYPOS[where]
    assert old in GOOD
    return case.config(GOOD.replace(old, new, 1))


@pytest.mark.parametrize("where", list(TYPOS))
def test_a_typo_key_fails_the_build_with_file_line_and_guess(
    case: Case, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    config, data = _typo(case, where), _data(case)
    out = case.folder / "out" / "deck.html"
    code = run(["wbr", "build", str(config), "--data", str(data), "-o", str(out)])
    captured = capsys.readouterr()
    assert code == 2, captured
    assert f"{TYPOS[where][2]}: error WBR001 (unknown-key)" in captured.err
    assert f"did you mean '{GUESSES[where]}'?" in captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""
    assert not out.exists() and not out.parent.exists()


@pytest.mark.parametrize("where", list(TYPOS))
def test_check_reports_the_typo_as_an_error(
    case: Case, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    config, data = _typo(case, where), _data(case)
    code = run(["wbr", "check", str(config), "--data", str(data), "--format", "json"])
    found = unwrap(capsys.readouterr().out)["findings"]
    assert code == 1
    assert [(f["code"], f["severity"]) for f in found] == [("WBR001", "error")]
    assert found[0]["suggestion"] == f"did you mean '{GUESSES[where]}'?"


def test_the_flag_turns_them_into_warnings_and_builds(
    case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    config, data = _typo(case, "metric"), _data(case)
    out = case.folder / "deck.json"
    args = ["wbr", "build", str(config), "--data", str(data), "-o", str(out), "--format", "json"]
    assert run([*args, "--allow-unknown-keys"]) == 0
    assert out.is_file()
    capsys.readouterr()
    assert run(["wbr", "check", str(config), "--data", str(data), "--allow-unknown-keys"]) == 0
    assert "wbr.yaml:9:5: warning WBR001 (unknown-key)" in capsys.readouterr().out


def test_the_setting_turns_them_into_warnings(
    case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    config, data = _typo(case, "block"), _data(case)
    (case.folder / "backwards.yaml").write_text(
        "version: 1\nwbr:\n  allow_unknown_keys: true\n", encoding="utf-8"
    )
    out = case.folder / "deck.html"
    ws = ["--workspace", str(case.folder)]
    assert run([*ws, "wbr", "build", str(config), "--data", str(data), "-o", str(out)]) == 0
    assert out.is_file()
    capsys.readouterr()
    assert run([*ws, "wbr", "check", str(config), "--data", str(data)]) == 0
    assert "warning WBR001 (unknown-key)" in capsys.readouterr().out
    (case.folder / "backwards.yaml").write_text(
        "version: 1\nwbr:\n  allow_unknown_keys: false\n", encoding="utf-8"
    )
    out.unlink()
    assert run([*ws, "wbr", "build", str(config), "--data", str(data), "-o", str(out)]) == 2
    assert not out.exists()


def test_the_wbr_app_s_own_ignored_keys_are_info(case: Case) -> None:
    config = case.config(
        GOOD.replace(
            "    aggf: sum\n  Views:", "    aggf: sum\n    box_total_scaling: bps\n  Views:"
        ).replace("  title: T\n", "  title: T\n  __line__: 4\n")
    )
    found = check(config, [_data(case)])
    assert [(f.code, f.severity.value, f.line) for f in found] == [
        ("WBR001", "info", 5),
        ("WBR001", "info", 10),
    ]
    assert all("ignored, as the WBR App does" in f.message for f in found)


def test_scenario_7_builds_with_box_total_scaling(
    compat: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = compat / "scenario_7"
    config = folder / "config.yaml"
    assert "box_total_scaling" in config.read_text(encoding="utf-8")
    out = tmp_path / "deck.json"
    data = folder / "original.csv"
    code = run(["wbr", "build", str(config), "--data", str(data), "-o", str(out), "--format",
                "json"])  # fmt: skip
    assert code == 0, capsys.readouterr()
    assert out.is_file()
    found = check(config, [data])
    assert {(f.code, f.severity.value) for f in found} == {("WBR001", "info")}
