"""The store: engines, migrations on first use, refusal of a newer schema, retrying writes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import backwards.ledger.storage.tables
import backwards.people.tables
import backwards.portfolio.tables
import backwards.web.tables  # noqa: F401  (and the web app's)
from backwards.errors import SchemaTooNewError, StoreError
from backwards.store import UtcDateTime, metadata, normalise_url, open_store


def test_first_use_applies_every_migration_and_matches_the_tables(database_url: str) -> None:
    store = open_store(database_url)
    try:
        status = store.status()
        assert status.up_to_date
        assert "ledger_0003" in status.current
        with store.engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), metadata
            )
        assert diff == []
        assert store.upgrade() == []  # nothing left to apply
    finally:
        store.close()


def test_open_without_upgrade_leaves_an_empty_database_alone(database_url: str) -> None:
    store = open_store(database_url, upgrade=False)
    try:
        status = store.status()
        assert status.current == ()
        assert not status.up_to_date
        assert store.upgrade() == list(status.heads)
        assert store.status().up_to_date
    finally:
        store.close()


def test_a_database_from_a_newer_schema_is_refused_and_untouched(database_url: str) -> None:
    store = open_store(database_url)
    with store.engine.begin() as conn:
        conn.execute(
            sa.text(
                "UPDATE alembic_version SET version_num = 'ledger_9999'"
                " WHERE version_num = 'ledger_0003'"
            )
        )
    store.close()
    with pytest.raises(SchemaTooNewError, match=r"ledger_9999.*newer version of backwards"):
        open_store(database_url)
    with pytest.raises(SchemaTooNewError):
        open_store(database_url, upgrade=False)
    engine = sa.create_engine(normalise_url(database_url))
    with engine.connect() as conn:
        versions = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars()
        assert "ledger_9999" in set(versions)
    engine.dispose()


def test_sqlite_runs_in_wal_with_foreign_keys(tmp_path: object) -> None:
    with open_store(f"sqlite:///{tmp_path}/a/b.db") as store, store.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL: power-loss safe


def test_a_store_closes_its_engine_when_the_with_block_ends(database_url: str) -> None:
    disposed: list[str] = []
    with pytest.raises(RuntimeError, match="boom"):  # also when the block fails
        for label in ("ok", "failing"):
            with open_store(database_url) as store:
                sa.event.listen(
                    store.engine, "engine_disposed", lambda _e, name=label: disposed.append(name)
                )
                with store.read() as conn:
                    assert conn.execute(sa.text("SELECT 1")).scalar() == 1
                assert disposed == ([] if label == "ok" else ["ok"])
                if label == "failing":
                    raise RuntimeError("boom")
    assert disposed == ["ok", "failing"]


def test_utc_datetimes_round_trip_as_aware_utc(database_url: str) -> None:
    table = sa.Table("t_times", sa.MetaData(), sa.Column("at", UtcDateTime))
    store = open_store(database_url, upgrade=False)
    try:
        plus_two = datetime(2026, 3, 1, 12, 30, tzinfo=timezone(timedelta(hours=2)))
        store.write(lambda conn: table.create(conn))
        store.write(lambda conn: conn.execute(table.insert(), {"at": plus_two}))
        with store.read() as conn:
            value = conn.execute(sa.select(table.c.at)).scalar_one()
        assert value == plus_two
        assert value.tzinfo == UTC
        assert value.hour == 10
        with pytest.raises(sa.exc.StatementError, match="naive datetime"):
            store.write(lambda conn: conn.execute(table.insert(), {"at": datetime(2026, 1, 1)}))
    finally:
        store.close()


def test_bad_urls_give_clear_errors() -> None:
    with pytest.raises(StoreError, match="not a database URL"):
        open_store("not a url")
    with pytest.raises(StoreError, match="not supported"):
        open_store("mysql://localhost/x")
    with pytest.raises(StoreError, match="cannot open the database"):
        open_store("postgresql://nobody@127.0.0.1:1/none")
    assert normalise_url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"


def test_each_feature_owns_one_labelled_migration_branch() -> None:
    from alembic.script import ScriptDirectory

    from backwards.store import MIGRATIONS_DIR

    script = ScriptDirectory(str(MIGRATIONS_DIR))
    bases = [script.get_revision(b) for b in script.get_bases()]
    labels = [sorted(rev.branch_labels) for rev in bases if rev is not None]
    assert ["ledger"] in labels
    assert all(len(label) == 1 for label in labels)  # one feature per base
    # every revision descends from exactly one labelled base; revision ids name their feature
    for rev in script.walk_revisions():
        feature = rev.revision.split("_")[0]
        assert feature in {label[0] for label in labels}, rev.revision


def test_shipped_revisions_agree_with_alembic() -> None:
    from alembic.script import ScriptDirectory

    from backwards.store import MIGRATIONS_DIR, shipped_revisions

    script = ScriptDirectory(str(MIGRATIONS_DIR))
    known, heads = shipped_revisions()
    assert known == {rev.revision for rev in script.walk_revisions()}
    assert heads == tuple(sorted(script.get_heads()))
