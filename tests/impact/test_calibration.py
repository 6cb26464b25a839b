"""Closing the loop: realisation, coverage and PIT per measured bet; coverage, median
realisation and shrinkage per owner and team; ``portfolio plan --calibrated``."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from backwards.cli import run
from backwards.impact import (
    PRIOR_REALISATION,
    PRIOR_WEIGHT,
    BetReview,
    calibrate,
    group_records,
    pit,
    shrinkage,
)
from backwards.portfolio import read_plan
from tests.envelope import unwrap

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "demo"


def review(bet: str, owner: str, p: tuple[float, float, float], measured: float) -> BetReview:
    return BetReview(bet, owner, "web", "Orders", *p, 0.5, measured, measured - 1, measured + 1,
                     "its")  # fmt: skip


def test_pit_is_the_forecast_s_own_quantile() -> None:
    assert pit(50, 20, 50, 90) == pytest.approx(0.5)
    assert pit(20, 20, 50, 90) == pytest.approx(0.1)
    assert pit(90, 20, 50, 90) == pytest.approx(0.9)
    assert pit(70, 20, 50, 90) == pytest.approx(0.5 + (0.9 - 0.5) / 2, abs=0.05)
    assert 0 < pit(-100, 20, 50, 90) < pit(20, 20, 50, 90)
    assert pit(49, 50, 50, 90) == 0.0 and pit(50, 50, 50, 50) == 0.5


def test_a_bet_review_has_realisation_coverage_and_pit() -> None:
    r = review("a", "ana", (20, 50, 90), 25)
    assert r.realisation == pytest.approx(0.5)
    assert r.covered
    assert not review("b", "ana", (20, 50, 90), 10).covered
    assert review("c", "ana", (0, 0, 10), 5).realisation is None


def test_shrinkage_pulls_towards_the_sceptical_prior() -> None:
    assert shrinkage([]) == pytest.approx(PRIOR_REALISATION)
    n0 = PRIOR_WEIGHT
    eight_true = shrinkage([1.0] * 8)
    assert eight_true == pytest.approx((8 + n0 * PRIOR_REALISATION) / (8 + n0))
    assert shrinkage([1.0] * 200) > eight_true > shrinkage([1.0])
    assert shrinkage([50.0] * 100) == 1.0  # capped; one huge ratio is clipped to 3 first
    assert shrinkage([50.0]) == pytest.approx((3 + n0 * PRIOR_REALISATION) / (1 + n0))


def test_group_records_per_owner_and_team() -> None:
    reviews = [
        review("a", "ana", (20, 50, 90), 25),  # r 0.5, covered
        review("b", "ana", (20, 50, 90), 100),  # r 2, not covered
        review("c", "ben", (10, 20, 40), 0),  # r 0, not covered
    ]
    ana, ben = group_records(reviews, "owner")
    assert (ana.name, ana.launches, ana.coverage) == ("ana", 2, 0.5)
    assert ana.median_realisation == pytest.approx(1.25)
    assert ana.shrinkage == pytest.approx((2.5 + PRIOR_WEIGHT * PRIOR_REALISATION) / 10)
    assert (ben.coverage, ben.median_realisation) == (0.0, 0.0)
    (web,) = group_records(reviews, "team")
    assert web.launches == 3 and web.coverage == pytest.approx(1 / 3)


def test_calibrate_scales_each_owner_s_impacts() -> None:
    stated = read_plan(DEMO / "portfolio.yaml", today=date(2027, 1, 4))
    ana = group_records([review("x", "cleo", (1, 2, 3), 2)], "owner")
    owners = {g.name: g for g in ana}
    calibrated = calibrate(stated, owners)
    for before, after in zip(stated.bets, calibrated.bets, strict=True):
        k = owners["cleo"].shrinkage if before.owner == "cleo" else PRIOR_REALISATION
        assert after.impact.p50 == pytest.approx(before.impact.p50 * k)
        assert after.probability == 1.0
        assert after.weekly_value == pytest.approx(k * before.impact.mean * before.value_per_unit)


@pytest.fixture
def workspace(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    (tmp_path / "backwards.yaml").write_text("version: 1\nname: test\n", encoding="utf-8")
    monkeypatch.setenv("BACKWARDS_DATABASE_URL", database_url)
    return ["-w", str(tmp_path)]


def test_review_and_calibrated_plan_from_stored_measurements(
    workspace: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run([*workspace, "portfolio", "import", str(DEMO / "portfolio.yaml")]) == 0
    bet = "brew-guides"
    plan = read_plan(DEMO / "portfolio.yaml", today=date(2027, 1, 4))
    owner = plan.bet(bet).owner
    forecast = plan.bet(bet).impact
    assert run([*workspace, "bet", "launch", bet, "--on", "2026-10-13"]) == 0
    ab = tmp_path / "ab.json"
    measured = forecast.p50 / 2
    ab.write_text(json.dumps({"estimate": measured, "low": 0, "high": forecast.p50}))
    assert run([*workspace, "impact", "measure", bet, "--ab", str(ab)]) == 0
    capsys.readouterr()
    assert run([*workspace, "impact", "review", "--format", "json"]) == 0
    doc = unwrap(capsys.readouterr().out)
    (row,) = doc["bets"]
    assert row["bet"] == bet and row["realisation"] == pytest.approx(0.5)
    assert row["covered"] == (forecast.p10 <= measured <= forecast.p90)
    (mine,) = [g for g in doc["owners"] if g["name"] == owner]
    k = (0.5 + PRIOR_WEIGHT * PRIOR_REALISATION) / (1 + PRIOR_WEIGHT)
    assert mine["shrinkage"] == pytest.approx(k)
    code = run([*workspace, "portfolio", "plan", str(DEMO / "portfolio.yaml"), "--calibrated",
                "--draws", "0", "--no-sensitivity", "--format", "json"])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    doc = unwrap(out)
    rows = {r["id"]: r for r in doc["calibration"]}
    for b in plan.bets:
        factor = k if b.owner == owner else PRIOR_REALISATION
        assert rows[b.id]["factor"] == pytest.approx(factor)
        assert rows[b.id]["stated"]["p50"] == b.impact.p50
        assert rows[b.id]["calibrated"]["p50"] == pytest.approx(b.impact.p50 * factor)
    code = run([*workspace, "portfolio", "plan", str(DEMO / "portfolio.yaml"), "--calibrated",
                "--draws", "0", "--no-sensitivity"])  # fmt: skip
    out, _ = capsys.readouterr()
    assert code == 0 and "Calibrated forecasts" in out and "stated" in out


def test_the_demo_measures_and_reviews_the_espresso_launch() -> None:
    """`make demo`'s impact step: a bet for the espresso blend in the demo data."""
    done = subprocess.run(
        ["sh", str(DEMO / "portfolio-impact.sh"), str(Path(sys.executable).parent / "backwards")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    first = done.stdout.splitlines()[0]
    assert first.startswith("Orders: +") and "an effect" in done.stdout
    assert "harbour-espresso" in done.stdout and "maya" in done.stdout
    # the launch was a ledger commitment, kept (due 16 October, launched on the 13th), and
    # the trust report shows the impact forecast; the deck marks and lists the launch
    assert "Impact forecasts" in done.stdout and "1 of 1" in done.stdout
    assert "1 launch in its six weeks" in done.stderr
