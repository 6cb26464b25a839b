"""A real PostgreSQL server for the storage tests, started by the suite itself (pytest plugin).

Each pytest process (each xdist worker) runs ``initdb`` and ``pg_ctl`` from PostgreSQL 15 in a
temporary folder on a free loopback port, once, and stops it at the end; each test gets its own
database. As root, the server runs as the ``postgres`` user (``runuser``) on a folder it owns.

``database_url`` is parametrised over ``sqlite`` and ``postgresql``: every test that takes it runs
on both. When the PostgreSQL binaries are missing, the ``postgresql`` cases are skipped with a
reason saying what to install; under ``CI=true`` they fail instead (``/usr/lib/postgresql/15/bin``).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ci import missing

PG_BIN = Path(os.environ.get("BACKWARDS_PG_BIN", "/usr/lib/postgresql/15/bin"))
BACKENDS = ("sqlite", "postgresql")


def postgres_available() -> bool:
    if not all((PG_BIN / name).is_file() for name in ("initdb", "pg_ctl", "postgres")):
        return False
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root: it needs the postgres user
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return False
    return True


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PostgresServer:
    """One throwaway PostgreSQL cluster."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="backwards-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.port = _free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            pw = pwd.getpwnam("postgres")
            os.chown(self.folder, pw.pw_uid, pw.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        result = subprocess.run(
            [*self.as_user, *args], capture_output=True, text=True, timeout=120, check=False
        )
        if result.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"{args[0]} failed: {result.stderr}\n{result.stdout}\n{log}")

    def start(self) -> None:
        self._run(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--no-sync",
            "-E",
            "UTF8",
        )
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -F "
            "-c max_connections=60 -c shared_buffers=16MB"
        )
        self._run(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.log),
            "-w", "-t", "60", "start",
        )  # fmt: skip

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        deadline = time.monotonic() + 30
        while True:
            try:
                with psycopg.connect(
                    f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                    autocommit=True,
                ) as conn:
                    conn.execute(f'CREATE DATABASE "{name}"')
                return self.url(name)
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    if not postgres_available():
        missing(
            f"the PostgreSQL 15 server binaries in {PG_BIN} (and, as root, a postgres user)",
            "apt-get install postgresql-15 (or set BACKWARDS_PG_BIN to its bin folder)",
        )
    server = PostgresServer()
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database: SQLite in a temporary folder, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{(tmp_path / 'store' / 'backwards.db').as_posix()}"
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.create_database()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not postgres_available():
        terminalreporter.write_sep(
            "!",
            f"PostgreSQL 15 unusable ({PG_BIN}): storage tests ran on SQLite ONLY",
            red=True,
            bold=True,
        )
