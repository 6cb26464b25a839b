"""Issue 15 point 4: in the growth report's JSON, the report's own summaries (means, gaps and
scores on the 1-5 scale, shares) are display values rounded to 4 places; each evidence's value
is data, the other feature's figure at full precision (docs/growth.md)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from statistics import mean

from backwards.growth import Entry, Evidence, Kind, build_report, default_ladder, weekly_habit

TODAY = date(2027, 1, 6)
NOW = datetime(2027, 1, 6, 12, tzinfo=UTC)


def _entry(k: int, grade: int) -> Entry:
    return Entry(id=k, author="ana", kind=Kind.MEETING, title=f"m{k}", grades={"execute": grade},
                 occurred_on=date(2027, 1, 4), checks={"answered_first": k != 1},
                 return_on_time=grade, recorded_at=NOW, updated_at=NOW)  # fmt: skip


def test_display_numbers_are_rounded_and_data_stays_whole() -> None:
    grades = [2, 3, 3]  # mean 2.6666666666666665; 3 - it is 0.3333333333333335
    entries = [_entry(k, g) for k, g in enumerate(grades, 1)]
    share = 0.1 + 0.2  # 0.30000000000000004: a figure as another feature computed it
    evidence = Evidence("execute", "ledger", "on-time rate", share, "share", 3, "p", "l",
                        score=1 + 4 * share)  # fmt: skip
    report = build_report(
        person="ana",
        level=default_ladder().level("pm"),
        entries=entries,
        assessments=[],
        evidence=[evidence],
        habit=weekly_habit([e.occurred_on for e in entries], target=3, today=TODAY),
        today=TODAY,
    )
    row = next(r for r in report.rows if r.attribute.id == "execute")
    assert row.gap == 3 - mean(grades) != 0.3333  # the report itself keeps full precision
    data = report.to_dict()
    shown = next(r for r in data["attributes"] if r["id"] == "execute")
    assert shown["journal_mean"] == shown["current"] == round(mean(grades), 4) == 2.6667
    assert shown["gap"] == 0.3333 and shown["weighted_gap"] == round(row.weight * row.gap, 4)
    assert shown["evidence_score"] == shown["evidence"][0]["score"] == round(1 + 4 * share, 4)
    assert shown["evidence"][0]["value"] == share  # data: the ledger's own figure, unrounded
    assert data["next"]["weighted_gap"] == shown["weighted_gap"]
    journal = data["journal"]
    assert journal["monthly_self_grade"][0]["mean"] == 2.6667
    assert journal["checks"]["answered_first"]["share"] == 0.6667
    assert journal["return_on_time"] == {"mean": 2.6667, "meetings": 3}
    text = json.dumps(data)
    assert "0.3333333" not in text and "2.666666" not in text and "0.6666666" not in text
