"""The trust report from model values: figures, filters, notes, text, JSON and HTML."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from datetime import UTC, date, datetime, time

import pytest

from backwards.ledger.model import (
    ActionItem,
    Commitment,
    Mistake,
    MistakeCategory,
    Outcome,
    Resolution,
    Revision,
)
from backwards.ledger.reports.trust_html import calibration_spec, render_html, slip_spec
from backwards.ledger.reports.trust_text import render_comparison, render_text
from tests.ledger.factories import build_trust_report

NOW = datetime(2026, 3, 31, 17, 0, tzinfo=UTC)
AT = datetime(2026, 1, 2, 9, 0, tzinfo=UTC)
D = date


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10), UTC)


def quarter() -> tuple[list[Commitment], list[Revision], list[Resolution], list[Mistake]]:
    """The quarter of test_measures_saydo.py as model values, for owner "ana"."""
    due = [D(2026, 3, 2), D(2026, 3, 6), D(2026, 3, 13), D(2026, 3, 20), D(2026, 3, 23),
           D(2026, 3, 25), D(2026, 3, 16), D(2026, 4, 10), D(2026, 3, 27)]  # fmt: skip
    probability = [0.9, 0.8, 0.9, 0.6, 0.7, 0.8, 0.5, 0.9, None]
    commitments = [
        Commitment(
            i + 1,
            "ana",
            f"promise {i + 1}",
            d,
            AT,
            aspirational=(i == 6),
            probability=probability[i],
            weight=2.0 if i == 5 else 1.0,
            tags=("checkout",) if i < 3 else ("search",),
        )
        for i, d in enumerate(due)
    ]
    revisions = [Revision(1, 4, _at(D(2026, 3, 9)), "vendor late", D(2026, 3, 20), D(2026, 3, 27))]
    resolutions = [
        Resolution(1, Outcome.MET, D(2026, 3, 2), AT),
        Resolution(2, Outcome.MET, D(2026, 3, 10), AT),
        Resolution(3, Outcome.MISSED, D(2026, 3, 20), AT),
        Resolution(4, Outcome.MET, D(2026, 3, 26), AT),
        Resolution(6, Outcome.PARTIALLY_MET, D(2026, 3, 25), AT, delivered_fraction=0.5),
        Resolution(7, Outcome.MET, D(2026, 3, 16), AT),
        Resolution(9, Outcome.WITHDRAWN, D(2026, 3, 16), AT),
    ]
    mistakes = [
        Mistake(1, "bo", "Promised a launch date before legal review", D(2025, 11, 3), AT,
                category=MistakeCategory.STAKEHOLDER_COMMUNICATION,
                action_items=(ActionItem(1, 1, "add legal gate", "bo", D(2025, 11, 20),
                                         D(2025, 11, 18)),)),
        Mistake(2, "ana", "Launch date promised before the legal review again", D(2026, 2, 2),
                AT, category=MistakeCategory.STAKEHOLDER_COMMUNICATION, repeat_of=1,
                tags=("checkout",),
                action_items=(ActionItem(2, 2, "checklist", "ana", D(2026, 2, 20)),)),
    ]  # fmt: skip
    return commitments, revisions, resolutions, mistakes


def test_report_figures_match_the_hand_worked_quarter() -> None:
    report = build_trust_report(*quarter(), now=NOW, owner="ana")
    sd = report.say_do
    assert (sd.due, sd.met_on_time, sd.misses, sd.surprises) == (7, 1, 6, 4)
    assert sd.trust_weighted.estimate == pytest.approx(2 / 7)
    assert sd.weighted.estimate == pytest.approx(2 / 8)
    assert sd.notice_lead_median == 9.0
    assert (report.slip.median, report.slip.p80) == (2.0, None)
    assert report.open_overdue == 1
    # forecasts: items 1-6 with a probability (9 is withdrawn and has none; 7 counts)
    assert report.forecasts.count == 7
    assert report.forecasts.base_rate == pytest.approx(2 / 7)  # items 1 and 7 met on time
    mm = report.mistakes
    assert (mm.mistakes, mm.repeats) == (1, 1)  # bo's mistake is context only
    assert mm.days_between_repeats_median == 91
    assert mm.actions_open_overdue == 1
    assert "4 of 6 misses came with no warning; 2 were flagged before the due date." in report.notes
    assert "1 commitment is overdue and still open." in report.notes
    # bo's closed actions did not stop the repeat: that counts in bo's (or everyone's) report
    assert mm.repeated_after_closed == 0
    everyone = build_trust_report(*quarter(), now=NOW)
    assert everyone.mistakes.repeated_after_closed == 1
    assert everyone.mistakes.coe_effectiveness.estimate == 0.0
    assert any("came back after every action item was closed" in n for n in everyone.notes)


def test_filters_by_owner_tag_and_since() -> None:
    data = quarter()
    assert build_trust_report(*data, now=NOW, owner="bo").say_do.due == 0
    bo = build_trust_report(*data, now=NOW, owner="bo")
    assert bo.mistakes.mistakes == 1 and bo.mistakes.repeats == 0
    assert "nothing to score" in bo.notes[0]
    tagged = build_trust_report(*data, now=NOW, tag="CHECKOUT")
    assert tagged.commitments == 3 and tagged.say_do.due == 3
    assert tagged.mistakes.mistakes == 1
    since = build_trust_report(*data, now=NOW, since=D(2026, 3, 14))
    assert since.say_do.due == 4
    assert since.mistakes.mistakes == 0
    # as of an earlier moment, later resolutions and revisions do not exist yet
    early = build_trust_report(*data, now=datetime(2026, 3, 8, tzinfo=UTC))
    assert early.say_do.due == 2 and early.say_do.revised == 0


def test_json_form_is_complete_and_serialisable() -> None:
    report = build_trust_report(*quarter(), now=NOW, owner="ana")
    data = json.loads(json.dumps(report.to_dict()))
    assert data["version"] == 2
    assert data["as_of"] == "2026-03-31"
    assert data["details"]["say_do"]["say_do"]["successes"] == 1
    assert data["details"]["say_do"]["surprise_miss_rate"]["total"] == 6
    assert data["details"]["slip"]["p80"] is None and data["details"]["slip"]["censored"] == 1
    assert (
        data["details"]["slip"]["never_delivered"] == 1
        and data["details"]["slip"]["unit"] == "business days"
    )
    assert len(data["details"]["forecasts"]["calibration"]) == 11
    assert data["details"]["mistakes"]["repeat_rate"]["estimate"] == 1.0
    assert data["notes"] == list(report.notes)


def test_text_report_and_side_by_side() -> None:
    data = quarter()
    ana = build_trust_report(*data, now=NOW, owner="ana")
    text = render_text(ana)
    assert "Trust report: ana" in text
    assert re.search(r"kept by the date first promised\s+│\s+14% │\s+3%-51% │\s+7", text)
    assert "> 6" in text  # P80 beyond the longest observed slip
    assert "4 of 6 misses came with no warning" in text
    # plain words in the body; the technical names only under "Details"
    body, details = text.split("Details (technical names)")
    for word in ("Murphy", "ECE", "log score", "Beta(4,1)", "Kaplan-Meier", " bd"):
        assert word not in body, word
    assert "Brier" in details and "Beta(4,1)" in details
    assert "\x1b[" not in text
    assert "\x1b[" in render_text(ana, color=True)
    both = render_comparison([ana, build_trust_report(*data, now=NOW, owner="bo")])
    header = next(line for line in both.splitlines() if "measure" in line)
    assert "ana" in header and "bo" in header
    assert re.search(r"misses with no warning\s+│\s+4 of 6 │\s+0 of 0", both)
    assert "Notes: bo" in both
    with pytest.raises(ValueError):
        render_comparison([])


def _csp_hashes(page: str) -> set[str]:
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp is not None
    return set(re.findall(r"'(sha256-[^']+)'", html.unescape(csp.group(1))))


def test_html_page_is_offline_escaped_and_allows_only_its_scripts() -> None:
    data = quarter()
    commitments = [
        Commitment(99, "<script>alert(1)</script>", "x", D(2026, 3, 3), AT, probability=0.7)
    ]
    evil = build_trust_report(commitments, [], [], [], now=NOW, owner=commitments[0].owner)
    page = render_html([build_trust_report(*data, now=NOW, owner="ana"), evil])
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    markup = re.sub(r"<script[^>]*>.*?</script>", "", page, flags=re.S)  # outside scripts
    assert "http://" not in markup.replace("http-equiv", "") and "https://" not in markup
    assert "https://cdn" not in page
    assert len(scripts) == 2  # the bundle and the runtime; nothing else can run
    assert "<!--" not in scripts[0]
    hashes = {
        "sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() for s in scripts
    }
    assert _csp_hashes(page) == hashes
    specs_text = re.search(
        r'type="application/json" id="backwards-chart-specs">(.*?)</script>', page, flags=re.S
    )
    assert specs_text is not None
    specs = json.loads(specs_text.group(1))["specs"]
    assert set(specs) == {"calibration-1", "slip-1", "calibration-2", "slip-2"}
    drawn = re.findall(r'<div data-chart="([^"]+)"></div>', page)
    assert drawn == ["calibration-1", "slip-1", "calibration-2", "slip-2"]


def test_a_report_shows_itself_in_a_notebook_as_its_page_in_an_iframe() -> None:
    report = build_trust_report(*quarter(), now=NOW, owner="<b>ana</b>")
    shown = report._repr_html_()
    assert shown.startswith("<iframe ") and 'sandbox="allow-scripts"' in shown
    srcdoc = re.search(r'srcdoc="([^"]*)"', shown)
    assert srcdoc is not None
    page = html.unescape(srcdoc.group(1))
    assert page == render_html(report)
    assert "Content-Security-Policy" in page and "&lt;b&gt;ana&lt;/b&gt;" in page
    assert "<b>ana</b>" not in page


def test_chart_specs_carry_the_measures() -> None:
    report = build_trust_report(*quarter(), now=NOW, owner="ana")
    cal = calibration_spec(report)
    points = cal["layer"][2]["data"]["values"]
    assert sum(p["n"] for p in points) == report.forecasts.count
    assert all(p["low"] <= p["observed"] <= p["high"] for p in points)
    slip_rows = slip_spec(report)["data"]["values"]
    km = [r for r in slip_rows if r["series"].startswith("all due")]
    assert km[0]["share"] == 1.0
    assert [r["slip"] for r in km[1:]] == [0, 2, 4, 6]  # the missed item: at risk for good
    assert km[-1]["share"] == pytest.approx(1 / 3, abs=1e-6)
    naive = [r for r in slip_rows if r["series"] == "delivered only"]
    assert [r["share"] for r in naive] == [1.0, 0.5, 0.25, 0.0]


def test_the_page_speaks_plainly_and_puts_comparisons_side_by_side() -> None:
    data = quarter()
    ana = build_trust_report(*data, now=NOW, owner="ana")
    one = render_html(ana)
    assert 'class="one"' in one and "<h2>ana</h2>" not in one  # the owner once, in the title
    assert "kept by the date first promised" in one
    assert "delivered by the safe date (P90" in one and "stretch goals kept on time" in one
    assert "When a date moved, the warning came" in one
    body, details = one.split("<details>")
    assert "Brier" not in body and "Brier" in details and "Beta(4,1)" in details
    both = render_html([ana, build_trust_report(*data, now=NOW, owner="bo")])
    assert 'class="side-by-side"' in both and "<h2>ana</h2>" in both and "<h2>bo</h2>" in both
    slip_axis = slip_spec(ana)["encoding"]["x"]["axis"]
    assert slip_axis == {"format": "d", "tickMinStep": 1}  # whole business days
    size = calibration_spec(ana)["layer"][2]["encoding"]["size"]
    assert size["legend"] == {"format": "d", "tickMinStep": 1}  # never "0.5 forecasts"
