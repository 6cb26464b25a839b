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


def test_prfaq_impact_warnings_against_the_workspace_wbr(tmp_path: Path) -> None:
    from backwards.features import open_workspace
    from backwards.findings import Severity
    from backwards.impact import prfaq_impact_findings

    demo = Path(__file__).resolve().parents[2] / "examples" / "demo" / "wbr"
    (tmp_path / "backwards.yaml").write_text(
        f"version: 1\nname: t\nwbr:\n  config: {demo / 'wbr.yaml'}\n  allow_outside_paths: true\n",
        encoding="utf-8",
    )
    ws = open_workspace(tmp_path)
    good = write(tmp_path, GOOD)
    typo = tmp_path / "typo.md"
    typo.write_text(GOOD.replace("metric: Orders", "metric: Ordres"), encoding="utf-8")
    skewed = tmp_path / "skewed.md"
    skewed.write_text(GOOD.replace("p50: 35", "p50: 95"), encoding="utf-8")
    found = prfaq_impact_findings([good, typo, skewed], workspace=ws)
    assert [(f.code, Path(f.file or "").name, f.line) for f in found] == [
        ("IMP005", "typo.md", 3),
        ("IMP006", "skewed.md", 3),
    ]
    assert all(f.severity is Severity.WARNING for f in found)
    assert found[0].suggestion == "did you mean 'Orders'?"
    # without a WBR config only the document's own range is checked
    bare = tmp_path / "bare"
    bare.mkdir()
    (bare / "backwards.yaml").write_text("version: 1\nname: t\n", encoding="utf-8")
    alone = prfaq_impact_findings([typo, skewed], workspace=open_workspace(bare))
    assert [f.code for f in alone] == ["IMP006"]


def test_prfaq_review_prints_the_impact_warnings_and_fails_on_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from backwards.cli import run
    from tests.envelope import unwrap

    demo = Path(__file__).resolve().parents[2] / "examples" / "demo" / "wbr"
    (tmp_path / "backwards.yaml").write_text(
        f"version: 1\nname: t\nwbr:\n  config: {demo / 'wbr.yaml'}\n  allow_outside_paths: true\n",
        encoding="utf-8",
    )
    typo = tmp_path / "typo.md"
    typo.write_text(GOOD.replace("metric: Orders", "metric: Ordres"), encoding="utf-8")
    base = ["-w", str(tmp_path), "prfaq", "review", str(typo)]
    capsys.readouterr()
    run([*base, "--exit-zero"])
    out = capsys.readouterr().out
    assert "Impact forecasts:" in out and "IMP005" in out and "did you mean 'Orders'?" in out
    assert run([*base, "--format", "json", "--exit-zero"]) == 0
    data = unwrap(capsys.readouterr().out, "prfaq.review")
    assert [(f["code"], f["line"]) for f in data["impact"]] == [("IMP005", 3)]
    # the warning alone fails a review at --fail-on warning; the right metric passes it
    assert run([*base, "--fail-on", "warning", "--ignore", "all"]) == 1
    typo.write_text(GOOD, encoding="utf-8")
    capsys.readouterr()
    assert run([*base, "--format", "json", "--exit-zero"]) == 0
    assert unwrap(capsys.readouterr().out)["impact"] == []
    assert run([*base, "--fail-on", "warning", "--ignore", "all"]) == 0
