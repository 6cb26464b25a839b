"""Under ``--format json`` an error is JSON on stdout too, with the same exit code (2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backwards.cli import run
from backwards.cli.output import wants_json


def _error(capsys: pytest.CaptureFixture[str]) -> tuple[dict[str, object], str]:
    captured = capsys.readouterr()
    envelope = json.loads(captured.out)
    assert envelope["version"] == 1
    assert envelope["kind"] == "error"
    error = envelope["error"]
    assert isinstance(error, dict)
    assert set(error) == {"message", "hint", "location", "findings"}
    return error, captured.err


def test_missing_file_is_a_json_error_with_its_location(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.md"
    assert run(["prfaq", "review", str(missing), "--format", "json"]) == 2
    error, err = _error(capsys)
    assert error["location"] == str(missing)
    assert "does not exist" in str(error["message"])
    assert error["hint"]
    assert "Error:" in err  # people still read stderr


def test_settings_problems_travel_as_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "backwards.yaml").write_text("version: 1\nprfaq:\n  profle: rfc\n")
    (tmp_path / "prfaq.md").write_text("# A title\n")
    code = run(["--workspace", str(tmp_path), "prfaq", "review", "prfaq.md", "--format=json"])
    assert code == 2
    error, _ = _error(capsys)
    findings = error["findings"]
    assert isinstance(findings, list) and findings
    assert findings[0]["code"] == "CFG002"
    assert str(error["location"]).endswith("backwards.yaml:3:3")


def test_usage_error_is_json_too(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["prfaq", "rules", "--format", "json", "--profile", "prodcut"]) == 2
    error, err = _error(capsys)
    assert "prodcut" in str(error["message"])
    assert "Usage:" in err


def test_text_format_keeps_stdout_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["prfaq", "review", str(tmp_path / "nope.md")]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "does not exist" in captured.err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["x", "--format", "json"], True),
        (["x", "--format=json"], True),
        (["x", "--format", "text"], False),
        (["x", "--format"], False),
        (["x", "--", "--format", "json"], False),
        (["x", "json"], False),
    ],
)
def test_wants_json(args: list[str], expected: bool) -> None:
    assert wants_json(args) is expected
