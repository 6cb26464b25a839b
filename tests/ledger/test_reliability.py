"""Reliability (issue 5, point 5): concurrent writers, SIGKILL mid-write, a newer schema."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from backwards.errors import SchemaTooNewError
from backwards.ledger.storage import tables as t
from backwards.ledger.storage.repository import LedgerRepository
from backwards.store import open_store

REPO_ROOT = Path(__file__).resolve().parents[2]


def writer(url: str, owner: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.ledger.writer_process", url, owner, str(count)],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )


def test_two_processes_writing_500_each_give_1000_rows_and_no_error(database_url: str) -> None:
    # Both processes start on a database nobody has created yet: they also race to migrate it.
    procs = [writer(database_url, "ana", 500), writer(database_url, "bo", 500)]
    outputs = [p.communicate(timeout=240) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert err == ""
        assert out.splitlines()[-1] == "wrote 500"
    store = open_store(database_url)
    try:
        repo = LedgerRepository(store)
        snapshot = repo.load_all()
        assert len(snapshot.commitments) == 1000
        by_owner = {o: sum(c.owner == o for c in snapshot.commitments) for o in ("ana", "bo")}
        assert by_owner == {"ana": 500, "bo": 500}
        assert len({c.id for c in snapshot.commitments}) == 1000
        with store.read() as conn:
            events = conn.execute(sa.select(sa.func.count()).select_from(t.ledger_events))
            assert events.scalar_one() == 1000
    finally:
        store.close()


def test_a_writer_killed_with_sigkill_loses_nothing_committed(database_url: str) -> None:
    open_store(database_url).close()  # migrate first, so the kill lands among the writes
    acknowledged = 0
    with writer(database_url, "ana", 100_000) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("wrote "):
                acknowledged = int(line.split()[1])
                if acknowledged >= 150:
                    break
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        # what it printed before dying: each "wrote N" is printed only after N committed
        for line in proc.stdout.read().splitlines():
            if line.startswith("wrote "):
                acknowledged = int(line.split()[1])
    assert proc.returncode == -signal.SIGKILL
    store = open_store(database_url)
    try:
        repo = LedgerRepository(store)
        count = repo.count_commitments()
        # every acknowledged (committed) write is there; at most the in-flight one more
        assert acknowledged >= 150
        assert acknowledged <= count <= acknowledged + 1
        statements = {c.statement for c in repo.load_all().commitments}
        assert {f"ana promise {i}" for i in range(acknowledged)} <= statements
        if store.dialect == "sqlite":
            with store.read() as conn:
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        # and it is still writable
        from tests.ledger.factories import a_commitment

        repo.add_commitment(a_commitment(), by="bo")
        assert repo.count_commitments() == count + 1
    finally:
        store.close()


def test_a_newer_schema_is_refused_with_a_clear_message(database_url: str) -> None:
    store = open_store(database_url)
    store.write(
        lambda conn: conn.execute(
            sa.text("INSERT INTO alembic_version (version_num) VALUES ('ledger_0002_future')")
        )
    )
    store.close()
    with pytest.raises(SchemaTooNewError) as info:
        open_store(database_url)
    assert "ledger_0002_future" in info.value.message
    assert "newer version of backwards" in info.value.message
    assert "Upgrade backwards" in info.value.hint
