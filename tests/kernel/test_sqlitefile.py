"""A SQLite file read with the standard library: the file SQLAlchemy would open, and only when
its schema is the one this version ships (``backwards.sqlitefile``)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from backwards.sqlitefile import open_snapshot, sqlite_path
from backwards.store import open_store, shipped_revisions

PLAIN = [
    "sqlite:///a.db",
    "sqlite:////tmp/a.db",
    "sqlite:///./x/a.db",
    "sqlite:///a b.db",
    "sqlite:///a%20b.db",
    "sqlite:///a#b.db",
    "sqlite:///a@b.db",
    "  sqlite:///a.db  ",
]
OTHERS = [
    "sqlite://",
    "sqlite:///",
    "sqlite:///:memory:",
    "sqlite:///file:a.db?mode=ro&uri=true",
    "sqlite:///a.db?timeout=5",
    "sqlite+pysqlite:///a.db",
    "sqlite://host/a.db",
    "postgresql://u@h/db",
    "duckdb:///a.db",
]


def test_the_path_is_the_one_sqlalchemy_reads_else_none() -> None:
    for url in PLAIN:
        parsed = sa.engine.make_url(url.strip())
        assert parsed.get_backend_name() == "sqlite" and not parsed.query
        assert sqlite_path(url) == parsed.database, url
    assert [sqlite_path(url) for url in OTHERS] == [None] * len(OTHERS)


def test_only_a_current_database_is_opened(tmp_path: Path) -> None:
    url = f"sqlite:///{(tmp_path / 'db' / 'x.db').as_posix()}"
    assert open_snapshot(url) is None  # no file: the store creates it
    assert not (tmp_path / "db").exists()
    open_store(url).close()
    conn = open_snapshot(url)
    assert conn is not None
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        conn.execute("CREATE TABLE t (x)")
    assert conn.in_transaction
    conn.close()
    path = str(tmp_path / "db" / "x.db")
    head = shipped_revisions()[1][0]
    with sqlite3.connect(path) as raw:
        raw.execute(
            "UPDATE alembic_version SET version_num = 'older' WHERE version_num = ?", (head,)
        )
    assert open_snapshot(url) is None  # another revision set: the store migrates or refuses
    with sqlite3.connect(path) as raw:
        raw.execute(
            "UPDATE alembic_version SET version_num = ? WHERE version_num = 'older'", (head,)
        )
    again = open_snapshot(url)
    assert again is not None
    again.close()
    with sqlite3.connect(path) as raw:
        raw.execute("INSERT INTO alembic_version VALUES ('zz_9999')")
    assert open_snapshot(url) is None  # written by a newer backwards: the store refuses it
    (tmp_path / "not.db").write_text("not a database at all, " * 100)
    assert open_snapshot(f"sqlite:///{tmp_path / 'not.db'}") is None
    sqlite3.connect(tmp_path / "empty.db").close()
    assert open_snapshot(f"sqlite:///{tmp_path / 'empty.db'}") is None  # no schema
