"""Start-up of the ledger's commands (issue 15, point 5: a command that does not compute starts
in at most 0.3 s): help loads neither SQLAlchemy nor pydantic nor numpy; a command loads them
when it opens the ledger. Counted as modules loaded, which a busy machine does not blur."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

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


def test_mistake_similar_on_a_sqlite_file_loads_neither_sqlalchemy_nor_pydantic(
    tmp_path: Path,
) -> None:
    """Issue 16: `mistake similar` within 0.5 s among 10,000 mistakes. Most of that was
    importing SQLAlchemy and pydantic; on a SQLite file with plain settings it needs neither
    (``ledger.RepeatFinder``), only numpy for the search."""
    from backwards import ledger

    url = f"sqlite:///{(tmp_path / 'ledger.db').as_posix()}"
    with ledger.open_url(url) as book:
        for title in ("Vendor quota ran out", "Carrier quota ran out"):
            book.add_mistake(title, by="ana", at=datetime(2026, 1, 5, tzinfo=UTC))
    (tmp_path / "backwards.yaml").write_text(f"version: 1\ndatabase_url: {url}\n")
    similar = ["-w", str(tmp_path), "mistake", "similar", "2"]
    assert _loaded(similar) == ["numpy"]
    # another section: only the models can check it, and the book answers
    (tmp_path / "backwards.yaml").write_text(f"version: 1\ndatabase_url: {url}\nwbr: {{}}\n")
    assert _loaded(similar) == ["numpy", "pydantic", "sqlalchemy"]
