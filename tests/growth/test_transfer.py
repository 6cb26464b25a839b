"""Point 6: journal export and import (CSV and JSON), the import is all or nothing; the tables
match the migration on both backends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import backwards.growth.tables
import backwards.ledger.storage.tables
import backwards.people.tables
import backwards.portfolio.tables
import backwards.web.tables  # noqa: F401  (every table the migrations make, in the metadata)
from backwards.store import metadata, open_store
from tests.envelope import unwrap
from tests.growth.conftest import Cli

AT = ["--by", "ana", "--at", "2027-01-06T10:00Z"]


def test_migration_matches_the_tables(database_url: str) -> None:
    store = open_store(database_url)
    try:
        assert "growth_0001" in store.status().current
        with store.engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(ctx, metadata) == []
    finally:
        store.close()


def _fill(cli: Cli) -> None:
    for args in (
        ["--kind", "meeting", "--title", "Pricing, review", "--grade", "communicate=4",
         "--grade", "driven by impact, not promotion=3", "--answered-first",
         "--return-on-time", "2", "--tag", "q1", "--tag", "pricing", "--better", 'say "no" sooner'],
        ["--kind", "document", "--title", "Plan", "--grade", "execute=2", "--share"],
    ):  # fmt: skip
        code, _, err = cli("journal", "add", *args, *AT)
        assert code == 0, err


KEEP = ("kind", "title", "grades", "answered_first", "return_on_time", "tags", "better", "shared")


def _listed(cli: Cli) -> list[dict[str, object]]:
    code, out, err = cli("journal", "list", "--format", "json")
    assert code == 0, err
    return [{k: r[k] for k in KEEP} for r in unwrap(out)]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_then_import_round_trips(
    cli: Cli, workspace: Path, fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(cli)
    first = _listed(cli)
    assert len(first) == 2
    target = tmp_path / f"journal.{fmt}"
    code, _, err = cli("journal", "export", "--format", fmt, "-o", str(target), "--by", "ana")
    assert code == 0, err
    # into an empty journal: the same entries
    monkeypatch.setenv("BACKWARDS_DATABASE_URL", f"sqlite:///{tmp_path / 'other.db'}")
    code, out, err = cli("journal", "import", str(target), *AT, "--format", "json")
    assert code == 0, err
    assert unwrap(out)["added"] == 2 and unwrap(out)["skipped"] == 0
    assert _listed(cli) == first


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_importing_the_same_file_twice_adds_nothing(cli: Cli, fmt: str, tmp_path: Path) -> None:
    _fill(cli)
    first = _listed(cli)
    target = tmp_path / f"journal.{fmt}"
    code, _, err = cli("journal", "export", "--format", fmt, "-o", str(target), "--by", "ana")
    assert code == 0, err
    code, out, err = cli("journal", "import", str(target), *AT)
    assert code == 0, err
    assert "Imported 0 journal entries; skipped 2 entries already in the journal" in out
    assert _listed(cli) == first
    # a changed title is a new entry; an entry the file repeats is added once
    text = target.read_text(encoding="utf-8").replace("Plan", "Plan B")
    if fmt == "json":
        data = json.loads(text)
        data["entries"].append(data["entries"][-1])
        text = json.dumps(data)
    else:
        text += text.splitlines()[-1] + "\n"
    target.write_text(text, encoding="utf-8")
    code, out, err = cli("journal", "import", str(target), *AT, "--format", "json")
    assert code == 0, err
    assert unwrap(out)["added"] == 1 and unwrap(out)["skipped"] == 2
    titles = sorted(str(r["title"]) for r in _listed(cli))
    assert titles == ["Plan", "Plan B", "Pricing, review"]


def test_a_bad_row_imports_nothing(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "author,kind,title,occurred_on,grades\n"
        "ana,meeting,ok,2027-01-05,communicate=4\n"
        "ana,meeting,bad,2027-01-05,communicate=6\n",
        encoding="utf-8",
    )
    code, _, err = cli("journal", "import", str(bad), *AT)
    assert code == 2
    assert "bad.csv:3" in err and "1 to 5, not 6" in err
    unknown = tmp_path / "who.json"
    unknown.write_text(
        json.dumps(
            {
                "version": 1,
                "entries": [
                    {"author": "zed", "kind": "message", "title": "x",
                     "occurred_on": "2027-01-05", "grades": {"communicate": 3}},
                ],
            }
        ),
        encoding="utf-8",
    )  # fmt: skip
    code, _, err = cli("journal", "import", str(unknown), *AT)
    assert code == 2 and "entry 1: author: unknown person 'zed'" in err
    code, out, _ = cli("journal", "list", "--format", "json")
    assert unwrap(out) == []
