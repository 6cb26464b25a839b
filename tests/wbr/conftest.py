"""Shared fixtures of the WBR tests: the WBR App's golden scenarios, found beside the repo."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def compat_dir() -> Path | None:
    """``$BACKWARDS_WBR_COMPAT`` or ``<repo>/../shared/wbr-compat``, if it exists."""
    env = os.environ.get("BACKWARDS_WBR_COMPAT")
    candidates = [Path(env)] if env else []
    candidates.append(REPO.parent / "shared" / "wbr-compat")
    for candidate in candidates:
        if (candidate / "scenario_1" / "config.yaml").is_file():
            return candidate
    return None


@pytest.fixture(scope="session")
def compat() -> Path:
    found = compat_dir()
    if found is None:
        pytest.skip(
            "WBR App golden scenarios not found: set BACKWARDS_WBR_COMPAT or put "
            "shared/wbr-compat beside the repository"
        )
    return found
