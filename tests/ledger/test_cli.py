"""The ledger, mistake and db commands through ``backwards.cli.run`` (both backends)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from backwards.cli import run
from backwards.store import shipped_revisions
from tests.envelope import unwrap

AT = ["--at", "2026-01-05T09:00Z", "--by", "ana"]


@pytest.fixture
def workspace(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "backwards.yaml").write_text("version: 1\nname: test\n")
    monkeypatch.setenv("BACKWARDS_DATABASE_URL", database_url)
    monkeypatch.setenv("BACKWARDS_USER", "tester")
    return tmp_path


def cli(ws: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(["-w", str(ws), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_commit_revise_resolve_show_list(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(
        workspace, capsys, "ledger", "commit", "Ship SSO", "--due", "2026-03-31",
        "--probability", "70%", "--tag", "sso", "--audience", "sales", *AT,
    )  # fmt: skip
    assert code == 0
    assert out.startswith("Recorded commitment 1: Ship SSO (due 2026-03-31)")
    code, out, _ = cli(
        workspace, capsys, "ledger", "revise", "1", "--due", "2026-04-14",
        "--reason", "vendor slipped", "--at", "2026-03-20", "--format", "json",
    )  # fmt: skip
    assert code == 0
    revision = unwrap(out)
    # Backdating earns nothing: dated 20 March, the revision counts from when it was entered.
    entered = date.fromisoformat(revision["recorded_at"][:10])
    assert entered == datetime.now(UTC).date()
    assert revision["notice_days"] == (date(2026, 3, 31) - entered).days < 0
    assert revision["previous_due"] == "2026-03-31"
    code, out, _ = cli(workspace, capsys, "ledger", "resolve", "1", "met", "--on", "2026-04-10")
    assert code == 0
    assert "met, 8 business days after the original due date" in out
    code, out, err = cli(workspace, capsys, "ledger", "resolve", "1", "missed")
    assert code == 2
    assert "already resolved (met on 2026-04-10" in err
    assert "Hint: Run `backwards ledger show 1`" in err
    code, out, _ = cli(workspace, capsys, "ledger", "show", "1", "--format", "json")
    shown = unwrap(out)
    assert shown["due"] == "2026-03-31"
    assert shown["due_in_force"] == "2026-04-14"
    assert shown["status"] == "met"
    assert [(h["action"], h["who"]) for h in shown["history"]] == [
        ("commit", "ana"),
        ("revise", "tester"),
        ("resolve", "tester"),
    ]
    code, out, _ = cli(workspace, capsys, "ledger", "show", "1")
    assert "originally due 2026-03-31, due now 2026-04-14" in out
    cli(workspace, capsys, "ledger", "commit", "Beta to 5 customers", "--due", "2026-02-01", *AT)
    cli(
        workspace, capsys, "ledger", "commit", "Docs", "--due", "2026-02-01", "--owner", "bo",
        *AT,
    )  # fmt: skip
    code, out, _ = cli(
        workspace, capsys, "ledger", "list", "--owner", "ana", "--overdue",
        "--as-of", "2026-03-01", "--format", "json",
    )  # fmt: skip
    listed = unwrap(out)
    assert [c["statement"] for c in listed] == ["Beta to 5 customers"]
    code, out, _ = cli(workspace, capsys, "ledger", "list", "--tag", "sso", "--as-of", "2026-05-01")
    assert "met" in out
    assert "Ship SSO" in out
    assert "Docs" not in out
    code, out, _ = cli(
        workspace, capsys, "ledger", "list", "--due-from", "2026-04-01", "--format", "json"
    )
    assert [c["id"] for c in unwrap(out)] == [1]


def test_user_mistakes_exit_2_without_traceback(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cli(workspace, capsys, "ledger", "commit", "x", "--due", "2026-13-01")
    assert code == 2
    assert "is not a date; use YYYY-MM-DD" in err
    code, _, err = cli(workspace, capsys, "ledger", "revise", "42", "--reason", "x", "--due",
                       "2026-01-01")  # fmt: skip
    assert code == 2
    assert "there is no commitment 42" in err
    assert "Traceback" not in err
    code, _, err = cli(
        workspace, capsys, "ledger", "commit", "x", "--due", "2026-01-01", "--probability", "150%"
    )
    assert code == 2
    assert "between 0% and 100%" in err
    code, _, err = cli(workspace, capsys, "mistake", "add", "x", "--action", "ana:soon:fix")
    assert code == 2
    assert "'soon' is not a date" in err


def test_mistakes_similar_and_confirmed_repeat(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(
        workspace, capsys, "mistake", "add", "Promised a launch date before the legal review",
        "--category", "estimation", "--why", "no legal step in the launch checklist",
        "--action", "ana:2026-03-01:add a legal gate to the launch checklist",
        "--tag", "launch", "--at", "2026-02-01",
    )  # fmt: skip
    assert code == 0
    assert "No earlier mistake has the same root cause." in out
    assert "Failure modes (found in the cause; --failure-mode to choose): missing review" in out
    cli(
        workspace, capsys, "mistake", "add", "Bought the wrong office chairs",
        "--category", "decision", "--at", "2026-02-10",
    )  # fmt: skip
    code, out, _ = cli(
        workspace, capsys, "mistake", "add", "Promised the launch date before legal review",
        "--category", "estimation", "--tag", "launch", "--at", "2026-04-01", "--format", "json",
    )  # fmt: skip
    added = unwrap(out)
    assert [c["id"] for c in added["candidates"]] == [1]
    code, out, _ = cli(workspace, capsys, "mistake", "similar", "3", "--format", "json")
    found = unwrap(out)
    assert [c["id"] for c in found["candidates"]] == [1] and found["confirmed"] == []
    assert found["candidates"][0]["shared_failure_modes"] == ["missing_signoff"]
    # the index over all three is saved in the workspace and reused until a mistake changes
    assert len(list((workspace / ".backwards" / "cache").glob("similarity-*.index"))) == 1
    assert found["candidates"][0]["score"] > 0.34
    code, out, _ = cli(workspace, capsys, "mistake", "confirm-repeat", "3", "--of", "1")
    assert code == 0
    code, out, _ = cli(workspace, capsys, "mistake", "similar", "1", "--limit", "1")
    assert "Confirmed repeats (by a person):" in out and "repeated by" in out
    code, out, _ = cli(workspace, capsys, "mistake", "similar", "3")
    assert "why: same failure mode: missing review or sign-off" in out
    code, out, err = cli(workspace, capsys, "mistake", "confirm-repeat", "3", "--of", "2")
    assert code == 2
    assert "already confirmed as a repeat of mistake 1" in err
    code, out, _ = cli(workspace, capsys, "mistake", "list", "--repeats", "--format", "json")
    repeats = unwrap(out)
    assert [(m["id"], m["repeat_of"]) for m in repeats] == [(3, 1)]
    code, out, _ = cli(workspace, capsys, "mistake", "list", "--format", "json")
    action_id = unwrap(out)[0]["action_items"][0]["id"]
    code, out, _ = cli(
        workspace, capsys, "mistake", "close-action", str(action_id), "--on", "2026-02-20"
    )
    assert code == 0
    code, out, _ = cli(workspace, capsys, "mistake", "list", "--owner", "tester")
    assert "(0/1 actions open)" in out


def _same(one: dict[str, Any], other: dict[str, Any]) -> bool:
    """Two exports hold the same ledger: equal but for the entry times (an import records
    its own) and the ids (renumbered)."""

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items() if k not in ("recorded_at", "id")}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    return bool(plain(one) == plain(other))


def test_export_import_round_trip_and_all_or_nothing(
    workspace: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
) -> None:
    cli(workspace, capsys, "ledger", "commit", "A", "--due", "2026-03-01", "--tag", "x", *AT)
    cli(workspace, capsys, "ledger", "revise", "1", "--due", "2026-03-09", "--reason", "r",
        "--at", "2026-02-01")  # fmt: skip
    cli(workspace, capsys, "ledger", "resolve", "1", "partially_met", "--fraction", "0.5",
        "--on", "2026-03-08")  # fmt: skip
    cli(workspace, capsys, "mistake", "add", "M", "--commitment", "1", "--at", "2026-03-10")
    export = tmp_path / "out" / "ledger.json"
    code, _, err = cli(workspace, capsys, "ledger", "export", "-o", str(export))
    assert code == 0
    doc = json.loads(export.read_text())
    assert doc["format"] == "backwards-ledger"
    assert doc["commitments"][0]["revisions"][0]["new_due"] == "2026-03-09"
    code, out, _ = cli(workspace, capsys, "ledger", "import", str(export), "--format", "json")
    assert code == 0  # the same ledger again: idempotent, nothing added
    assert unwrap(out) == {
        "commitments": 0, "revisions": 0, "resolutions": 0, "mistakes": 0, "skipped": 2
    }  # fmt: skip
    code, _, err = cli(workspace, capsys, "ledger", "export", "--format", "csv")
    assert code == 2 and "would drop 1 revision, 1 mistake" in err and "--lossy" in err
    code, out, _ = cli(workspace, capsys, "ledger", "export", "--format", "csv", "--lossy")
    lines = out.splitlines()
    assert lines[0].startswith("id,owner,statement,due,made_at")
    assert len(lines) == 2
    csv_file = tmp_path / "c.csv"
    csv_file.write_text(out)
    # into a fresh ledger: JSON round-trips everything, revisions included
    monkeypatch.setenv("BACKWARDS_DATABASE_URL", f"sqlite:///{tmp_path}/copy.db")
    code, out, _ = cli(workspace, capsys, "ledger", "import", str(export), "--format", "json")
    assert unwrap(out)["revisions"] == 1
    code, out, _ = cli(workspace, capsys, "ledger", "export")
    again = json.loads(out)  # the ledger document itself, not an envelope
    assert _same(again, doc)
    monkeypatch.setenv("BACKWARDS_DATABASE_URL", f"sqlite:///{tmp_path}/csv.db")
    code, out, _ = cli(workspace, capsys, "ledger", "import", str(csv_file))
    assert code == 0
    assert "Imported 1 commitment, 0 revisions, 1 outcome" in out
    monkeypatch.setenv("BACKWARDS_DATABASE_URL", database_url)
    bad = tmp_path / "bad.csv"
    bad.write_text("id,owner,statement,due,made_at\n1,ana,ok,2026-01-01,2026-01-01\n"
                   "2,ana,bad,2026-02-30,2026-01-01\n")  # fmt: skip
    code, _, err = cli(workspace, capsys, "ledger", "import", str(bad))
    assert code == 2
    assert f"{bad}:3: column 'due'" in err
    broken = tmp_path / "broken.json"
    broken.write_text(
        '{"commitments": [{"id": 1, "owner": "a", "statement": "s", '
        '"due": "2026-01-01", "made_at": "2026-01-01", "probabilty": 0.5}]}'
    )
    code, _, err = cli(workspace, capsys, "ledger", "import", str(broken))
    assert code == 2
    assert "commitments[0].probabilty: Extra inputs are not permitted" in err
    code, out, _ = cli(workspace, capsys, "ledger", "list", "--format", "json")
    assert len(unwrap(out)) == 1  # nothing from the bad files


def test_db_status_and_upgrade(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(workspace, capsys, "db", "status", "--format", "json")
    assert code == 0
    status = unwrap(out)
    assert status["current"] == []
    _, heads = shipped_revisions()  # every branch's last (ledger, portfolio, people, ...)
    assert {"growth_0001", "ledger_0003", "portfolio_0001", "people_0001"} <= set(status["pending"])
    assert status["pending"] == sorted(heads)
    code, out, _ = cli(workspace, capsys, "db", "upgrade")
    assert code == 0
    assert f"Applied {len(heads)} migration(s)" in out
    code, out, _ = cli(workspace, capsys, "db", "upgrade")
    assert "is up to date" in out
    code, out, _ = cli(workspace, capsys, "db", "status")
    assert "Status:   up to date" in out


def test_a_newer_schema_is_refused_at_the_command_line(
    workspace: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    import sqlalchemy as sa

    from backwards.store import normalise_url

    assert cli(workspace, capsys, "db", "upgrade")[0] == 0
    engine = sa.create_engine(normalise_url(database_url))
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "UPDATE alembic_version SET version_num = 'ledger_0999'"
                " WHERE version_num = 'ledger_0003'"
            )
        )
    engine.dispose()
    for args in (("db", "upgrade"), ("ledger", "list"), ("db", "status")):
        code, _, err = cli(workspace, capsys, *args)
        assert code == 2
        assert "schema revision ledger_0999" in err
        assert "newer version of backwards; nothing was changed" in err
        assert "Hint: Upgrade backwards" in err


def test_a_hostile_import_gives_a_located_message_and_imports_nothing(
    workspace: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"commitments":\n' + "[" * 2000 + "]" * 2000 + "}\n")
    code, out, err = cli(workspace, capsys, "ledger", "import", str(deep))
    assert code == 2, err
    assert f"Error: {deep}:2:500: JSON nested more than 500 levels deep" in err
    assert "internal error" not in err and "Traceback" not in err
    wide = tmp_path / "wide.csv"
    wide.write_text(
        "id,owner,statement,due,made_at\n1,ana,ok,2026-01-01,2026-01-01\n"
        f"2,ana,{'x' * 140_000},2026-01-01,2026-01-01\n"
    )
    code, out, err = cli(workspace, capsys, "ledger", "import", str(wide))
    assert code == 2, err
    assert f"Error: {wide}:3: cannot read the CSV: field larger than field limit" in err
    assert "131,072 characters" in err
    assert "internal error" not in err and "Traceback" not in err
    code, out, _ = cli(workspace, capsys, "ledger", "list", "--format", "json")
    assert unwrap(out) == []
