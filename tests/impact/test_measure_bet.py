"""``impact measure BET``: a launched bet's metric from its launch date, stored with the bet;
an A/B result instead of the time series."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from backwards.cli import run
from backwards.portfolio import BetRepository, MeasurementLog
from backwards.store import open_store
from tests.envelope import unwrap

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "demo"


@pytest.fixture
def workspace(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shutil.copytree(DEMO / "wbr", tmp_path / "wbr")
    (tmp_path / "backwards.yaml").write_text(
        "version: 1\nname: test\nwbr:\n  config: wbr/wbr.yaml\n  data: [wbr/daily.csv]\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("BACKWARDS_DATABASE_URL", database_url)
    ws = ["-w", str(tmp_path)]
    assert run([*ws, "portfolio", "team", "web", "--capacity", "3"]) == 0
    add = [
        "bet", "add", "espresso", "--team", "web", "--people", "2", "--weeks", "4",
        "--metric", "Orders", "--p10", "20", "--p50", "60", "--p90", "120",
        "--value-per-unit", "30", "--probability", "0.5",
    ]  # fmt: skip
    assert run([*ws, *add]) == 0
    return ws


def test_a_launched_bet_is_measured_and_stored(
    workspace: list[str], database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    code = run([*workspace, "impact", "measure", "espresso"])
    _, err = capsys.readouterr()
    assert code == 2 and "not launched" in err and "bet launch espresso" in err
    assert run([*workspace, "bet", "launch", "espresso", "--on", "2026-10-13"]) == 0
    capsys.readouterr()
    code = run([*workspace, "impact", "measure", "espresso", "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    doc = unwrap(out)
    assert doc["bet"] == "espresso" and doc["metric"] == "Orders"
    assert doc["launch"] == "2026-10-13"
    store = open_store(database_url)
    try:
        stored = MeasurementLog(store).latest()["espresso"]
        events = [e.action for e in BetRepository(store).record("espresso").events]
    finally:
        store.close()
    assert stored.method == "its" and stored.absolute == pytest.approx(doc["effect"]["absolute"])
    assert (stored.low, stored.high) == pytest.approx(tuple(doc["effect"]["interval"]))
    assert events[-1] == "measure"
    code = run([*workspace, "impact", "measure", "espresso", "--dry-run", "--weeks", "2"])
    assert code == 0
    store = open_store(database_url)
    try:
        assert MeasurementLog(store).latest()["espresso"] == stored  # a dry run stores nothing
    finally:
        store.close()


def test_an_ab_result_replaces_the_time_series(
    workspace: list[str], database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run([*workspace, "bet", "launch", "espresso", "--on", "2026-10-13"]) == 0
    result = tmp_path / "ab.csv"
    # a 95 % interval: converted to 90 % assuming a normal estimate
    result.write_text("estimate,low,high,level,baseline\n80,40,120,0.95,1600\n", encoding="utf-8")
    capsys.readouterr()
    code = run(
        [*workspace, "impact", "measure", "espresso", "--ab", str(result), "--format", "json"]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    effect = unwrap(out)["effect"]
    half = 40 * 1.6448536269514722 / 1.959963984540054
    assert effect["interval"] == pytest.approx([80 - half, 80 + half], abs=1e-5)
    assert effect["relative"] == pytest.approx(0.05)
    store = open_store(database_url)
    try:
        assert MeasurementLog(store).latest()["espresso"].method == "ab"
    finally:
        store.close()


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("ab.json", '{"estimate": 5, "low": 6, "high": 9}', "does not hold the estimate"),
        ("ab.json", '{"estimate": 5, "low": 1}', "'high' is missing"),
        ("ab.json", '{"estimate": 5, "low": 1, "high": 9, "lift": 2}', "unknown field 'lift'"),
        ("ab.json", "{not json", "not JSON"),
        ("ab.csv", "estimate,low,high\n5,x,9\n", "'low' is not a number"),
        ("ab.csv", "estimate,low,high\n", "one row of values"),
    ],
)
def test_a_bad_ab_result_exits_2(
    tmp_path: Path, name: str, text: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code = run(
        ["impact", "measure", str(DEMO / "wbr" / "wbr.yaml"), "--metric", "Orders",
         "--launch", "2026-10-13", "--ab", str(path)]
    )  # fmt: skip
    _, err = capsys.readouterr()
    assert code == 2 and expected in err and str(path) in err, err
