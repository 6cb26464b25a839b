"""Start-up: a command that does not compute imports no heavy library (issue 15, point 5).

``backwards GROUP --help`` and ``backwards GROUP SUB --help`` are run in a fresh interpreter and
the heavy libraries found in ``sys.modules`` afterwards are reported. Timing is measured by
``make bench`` (the machine is shared); this test pins the cause of slow start-ups instead:
each of these libraries costs 50-400 ms to import.
"""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest

from backwards.cli.app import COMMANDS, main

HEAVY = frozenset(
    {
        "alembic",
        "duckdb",
        "jinja2",
        "markdown_it",
        "numpy",
        "pandas",
        "pyarrow",
        "pydantic",
        "scipy",
        "sqlalchemy",
        "sqlglot",
        "starlette",
        "statsmodels",
        "uvicorn",
    }
)

_PROBE = """
import json, sys
from backwards.cli import run
for args in {runs!r}:
    try:
        run(args)
    except SystemExit:
        pass
print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & {heavy!r})))
"""


def _heavy_after(*runs: list[str]) -> list[str]:
    """The heavy libraries one fresh interpreter holds after running ``runs`` in turn."""
    code = _PROBE.format(runs=list(runs), heavy=set(HEAVY))
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    loaded: list[str] = json.loads(proc.stdout.strip().splitlines()[-1])
    return loaded


def _help_paths(name: str) -> list[list[str]]:
    """``NAME --help`` and ``NAME SUB --help`` for each of its subcommands."""
    paths = [[name, "--help"]]
    command = main.get_command(click.Context(main), name)
    if isinstance(command, click.Group):
        for sub in sorted(command.list_commands(click.Context(command))):
            paths.append([name, sub, "--help"])
    return paths


def test_every_subcommand_is_probed() -> None:
    assert len(_help_paths("ledger")) > 5
    assert ["ledger", "trust", "--help"] in _help_paths("ledger")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_imports_no_heavy_library(name: str) -> None:
    assert _heavy_after(*_help_paths(name)) == []


def test_the_probe_sees_a_heavy_import() -> None:
    """The probe itself can fail: a command that really computes loads its libraries."""
    assert "sqlalchemy" in _heavy_after(["db", "status", "--workspace", "/nonexistent-ws"]) or (
        "pydantic" in _heavy_after(["config", "show"])
    )
