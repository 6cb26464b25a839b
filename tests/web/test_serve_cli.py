"""``backwards serve``: its help, a clear error (exit 2) when there is no workspace, and its
connections kept open while a person reads a page. The server is also started by
tests/web/test_browser.py and bench/web.py."""

from __future__ import annotations

import http.client
import time
from pathlib import Path

import pytest

from backwards.cli import run
from tests.web.conftest import free_port, make_workspace, served


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


def test_a_keep_alive_connection_outlives_a_pause_to_read_the_page(tmp_path: Path) -> None:
    """uvicorn closes an idle connection after 5 s unless told otherwise: a reader who clicks
    again after longer must find the same connection still open (not a reset mid-request)."""
    folder = make_workspace(tmp_path / "demo")
    with served(folder, tmp_path / "serve.log", free_port(), {}) as base:
        port = int(base.rsplit(":", 1)[1])
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            for pause in (0, 6):  # longer than uvicorn's default keep-alive of 5 s
                time.sleep(pause)
                connection.request("GET", "/health")
                answer = connection.getresponse()
                assert answer.status == 200 and answer.read() == b'{"status":"ok"}'
                assert answer.getheader("connection", "").lower() != "close"
            assert connection.sock is not None  # the one connection, reused
        finally:
            connection.close()
