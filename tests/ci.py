"""What the suite needs from the machine, and how a missing piece is reported.

Outside CI a missing piece skips the tests that need it, with a reason that says exactly what
to install or set. Under ``CI=true`` (``.ci/run`` exports it) nothing may vanish: a missing piece
fails the run (``tests/conftest.py`` checks the always-needed ones before collection; the
fixtures and helpers here fail the tests that need the rest).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NoReturn

import pytest

REPO = Path(__file__).resolve().parents[1]

COMPAT_WHAT = "the WBR App golden scenarios (the wbr-compat folder)"
COMPAT_INSTALL = (
    "put the wbr-compat folder at ../shared/wbr-compat beside the repository, "
    "or set BACKWARDS_WBR_COMPAT=/path/to/wbr-compat"
)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def missing(what: str, install: str) -> NoReturn:
    """Skip (outside CI) or fail (under CI=true) a test that needs ``what``."""
    if in_ci():
        pytest.fail(f"CI=true but {what} is missing: {install}", pytrace=False)
    pytest.skip(f"{what} not found: {install}")


def _main_checkout(repo: Path) -> Path | None:
    """The main checkout when ``repo`` is a linked git worktree (its ``.git`` is a file)."""
    marker = repo / ".git"
    if not marker.is_file():
        return None
    text = marker.read_text(encoding="utf-8", errors="replace").strip()
    if not text.startswith("gitdir:"):
        return None
    gitdir = Path(text.removeprefix("gitdir:").strip())
    # <main>/.git/worktrees/<name>
    if gitdir.parent.name == "worktrees" and gitdir.parent.parent.name == ".git":
        return gitdir.parent.parent.parent
    return None


def compat_dir() -> Path | None:
    """``$BACKWARDS_WBR_COMPAT`` or ``<repo>/../shared/wbr-compat``, if it exists.

    In a linked git worktree ``<repo>`` is also the main checkout, so every worktree of one
    clone finds the same folder.
    """
    env = os.environ.get("BACKWARDS_WBR_COMPAT")
    candidates = [Path(env)] if env else []
    candidates.append(REPO.parent / "shared" / "wbr-compat")
    main = _main_checkout(REPO)
    if main is not None:
        candidates.append(main.parent / "shared" / "wbr-compat")
    for candidate in candidates:
        if (candidate / "scenario_1" / "config.yaml").is_file():
            return candidate
    return None


def require_compat() -> Path:
    """The wbr-compat folder, or a skip/failure that says where to put it."""
    found = compat_dir()
    if found is None:
        missing(COMPAT_WHAT, COMPAT_INSTALL)
    return found


def compat_params(values: Iterable[Any]) -> list[Any]:
    """``values`` as parameters, or one visibly skipped parameter when wbr-compat is missing.

    Under CI=true the run has already failed before collection (``tests/conftest.py``).
    """
    if compat_dir() is None:
        reason = f"{COMPAT_WHAT} not found: {COMPAT_INSTALL}"
        return [pytest.param(None, marks=pytest.mark.skip(reason=reason), id="no-wbr-compat")]
    return list(values)
