"""Issue 16, "Reading it": "overconfident by 31%" meant percentage points. The text, the page
and the JSON now say percentage points, and the JSON's plain names carry their units."""

from __future__ import annotations

import json
import re

from backwards.ledger import render_html, render_text
from tests.ledger.test_report import NOW, build_trust_report, quarter


def test_overconfidence_is_said_in_percentage_points_everywhere() -> None:
    report = build_trust_report(*quarter(), now=NOW, owner="ana")
    over = report.forecasts.overconfidence
    assert over is not None and over != 0
    points = abs(over) * 100
    text = render_text(report)
    how = "more sure than right" if over > 0 else "less sure than right"
    assert f"On average {how} by {points:.0f} percentage points." in text
    assert not re.search(r"(over|under)confident by \d+%", text)
    page = render_html(report)
    assert f"on average {how} by {points:.0f} points" in page
    summary = json.loads(json.dumps(report.to_dict()))["summary"]
    assert summary["stated_chances"]["more_sure_than_right_by_percentage_points"] == round(
        100 * over, 1
    )
    assert summary["units"]["days"].startswith("business days")
    late = summary["how_late_work_lands_business_days"]
    assert late["four_in_five"] == f"more than {report.slip.longest_observed:g}"  # not blank
