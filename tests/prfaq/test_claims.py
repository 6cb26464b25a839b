"""A PR/FAQ's claims (title, author, launch date, forecast impact) as a typed read model."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from backwards.prfaq import Claims, ImpactForecast, read_claims

GOOD = """---
title: Tally lets café owners close the till in five minutes
author: Ana Ruiz
launch: 2027-03-01
impact: {metric: Orders, p10: 20, p50: 50, p90: 90, probability: 0.6}
---

# A headline that the front matter's title replaces

Owners of small cafés count coins for 40 minutes every night.
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "prfaq.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_front_matter_claims_are_read(tmp_path: Path) -> None:
    c = read_claims(_write(tmp_path, GOOD))
    assert isinstance(c, Claims)
    assert c.title == "Tally lets café owners close the till in five minutes"
    assert c.author == "Ana Ruiz"
    assert c.launch == dt.date(2027, 3, 1)
    assert c.impact == ImpactForecast("Orders", 20.0, 50.0, 90.0, 0.6, line=5)
    assert c.findings == ()
    assert c.to_dict()["impact"] == {
        "metric": "Orders",
        "p10": 20.0,
        "p50": 50.0,
        "p90": 90.0,
        "probability": 0.6,
    }


def test_without_front_matter_the_headline_is_the_title(tmp_path: Path) -> None:
    c = read_claims(_write(tmp_path, "# Tally closes the till\n\nBody text.\n"))
    assert (c.title, c.author, c.launch, c.impact, c.findings) == (
        "Tally closes the till",
        None,
        None,
        None,
        (),
    )


def test_quantiles_out_of_order_and_probability_outside_0_1_are_located(tmp_path: Path) -> None:
    text = GOOD.replace("p50: 50", "p50: 95").replace("probability: 0.6", "probability: 1.5")
    path = _write(tmp_path, text)
    c = read_claims(path)
    assert c.impact is None
    assert [(f.code, f.file, f.line) for f in c.findings] == [
        ("CLM001", str(path), 5),
        ("CFG006", str(path), 5),
    ]
    assert "P10 20, P50 95, P90 90" in c.findings[0].message
    assert "probability" in c.findings[1].message


def test_a_missing_metric_an_unknown_key_and_a_bad_launch_date(tmp_path: Path) -> None:
    text = (
        "---\nlaunch: next spring\nimpact:\n  p10: 1\n  p50: 2\n  p90: 3\n  chance: 0.5\n---\n\n"
        "# T\n"
    )
    c = read_claims(_write(tmp_path, text))
    assert c.launch is None and c.impact is None
    found = {(f.code, f.line) for f in c.findings}
    assert ("CLM002", 2) in found  # launch: next spring
    assert ("CFG002", 7) in found  # chance: unknown key
    assert any(code == "CFG004" for code, _ in found)  # metric missing


def test_bad_yaml_in_the_front_matter_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    text = "---\ntitle: [unclosed\nauthor: x\n---\n\n# Headline\n"
    c = read_claims(_write(tmp_path, text))
    assert c.title == "Headline"
    assert [f.code for f in c.findings] == ["CFG001"]
    assert c.findings[0].line is not None and c.findings[0].line >= 2
