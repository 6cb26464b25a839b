"""The trust report's HTML in a real headless Chromium, offline, with the vendored Vega bundle."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from backwards.charts import javascript_bundle
from backwards.ledger.model import Commitment, Outcome, Resolution
from backwards.ledger.reports.trust_html import render_html
from backwards.ledger.reports.trust_report import build_trust_report
from tests.chromium import load, needs_chromium
from tests.ledger.test_report import NOW, quarter

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.mark.browser
@needs_chromium
def test_headless_chromium_draws_both_charts_of_every_report(tmp_path: Path) -> None:
    at = datetime(2026, 1, 5, tzinfo=UTC)
    evil = [Commitment(50, HOSTILE, "</script><script>alert(2)</script>", date(2026, 3, 2), at,
                       probability=0.9)]  # fmt: skip
    reports = [
        build_trust_report(*quarter(), now=NOW, owner="ana"),
        build_trust_report(
            evil, [], [Resolution(50, Outcome.MET, date(2026, 3, 9), at)], [], now=NOW,
            owner=HOSTILE,
        ),
    ]  # fmt: skip
    path = tmp_path / "trust.html"
    path.write_text(render_html(reports, chart_script=javascript_bundle()), encoding="utf-8")
    loaded = load(path)
    assert loaded.dom.count('data-rendered="1"') == 4, loaded.log[-3000:]
    assert 'data-rendered="error"' not in loaded.dom
    assert loaded.dom.count("<svg") >= 4
    assert "alert" not in "\n".join(loaded.console)
    refused = [line for line in loaded.console if "Refused" in line]
    assert not refused, refused
