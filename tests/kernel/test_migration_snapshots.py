"""Frozen table snapshots: every migration's tables as data, rebuilt exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.schema import CreateIndex, CreateTable

import backwards.growth.tables
import backwards.ledger.storage.tables
import backwards.people.tables
import backwards.portfolio.tables
import backwards.web.tables  # noqa: F401  (every feature's tables on the metadata)
from backwards.migrations import snapshot
from backwards.store import metadata

VERSIONS = Path(snapshot.__file__).parent / "versions"


def _ddl(table: sa.Table) -> list[str]:
    out = []
    for dialect in (sqlite.dialect(), postgresql.dialect()):
        out.append(str(CreateTable(table).compile(dialect=dialect)))
        out += sorted(str(CreateIndex(ix).compile(dialect=dialect)) for ix in table.indexes)
    return out


def _rebuilt(specs: list[dict[str, object]]) -> sa.MetaData:
    rebuilt = sa.MetaData()
    for spec in specs:
        table = sa.Table(spec["name"], rebuilt, *snapshot.table_arguments(spec))  # type: ignore[arg-type]
        for ix in spec["indexes"]:  # type: ignore[attr-defined]
            sa.Index(ix["name"], *[table.c[c] for c in ix["columns"]], unique=ix["unique"])
    return rebuilt


def test_a_table_dumped_and_rebuilt_gives_the_same_ddl_on_sqlite_and_postgres() -> None:
    specs = [snapshot.dump_table(t) for t in metadata.sorted_tables]
    assert len(specs) >= 27
    rebuilt = _rebuilt(specs)
    for table in metadata.sorted_tables:
        assert _ddl(rebuilt.tables[table.name]) == _ddl(table), table.name


def test_every_snapshot_belongs_to_a_migration_that_creates_it() -> None:
    revisions = {}
    for path in VERSIONS.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        rev = text.split('revision = "', 1)[1].split('"', 1)[0]
        revisions[rev] = text
    snapshots = sorted(snapshot.SNAPSHOTS_DIR.glob("*.json"))
    assert snapshots
    for path in snapshots:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["revision"] == path.stem
        text = revisions[path.stem]
        both = "snapshot.create(revision)" in text and "snapshot.drop(revision)" in text
        assert both or "upgrade, downgrade = snapshot.steps(revision)" in text, path.stem


def test_the_snapshot_json_round_trips_through_render() -> None:
    for path in snapshot.SNAPSHOTS_DIR.glob("*.json"):
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
        assert snapshot.render(data["revision"], data["tables"]) == text


def test_a_shipped_snapshot_is_never_overwritten(capsys: pytest.CaptureFixture[str]) -> None:
    before = (snapshot.SNAPSHOTS_DIR / "ledger_0001.json").read_bytes()
    code = snapshot.main(["ledger_0001", "backwards.ledger.storage.tables", "ledger_events"])
    assert code == 2
    assert "never changes" in capsys.readouterr().err
    assert (snapshot.SNAPSHOTS_DIR / "ledger_0001.json").read_bytes() == before


def test_freeze_describes_the_tables_as_declared() -> None:
    text = snapshot.freeze("x_0001", "backwards.ledger.storage.tables", ["ledger_corrections"])
    (table,) = json.loads(text)["tables"]
    assert table == snapshot.dump_table(metadata.tables["ledger_corrections"])
    names = [c["name"] for c in table["columns"]]
    assert names[:2] == ["id", "commitment_id"]
    assert table["foreign_keys"][0]["refcolumns"] == ["ledger_commitments.id"]


def test_an_unknown_column_type_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="no snapshot name"):
        snapshot.type_name(sa.LargeBinary())
    with pytest.raises(ValueError, match="naive DateTime"):
        snapshot.type_name(sa.DateTime())


def test_freezing_an_undeclared_table_names_it(capsys: pytest.CaptureFixture[str]) -> None:
    code = snapshot.main(["x_0001", "backwards.ledger.storage.tables", "ledger_nope"])
    assert code == 2
    assert "declares no table ledger_nope" in capsys.readouterr().err
    assert not (snapshot.SNAPSHOTS_DIR / "x_0001.json").exists()


def test_every_migration_downgrades_to_an_empty_database_and_upgrades_again(
    database_url: str,
) -> None:
    from alembic import command
    from alembic.config import Config

    from backwards.store import MIGRATIONS_DIR, open_store

    store = open_store(database_url)
    try:
        before = set(sa.inspect(store.engine).get_table_names())
        assert {t.name for t in metadata.sorted_tables} <= before

        def down(conn: sa.Connection) -> None:
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS_DIR))
            config.attributes["connection"] = conn
            command.downgrade(config, "base")

        store.write(down)
        left = set(sa.inspect(store.engine).get_table_names()) - {"alembic_version"}
        assert left == set(), left  # every created table dropped, every added column's table too
        assert store.status().current == ()
        assert sorted(store.upgrade()) == sorted(store.status().current)
        assert set(sa.inspect(store.engine).get_table_names()) == before
    finally:
        store.close()
