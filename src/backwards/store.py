"""The store: one SQL database per workspace, shared by every feature.

``open_store(url)`` gives a ``Store``: a SQLAlchemy 2 engine plus the rules every feature relies
on. SQLite is the default (``.backwards/backwards.db`` in the workspace) with WAL, foreign keys on,
a busy timeout, and writes that take the write lock up front (``BEGIN IMMEDIATE``) and are retried
when the database is locked. PostgreSQL is used when the URL says so (``postgresql://...``; the
driver is psycopg 3).

Schema changes are Alembic migrations shipped in ``backwards/migrations`` and run
programmatically (no ``alembic.ini``). Each feature owns one Alembic *branch* (``branch_labels``:
``ledger``, later ``portfolio``, ...), so features add tables without touching each other's
history; ``upgrade`` applies every branch to its head. A store is upgraded when it is opened, and
by ``backwards db upgrade``. A database carrying a revision this version does not know was written
by a newer backwards: it is refused with ``SchemaTooNewError`` and never touched.

Feature tables are SQLAlchemy Core ``Table`` objects on ``metadata`` (defined in the feature's own
module, e.g. ``backwards.ledger.storage.tables``), using ``UtcDateTime`` for timestamps.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Dialect, Engine
from sqlalchemy.exc import DataError, DBAPIError, OperationalError

from backwards.errors import InputError, SchemaTooNewError, StoreError
from backwards.resource import Resource
from backwards.revisions import MIGRATIONS_DIR, shipped_revisions
from backwards.version import __version__

__all__ = [
    "MIGRATIONS_DIR",
    "SchemaStatus",
    "Store",
    "UtcDateTime",
    "create_engine",
    "event_table",
    "metadata",
    "normalise_url",
    "numbered_table",
    "open_store",
    "shipped_revisions",
]

T = TypeVar("T")

#: One MetaData for every feature's tables, with stable constraint names for migrations.
metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

SQLITE_BUSY_TIMEOUT_MS = 30_000
WRITE_ATTEMPTS = 8
_PG_MIGRATION_LOCK = 0x6261636B  # "back": advisory lock id held while migrating


class UtcDateTime(sa.types.TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite stores it as naive UTC text)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()} given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def numbered_table(name: str, *items: sa.schema.SchemaItem) -> sa.Table:
    """A table on the shared metadata whose rows the database numbers: ``id``, then ``items``."""
    number = sa.Column("id", sa.Integer, primary_key=True, autoincrement=True)
    return sa.Table(name, metadata, number, *items)


def event_table(name: str, *subject: sa.schema.SchemaItem) -> sa.Table:
    """A feature's event log: who did which ``action`` when, to the ``subject`` columns, with
    its ``data`` (JSON). Rows are appended, never changed."""
    return numbered_table(
        name,
        sa.Column("at", UtcDateTime, nullable=False),
        sa.Column("who", sa.String(200), nullable=False),
        *subject,
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )


def normalise_url(url: str) -> str:
    """Pin the driver: ``postgresql://`` and ``postgres://`` become ``postgresql+psycopg://``."""
    text = url.strip()
    for prefix in ("postgres://", "postgresql://"):
        if text.startswith(prefix):
            return "postgresql+psycopg://" + text[len(prefix) :]
    return text


