"""A SQLite database file read with the standard library alone: no SQLAlchemy, no Alembic.

``backwards.store`` opens every database through SQLAlchemy, which costs a command about a
sixth of a second to import. A command that only reads a few rows (``mistake similar``) reads
a SQLite file here instead, when it can do so exactly:

- ``sqlite_path(url)`` is the file of a plain ``sqlite:///PATH`` URL, the very path SQLAlchemy
  reads from it (a test compares them), or None for anything else (in memory, a URI filename,
  query options, another backend);
- ``open_snapshot(url)`` opens that file when it exists and its schema is exactly the one this
  version ships (``revisions.shipped_revisions``), in one read-only transaction: every read
  sees one moment. It returns None otherwise (no file, an older or newer schema, not a
  database, locked past the busy timeout), and the caller opens the store, which creates,
  migrates or refuses the database with the usual messages.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from backwards.revisions import shipped_revisions

__all__ = ["BUSY_TIMEOUT_S", "open_snapshot", "sqlite_path"]

#: How long a read waits for a writer's lock (the store's busy timeout).
BUSY_TIMEOUT_S = 30.0
_PREFIX = "sqlite:///"


def sqlite_path(url: str) -> str | None:
    """The file of a ``sqlite:///PATH`` URL (relative to the current folder unless
    absolute), or None when the URL is anything else."""
    text = url.strip()
    if not text.startswith(_PREFIX):
        return None
    path = text[len(_PREFIX) :]
    if not path or "?" in path or path == ":memory:" or path.startswith("file:"):
        return None
    return path


def open_snapshot(url: str) -> sqlite3.Connection | None:
    """A read-only connection to the SQLite file of ``url`` inside one read transaction, when
    the file exists and its schema is current; None otherwise (see the module docstring).
    Rows come back as the driver's tuples; close the connection when done."""
    path = sqlite_path(url)
    if path is None or not Path(path).is_file():
        return None
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    except sqlite3.Error:  # cannot be opened: the store says why
        return None
    try:
        conn.execute("PRAGMA query_only = ON")
        conn.execute("BEGIN")
        current = {str(r[0]) for r in conn.execute("SELECT version_num FROM alembic_version")}
    except sqlite3.Error:  # not a database, no schema yet, locked: the store says why
        conn.close()
        return None
    if current != set(shipped_revisions()[1]):
        conn.close()
        return None
    return conn
