"""The trust report's HTML page carries the "Impact forecasts" rows (issue 11, point 4) exactly
as the text form says them, escaped, beside charts that still draw (headless Chromium)."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from backwards import ledger
from backwards.impact import impact_section
from backwards.impact.calibration import BetReview
from tests.chromium import load, needs_chromium
from tests.ledger.factories import build_trust_report
from tests.ledger.test_report import NOW, quarter

HOSTILE = "<img src=x onerror=alert(1)>"


def review(
    bet_id: str, measured: float, *, p10: float = 10, p50: float = 20, p90: float = 40
) -> BetReview:
    return BetReview(
        bet_id=bet_id, owner=HOSTILE, team="growth", metric="Orders", p10=p10, p50=p50, p90=p90,
        probability=0.6, measured=measured, low=measured - 2, high=measured + 2, method="ab",
        launched_on=date(2026, 2, 2),
    )  # fmt: skip


def report_with_impact(reviews: list[BetReview]) -> ledger.TrustReport:
    return build_trust_report(*quarter(), now=NOW, owner="ana").joined_with(impact_section(reviews))


class JoinedRows(HTMLParser):
    """The cells of every ``table.joined`` row, by the table's ``data-section``."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: dict[str, list[list[str]]] = {}
        self._section: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table" and "joined" in (found.get("class") or "").split():
            self._section = found.get("data-section") or ""
            self.sections[self._section] = []
        elif self._section is not None and tag == "tr":
            self.sections[self._section].append([])
        elif self._section is not None and tag in ("th", "td"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._section = None
        elif tag in ("th", "td") and self._cell is not None and self._section is not None:
            self.sections[self._section][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def joined_rows(page: str) -> dict[str, list[list[str]]]:
    parser = JoinedRows()
    parser.feed(page)
    return parser.sections


def test_the_page_shows_the_impact_rows_as_the_text_says_them() -> None:
    reviews = [review("a", 15), review("b", 90), review("c", 30, p50=10)]  # 2 of 3 held
    report = report_with_impact(reviews)
    page = ledger.render_html(report)
    (rows,) = joined_rows(page).values()
    section = report.joined[0]
    assert rows == [[r.label, r.value, r.note] for r in section.rows]
    assert rows[1][:2] == ["P10-P90 range held the measurement", "2 of 3 (67%)"]
    text = ledger.render_text(report, width=200).split("\nImpact forecasts\n")[1]
    said = re.findall(r"^  (.+?): (.+?)(?: \(([^()]*)\))?$", text, flags=re.M)
    assert [[label, value, note] for label, value, note in said] == rows
    assert page.index("Impact forecasts") < page.index('data-chart="calibration-1"')


def test_no_joined_section_no_table_and_every_report_keeps_its_own() -> None:
    plain = build_trust_report(*quarter(), now=NOW, owner="ben")
    assert joined_rows(ledger.render_html(plain)) == {}
    two = ledger.render_html([report_with_impact([review("a", 15)]), plain])
    assert two.count('data-section="impact_forecasts"') == 1
    assert two.index("Impact forecasts") < two.index('data-chart="calibration-2"')


def test_text_a_join_hands_over_is_escaped() -> None:
    hostile = ledger.JoinedSection(
        "x", HOSTILE, (ledger.JoinedRow(HOSTILE, "</td><script>alert(2)</script>", HOSTILE),)
    )
    page = ledger.render_html(report_with_impact([]).joined_with(hostile))
    assert HOSTILE not in page and "<script>alert(2)" not in page
    assert joined_rows(page)["x"] == [[HOSTILE, "</td><script>alert(2)</script>", HOSTILE]]


@pytest.mark.browser
@needs_chromium
def test_headless_chromium_draws_the_page_with_the_impact_rows(tmp_path: Path) -> None:
    hostile = ledger.JoinedSection("x", HOSTILE, (ledger.JoinedRow(HOSTILE, HOSTILE, HOSTILE),))
    report = report_with_impact([review(HOSTILE, 15), review("b", 90)]).joined_with(hostile)
    path = tmp_path / "trust.html"
    path.write_text(ledger.render_html(report), encoding="utf-8")
    loaded = load(path)
    assert loaded.dom.count('data-rendered="1"') == 2, loaded.log[-3000:]
    shown = joined_rows(loaded.dom)
    assert shown["impact_forecasts"] == [[r.label, r.value, r.note] for r in report.joined[0].rows]
    assert "alert" not in "\n".join(loaded.console)
    refused = [line for line in loaded.console if "Refused" in line]
    assert not refused, refused
