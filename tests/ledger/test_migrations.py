"""Migration ``ledger_0002`` upgrades a ledger_0001 database that holds data (both backends)."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from backwards.store import MIGRATIONS_DIR, normalise_url, open_store


def _upgrade(url: str, target: str) -> None:
    with open_store(url, upgrade=False) as store, store.engine.begin() as conn:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.attributes["connection"] = conn
        command.upgrade(config, target)


def test_ledger_0002_upgrades_a_0001_database_and_marks_imported_rows(database_url: str) -> None:
    _upgrade(database_url, "ledger_0001")
    at = datetime(2026, 1, 5, 9, tzinfo=UTC)
    engine = sa.create_engine(normalise_url(database_url))
    with engine.begin() as conn:
        for i, action in ((1, "commit"), (2, "import")):
            conn.execute(
                sa.text(
                    "INSERT INTO ledger_commitments (id, owner, audience, statement, kind, "
                    "aspirational, made_at, due, weight, tags, links, recorded_by, recorded_at) "
                    "VALUES (:i, 'ana', '', 's', 'date', false, :at, '2026-03-02', 1, '', '', "
                    "'ana', :at)"
                ),
                {"i": i, "at": at},
            )
            conn.execute(
                sa.text(
                    "INSERT INTO ledger_events (at, who, entity, entity_id, action, data) "
                    "VALUES (:at, 'ana', 'commitment', :i, :action, '{}')"
                ),
                {"i": i, "at": at, "action": action},
            )
        conn.execute(
            sa.text(
                "INSERT INTO ledger_resolutions (commitment_id, outcome, resolved_on, evidence, "
                "recorded_by, recorded_at) VALUES (2, 'met', '2026-03-01', '', 'ana', :at)"
            ),
            {"at": at},
        )
    engine.dispose()
    with open_store(database_url) as store:  # first use applies ledger_0002 (and the rest)
        assert "ledger_0003" in store.status().current
        with store.read() as conn:
            marks = dict(
                conn.execute(sa.text("SELECT id, imported FROM ledger_commitments")).fetchall()
            )
            resolved = conn.execute(sa.text("SELECT imported FROM ledger_resolutions")).scalar_one()
            corrections = conn.execute(
                sa.text("SELECT count(*) FROM ledger_corrections")
            ).scalar_one()
    assert {k: bool(v) for k, v in marks.items()} == {1: False, 2: True}
    assert bool(resolved) is True
    assert corrections == 0
