"""The ledger's front door: ``with ledger.open(...) as book`` on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

import backwards.ledger as ledger
from backwards.errors import InputError, StateError
from backwards.ledger.model import business_days
from backwards.workspace import init_workspace, open_workspace

AT = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
LATER = datetime(2026, 2, 20, 9, 0, tzinfo=UTC)


def test_commit_revise_resolve_and_report_through_the_front_door(database_url: str) -> None:
    with ledger.open_url(database_url) as book:
        made = book.commit(
            "Ship SSO", due=date(2026, 2, 2), by="ana", at=AT, probability=0.8, tags=["sso"]
        )
        assert made.commitment.owner == "ana"
        assert made.status(AT.date()) is ledger.Status.OPEN
        rev = book.revise(made.id, due=date(2026, 2, 16), reason="vendor slipped", by="ana", at=AT)
        assert rev.previous_due == date(2026, 2, 2)
        done = book.resolve(made.id, "met", by="ana", resolved_on=date(2026, 2, 13))
        assert done.resolution is not None and done.resolution.outcome is ledger.Outcome.MET
        missed = book.commit("Ship SCIM", due=date(2026, 2, 9), by="bo", at=AT)
        assert [e.action for e in book.history(made.id)] == ["commit", "revise", "resolve"]
        assert [r.id for r in book.commitments(as_of=LATER.date(), statuses=["overdue"])] == [
            missed.id
        ]
        assert [r.id for r in book.commitments(as_of=LATER.date(), tag="sso")] == [made.id]
        report = book.trust_report(now=LATER, owner="ana")
        assert isinstance(report, ledger.TrustReport)
        assert (report.say_do.due, report.say_do.met_on_time) == (1, 0)  # late vs ORIGINAL date
        with pytest.raises(StateError, match="already resolved"):
            book.resolve(made.id, "missed", by="ana")


def test_mistakes_and_their_possible_repeats(database_url: str, tmp_path: Path) -> None:
    with ledger.open_url(database_url, cache_dir=tmp_path / "cache") as book:
        first = book.add_mistake(
            "Promised a launch date before the legal review",
            by="ana",
            at=AT,
            category="stakeholder_communication",
            actions=["ana:2026-02-01:add a legal gate to the launch checklist"],
        )
        assert first.action_items[0].owner == "ana" and first.action_items[0].id > 0
        second = book.add_mistake(
            "Promised a launch date before legal review again",
            by="ana",
            at=LATER,
            category=ledger.MistakeCategory.STAKEHOLDER_COMMUNICATION,
        )
        found = book.similar(second.id)
        assert [s.id for s in found] == [first.id]
        assert found[0].to_dict()["title"] == first.title
        assert list((tmp_path / "cache").iterdir())  # the index was cached
        assert book.confirm_repeat(second.id, first.id, by="bo").repeat_of == first.id
        assert [m.id for m in book.mistakes(repeats=True)] == [second.id]
        item = book.close_action(first.action_items[0].id, by="ana")
        assert item.closed_on == datetime.now(UTC).date()  # the day it is entered
        with pytest.raises(InputError, match="OWNER:YYYY-MM-DD:DESCRIPTION"):
            book.add_mistake("x", by="ana", at=AT, actions=["no date here"])


def test_open_a_workspace_and_move_the_ledger_through_a_file(tmp_path: Path) -> None:
    init_workspace(tmp_path / "ws")
    workspace = open_workspace(tmp_path / "ws", env={})
    with ledger.open(workspace) as book:
        book.commit("Ship SSO", due=date(2026, 2, 2), by="ana", at=AT)
        exported = book.export("json", as_of=AT.date())
    assert exported.commitments == 1
    assert (tmp_path / "ws" / ".backwards" / "backwards.db").exists()
    path = tmp_path / "ledger.json"
    path.write_text(exported.text, encoding="utf-8")
    with ledger.open_url(f"sqlite:///{tmp_path}/copy.db") as copy:
        summary = copy.import_file(path, by="bo")
        assert summary == ledger.ImportSummary(1, 0, 0, 0)
        assert copy.import_file(path, by="bo") == ledger.ImportSummary(0, 0, 0, 0, skipped=1)
        again = json.loads(copy.export("json", as_of=AT.date()).text)
    assert again["commitments"][0]["statement"] == "Ship SSO"


def test_the_public_names_are_exported_and_typed() -> None:
    for name in ledger.__all__:
        assert getattr(ledger, name) is not None
    with pytest.raises(AttributeError):
        _ = ledger.no_such_thing  # type: ignore[attr-defined]


def test_the_read_model_gives_each_commitment_and_its_outcome_as_of_a_day(
    database_url: str,
) -> None:
    with ledger.open_url(database_url) as book:
        shipped = book.commit("Ship SSO", due=date(2026, 2, 2), by="ana", at=AT, probability=0.7)
        book.revise(shipped.id, due=date(2026, 2, 16), reason="vendor", by="ana", at=AT)
        book.resolve(shipped.id, "met", resolved_on=date(2026, 2, 11), by="ana")
        book.commit("Ship SCIM", due=date(2026, 3, 2), by="bo", at=AT, tags=["scim"])
        before = book.outcomes(as_of=date(2026, 2, 10))
        after = book.outcomes(as_of=date(2026, 3, 3))
        today = book.outcomes(as_of=datetime.now(UTC).date())
        only_bo = book.outcomes(as_of=date(2026, 3, 3), owner="bo")
    sso = after[0]
    assert isinstance(sso, ledger.CommitmentOutcome)
    assert (sso.owner, sso.statement, sso.probability) == ("ana", "Ship SSO", 0.7)
    # The revision claims 5 January but is entered today: it is in force from today only.
    assert (sso.due, sso.due_in_force, sso.made_on) == (
        date(2026, 2, 2), date(2026, 2, 2), AT.date()
    )  # fmt: skip
    assert (today[0].due_in_force, today[0].revisions) == (date(2026, 2, 16), 1)
    assert (sso.status, sso.outcome, sso.resolved_on) == (
        ledger.Status.MET, ledger.Outcome.MET, date(2026, 2, 11)
    )  # fmt: skip
    # Monday 2 Feb to Wednesday 11 Feb: 9 calendar days, 7 working days late
    assert (sso.slip_days, sso.slip_business_days, sso.revisions) == (9, 7, 0)
    assert before[0].outcome is None and before[0].slip_days is None
    assert before[0].status is ledger.Status.OVERDUE  # 2 Feb in force, resolved only later
    assert [o.statement for o in only_bo] == ["Ship SCIM"]
    assert only_bo[0].status is ledger.Status.OVERDUE and only_bo[0].tags == ("scim",)


@pytest.mark.parametrize("start", [date(2026, 3, 2) + timedelta(days=i) for i in range(7)])
def test_business_days_follow_the_measures_rule(start: date) -> None:
    for offset in range(-15, 16):
        end = start + timedelta(days=offset)
        expected = int(np.busday_count(np.datetime64(start), np.datetime64(end)))
        assert business_days(start, end) == expected, (start, end)
