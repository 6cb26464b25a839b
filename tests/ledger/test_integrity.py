"""Issue 16, points 1, 2 and 4: a record nobody can bend. One test per "wrong today" line.

Each test drives the product through one of its ways in (the CLI, the Python front door, JSON and
CSV files) on SQLite and PostgreSQL and checks the refusal, the message, and that nothing was
written.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

import backwards.ledger as ledger
from backwards.cli import run
from backwards.errors import InputError
from backwards.ledger.storage import tables as t
from tests.envelope import unwrap

TODAY = datetime.now(UTC).date()


@pytest.fixture
def workspace(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "backwards.yaml").write_text("version: 1\nname: test\n")
    monkeypatch.setenv("BACKWARDS_DATABASE_URL", database_url)
    monkeypatch.setenv("BACKWARDS_USER", "ana")
    return tmp_path


def cli(ws: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(["-w", str(ws), *args])
    out, err = capsys.readouterr()
    return code, out, err


def count(ws: Path, capsys: pytest.CaptureFixture[str]) -> int:
    code, out, _ = cli(ws, capsys, "ledger", "list", "--format", "json")
    assert code == 0
    return len(unwrap(out))


# -- point 1: two clocks --------------------------------------------------------------------


def _backdated_history(book: ledger.Book) -> int:
    """A promise due 20 days ago, revised 'three weeks ago' (typed today), then missed."""
    made = datetime.combine(TODAY - timedelta(days=60), datetime.min.time(), UTC)
    due = TODAY - timedelta(days=20)
    record = book.commit("Ship SSO", due=due, by="ana", at=made, probability=0.9)
    book.revise(
        record.id,
        due=due + timedelta(days=30),
        reason="vendor slipped",
        by="ana",
        at=datetime.combine(due - timedelta(days=21), datetime.min.time(), UTC),
    )
    book.resolve(record.id, "missed", by="ana", resolved_on=TODAY - timedelta(days=1))
    return record.id


def test_a_backdated_revision_earns_no_notice_and_the_miss_stays_a_surprise(
    database_url: str,
) -> None:
    with ledger.open_url(database_url) as book:
        ident = _backdated_history(book)
        report = book.trust_report(now=datetime.now(UTC), owner="ana")
        record = book.record(ident)
    rev = record.revisions[0]
    assert rev.made_at.date() == TODAY - timedelta(days=41)  # as claimed
    assert rev.recorded_at is not None and rev.recorded_at.date() == TODAY  # as entered
    assert rev.notice_days < 0  # told after the due date, whatever --at said
    assert (report.say_do.misses, report.say_do.surprises) == (1, 1)
    assert report.say_do.renegotiated_early == 0
    assert report.provenance.claimed_earlier == 2  # the promise and the revision
    assert any("claimed earlier than recorded" in n for n in report.notes)
    assert report.to_dict()["records"]["claimed_earlier_than_recorded"] == 2


def test_imported_history_keeps_its_claimed_times_and_is_marked(
    database_url: str, tmp_path: Path
) -> None:
    with ledger.open_url(database_url) as book:
        _backdated_history(book)
        exported = book.export("json", as_of=TODAY)
    path = tmp_path / "ledger.json"
    path.write_text(exported.text, encoding="utf-8")
    with ledger.open_url(f"sqlite:///{tmp_path}/copy.db") as copy:
        copy.import_file(path, by="bo")
        record = copy.commitments(as_of=TODAY)[0]
        report = copy.trust_report(now=datetime.now(UTC))
    assert record.commitment.imported and record.revisions[0].imported
    assert record.revisions[0].notice_days == 21  # the file's claim is all there is
    assert report.provenance.imported == 1
    assert any("came from an import" in n for n in report.notes)


def test_show_displays_both_clocks_and_a_future_claim_is_refused(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = cli(workspace, capsys, "ledger", "commit", "A", "--due", "2026-03-01",
                     "--at", "2026-01-05")  # fmt: skip
    assert code == 0
    code, out, _ = cli(workspace, capsys, "ledger", "show", "1")
    assert f"made 2026-01-05 (entered {TODAY})" in out
    later = (datetime.now(UTC) + timedelta(days=2)).date().isoformat()
    code, _, err = cli(workspace, capsys, "ledger", "commit", "B", "--due", "2099-01-01",
                       "--at", later)  # fmt: skip
    assert code == 2 and "in the future" in err
    assert count(workspace, capsys) == 1


# -- point 2: corrections, never edits ------------------------------------------------------


def test_a_forgotten_on_is_corrected_by_an_appended_correction(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli(workspace, capsys, "ledger", "commit", "A", "--due", "2026-03-02", "--at", "2026-01-05")
    code, out, _ = cli(workspace, capsys, "ledger", "resolve", "1", "met")  # forgot --on
    assert code == 0 and "business days after the original due date" in out
    code, out, err = cli(workspace, capsys, "ledger", "correct", "1", "--on", "2026-02-27")
    assert code == 2 and "--reason" in err  # a correction always has a reason
    for name, role in (("lead", "leader"), ("ana", "member")):  # lead leads ana's team
        assert cli(workspace, capsys, "user", "add", name, "--role", role, "--team", "Core")[0] == 0
    code, out, _ = cli(workspace, capsys, "ledger", "correct", "1", "--on", "2026-02-27",
                       "--reason", "resolved without --on", "--by", "lead")  # fmt: skip
    assert code == 0
    assert f"resolved_on {TODAY} -> 2026-02-27" in out
    code, out, _ = cli(workspace, capsys, "ledger", "show", "1", "--format", "json")
    shown = unwrap(out)
    assert shown["resolution"]["resolved_on"] == "2026-02-27"  # reports use the corrected value
    fix = shown["corrections"][0]
    assert (fix["field"], fix["old_value"], fix["new_value"], fix["recorded_by"]) == (
        "resolved_on", TODAY.isoformat(), "2026-02-27", "lead"
    )  # fmt: skip
    assert [h["action"] for h in shown["history"]] == ["commit", "resolve", "correct"]
    code, out, _ = cli(workspace, capsys, "ledger", "trust", "--format", "json")
    report = unwrap(out)
    assert report["say_do"]["met_on_time"] == 1  # the corrected date counts
    assert report["records"]["corrected"] == 1
    code, _, err = cli(workspace, capsys, "ledger", "correct", "1", "--statement", "A (typo)",
                       "--reason", "typo")  # fmt: skip
    assert code == 0
    code, _, err = cli(workspace, capsys, "ledger", "correct", "1", "--on", "2099-01-01",
                       "--reason", "x")  # fmt: skip
    assert code == 2 and "in the future" in err


def test_a_future_resolution_date_is_refused(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli(workspace, capsys, "ledger", "commit", "A", "--due", "2026-03-02", "--at", "2026-01-05")
    code, _, err = cli(workspace, capsys, "ledger", "resolve", "1", "met", "--on", "2099-01-01")
    assert code == 2
    assert "the resolution is dated 2099-01-01, in the future" in err
    code, out, _ = cli(workspace, capsys, "ledger", "show", "1", "--format", "json")
    assert unwrap(out)["resolution"] is None


# -- point 4: one validation for every way in -----------------------------------------------


@pytest.mark.parametrize(
    ("given", "stored"), [("0.7", 0.7), ("70%", 0.7), ("70 %", 0.7), ("1", 1.0), ("0", 0.0)]
)
def test_probabilities_are_read_the_same_everywhere(given: str, stored: float) -> None:
    assert ledger.parse_probability(given) == pytest.approx(stored)


@pytest.mark.parametrize("given", ["1.5", "70", "150%", "-0.1", "nan", "seventy"])
def test_an_ambiguous_or_impossible_probability_is_refused_at_the_command_line(
    workspace: Path, capsys: pytest.CaptureFixture[str], given: str
) -> None:
    code, _, err = cli(workspace, capsys, "ledger", "commit", "A", "--due", "2026-03-02",
                       "--at", "2026-01-05", "--probability", given)  # fmt: skip
    assert code == 2
    if given in ("1.5", "70"):
        assert "ambiguous" in err and f"{given}%" in err
    assert count(workspace, capsys) == 0


def _json_file(tmp_path: Path, **changes: object) -> Path:
    record: dict[str, object] = {
        "id": 1, "owner": "ana", "statement": "Ship SSO", "due": "2026-03-02",
        "made_at": "2026-01-05T09:00:00+00:00",
    }  # fmt: skip
    record.update(changes)
    path = tmp_path / "in.json"
    path.write_text(json.dumps({"commitments": [record]}), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"resolution": {"outcome": "met", "resolved_on": "2026-01-01"}}, "before the promise"),
        ({"revisions": [{"made_at": "2026-01-01", "reason": "r", "new_due": "2026-03-09"}]},
         "revisions[0] is dated 2026-01-01, before the promise"),
        ({"revisions": [{"made_at": "2026-03-05", "reason": "r", "new_due": "2026-03-09"}],
          "resolution": {"outcome": "met", "resolved_on": "2026-03-04"}},
         "after the resolution"),
        ({"made_at": "2026-04-01"}, "after its due date"),
        ({"resolution": {"outcome": "met", "resolved_on": "2099-01-01"}}, "in the future"),
        ({"statement": "x" * 5_000_000}, "commitments[0].statement: 5,000,000 characters"),
        ({"owner": "o" * 10_000}, "commitments[0].owner: 10,000 characters"),
        ({"owner": "an\x00a"}, "commitments[0].owner: contains the control character"),
        ({"probability": 1.5}, "commitments[0].probability: 1.5 is ambiguous"),
        ({"tags": ["a\nb"]}, "commitments[0].tags[0]: contains a line break"),
    ],
)  # fmt: skip
def test_json_imports_refuse_what_the_cli_refuses_and_write_nothing(
    workspace: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    changes: dict[str, object],
    message: str,
) -> None:
    code, _, err = cli(workspace, capsys, "ledger", "import", str(_json_file(tmp_path, **changes)))
    assert code == 2, err
    assert message in err
    assert "Traceback" not in err
    assert count(workspace, capsys) == 0


def test_csv_errors_name_the_line_and_accept_percentages(
    workspace: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = tmp_path / "good.csv"
    good.write_text(
        "id,owner,statement,due,made_at,probability\n"
        "1,ana,A,2026-03-02,2026-01-05,70%\n"
        "2,ana,B,2026-03-02,2026-01-05,70 %\n"
    )
    code, _, err = cli(workspace, capsys, "ledger", "import", str(good))
    assert code == 0, err
    code, out, _ = cli(workspace, capsys, "ledger", "list", "--format", "json")
    assert [c["probability"] for c in unwrap(out)] == [0.7, 0.7]
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "id,owner,statement,due,made_at,outcome,resolved_on\n"
        "1,bo,ok,2026-03-02,2026-01-05,,\n"
        "2,bo,late,2026-03-02,2026-01-05,met,2025-12-01\n"
    )
    code, _, err = cli(workspace, capsys, "ledger", "import", str(bad))
    assert code == 2
    assert f"{bad}:3: the resolution is dated 2025-12-01, before the promise" in err
    assert "commitments[1]" not in err
    assert count(workspace, capsys) == 2  # all or nothing: line 2 was not imported either


def test_limits_hold_at_the_command_line(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cli(workspace, capsys, "ledger", "commit", "x" * 120_000, "--due", "2026-03-02",
                       "--at", "2026-01-05")  # fmt: skip
    assert code == 2 and "statement: 120,000 characters long; the limit" in err
    code, _, err = cli(workspace, capsys, "ledger", "commit", "A", "--due", "2026-03-02",
                       "--at", "2026-01-05", "--owner", "o" * 10_000)  # fmt: skip
    assert code == 2 and "owner" in err
    code, _, err = cli(workspace, capsys, "ledger", "commit", "A", "--due", "2026-03-02",
                       "--at", "2026-01-05", "--by", "b\x00y")  # fmt: skip
    assert code == 2 and "--by" in err
    assert count(workspace, capsys) == 0


def test_an_over_long_owner_or_a_nul_never_reaches_the_database(database_url: str) -> None:
    with ledger.open_url(database_url) as book:
        with pytest.raises(InputError, match="owner: 250 characters long"):
            book.commit("A", due=date(2026, 3, 2), by="ana", owner="a" * 250, at=datetime.now(UTC))
        with pytest.raises(InputError, match="--by"):
            book.commit("A", due=date(2026, 3, 2), by="a" * 250, at=datetime.now(UTC))
        with pytest.raises(InputError, match="control character"):
            book.commit(
                "A\x00", due=date(2026, 3, 2), by="ana", at=datetime(2026, 1, 5, tzinfo=UTC)
            )
        # and the store's safety net: a raw insert the database refuses is an input error
        values = {
            "owner": "o" * 250, "audience": "", "statement": "s", "kind": "date",
            "aspirational": False, "made_at": datetime.now(UTC), "due": date(2026, 3, 2),
            "weight": 1.0, "tags": (), "links": (), "recorded_by": "x",
            "recorded_at": datetime.now(UTC),
        }  # fmt: skip
        if book.store.dialect == "postgresql":
            with pytest.raises(InputError, match="the database refused a value"):
                book.store.write(lambda conn: conn.execute(t.commitments.insert(), values))
        with book.store.read() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(t.commitments)).scalar() == 0


def test_the_page_lists_the_commitments_to_talk_about(
    workspace: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    soon = (datetime.now(UTC) + timedelta(days=3)).date().isoformat()
    cli(workspace, capsys, "ledger", "commit", "<script>x</script> missed", "--due", "2026-03-02",
        "--at", "2026-01-05")  # fmt: skip
    cli(workspace, capsys, "ledger", "resolve", "1", "missed", "--on", "2026-03-03")
    cli(workspace, capsys, "ledger", "commit", "Kept", "--due", "2026-03-02", "--at", "2026-01-05")
    cli(workspace, capsys, "ledger", "resolve", "2", "met", "--on", "2026-03-02")
    cli(workspace, capsys, "ledger", "commit", "Due soon", "--due", soon)
    page_file = tmp_path / "trust.html"
    code, _, err = cli(workspace, capsys, "ledger", "trust", "--html", str(page_file))
    assert code == 0, err
    page = page_file.read_text(encoding="utf-8")
    assert "Commitments to talk about" in page
    assert "&lt;script&gt;x&lt;/script&gt; missed" in page and "<script>x</script>" not in page
    assert "<td>missed</td>" in page and "<td>at risk</td>" in page
    assert "<td>Kept</td>" not in page  # kept on time: nothing to discuss


def test_list_pages_and_filters_in_any_letter_case(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for i in range(5):
        cli(workspace, capsys, "ledger", "commit", f"P{i}", "--due", "2026-03-02", "--at",
            "2026-01-05", "--tag", "SSO" if i % 2 else "other")  # fmt: skip
    code, out, _ = cli(workspace, capsys, "ledger", "list", "--limit", "2", "--offset", "1")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()[:2]] == ["2", "3"]
    assert "Showing 2-3 of 5; next: --offset 3" in out
    code, out, _ = cli(workspace, capsys, "ledger", "list", "--tag", "sso", "--format", "json")
    assert [c["statement"] for c in unwrap(out)] == ["P1", "P3"]
    code, out, _ = cli(workspace, capsys, "ledger", "list", "--owner", "ANA", "--format", "json",
                       "--limit", "3")  # fmt: skip
    assert [c["id"] for c in unwrap(out)] == [1, 2, 3]
