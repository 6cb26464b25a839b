"""Launches in the WBR deck (issue 11, point 4): marked on their metric's charts and tables,
listed with the forecast and the measured effect; the demo's data, a real database."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from backwards.cli import run

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo"


@pytest.fixture
def workspace(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shutil.copytree(DEMO, tmp_path / "demo")
    monkeypatch.setenv("BACKWARDS_DATABASE_URL", database_url)
    monkeypatch.setenv("BACKWARDS_USER", "maya")
    ws = ["-w", str(tmp_path / "demo")]
    assert run([*ws, "portfolio", "team", "web", "--capacity", "3"]) == 0
    for bet, metric in (("espresso", "Orders"), ("old-launch", "Orders"), ("later", "Orders")):
        assert run([*ws, "bet", "add", bet, "--title", f"The {bet}", "--owner", "maya",
                    "--team", "web", "--people", "1", "--weeks", "2", "--metric", metric,
                    "--p10", "40", "--p50", "120", "--p90", "250", "--value-per-unit", "9",
                    "--probability", "60%", "--at", "2026-06-01T09:00Z"]) == 0  # fmt: skip
    launches = {"espresso": "2026-10-13", "old-launch": "2026-06-15", "later": "2026-11-02"}
    for bet, on in launches.items():
        assert run([*ws, "bet", "launch", bet, "--on", on, "--at", f"{on}T09:00Z"]) == 0
    return ws


def test_the_period_s_launches_are_marked_and_listed(
    workspace: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ab = tmp_path / "ab.json"
    ab.write_text(json.dumps({"estimate": 90.5, "low": 55, "high": 124}))
    assert run([*workspace, "impact", "measure", "espresso", "--ab", str(ab)]) == 0
    out = tmp_path / "deck.json"
    capsys.readouterr()
    code = run([*workspace, "impact", "deck", "--week-ending", "2026-10-24", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "1 launch in its six weeks" in err
    deck = json.loads(out.read_text())
    (listing,) = deck["listings"]
    assert listing["title"] == "Launches in this period"
    (row,) = listing["rows"]  # June is before the six weeks, November after the week ending
    assert row[0] == "2026-10-13" and row[1].startswith("The espresso (espresso")
    assert row[3] == "+40 / +120 / +250"
    assert row[4].startswith("+90.5 (90 %: +55 to +124")
    marked = [b for b in deck["blocks"] if any("bet espresso" in a["description"]
                                              for a in b.get("annotations", []))]  # fmt: skip
    assert marked, "the launch is marked under the Orders charts"
    for block in marked:
        names = {s["metric"] for s in block.get("series", [])} | {
            r.get("metric") for r in block.get("rows", [])
        }
        assert "Orders" in names
    assert not any("bet old-launch" in json.dumps(b) for b in deck["blocks"])
    html = tmp_path / "deck.html"
    assert run([*workspace, "impact", "deck", "--week-ending", "2026-10-24", "-o", str(html)]) == 0
    page = html.read_text()
    assert "Launches in this period" in page and "The espresso" in page


def test_no_launch_in_the_period_says_so_and_a_bad_output_is_refused(
    workspace: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "deck.json"
    assert run([*workspace, "impact", "deck", "--week-ending", "2026-09-05", "-o", str(out)]) == 0
    (listing,) = json.loads(out.read_text())["listings"]
    assert listing["rows"] == [["", "no bet launched in these six weeks", "", "", ""]]
    code = run([*workspace, "impact", "deck", "-o", str(tmp_path / "deck.pdf")])
    assert code == 2 and not (tmp_path / "deck.pdf").exists()
