"""Shared fixtures for the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ci import COMPAT_INSTALL, COMPAT_WHAT, compat_dir, in_ci

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never see the developer's own workspace or database settings."""
    for name in ("BACKWARDS_WORKSPACE", "BACKWARDS_DATABASE_URL", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)


def pytest_configure(config: pytest.Config) -> None:
    """Under CI=true, stop before collection when a piece the suite needs is missing.

    Outside CI the tests that need it skip with a reason saying what to install.
    """
    if not in_ci() or hasattr(config, "workerinput"):  # checked once, by the xdist controller
        return
    # imported here, after pytest_plugins has registered (and assertion-rewritten) them
    from tests import chromium, postgres

    problems = []
    if compat_dir() is None:
        problems.append(f"{COMPAT_WHAT}: {COMPAT_INSTALL}")
    if not postgres.postgres_available():
        problems.append(
            f"the PostgreSQL 15 server binaries in {postgres.PG_BIN}: "
            "apt-get install postgresql-15 (or set BACKWARDS_PG_BIN)"
        )
    if chromium.executable() is None:
        problems.append("headless Chromium: apt-get install chromium")
    if problems:
        raise pytest.UsageError(
            "CI=true but the test suite cannot run in full; missing:\n  - "
            + "\n  - ".join(problems)
        )


# A real PostgreSQL server for the storage tests (see tests/postgres.py).
pytest_plugins = ("tests.postgres", "tests.spark")
