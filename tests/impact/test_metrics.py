"""A bet's metric must be a metric of the workspace's WBR config (the join, one layer up)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from backwards.cli import run
from backwards.impact import check_bet_metrics
from backwards.portfolio import read_plan

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "demo"
PLAN = DEMO / "portfolio.yaml"


def test_the_demo_bets_name_metrics_of_the_demo_wbr() -> None:
    portfolio = read_plan(PLAN, today=date(2027, 1, 4))
    assert check_bet_metrics(portfolio, DEMO / "wbr" / "wbr.yaml") == []


def test_an_unknown_metric_is_located_with_did_you_mean(tmp_path: Path) -> None:
    text = PLAN.read_text(encoding="utf-8").replace(
        "metric: Orders, p10: 10, p50: 35", "metric: Ordres, p10: 10, p50: 35"
    )
    bad = tmp_path / "plan.yaml"
    bad.write_text(text, encoding="utf-8")
    (finding,) = check_bet_metrics(
        read_plan(bad, today=date(2027, 1, 4)), DEMO / "wbr" / "wbr.yaml"
    )
    line = next(i + 1 for i, t in enumerate(text.splitlines()) if "Ordres" in t)
    assert (finding.code, finding.file, finding.line) == ("IMP001", str(bad), line)
    assert finding.suggestion == "did you mean 'Orders'?"


def test_the_cli_refuses_unknown_metrics_in_the_workspace(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "plan.yaml"
    bad.write_text(PLAN.read_text(encoding="utf-8").replace("metric: Orders", "metric: Ordres", 1))
    out = tmp_path / "plan.json"
    code = run(["-w", str(DEMO), "portfolio", "plan", str(bad), "-o", str(out)])
    _, err = capsys.readouterr()
    assert code == 2 and "IMP001" in err and "did you mean 'Orders'?" in err
    assert not out.exists()
    code = run(
        [
            "portfolio",
            "plan",
            str(bad),
            "--draws",
            "0",
            "--no-sensitivity",
            "--wbr",
            str(DEMO / "wbr" / "wbr.yaml"),
        ]
    )
    assert code == 2
    code = run(
        [
            "-w",
            str(DEMO),
            "portfolio",
            "plan",
            str(PLAN),
            "--draws",
            "0",
            "--no-sensitivity",
            "--format",
            "json",
        ]
    )
    assert code == 0
