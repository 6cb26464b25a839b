"""Frozen table snapshots: what a migration creates, kept as data beside it.

A migration that creates tables does not spell them out again in Python (they are already spelled
out once, in the feature's ``tables.py``). When the migration is written, the tables it creates
are frozen from the package's ``metadata`` into ``snapshots/<revision>.json``::

    python -m backwards.migrations.snapshot ledger_0004 backwards.ledger.storage.tables \
        ledger_new_table [more tables...]

and a migration that only creates them is ``upgrade, downgrade = snapshot.steps(revision)``
(:func:`create` and :func:`drop`; a migration that does more calls them itself). The JSON never
changes afterwards, so the migration keeps meaning what it meant when it shipped, whatever
``tables.py`` becomes. Changes to existing tables (added columns, data updates) stay plain Alembic
operations in the migration. ``tests/kernel/test_store.py`` checks
that upgrading through every migration gives exactly the tables the package declares.
"""

from __future__ import annotations

import importlib
import json
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa

SNAPSHOTS_DIR = Path(__file__).resolve().parent / "snapshots"

_PLAIN_TYPES: dict[str, Callable[[], sa.types.TypeEngine[Any]]] = {
    "Integer": sa.Integer,
    "Text": sa.Text,
    "Date": sa.Date,
    "Float": sa.Float,
    "Boolean": sa.Boolean,
    "JSON": sa.JSON,
}
_STRING = re.compile(r"String\((\d+)\)")
_DATETIME_TZ = "DateTime(timezone=True)"


def type_name(column_type: sa.types.TypeEngine[Any]) -> str:
    """The snapshot's name for a column type (the generic SQLAlchemy type, as migrations use)."""
    impl = getattr(column_type, "impl", column_type)  # a TypeDecorator stores as its impl
    if isinstance(impl, sa.String) and not isinstance(impl, sa.Text):
        return f"String({impl.length})"
    if isinstance(impl, sa.DateTime):
        if not impl.timezone:
            raise ValueError("a naive DateTime column: use a timezone-aware one")
        return _DATETIME_TZ
    for name, factory in _PLAIN_TYPES.items():
        if type(impl) is type(factory()):
            return name
    raise ValueError(f"no snapshot name for the column type {column_type!r}")


def column_type(name: str) -> sa.types.TypeEngine[Any]:
    """The SQLAlchemy type a snapshot's type name stands for."""
    if name == _DATETIME_TZ:
        return sa.DateTime(timezone=True)
    if (string := _STRING.fullmatch(name)) is not None:
        return sa.String(int(string.group(1)))
    return _PLAIN_TYPES[name]()


def _server_default(column: sa.Column[Any]) -> Any:
    default = column.server_default
    if default is None:
        return None
    arg = getattr(default, "arg", None)
    if isinstance(arg, str):
        return {"text": arg}
    if isinstance(arg, sa.sql.elements.False_):
        return {"boolean": False}
    if isinstance(arg, sa.sql.elements.True_):
        return {"boolean": True}
    raise ValueError(f"no snapshot form for the server default of {column.name!r}: {arg!r}")


def dump_table(table: sa.Table) -> dict[str, Any]:
    """One table as plain data: columns, keys, unique constraints and indexes, all named."""
    columns = []
    for column in table.columns:
        entry: dict[str, Any] = {
            "name": column.name,
            "type": type_name(column.type),
            "nullable": bool(column.nullable),
        }
        if column.autoincrement is True:
            entry["autoincrement"] = True
        if (default := _server_default(column)) is not None:
            entry["server_default"] = default
        columns.append(entry)
    foreign_keys = [
        {
            "name": fk.name,
            "columns": [c.name for c in fk.columns],
            "refcolumns": [element.target_fullname for element in fk.elements],
        }
        for fk in sorted(table.foreign_key_constraints, key=lambda fk: str(fk.name))
    ]
    uniques = [
        {"name": c.name, "columns": [col.name for col in c.columns]}
        for c in sorted(table.constraints, key=lambda c: str(c.name))
        if isinstance(c, sa.UniqueConstraint)
    ]
    indexes = [
        {"name": ix.name, "columns": [col.name for col in ix.columns], "unique": bool(ix.unique)}
        for ix in sorted(table.indexes, key=lambda ix: str(ix.name))
    ]
    return {
        "name": table.name,
        "columns": columns,
        "primary_key": {
            "name": table.primary_key.name,
            "columns": [c.name for c in table.primary_key.columns],
        },
        "foreign_keys": foreign_keys,
        "unique": uniques,
        "indexes": indexes,
    }


