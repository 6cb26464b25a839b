"""Issue 15 point 5, growth's side: ``backwards growth --help`` and ``backwards journal --help``
load only growth's front door and its plain words (``vocabulary``): not the catalogue (YAML),
the settings (pydantic), the store (SQLAlchemy) or the report (tests/cli/test_startup.py checks
the heavy libraries of every group)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

PROBE = """
import json, sys
from backwards.cli import run
try:
    run([{group!r}, "--help"])
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m.startswith("backwards.growth"))))
"""


@pytest.mark.parametrize("group", ["growth", "journal"])
def test_help_loads_only_the_front_door_and_the_words(group: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(group=group)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert loaded == ["backwards.growth", "backwards.growth.vocabulary"]
