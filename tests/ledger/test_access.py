"""Issue 16, point 3: who may revise, resolve or correct a commitment.

Wrong today was: ``resolve --by ghost`` is accepted for someone else's commitment. Now only the
owner, someone recorded as its audience (a person or a team) or the owner's leader in the shared
people directory (``backwards.people``) may; anyone else gets exit 2, a message saying who may,
and nothing is written. A workspace with nobody in its people directory keeps working with no
setup: its default person (``ledger.default_person``, else ``BACKWARDS_USER``) keeps the ledger.
Both backends, through the CLI and the Python front door.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

import backwards.ledger as ledger
from backwards import people
from backwards.cli import run
from backwards.errors import InputError
from tests.envelope import unwrap

AT = datetime(2026, 1, 5, 9, tzinfo=UTC)


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


def _status(ws: Path, capsys: pytest.CaptureFixture[str], commitment_id: int) -> dict[str, object]:
    code, out, _ = cli(ws, capsys, "ledger", "show", str(commitment_id), "--format", "json")
    assert code == 0
    shown: dict[str, object] = unwrap(out)
    return shown


def _team(database_url: str) -> None:
    """Checkout: lea (its leader), ana and bo; Sales: sam; carl in no team; dee disabled."""
    with people.open_url(database_url) as directory:
        directory.add("lea", "leader", team="Checkout", by="admin", at=AT)
        for name, team in (("ana", "Checkout"), ("bo", "Checkout"), ("sam", "Sales")):
            directory.add(name, team=team, by="admin", at=AT)
        directory.add("carl", by="admin", at=AT)
        directory.add("dee", "leader", team="Ops", by="admin", at=AT)
        directory.disable("dee", by="admin", at=AT)


def test_resolve_by_ghost_is_refused_and_nothing_is_written(
    workspace: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _team(database_url)
    code, _, _ = cli(workspace, capsys, "ledger", "commit", "Ship SSO", "--due", "2026-03-02",
                     "--by", "ana", "--at", "2026-01-05")  # fmt: skip
    assert code == 0
    for who in ("ghost", "bo", "sam", "carl"):  # unknown, a teammate, another team, no team
        code, out, err = cli(workspace, capsys, "ledger", "resolve", "1", "met", "--by", who)
        assert code == 2, (who, out)
        assert f"{who} may not resolve commitment 1: only its owner ana" in err
        assert "ana's leader lea may" in err
        assert "Hint:" in err
    assert _status(workspace, capsys, 1)["resolution"] is None  # nothing was written
    code, _, err = cli(workspace, capsys, "ledger", "revise", "1", "--due", "2026-03-09",
                       "--reason", "x", "--by", "ghost")  # fmt: skip
    assert code == 2 and "ghost may not revise commitment 1" in err
    shown = _status(workspace, capsys, 1)
    assert shown["revisions"] == []
    assert [h["action"] for h in shown["history"]] == ["commit"]  # type: ignore[index]


def test_the_owner_the_leader_and_the_audience_may(
    workspace: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _team(database_url)
    with ledger.open_url(database_url) as book:
        mine = book.commit("A", due=date(2026, 3, 2), by="ana", at=AT)
        told = book.commit("B", due=date(2026, 3, 2), by="ana", at=AT, audience="carl, Sales")
        assert book.may_change(mine.id, "ana") == "owner"
        assert book.may_change(mine.id, "LEA") == "leader"  # names in any letter case
        assert book.may_change(told.id, "Carl") == "audience"
        assert book.may_change(told.id, "sam") == "audience"  # a member of the team told
        refused = "bo may not change commitment 2: only its owner ana, its audience"
        with pytest.raises(InputError, match=refused + r" \(carl, Sales\) or ana's leader lea"):
            book.may_change(told.id, "bo")
        with pytest.raises(InputError, match="dee is disabled"):
            book.may_change(mine.id, "dee")
        with pytest.raises(InputError, match="carl may not correct commitment 1"):
            book.correct(mine.id, "statement", "A2", reason="typo", by="carl")
    code, out, _ = cli(workspace, capsys, "ledger", "revise", "1", "--due", "2026-03-09",
                       "--reason", "vendor slipped", "--by", "lea")  # fmt: skip
    assert code == 0, out
    code, out, _ = cli(workspace, capsys, "ledger", "resolve", "2", "met", "--on", "2026-02-27",
                       "--by", "sam")  # fmt: skip
    assert code == 0, out
    code, out, err = cli(workspace, capsys, "ledger", "resolve", "1", "missed", "--by", "ana")
    assert code == 0, err
    history: list[dict[str, str]] = _status(workspace, capsys, 1)["history"]  # type: ignore[assignment]
    who = [(h["action"], h["who"]) for h in history]
    assert who == [("commit", "ana"), ("revise", "lea"), ("resolve", "ana")]


def test_a_single_user_workspace_needs_no_setup(
    workspace: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Nobody in the people directory: the default person (BACKWARDS_USER) keeps the ledger.
    code, _, _ = cli(workspace, capsys, "ledger", "commit", "Docs", "--due", "2026-03-02",
                     "--owner", "bo", "--at", "2026-01-05")  # fmt: skip
    assert code == 0
    code, _, err = cli(workspace, capsys, "ledger", "resolve", "1", "met", "--by", "ghost")
    assert code == 2
    assert "ghost may not resolve commitment 1: only its owner bo or this workspace's " in err
    assert "default person tester may" in err
    code, out, _ = cli(workspace, capsys, "ledger", "revise", "1", "--due", "2026-03-09",
                       "--reason", "r", "--by", "bo", "--at", "2026-02-20")  # fmt: skip
    assert code == 0, out  # the owner
    code, _, err = cli(workspace, capsys, "ledger", "resolve", "1", "met", "--on", "2026-03-06")
    assert code == 0, err  # the default person, without --by
    # The setting names the default person instead of the environment.
    (workspace / "backwards.yaml").write_text(
        "version: 1\nname: test\nledger:\n  default_person: kim\n"
    )
    cli(workspace, capsys, "ledger", "commit", "E", "--due", "2026-03-02", "--owner", "bo",
        "--at", "2026-01-05")  # fmt: skip
    code, _, err = cli(workspace, capsys, "ledger", "resolve", "2", "met", "--on", "2026-03-02")
    assert code == 2 and "default person kim may" in err
    code, out, _ = cli(workspace, capsys, "ledger", "resolve", "2", "met", "--on", "2026-03-02",
                       "--by", "kim")  # fmt: skip
    assert code == 0, out


def test_a_book_without_a_default_person_or_people_checks_nothing_else(
    database_url: str,
) -> None:
    with ledger.open_url(database_url) as book:
        record = book.commit("A", due=date(2026, 3, 2), by="ana", at=AT)
        assert book.may_change(record.id, "anyone") == "unchecked"
    _team(database_url)  # once people are known, the rules hold
    with ledger.open_url(database_url) as book, pytest.raises(InputError, match="anyone may not"):
        book.resolve(record.id, "met", by="anyone", resolved_on=date(2026, 3, 2))
