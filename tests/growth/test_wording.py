"""Issue 15 point 4: counts in growth's texts say the singular for one ("1 entry", "1 week",
"1 rating") and the plural otherwise, in the CLI, the text report and the HTML page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from backwards.growth import weekly_habit
from tests.growth.conftest import SETTINGS, Cli

AT = ["--by", "ana", "--at", "2027-01-06T10:00Z"]  # a Wednesday


def test_the_habit_line_counts_entries_and_weeks() -> None:
    today = date(2027, 1, 6)
    one = weekly_habit([today], target=1, today=today)
    assert one.summary() == "1 entry; this week 1 of 1; streak 1 week"
    two = weekly_habit([today, date(2026, 12, 30)], target=1, today=today)
    assert two.summary() == "2 entries; this week 1 of 1; streak 2 weeks"
    none = weekly_habit([], target=3, today=today)
    assert none.summary() == "0 entries; this week 0 of 3; streak 0 weeks"


def _add(cli: Cli, title: str, *grades: str) -> None:
    args = [a for g in grades for a in ("--grade", g)]
    code, _, err = cli("journal", "add", "--kind", "meeting", "--title", title, *args,
                       "--return-on-time", "4", *AT)  # fmt: skip
    assert code == 0, err


def test_journal_streak_export_and_import_say_one_entry(
    cli: Cli, workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (workspace / "backwards.yaml").write_text(
        SETTINGS.replace("weekly_target: 2", "weekly_target: 1")
    )
    _add(cli, "Pricing review", "communicate=4")
    code, out, _ = cli("journal", "streak", *AT)
    assert code == 0
    assert out.strip() == "This week: 1 of 1 entry. Streak: 1 week at the target."
    target = tmp_path / "one.json"
    code, _, err = cli("journal", "export", "-o", str(target), "--by", "ana")
    assert code == 0 and f"Wrote 1 journal entry to {target}" in err
    code, out, _ = cli("journal", "import", str(target), *AT)
    assert code == 0 and out.strip() == (
        "Imported 0 journal entries; skipped 1 entry already in the journal "
        "(same author, kind, title and day)"
    )
    monkeypatch.setenv("BACKWARDS_DATABASE_URL", f"sqlite:///{tmp_path / 'one.db'}")
    code, out, _ = cli("journal", "import", str(target), *AT)
    assert code == 0 and out.strip() == "Imported 1 journal entry"
    _add(cli, "Roadmap review", "communicate=3")
    code, _, err = cli("journal", "export", "-o", str(target), "--by", "ana")
    assert code == 0 and f"Wrote 2 journal entries to {target}" in err
    monkeypatch.setenv("BACKWARDS_DATABASE_URL", f"sqlite:///{tmp_path / 'two.db'}")
    code, out, _ = cli("journal", "import", str(target), *AT)
    assert code == 0 and out.strip() == "Imported 2 journal entries"
    code, out, _ = cli("journal", "streak", *AT)
    assert "This week: 2 of 1 entry" in out and "Streak: 1 week" in out


def test_assessments_and_the_report_say_one_rating_grade_meeting_attribute(
    cli: Cli, workspace: Path
) -> None:
    _add(cli, "Pricing review", "communicate=4")
    code, out, err = cli("growth", "assess", "ana", "--rater", "self", "--rating",
                         "communicate=4", "--on", "2027-01-04", *AT)  # fmt: skip
    assert code == 0, err
    assert out.strip().endswith("(1 rating)")
    code, out, err = cli("growth", "assess", "ana", "--rater", "manager", "--rating",
                         "communicate=3", "--rating", "execute=2", "--on", "2027-01-05",
                         "--by", "bo", "--at", "2027-01-06T10:00Z")  # fmt: skip
    assert code == 0, err
    assert out.strip().endswith("(2 ratings)")
    code, out, _ = cli("growth", "assessments", "ana", "--by", "ana")
    assert "over 1 attribute" in out and "over 1 attributes" not in out
    html = workspace / "ana.html"
    code, out, err = cli("growth", "report", "ana", *AT, "--html", str(html))
    assert code == 0, err
    assert "Journal: 1 entry; this week 1 of 2; streak 0 weeks" in out
    assert "(1 grade)" in out and "over 1 meeting" in out and "over 1 attribute" in out
    assert "1 entry; this week 1 of 2; streak 0 weeks." in html.read_text(encoding="utf-8")
    _add(cli, "Roadmap", "communicate=3", "execute=2")
    code, out, _ = cli("growth", "report", "ana", *AT)
    assert "Journal: 2 entries;" in out and "(3 grades)" in out and "over 2 meetings" in out
