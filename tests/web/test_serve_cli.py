"""``backwards serve``: its help, and a clear error (exit 2) when there is no workspace. The
server itself is started by tests/web/test_browser.py and bench/web.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from backwards.cli import run


def test_help_names_the_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["serve", "--help"]) == 0
    out = capsys.readouterr().out
    for option in ("--host", "--port", "--workspace", "--workers", "--proxy", "--secure-cookies"):
        assert option in out
    assert "127.0.0.1" in out and "8000" in out


def test_no_workspace_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(["serve", "--workspace", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert "Error:" in err and "Traceback" not in err
