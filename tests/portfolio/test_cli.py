"""``backwards portfolio`` and ``backwards bet`` through ``backwards.cli.run`` (both backends)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from backwards.cli import run
from tests.envelope import unwrap

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo" / "portfolio.yaml"
AT = ["--at", "2027-01-04T09:00Z", "--by", "ana"]


def cli(ws: Path | None, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run([*(["-w", str(ws)] if ws else []), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def workspace(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "backwards.yaml").write_text("version: 1\nname: test\n")
    monkeypatch.setenv("BACKWARDS_DATABASE_URL", database_url)
    monkeypatch.setenv("BACKWARDS_USER", "tester")
    return tmp_path


def test_plan_a_file_as_json_and_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(
        None, capsys, "portfolio", "plan", str(DEMO), "--format", "json", "--draws", "50"
    )
    assert code == 0
    data = unwrap(out)
    for key in (
        "selected",
        "schedule",
        "expected_value",
        "naive_value",
        "leverage",
        "dropped",
        "sensitivity",
    ):
        assert key in data
    assert data["leverage"] == pytest.approx(data["expected_value"] / data["naive_value"])
    assert data["expected_value"] == pytest.approx(sum(r["value"] for r in data["schedule"]))
    assert {"id", "team", "start", "finish"} <= set(data["schedule"][0])
    assert all({"id", "reason"} == set(d) for d in data["dropped"])
    code, out, _ = cli(
        None, capsys, "portfolio", "plan", str(DEMO), "--draws", "0", "--no-sensitivity"
    )
    assert code == 0
    assert "Leverage" in out and "Why in" in out and "Why out" in out
    target = tmp_path / "plan.json"
    code, out, _ = cli(
        None,
        capsys,
        "portfolio",
        "plan",
        str(DEMO),
        "--format",
        "json",
        "--draws",
        "0",
        "--no-sensitivity",
        "-o",
        str(target),
    )
    assert code == 0 and out == "" and json.loads(target.read_text())["selected"]


def test_bad_plan_file_exits_2_with_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(DEMO.read_text().replace("probability: 0.9", "probability: 9"))
    out_file = tmp_path / "out.json"
    code, _, err = cli(None, capsys, "portfolio", "plan", str(bad), "-o", str(out_file))
    assert code == 2
    line = next(i + 1 for i, t in enumerate(bad.read_text().splitlines()) if "probability: 9" in t)
    assert f"{bad}:{line}:" in err and "PLN006" in err
    assert "Traceback" not in err
    assert not out_file.exists()


def test_bets_in_the_workspace(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(workspace, capsys, "portfolio", "import", str(DEMO), *AT)
    assert code == 0, err
    assert "12 added" in out
    # planning promises the launch in the ledger, which takes no promise dated in the future
    code, out, err = cli(
        workspace, capsys, "bet", "revise", "subscriptions", "--status", "planned", *AT
    )
    assert code == 2 and "in the future" in err
    code, out, _ = cli(workspace, capsys, "bet", "show", "subscriptions")
    assert "subscriptions            idea" in out
    code, out, _ = cli(workspace, capsys, "bet", "revise", "subscriptions", "--status", "planned",
                       "--at", "2026-11-02T09:00Z", "--by", "ana")  # fmt: skip
    assert code == 0 and "launch committed in the ledger" in out
    code, out, err = cli(workspace, capsys, "bet", "revise", "subscriptions", "--p50", "20", *AT)
    assert code == 2 and "frozen" in err
    code, out, _ = cli(
        workspace,
        capsys,
        "bet",
        "revise",
        "subscriptions",
        "--p50",
        "20",
        "--reason",
        "survey",
        *AT,
    )
    assert code == 0
    # a launch records the impact forecast in the ledger: no date in the future either
    code, out, err = cli(
        workspace, capsys, "bet", "launch", "brew-guides", "--on", "2027-02-01", *AT
    )
    assert code == 2 and "in the future" in err
    code, out, err = cli(workspace, capsys, "bet", "launch", "brew-guides", "--on", "2026-11-02",
                         "--at", "2026-11-02T10:00Z", "--by", "ana")  # fmt: skip
    assert code == 0, err
    code, out, _ = cli(workspace, capsys, "bet", "drop", "loyalty-full", "--reason", "too big", *AT)
    assert code == 0
    code, out, _ = cli(
        workspace,
        capsys,
        "bet",
        "add",
        "gift-cards",
        "--team",
        "web",
        "--people",
        "1",
        "--weeks",
        "2",
        "--metric",
        "Orders",
        "--p10",
        "1",
        "--p50",
        "3",
        "--p90",
        "6",
        "--value-per-unit",
        "18",
        "--probability",
        "50%",
        *AT,
    )
    assert code == 0
    code, out, _ = cli(workspace, capsys, "bet", "show", "subscriptions", "--format", "json")
    shown = unwrap(out)
    assert [f["p50"] for f in shown["forecasts"]] == [35.0, 20.0]
    frozen = next(f for f in shown["forecasts"] if f["id"] == shown["baseline_forecast_id"])
    assert frozen["p50"] == 35.0
    assert shown["forecasts"][-1]["revision"] and shown["forecasts"][-1]["reason"] == "survey"
    code, out, _ = cli(workspace, capsys, "bet", "list", "--format", "json")
    assert [b["id"] for b in unwrap(out)][-1] == "gift-cards"
    code, out, _ = cli(
        workspace,
        capsys,
        "portfolio",
        "plan",
        "--format",
        "json",
        "--draws",
        "0",
        "--no-sensitivity",
    )
    assert code == 0
    planned = unwrap(out)
    ids = {b["id"] for b in planned["bets"]}
    assert "brew-guides" not in ids and "loyalty-full" not in ids and "gift-cards" in ids
    export = workspace / "bets.yaml"
    assert cli(workspace, capsys, "portfolio", "export", "-o", str(export))[0] == 0
    code, out, _ = cli(workspace, capsys, "portfolio", "import", str(export), *AT)
    assert code == 0 and "0 added, 0 revised, 11 unchanged" in out
    code, out, _ = cli(
        None,
        capsys,
        "portfolio",
        "plan",
        str(export),
        "--format",
        "json",
        "--draws",
        "0",
        "--no-sensitivity",
        "--horizon",
        "26",
    )
    assert unwrap(out)["expected_value"] == pytest.approx(planned["expected_value"])


def test_unknown_bet_and_team(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(workspace, capsys, "bet", "show", "nope")
    assert code == 2 and "no bet 'nope'" in err
    code, _, err = cli(
        workspace,
        capsys,
        "bet",
        "add",
        "x",
        "--team",
        "ghost",
        "--people",
        "1",
        "--weeks",
        "2",
        "--metric",
        "M",
        "--p10",
        "1",
        "--p50",
        "2",
        "--p90",
        "3",
        "--value-per-unit",
        "1",
        "--probability",
        "0.5",
        *AT,
    )
    assert code == 2 and "unknown team 'ghost'" in err
    code, _, err = cli(workspace, capsys, "portfolio", "plan")
    assert code == 2 and "no bets to plan" in err


@pytest.mark.parametrize("group", ["portfolio", "bet", "impact"])
def test_help_loads_no_numerics_and_no_data_engine(group: str) -> None:
    code = (
        "import sys\n"
        "from backwards.cli import run\n"
        f"run([{group!r}, '--help'])\n"
        "heavy = {'numpy', 'scipy', 'highspy', 'duckdb', 'pandas'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip().splitlines()[-1] == "[]"