def _default_clause(spec: dict[str, Any] | None) -> Any:
    if spec is None:
        return None
    if "text" in spec:
        return spec["text"]
    return sa.true() if spec["boolean"] else sa.false()


def table_arguments(spec: dict[str, Any]) -> list[Any]:
    """The columns and constraints of a snapshot table, ready for ``op.create_table``."""
    items: list[Any] = []
    for column in spec["columns"]:
        extra: dict[str, Any] = {}
        if column.get("autoincrement"):
            extra["autoincrement"] = True
        if (default := _default_clause(column.get("server_default"))) is not None:
            extra["server_default"] = default
        items.append(
            sa.Column(
                column["name"],
                column_type(column["type"]),
                nullable=column["nullable"],
                **extra,
            )
        )
    key = spec["primary_key"]
    items.append(sa.PrimaryKeyConstraint(*key["columns"], name=key["name"]))
    for fk in spec["foreign_keys"]:
        items.append(sa.ForeignKeyConstraint(fk["columns"], fk["refcolumns"], name=fk["name"]))
    for unique in spec["unique"]:
        items.append(sa.UniqueConstraint(*unique["columns"], name=unique["name"]))
    return items


def load(revision: str) -> list[dict[str, Any]]:
    """The tables a revision creates, in the order it creates them."""
    tables: list[dict[str, Any]] = json.loads(
        (SNAPSHOTS_DIR / f"{revision}.json").read_text(encoding="utf-8")
    )["tables"]
    return tables


def create(revision: str) -> None:
    """Create the revision's frozen tables and their indexes (inside a migration)."""
    from alembic import op

    for spec in load(revision):
        op.create_table(spec["name"], *table_arguments(spec))
        for index in spec["indexes"]:
            op.create_index(index["name"], spec["name"], index["columns"], unique=index["unique"])


def drop(revision: str) -> None:
    """Drop what :func:`create` made, last table first (inside a migration)."""
    from alembic import op

    for spec in reversed(load(revision)):
        for index in spec["indexes"]:
            op.drop_index(index["name"], table_name=spec["name"])
        op.drop_table(spec["name"])


def steps(revision: str) -> tuple[Callable[[], None], Callable[[], None]]:
    """``upgrade`` and ``downgrade`` of a migration that only creates the revision's tables::

    upgrade, downgrade = snapshot.steps(revision)
    """

    def upgrade() -> None:
        create(revision)

    def downgrade() -> None:
        drop(revision)

    return upgrade, downgrade


def drop_columns(table: str, *names: str) -> None:
    """Drop columns that a migration added (inside a ``downgrade``; SQLite copies the table)."""
    from alembic import op

    with op.batch_alter_table(table) as batch:
        for name in names:
            batch.drop_column(name)


def freeze(revision: str, tables_module: str, table_names: Sequence[str]) -> str:
    """The snapshot JSON of the named tables as ``tables_module`` declares them now."""
    module = importlib.import_module(tables_module)
    declared = {t.name: t for t in vars(module).values() if isinstance(t, sa.Table)}
    if unknown := [name for name in table_names if name not in declared]:
        raise ValueError(f"{tables_module} declares no table {', '.join(unknown)}")
    return render(revision, [dump_table(declared[name]) for name in table_names])


def render(revision: str, tables: list[dict[str, Any]]) -> str:
    """Snapshot JSON for review: a line per column, key, constraint and index."""

    def items(values: list[dict[str, Any]]) -> str:
        if not values:
            return "[]"
        return "[\n" + ",\n".join(f"    {json.dumps(v)}" for v in values) + "\n   ]"

    parts = []
    for table in tables:
        parts.append(
            "  {\n"
            f'   "name": {json.dumps(table["name"])},\n'
            f'   "columns": {items(table["columns"])},\n'
            f'   "primary_key": {json.dumps(table["primary_key"])},\n'
            f'   "foreign_keys": {items(table["foreign_keys"])},\n'
            f'   "unique": {items(table["unique"])},\n'
            f'   "indexes": {items(table["indexes"])}\n'
            "  }"
        )
    head = f'{{\n "revision": {json.dumps(revision)},\n "tables": [\n'
    return head + ",\n".join(parts) + "\n ]\n}\n"


def main(argv: list[str]) -> int:
    """``python -m backwards.migrations.snapshot REVISION MODULE TABLE...``: a new snapshot."""
    if len(argv) < 3:
        print(__doc__)
        return 2
    revision, module, names = argv[0], argv[1], argv[2:]
    target = SNAPSHOTS_DIR / f"{revision}.json"
    if target.exists():
        print(f"{target} exists: a shipped snapshot never changes", file=sys.stderr)
        return 2
    try:
        text = freeze(revision, module, names)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
