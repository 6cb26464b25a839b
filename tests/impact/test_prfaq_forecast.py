"""A PR/FAQ's front matter ``impact`` becomes a bet's forecast; bad front matter is located."""

from __future__ import annotations

from pathlib import Path

import pytest

from backwards.cli import run
from backwards.errors import ConfigError
from backwards.impact import PrfaqImpact, read_prfaq_impact
from tests.envelope import unwrap

GOOD = """---
title: Refill Rhythm
impact: {metric: Orders, p10: 10, p50: 35, p90: 70, probability: 0.6}
---
# Refill Rhythm: fresh coffee that arrives the week you run out
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "prfaq.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_front_matter_impact_reads(tmp_path: Path) -> None:
    assert read_prfaq_impact(write(tmp_path, GOOD)) == PrfaqImpact("Orders", 10, 35, 70, 0.6)


@pytest.mark.parametrize(
    ("old", "new", "code", "line"),
    [
        ("p10: 10, p50: 35", "p10: 10, p50: 95", "CLM001", 3),
        ("probability: 0.6", "probability: 60", "CFG006", 3),
        (", probability: 0.6", "", "IMP004", 3),
        ("p90: 70, ", "", "CFG004", 3),
        ("---\ntitle", "title", "IMP002", 1),
    ],
)
def test_bad_front_matter_is_located(
    tmp_path: Path, old: str, new: str, code: str, line: int
) -> None:
    with pytest.raises(ConfigError) as info:
        read_prfaq_impact(write(tmp_path, GOOD.replace(old, new, 1)))
    found = [(f.code, f.line) for f in info.value.findings]
    assert (code, line) in found, found


def test_bet_add_takes_the_forecast_from_the_prfaq(
    tmp_path: Path,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "backwards.yaml").write_text("version: 1\nname: test\n")
    monkeypatch.setenv("BACKWARDS_DATABASE_URL", database_url)
    prfaq = write(tmp_path, GOOD)
    ws = ["-w", str(tmp_path)]
    assert run([*ws, "portfolio", "team", "web", "--capacity", "3"]) == 0
    capsys.readouterr()
    code = run(
        [
            *ws,
            "bet",
            "add",
            "refill",
            "--team",
            "web",
            "--people",
            "2",
            "--weeks",
            "6",
            "--value-per-unit",
            "18",
            "--prfaq",
            str(prfaq),
            "--p50",
            "30",
            "--format",
            "json",
        ]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    forecast = unwrap(out)["forecast"]
    assert (forecast["metric"], forecast["p10"], forecast["p50"], forecast["p90"]) == (
        "Orders",
        10,
        30,
        70,
    )
    assert forecast["probability"] == 0.6
    code = run(
        [
            *ws,
            "bet",
            "add",
            "other",
            "--team",
            "web",
            "--people",
            "1",
            "--weeks",
            "2",
            "--value-per-unit",
            "1",
        ]
    )
    _, err = capsys.readouterr()
    assert code == 2 and "--prfaq" in err
