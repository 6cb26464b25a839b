"""Start-up of the ledger's commands (issue 15, point 5: a command that does not compute starts
in at most 0.3 s): help loads neither SQLAlchemy nor pydantic nor numpy; a command loads them
when it opens the ledger. Counted as modules loaded, which a busy machine does not blur."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("sqlalchemy", "pydantic", "numpy", "scipy", "jinja2", "duckdb")


def _loaded(args: list[str]) -> list[str]:
    code = (
        "import json, sys\n"
        "from backwards.cli import run\n"
        f"run({args!r})\n"
        f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    found: list[str] = json.loads(done.stderr.strip().splitlines()[-1])
    return found


@pytest.mark.parametrize(
    "args",
    [
        ["ledger", "--help"],
        ["mistake", "--help"],
        ["ledger", "list", "--help"],
        ["ledger", "trust", "--help"],
        ["mistake", "add", "--help"],
    ],
)
def test_help_loads_no_heavy_library(args: list[str]) -> None:
    assert _loaded(args) == []
