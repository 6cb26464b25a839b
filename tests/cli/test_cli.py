from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from backwards import __version__
from backwards.cli import run
from tests.envelope import unwrap


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--version"]) == 0
    assert __version__ in capsys.readouterr().out


def test_help_lists_only_registered_commands(capsys: pytest.CaptureFixture[str]) -> None:
    from backwards.cli.app import COMMANDS

    assert run(["--help"]) == 0
    out = capsys.readouterr().out
    for name in COMMANDS:
        assert f"  {name} " in out


def test_unknown_command_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["frobnicate"]) == 2
    assert "No such command" in capsys.readouterr().err


def test_config_check_ok(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "backwards.yaml").write_text("version: 1\n")
    assert run(["--workspace", str(tmp_path), "config", "check"]) == 0
    assert "OK" in capsys.readouterr().out


MALFORMED = {
    "bad-yaml": ("name: [unclosed\n", "CFG001"),
    "unknown-key": ("version: 1\nprfaq:\n  profle: rfc\n", "CFG002"),
    "wrong-type": ("version: 1\nprfaq:\n  ignore: 7\n", "CFG003"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_settings_exit_2_with_file_line_and_hint(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, code = MALFORMED[case]
    (tmp_path / "backwards.yaml").write_text(text)
    assert run(["--workspace", str(tmp_path), "config", "check"]) == 2
    err = capsys.readouterr().err
    assert "backwards.yaml:" in err
    assert code in err
    assert "Error: " in err and "Hint: " in err
    assert "Traceback" not in err


def test_all_problems_reported_together(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "backwards.yaml").write_text("nme: a\nprfaq:\n  ignore: 7\nledger: []\n")
    assert run(["-w", str(tmp_path), "config", "check"]) == 2
    err = capsys.readouterr().err
    assert err.count("error CFG") == 3
    assert ":1:1: error CFG002" in err
    assert ":3:11: error CFG003" in err
    assert ":4:9: error CFG003" in err
    assert "did you mean 'name'?" in err


def test_config_check_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "backwards.yaml").write_text("nme: a\n")
    assert run(["-w", str(tmp_path), "config", "check", "--format", "json"]) == 2
    doc = unwrap(capsys.readouterr().out)
    assert doc["ok"] is False
    assert doc["findings"][0]["code"] == "CFG002"
    assert doc["findings"][0]["line"] == 1


def test_config_show_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "backwards.yaml").write_text("name: Shown\n")
    assert run(["-w", str(tmp_path), "config", "show", "--format", "json"]) == 0
    doc = unwrap(capsys.readouterr().out)
    assert doc["settings"]["name"] == "Shown"
    assert doc["database_url"].endswith("backwards.db")


def test_init(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["init", str(tmp_path / "ws")]) == 0
    assert (tmp_path / "ws" / "backwards.yaml").is_file()
    assert run(["init", str(tmp_path / "ws")]) == 2
    assert "already exists" in capsys.readouterr().err


def test_debug_shows_traceback(tmp_path: Path) -> None:
    from backwards.errors import WorkspaceError

    with pytest.raises(WorkspaceError):
        run(["--debug", "-w", str(tmp_path / "missing"), "config", "check"])


def test_no_color_env_disables_colour(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "backwards.yaml").write_text("nme: a\n")
    monkeypatch.setenv("FORCE_COLOR", "1")
    run(["-w", str(tmp_path), "config", "check"])
    assert "\x1b[" in capsys.readouterr().err
    monkeypatch.setenv("NO_COLOR", "1")
    run(["-w", str(tmp_path), "config", "check"])
    assert "\x1b[" not in capsys.readouterr().err


def test_python_dash_m_and_fresh_process(tmp_path: Path) -> None:
    (tmp_path / "backwards.yaml").write_text("nme: a\n")
    proc = subprocess.run(
        [sys.executable, "-m", "backwards", "-w", str(tmp_path), "config", "check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "did you mean 'name'?" in proc.stderr


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys\n"
        "from backwards.cli import run\n"
        "run(['--help'])\n"
        "heavy = {'duckdb', 'sqlalchemy', 'markdown_it', 'pydantic', 'jinja2', 'numpy'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip().splitlines()[-1] == "[]"
