"""The schema revisions this version of backwards ships, read without Alembic or SQLAlchemy.

``shipped_revisions()`` reads every migration file's ``revision`` and ``down_revision``
assignments with ``ast`` (nothing is imported): the known revisions and the heads (one per
feature branch). ``backwards.store`` uses it to tell an up-to-date database (opened without
loading Alembic) from one to migrate or one written by a newer version, and
``backwards.sqlitefile`` to read a current SQLite file with the standard library alone. A test
checks the result against Alembic's own reading.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["MIGRATIONS_DIR", "shipped_revisions"]

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


@cache
def shipped_revisions() -> tuple[frozenset[str], tuple[str, ...]]:
    """Every migration revision this version ships, and the heads (one per feature branch)."""
    parents: dict[str, tuple[str, ...]] = {}
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        values: dict[str, Any] = {}
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
                if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
                    values[target.id] = ast.literal_eval(node.value)
        if "revision" not in values:
            continue
        down = values.get("down_revision")
        parents[str(values["revision"])] = (
            () if down is None else (down,) if isinstance(down, str) else tuple(down)
        )
    referenced = {p for ps in parents.values() for p in ps}
    heads = tuple(sorted(r for r in parents if r not in referenced))
    return frozenset(parents), heads
