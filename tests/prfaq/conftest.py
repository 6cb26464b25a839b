"""Fixtures for the PR/FAQ review tests."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def _no_workspace(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """CLI tests run in an empty folder and never see the developer's workspace."""
    for name in ("BACKWARDS_WORKSPACE", "BACKWARDS_DATABASE_URL", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def strong_prfaq() -> str:
    return (FIXTURES / "strong.md").read_text(encoding="utf-8")
