"""The growth report's page in a real headless Chromium, offline: the radar draws (one line per
series with data), user text stays text."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from backwards.evidence import growth_report
from backwards.features import open_workspace
from backwards.growth import EntryDraft, Kind, Rater, Rating, render_html
from backwards.growth import open as open_growth
from tests.chromium import load, needs_chromium

HOSTILE = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"
NOW = datetime(2027, 3, 31, 12, tzinfo=UTC)


@pytest.mark.browser
@needs_chromium
def test_the_radar_draws_offline_and_user_text_stays_text(workspace: Path, tmp_path: Path) -> None:
    ws = open_workspace(workspace)
    with open_growth(ws) as book:
        book.add_entry(
            EntryDraft(Kind.MEETING, "Pricing", {"communicate": 3}, date(2027, 3, 2)),
            author="ana",
            at=NOW,
        )
        book.assess(
            "ana",
            {"communicate": Rating(2, HOSTILE), "execute": Rating(4)},
            rater="bo",
            kind=Rater.MANAGER,
            on=date(2027, 3, 20),
            at=NOW,
        )
    page = render_html(growth_report(ws, "ana", viewer="ana", now=NOW))
    assert HOSTILE not in page
    path = tmp_path / "growth.html"
    path.write_text(page, encoding="utf-8")
    loaded = load(path)
    assert loaded.dom.count('data-rendered="1"') == 1, loaded.log[-3000:]
    assert 'data-rendered="error"' not in loaded.dom
    assert loaded.dom.count("<svg") >= 1
    assert "alert" not in "\n".join(loaded.console)
    assert not [line for line in loaded.console if "Refused" in line]
