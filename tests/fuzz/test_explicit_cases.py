"""The inputs the issue's fuzz run broke, each pinned as its own case, run as a separate process
killed at a hang limit: a located message (exit 2) or a result, never a traceback.
(The PR/FAQ made only of internal-FAQ questions: test_prfaq_explicit.py.)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.fuzz.inputs import Outcome, assert_clean

HANG = 60  # seconds: far beyond what any of these takes when it works; a hang fails


def process(*args: str, cwd: Path) -> Outcome:
    """The command line as a separate process, killed at the hang limit."""
    done = subprocess.run(
        [sys.executable, "-m", "backwards", *args],
        capture_output=True, text=True, timeout=HANG, cwd=cwd, check=False,
    )  # fmt: skip
    return Outcome(done.returncode, done.stdout, done.stderr)


# -- PR/FAQ: the sentence splitter ---------------------------------------------------------------


@pytest.mark.parametrize("size", [40_000, 200_000])
def test_a_prfaq_of_nothing_but_dots(tmp_path: Path, size: int) -> None:
    (tmp_path / "dots.md").write_text("." * size, encoding="utf-8")
    result = process("prfaq", "review", "dots.md", cwd=tmp_path)
    assert_clean(result, allowed=(0, 1))
    assert "dots.md" in result.out
