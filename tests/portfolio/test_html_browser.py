"""The plan's HTML page in a real headless Chromium, offline: the Gantt chart draws, user text
stays text."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from backwards.portfolio import plan_portfolio, read_plan, render_plan
from tests.chromium import load, needs_chromium

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo" / "portfolio.yaml"
HOSTILE = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"


@pytest.mark.browser
@needs_chromium
def test_the_gantt_chart_draws_offline_and_user_text_stays_text(tmp_path: Path) -> None:
    p = read_plan(DEMO, today=date(2027, 1, 4))
    first = replace(p.bets[0], title=HOSTILE)
    p = replace(p, bets=[first, *p.bets[1:]])
    plan = plan_portfolio(p, draws=20, with_sensitivity=False)
    page = render_plan(plan, "html")
    assert HOSTILE not in page
    path = tmp_path / "plan.html"
    path.write_text(page, encoding="utf-8")
    loaded = load(path)
    assert loaded.dom.count('data-rendered="1"') == 1, loaded.log[-3000:]
    assert 'data-rendered="error"' not in loaded.dom
    assert loaded.dom.count("<svg") >= 1
    # one bar per scheduled bet
    assert loaded.dom.count('role="graphics-symbol"') >= len(plan.schedule)
    assert "alert" not in "\n".join(loaded.console)
    assert not [line for line in loaded.console if "Refused" in line]