def display_url(url: str) -> str:
    """The URL with any password hidden (safe to print)."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "<invalid database URL>"


def create_engine(url: str, *, pooled: int = 0) -> Engine:
    """A configured engine for ``url`` (SQLite or PostgreSQL); creates a SQLite file's folder.

    SQLite connections are opened per transaction (no pool) unless ``pooled`` > 0: then that
    many are kept open and shared by threads (a long-running server; each new connection
    costs its PRAGMAs, about a millisecond)."""
    text = normalise_url(url)
    try:
        parsed = sa.engine.make_url(text)
    except sa.exc.ArgumentError:
        raise StoreError(
            f"database_url {url!r} is not a database URL",
            hint="Use sqlite:///path/to/file.db or postgresql://user@host/dbname.",
        ) from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        timeout = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        if pooled > 0 and database and database != ":memory:":
            engine = sa.create_engine(
                parsed,
                connect_args={**timeout, "check_same_thread": False},
                poolclass=sa.QueuePool,
                pool_size=pooled,
                max_overflow=-1,  # never wait for a connection; the extra ones are closed
            )
        else:
            engine = sa.create_engine(parsed, connect_args=timeout, poolclass=sa.NullPool)
        _configure_sqlite(engine)
        return engine
    if backend == "postgresql":
        if parsed.get_driver_name() != "psycopg":
            raise StoreError(
                f"PostgreSQL driver {parsed.get_driver_name()!r} is not supported",
                hint="Use postgresql://... (backwards uses psycopg 3).",
            )
        # Sessions in UTC, so timestamps read as text are UTC on every server.
        try:
            return sa.create_engine(
                parsed, pool_pre_ping=True, connect_args={"options": "-c timezone=UTC"}
            )
        except ImportError as exc:  # psycopg missing, or found without a libpq
            raise StoreError(
                f"PostgreSQL needs the psycopg driver, which cannot be loaded ({exc})",
                hint="Install the extra: pip install 'backwards[postgres]' (and a libpq, "
                "or 'psycopg[binary]').",
            ) from None
    raise StoreError(
        f"database backend {backend!r} is not supported",
        hint="Use SQLite (the default) or PostgreSQL (postgresql://user@host/dbname).",
    )


def _configure_sqlite(engine: Engine) -> None:
    """WAL, foreign keys, busy timeout; we emit BEGIN ourselves (IMMEDIATE for writes)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # no implicit BEGIN from pysqlite
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys = ON")
            _set_wal(cursor)
            # FULL: a commit survives a power loss, not only a crash (docs/ledger.md, "Durability")
            cursor.execute("PRAGMA synchronous = FULL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("backwards_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _set_wal(cursor: Any) -> None:
    """Switch to WAL; another process opening the new file at the same moment may hold a lock
    that the busy handler does not wait for, so retry for up to the busy timeout."""
    import sqlite3

    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    delay = 0.01
    while True:
        try:
            mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() not in ("wal", "memory"):
                cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


def _value_refused(exc: Exception) -> InputError:
    """A value the database refused (too long, a NUL character): the input's fault, not the
    connection's. The features check their values first; this is the safety net."""
    orig = getattr(exc, "orig", None) or exc
    detail = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    return InputError(
        f"the database refused a value: {detail}",
        "A text is too long or holds a control character (such as NUL); shorten or clean it "
        "and try again. Nothing was saved.",
    )


def _is_retryable(exc: DBAPIError) -> bool:
    """A lock or serialisation conflict that a retry of the whole transaction can clear."""
    text = str(exc.orig).lower()
    if "database is locked" in text or "database is busy" in text or "locked" in text:
        return True
    sqlstate = getattr(exc.orig, "sqlstate", None)
    return sqlstate in ("40001", "40P01", "55P03")


@dataclass(frozen=True, slots=True)
class SchemaStatus:
    """Where a database stands against the migrations this version ships."""

    current: tuple[str, ...]
    heads: tuple[str, ...]
    unknown: tuple[str, ...]

    @property
    def up_to_date(self) -> bool:
        return not self.unknown and set(self.current) == set(self.heads)

    @property
    def too_new(self) -> bool:
        return bool(self.unknown)


class Store(Resource):
    """A database: its engine, transactions with retry, and its schema state."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url

    @property
    def display_url(self) -> str:
        return display_url(self.url)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def clock(self, conn: Connection) -> datetime:
        """The store's clock: when an entry is recorded. PostgreSQL's ``clock_timestamp()``,
        else this machine's UTC time; no argument or setting changes it."""
        if self.dialect == "postgresql":
            value: datetime = conn.execute(sa.select(sa.func.clock_timestamp())).scalar_one()
            return value.astimezone(UTC)
        return datetime.now(UTC)

    def write(self, work: Callable[[Connection], T], *, attempts: int = WRITE_ATTEMPTS) -> T:
        """Run ``work(conn)`` in one write transaction; retried whole when the DB is locked.

        Everything ``work`` does commits together or not at all. Our own errors
        (``BackwardsError``) roll back and propagate unchanged.
        """
        delay = 0.05
        for attempt in range(1, attempts + 1):
            try:
                with self.engine.connect() as conn:
                    conn.execution_options(backwards_write=True)
                    with conn.begin():
                        return work(conn)
            except DBAPIError as exc:
                if attempt < attempts and _is_retryable(exc):
                    time.sleep(delay)
                    delay = min(delay * 2, 1.0)
                    continue
                if isinstance(exc, DataError):
                    raise _value_refused(exc) from None
                raise self._store_error("write to", exc) from None
            except ValueError as exc:  # e.g. a NUL character, refused by the driver itself
                raise _value_refused(exc) from None
        raise AssertionError("unreachable")  # pragma: no cover

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only snapshot transaction."""
        try:
            with self.engine.connect() as conn, conn.begin():
                yield conn
        except DBAPIError as exc:
            raise self._store_error("read", exc) from None

    def _store_error(self, verb: str, exc: DBAPIError) -> StoreError:
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        return StoreError(f"cannot {verb} the database {self.display_url}: {detail}")

    # -- schema --------------------------------------------------------------------------------

    def status(self) -> SchemaStatus:
        """The revisions in the database, the heads this version ships, and unknown revisions."""
        known, heads = shipped_revisions()
        with self.engine.connect() as conn:  # errors: see open_store
            current = _current_revisions(conn)
        unknown = tuple(r for r in current if r not in known)
        return SchemaStatus(current, heads, unknown)

    def check_not_too_new(self, status: SchemaStatus) -> None:
        if status.too_new:
            raise SchemaTooNewError(
                f"the database {self.display_url} has schema revision "
                f"{', '.join(status.unknown)}, which backwards {__version__} does not know: "
                "it was written by a newer version of backwards; nothing was changed"
            )

    def upgrade(self) -> list[str]:
        """Apply every pending migration (all feature branches); returns the revisions applied.

        Runs in one transaction holding the write lock (SQLite) or an advisory lock
        (PostgreSQL), so two processes opening a fresh database at once migrate it once.
        """
        from alembic import command
        from alembic.config import Config

        self.check_not_too_new(self.status())
        applied: list[str] = []

        def migrate(conn: Connection) -> None:
            if self.dialect == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
            before = set(_current_revisions(conn))
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS_DIR))
            config.attributes["connection"] = conn
            command.upgrade(config, "heads")
            applied.extend(sorted(set(_current_revisions(conn)) - before))

        self.write(migrate)
        return applied

    def ensure_current(self) -> None:
        """Refuse a too-new database; apply pending migrations (first use)."""
        status = self.status()
        self.check_not_too_new(status)
        if not status.up_to_date:
            self.upgrade()

    def close(self) -> None:
        """Release every pooled connection (``with store:`` does this on exit)."""
        self.engine.dispose()


def _current_revisions(conn: Connection) -> tuple[str, ...]:
    if not sa.inspect(conn).has_table("alembic_version"):
        return ()
    rows = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars()
    return tuple(sorted(str(r) for r in rows))


def open_store(url: str, *, upgrade: bool = True, pooled: int = 0) -> Store:
    """Open the database at ``url``; with ``upgrade`` (default) bring its schema up to date.
    ``pooled``: SQLite connections kept open for reuse (see ``create_engine``).

    Raises ``StoreError`` when it cannot be reached and ``SchemaTooNewError`` when a newer
    backwards wrote it.
    """
    store = Store(create_engine(url, pooled=pooled), normalise_url(url))
    try:
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                if upgrade:
                    store.ensure_current()
                else:
                    store.check_not_too_new(store.status())
                break
            except OperationalError as exc:
                if attempt == WRITE_ATTEMPTS or not _is_retryable(exc):
                    raise
                time.sleep(0.05 * attempt)
    except OperationalError as exc:
        store.close()
        raise store._store_error("open", exc) from None
    except BaseException:
        store.close()
        raise
    return store
