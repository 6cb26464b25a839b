"""Relative forecasts: fractions of the metric's last 12 weeks, in metric units from the WBR."""

from __future__ import annotations

import csv
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from backwards.cli import run
from backwards.errors import InputError
from backwards.portfolio import parse_plan_text, plan_portfolio
from tests.envelope import unwrap

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "demo"
WEEK_ENDING = date(2026, 11, 21)  # the demo WBR's

PLAN = """horizon_weeks: 26
start: 2027-01-04
teams: {web: {capacity: 3}}
bets:
  - id: espresso-2
    team: web
    people: 1
    weeks: 4
    impact: {metric: Orders, p10: 0.01, p50: 0.03, p90: 0.06, relative: true}
    value_per_unit: 9
    probability: 0.5
  - id: guides
    team: web
    people: 1
    weeks: 2
    impact: {metric: Orders, p10: 5, p50: 10, p90: 20}
    value_per_unit: 9
    probability: 0.5
"""


def orders_per_week() -> float:
    """The demo's orders over the 12 weeks to the week ending, divided by 12 (from the CSV)."""
    first = WEEK_ENDING - timedelta(days=83)
    with (DEMO / "wbr" / "daily.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    total = sum(
        float(r["Orders"]) for r in rows if first <= date.fromisoformat(r["Date"]) <= WEEK_ENDING
    )
    return total / 12


def test_a_relative_forecast_is_planned_in_metric_units(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(DEMO / "wbr", tmp_path / "wbr")
    (tmp_path / "backwards.yaml").write_text(
        "version: 1\nname: t\nwbr:\n  config: wbr/wbr.yaml\n  data: [wbr/daily.csv]\n"
    )
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    code = run(["-w", str(tmp_path), "portfolio", "plan", str(plan), "--draws", "0",
                "--no-sensitivity", "--format", "json"])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    doc = unwrap(out)
    base = orders_per_week()
    assert doc["relative_baselines"]["Orders"]["per_week"] == pytest.approx(base)
    bets = {b["id"]: b for b in doc["bets"]}
    mean = (0.3 * 0.01 + 0.4 * 0.03 + 0.3 * 0.06) * base
    assert bets["espresso-2"]["weekly_value"] == pytest.approx(0.5 * mean * 9)
    assert bets["guides"]["weekly_value"] == pytest.approx(0.5 * (0.3 * 5 + 4 + 6) * 9)
    code = run(["-w", str(tmp_path), "portfolio", "plan", str(plan), "--draws", "0",
                "--no-sensitivity"])  # fmt: skip
    out, _ = capsys.readouterr()
    assert code == 0 and "Relative forecasts in metric units" in out


def test_relative_forecasts_need_a_wbr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "backwards.yaml").write_text("version: 1\nname: t\n")
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    code = run(["-w", str(tmp_path), "portfolio", "plan", str(plan), "--draws", "0"])
    _, err = capsys.readouterr()
    assert code == 2 and "wbr.config" in err
    with pytest.raises(InputError, match="espresso-2"):
        plan_portfolio(parse_plan_text(PLAN, "plan.yaml", today=date(2027, 1, 4)), draws=0)


def test_an_imported_relative_forecast_is_stored_in_metric_units(
    tmp_path: Path,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("BACKWARDS_DATABASE_URL", database_url)
    shutil.copytree(DEMO / "wbr", tmp_path / "wbr")
    (tmp_path / "backwards.yaml").write_text(
        "version: 1\nname: t\nwbr:\n  config: wbr/wbr.yaml\n  data: [wbr/daily.csv]\n"
    )
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    assert run(["-w", str(tmp_path), "portfolio", "import", str(plan)]) == 0
    capsys.readouterr()
    assert run(["-w", str(tmp_path), "bet", "show", "espresso-2", "--format", "json"]) == 0
    forecast = unwrap(capsys.readouterr().out)["forecast"]
    assert forecast["p50"] == pytest.approx(0.03 * orders_per_week())
