"""Shared fixtures for the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never see the developer's own workspace or database settings."""
    for name in ("BACKWARDS_WORKSPACE", "BACKWARDS_DATABASE_URL", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)


# A real PostgreSQL server for the storage tests (see tests/postgres.py).
pytest_plugins = ("tests.postgres",)
