"""Bets in the workspace database (SQLite and a real PostgreSQL): events, frozen forecasts,
revisions, status moves, import/export round trip, and planning the stored bets."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import backwards.growth.tables
import backwards.ledger.storage.tables
import backwards.people.tables
import backwards.web.tables  # noqa: F401  (and the web app's)
from backwards.errors import InputError, StateError
from backwards.portfolio import (
    BetRepository,
    Status,
    export_yaml,
    parse_plan_text,
    plan_portfolio,
)
from backwards.store import metadata, open_store

AT = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo" / "portfolio.yaml"


@pytest.fixture
def repo(database_url: str) -> BetRepository:
    store = open_store(database_url)
    yield BetRepository(store)  # type: ignore[misc]
    store.close()


def imported(repo: BetRepository) -> None:
    portfolio = parse_plan_text(DEMO.read_text(encoding="utf-8"), str(DEMO), today=date(2027, 1, 4))
    summary = repo.import_portfolio(portfolio, by="ana", at=AT, made_on=date(2027, 1, 4))
    assert len(summary.added) == 12 and summary.teams == ("web", "ops")


def test_migration_matches_the_tables(database_url: str) -> None:
    store = open_store(database_url)
    try:
        assert "portfolio_0001" in store.status().current
        with store.engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(ctx, metadata) == []
    finally:
        store.close()


def test_forecast_freezes_when_planned_and_later_changes_are_revisions(
    repo: BetRepository,
) -> None:
    imported(repo)
    first = repo.record("subscriptions")
    assert first.status is Status.IDEA and first.baseline is None
    # while an idea, a new forecast needs no reason and is not a revision
    repo.revise("subscriptions", by="ana", at=AT, p50=30.0)
    planned = repo.move("subscriptions", Status.PLANNED, by="ana", at=AT)
    assert planned.baseline is not None and planned.baseline.p50 == 30.0
    with pytest.raises(InputError, match="frozen"):
        repo.revise("subscriptions", by="ana", at=AT, p50=20.0)
    revised = repo.revise("subscriptions", by="ben", at=AT, p50=20.0, reason="survey")
    assert revised.forecast.p50 == 20.0 and revised.forecast.revision
    assert revised.baseline is not None and revised.baseline.p50 == 30.0  # frozen
    assert [f.p50 for f in revised.forecasts] == [35.0, 30.0, 20.0]
    actions = [e.action for e in revised.events]
    assert actions == ["add", "forecast", "forecast", "planned", "revise-forecast"]
    assert {e.who for e in revised.events} == {"ana", "ben"}


def test_status_moves_forward_only(repo: BetRepository) -> None:
    imported(repo)
    repo.move("brew-guides", Status.LAUNCHED, by="ana", at=AT, on=date(2027, 2, 1))
    with pytest.raises(StateError):
        repo.move("brew-guides", Status.PLANNED, by="ana", at=AT)
    with pytest.raises(StateError):
        repo.revise("brew-guides", by="ana", at=AT, weeks=9)
    assert repo.record("brew-guides").launched_on == date(2027, 2, 1)
    repo.move("loyalty-full", Status.DROPPED, by="ana", at=AT, reason="too big")
    active = {r.bet.id for r in repo.records([Status.IDEA])}
    assert "loyalty-full" not in active and "brew-guides" not in active


def test_bad_bets_are_refused_and_nothing_is_written(repo: BetRepository) -> None:
    imported(repo)
    before = len(repo.records())
    bet = repo.record("brew-guides").bet
    from dataclasses import replace

    for bad, match in (
        (replace(bet, id="x1", team="nobody"), "unknown team"),
        (replace(bet, id="x2", people=9), "needs 9 people"),
        (replace(bet, id="x3", requires=("nope",)), "not a bet"),
        (replace(bet, id="brew-guides"), "already exists"),
    ):
        with pytest.raises(InputError, match=match):
            repo.add(bad, made_on=date(2027, 1, 4), by="ana", at=AT)
    with pytest.raises(InputError, match="cycle"):
        repo.revise("subscription-api", by="ana", at=AT, requires=["gift-subscriptions"])
    assert len(repo.records()) == before


def test_export_imports_back_unchanged_and_plans_the_same(repo: BetRepository) -> None:
    imported(repo)
    text = export_yaml(repo.teams(), repo.records(), horizon=26)
    again = parse_plan_text(text, "export.yaml", today=date(2027, 1, 4))
    summary = repo.import_portfolio(again, by="ana", at=AT, made_on=date(2027, 1, 4))
    assert summary.added == () and summary.revised == () and len(summary.unchanged) == 12
    stored = repo.portfolio(horizon=26, start=date(2027, 1, 4))
    from_file = parse_plan_text(DEMO.read_text(encoding="utf-8"), "demo", today=date(2027, 1, 4))
    a = plan_portfolio(stored, draws=0, with_sensitivity=False)
    b = plan_portfolio(from_file, draws=0, with_sensitivity=False)
    assert a.expected_value == pytest.approx(b.expected_value)
    assert a.naive_value == pytest.approx(b.naive_value)
