"""A workspace with two people (ana, a PM; bo, a senior PM) and its database (both backends)."""

from __future__ import annotations

from pathlib import Path

import pytest

import backwards.growth.tables  # noqa: F401  (the growth tables in the metadata)
from backwards.cli import run

SETTINGS = """\
version: 1
growth:
  weekly_target: 2
  people:
    ana: {level: pm, manager: bo}
    bo: {level: senior}
"""


@pytest.fixture
def workspace(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "backwards.yaml").write_text(SETTINGS)
    monkeypatch.setenv("BACKWARDS_DATABASE_URL", database_url)
    monkeypatch.setenv("BACKWARDS_USER", "ana")
    return tmp_path


class Cli:
    def __init__(self, ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.ws = ws
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        code = run(["-w", str(self.ws), *args])
        out, err = self.capsys.readouterr()
        return code, out, err


@pytest.fixture
def cli(workspace: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(workspace, capsys)
