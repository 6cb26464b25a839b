"""A bet's launch as a ledger commitment, and its impact forecast in the trust report
(issue 11, point 4): through the CLI, on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from backwards import ledger
from backwards.cli import run
from backwards.impact import LAUNCH_TAG, impact_section, launch_commitment
from backwards.portfolio import DEFAULT_HORIZON, open_repository, plan_portfolio, read_plan
from tests.envelope import unwrap
from tests.impact.test_trust_page import joined_rows

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo" / "portfolio.yaml"
PLAN = read_plan(DEMO, today=date(2027, 1, 4))


@pytest.fixture
def workspace(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    (tmp_path / "backwards.yaml").write_text("version: 1\nname: test\n", encoding="utf-8")
    monkeypatch.setenv("BACKWARDS_DATABASE_URL", database_url)
    assert run(["-w", str(tmp_path), "portfolio", "import", str(DEMO)]) == 0
    return ["-w", str(tmp_path)]


def json_of(capsys: pytest.CaptureFixture[str], *args: str) -> dict:  # type: ignore[type-arg]
    code = run([*args, "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    data = unwrap(out)
    assert isinstance(data, dict)
    return data


def test_planning_commits_the_launch_and_launching_resolves_it(
    workspace: list[str], database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    bet = PLAN.bet("brew-guides")
    who = ["--by", bet.owner]
    doc = json_of(capsys, *workspace, "bet", "revise", bet.id, "--status", "planned",
                  "--launch-by", "2026-10-09", *who, "--at", "2026-08-03T09:00Z")  # fmt: skip
    assert doc["launch_commitment"]["due"] == "2026-10-09"
    # planning it again (building) keeps the one commitment
    json_of(capsys, *workspace, "bet", "revise", bet.id, "--status", "building", *who)
    json_of(capsys, *workspace, "bet", "launch", bet.id, "--on", "2026-10-13", *who,
            "--at", "2026-10-13T09:00Z")  # fmt: skip
    with ledger.open_url(database_url) as book:
        (record,) = book.commitments(as_of=date(2026, 12, 1), tag=LAUNCH_TAG)
        assert launch_commitment(book, bet.id, today=date(2026, 12, 1)) == record
    c = record.commitment
    assert (c.owner, c.due, c.probability) == (bet.owner, date(2026, 10, 9), bet.probability)
    assert c.links == (f"bet:{bet.id}",) and c.audience == bet.team
    assert record.resolution is not None
    assert (record.resolution.outcome.value, record.resolution.resolved_on) == (
        "met",
        date(2026, 10, 13),
    )
    # say/do counts the launch: due 9 October, launched on the 13th, so kept late
    trust = json_of(capsys, *workspace, "ledger", "trust", "--owner", bet.owner,
                    "--as-of", "2026-12-01")  # fmt: skip
    say_do = trust["details"]["say_do"]
    assert (say_do["due"], say_do["met_on_time"], say_do["met_any_time"]) == (1, 0, 1)


def test_the_plan_sets_the_due_date_and_a_drop_withdraws_it(
    workspace: list[str], database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    bet = PLAN.bet("brew-guides")
    at = datetime(2026, 8, 5, 9, tzinfo=UTC)  # a Wednesday: week 0 starts on Monday the 3rd
    doc = json_of(capsys, *workspace, "bet", "revise", bet.id, "--status", "planned",
                  "--by", bet.owner, "--at", at.isoformat())  # fmt: skip
    due = date.fromisoformat(doc["launch_commitment"]["due"])
    assert due.weekday() == 0 and due > date(2026, 8, 3)
    # the plan of the workspace's bets from that week finishes it then
    repo = open_repository(database_url)
    try:
        bets = repo.portfolio(horizon=DEFAULT_HORIZON, start=date(2026, 8, 3))
    finally:
        repo.store.close()
    plan = plan_portfolio(bets, draws=0, with_sensitivity=False)
    (placed,) = [s for s in plan.schedule if s.id == bet.id]
    assert due == date(2026, 8, 3) + timedelta(weeks=placed.finish)
    json_of(capsys, *workspace, "bet", "drop", bet.id, "--reason", "no time",
            "--by", bet.owner)  # fmt: skip
    with ledger.open_url(database_url) as book:
        (record,) = book.commitments(as_of=date(2026, 12, 1), tag=LAUNCH_TAG)
    assert record.resolution is not None and record.resolution.outcome.value == "withdrawn"


def test_someone_the_ledger_refuses_cannot_launch_and_nothing_changes(
    workspace: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    bet = PLAN.bet("brew-guides")
    monkeypatch.setenv("BACKWARDS_USER", bet.owner)  # the single-user ledger's keeper
    json_of(capsys, *workspace, "bet", "revise", bet.id, "--status", "planned",
            "--launch-by", "2026-10-09", "--by", bet.owner, "--at", "2026-08-03")  # fmt: skip
    late = run([*workspace, "bet", "revise", "subscriptions", "--status", "planned",
                "--launch-by", "2026-10-09", "--by", bet.owner])  # fmt: skip
    assert late == 2 and "--launch-by" in capsys.readouterr().err
    assert json_of(capsys, *workspace, "bet", "show", "subscriptions")["status"] == "idea"
    code = run([*workspace, "bet", "launch", bet.id, "--by", "ghost"])
    _, err = capsys.readouterr()
    assert code == 2 and "ghost" in err
    shown = json_of(capsys, *workspace, "bet", "show", bet.id)
    assert shown["status"] == "planned"


def test_the_trust_report_gains_impact_forecast_rows(
    workspace: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    owner = PLAN.bet("brew-guides").owner
    mine = [b for b in PLAN.bets if b.owner == owner][:2]
    measured = [mine[0].impact.p50 * 0.5, mine[1].impact.p90 * 2]  # the second above its range
    for b, effect in zip(mine, measured, strict=True):
        run([*workspace, "bet", "launch", b.id, "--on", "2026-10-13", "--by", owner])
        ab = tmp_path / f"{b.id}.json"
        ab.write_text(json.dumps({"estimate": effect, "low": effect - 1, "high": effect + 1}))
        assert run([*workspace, "impact", "measure", b.id, "--ab", str(ab)]) == 0
    assert run([*workspace, "ledger", "commit", "Something else", "--due", "2026-11-02",
                "--owner", owner, "--by", owner, "--at", "2026-10-01"]) == 0  # fmt: skip
    capsys.readouterr()
    trust = json_of(capsys, *workspace, "ledger", "trust", "--owner", owner)
    section = trust["joined"]["impact_forecasts"]
    covered = sum(b.impact.p10 <= m <= b.impact.p90 for b, m in zip(mine, measured, strict=True))
    assert (section["measured"], section["covered"]) == (2, covered)
    ratios = sorted(m / b.impact.p50 for b, m in zip(mine, measured, strict=True))
    assert section["median_realisation"] == pytest.approx(sum(ratios) / 2)
    page = tmp_path / "trust.html"
    assert run([*workspace, "ledger", "trust", "--owner", owner, "--html", str(page)]) == 0
    text = capsys.readouterr().out
    assert "Impact forecasts" in text and f"{covered} of 2" in text
    (rows,) = joined_rows(page.read_text(encoding="utf-8")).values()
    assert rows[1][:2] == [
        "P10-P90 range held the measurement",
        f"{covered} of 2 ({covered / 2:.0%})",
    ]
    assert all(f"  {label}: {value}" in text for label, value, _ in rows)
    # another tag has no bets in it
    other = json_of(capsys, *workspace, "ledger", "trust", "--owner", owner, "--tag", "x")
    assert "joined" not in other


def test_an_empty_section_says_no_launches() -> None:
    section = impact_section([])
    assert section.data["measured"] == 0 and section.data["coverage"] is None
    assert [r.value for r in section.rows] == ["0 bets", "n/a"]
