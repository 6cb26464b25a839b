"""Issue 16, point 5: the measures at their edges (a)-(e), and point 6: business days with a
holiday calendar. Each against a hand-computed value or a reference (numpy, lifelines in
test_measures_reference.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

import backwards.ledger as ledger
from backwards.cli import run
from backwards.errors import InputError
from backwards.ledger.holiday_calendar import holiday_dates
from backwards.ledger.measures.commitment_frame import CommitmentFrame, busdays
from backwards.ledger.measures.forecast import (
    date_coverage,
    forecast_outcomes,
    murphy_decomposition,
    score_forecasts,
)
from backwards.ledger.measures.repeats import MistakeLog
from backwards.ledger.model import business_days
from backwards.ledger.reports.trust_report import report_from_frames
from tests.envelope import unwrap

TODAY = date(2026, 3, 31)
NOW = datetime(2026, 3, 31, 12, tzinfo=UTC)


# (a) the Murphy decomposition bins on the calibration bins, and reports the residual


def test_murphy_on_the_calibration_bins_by_hand() -> None:
    p = [0.12, 0.14, 0.31, 0.29]
    o = [1, 0, 0, 1]
    m = score_forecasts(p, o).murphy
    assert m is not None
    # bins 0.1 (0.12, 0.14: f 0.13, o 0.5) and 0.3 (0.31, 0.29: f 0.30, o 0.5); obar 0.5
    assert m.reliability == pytest.approx((2 * 0.37**2 + 2 * 0.2**2) / 4)  # 0.08845
    assert m.resolution == pytest.approx(0.0)
    assert m.uncertainty == pytest.approx(0.25)
    brier = (0.88**2 + 0.14**2 + 0.31**2 + 0.71**2) / 4  # 0.34855
    assert m.residual == pytest.approx(brier - (0.08845 - 0.0 + 0.25))  # 0.0101


def test_noise_shows_no_resolution_on_the_calibration_bins() -> None:
    rng = np.random.default_rng(16)
    p = np.round(rng.uniform(0.05, 0.95, 191), 3)  # fine-grained: nearly all distinct
    o = (rng.random(191) < 0.35).astype(float)  # outcomes unrelated to the forecasts
    exact = murphy_decomposition(p, o)  # one bin per distinct value
    binned = score_forecasts(p, o).murphy
    assert exact is not None and binned is not None
    assert len(np.unique(p)) > 150
    assert exact.resolution > 0.8 * exact.uncertainty  # noise looks like skill
    assert binned.resolution < 0.2 * binned.uncertainty  # it does not on the report's bins
    assert binned == murphy_decomposition(p, o, bins="calibration")


# (b) missed items never arrive: see test_measures_reference (lifelines) and this hand case


def test_missed_items_keep_the_slip_quantiles_open() -> None:
    due = [date(2026, 3, 2)] * 10
    resolved = [date(2026, 3, 2) + timedelta(days=d) for d in (0, 1, 2, 3, 4, 7, 8, 9, 14, 15)]
    outcome = ["met"] * 8 + ["missed"] * 2
    frame = CommitmentFrame.build(due=due, outcome=outcome, resolved=resolved)
    report = report_from_frames(frame, MistakeLog.from_mistakes([]), now=NOW)
    # delivered slips 0,1,2,3,4,5,6,7 business days; two misses never arrive: S(t) never
    # falls below 2/10, so P80 is the 8th delivery (7) and P90 is never reached
    assert report.slip.p80 == 7.0
    assert report.slip.p90 is None
    assert report.slip.never_delivered == 2 and report.slip.censored == 0


# (c) only a withdrawal before the due date annuls a forecast


def test_a_late_withdrawal_counts_as_a_miss_in_the_scores() -> None:
    frame = CommitmentFrame.build(
        due=[date(2026, 3, 2), date(2026, 3, 2), date(2026, 3, 2)],
        outcome=["withdrawn", "withdrawn", "met"],
        resolved=[date(2026, 3, 20), date(2026, 2, 20), date(2026, 3, 2)],  # 18 days late, early
        probability=[0.95, 0.95, 0.8],
    )
    p, o = forecast_outcomes(frame, TODAY)
    assert list(p) == [0.95, 0.8] and list(o) == [0.0, 1.0]
    assert score_forecasts(p, o).brier == pytest.approx((0.95**2 + 0.2**2) / 2)


# (d) business days everywhere: the CLI, list's "overdue" and the report agree


def test_due_saturday_delivered_monday_is_on_time_everywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "backwards.yaml").write_text("version: 1\n")
    monkeypatch.setenv("BACKWARDS_DATABASE_URL", f"sqlite:///{tmp_path}/l.db")
    base = ["-w", str(tmp_path), "ledger"]
    assert run([*base, "commit", "A", "--due", "2026-03-07", "--at", "2026-02-02"]) == 0
    assert run([*base, "commit", "B", "--due", "2026-03-07", "--at", "2026-02-02"]) == 0
    capsys.readouterr()
    assert run([*base, "list", "--overdue", "--as-of", "2026-03-09"]) == 0  # Monday
    assert capsys.readouterr().out.strip() == "No commitments match."
    assert run([*base, "resolve", "1", "met", "--on", "2026-03-09"]) == 0
    out = capsys.readouterr().out
    assert out.strip() == "Resolved commitment 1: met"  # not "2 days after"
    assert run([*base, "trust", "--as-of", "2026-03-09", "--format", "json"]) == 0
    data = unwrap(capsys.readouterr().out)
    assert data["say_do"]["met_on_time"] == 1 and data["open_overdue"] == 0


def test_business_days_with_holidays_match_numpy() -> None:
    holidays = [date(2026, 12, 25), date(2027, 1, 1), date(2026, 12, 26)]  # a Saturday too
    start = date(2026, 12, 14)
    for offset in range(-20, 40):
        end = start + timedelta(days=offset)
        expected = int(np.busday_count(start, end, holidays=holidays))
        assert business_days(start, end, holidays) == expected, end
    arr = np.array(holidays, dtype="datetime64[D]")
    one = np.array([start], dtype="datetime64[D]")
    got = busdays(one, np.array([date(2027, 1, 4)], dtype="datetime64[D]"), arr)
    assert int(got[0]) == 13  # 15 weekdays less Christmas and New Year


# (e) date coverage counts firm commitments that are due


def test_coverage_leaves_out_aspirational_and_not_yet_due() -> None:
    frame = CommitmentFrame.build(
        due=[date(2026, 3, 2), date(2026, 3, 2), date(2026, 5, 4)],
        outcome=["met", "met", "met"],
        resolved=[date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 30)],
        committed=[True, False, True],
        p50=[date(2026, 3, 2), date(2026, 3, 2), date(2026, 5, 1)],
        p90=[date(2026, 3, 6), date(2026, 3, 6), date(2026, 5, 4)],
    )
    coverage = date_coverage(frame, TODAY)
    # only the first is firm and due by today: delivered on its P50 date
    assert (coverage.p50.successes, coverage.p50.total) == (1, 1)
    assert (coverage.p90.successes, coverage.p90.total) == (1, 1)


# point 6: the holiday setting


def test_a_country_code_or_dates_set_the_holidays(tmp_path: Path) -> None:
    us = holiday_dates("US", range(2026, 2027))
    assert date(2026, 7, 3) in us and date(2026, 12, 25) in us  # 4 July observed on a Friday
    assert holiday_dates([date(2026, 5, 1)], range(2026, 2027)) == (date(2026, 5, 1),)
    with pytest.raises(InputError, match="not a country"):
        holiday_dates("XX", range(2026, 2027))
    with ledger.open_url(f"sqlite:///{tmp_path}/l.db", holidays="DE-BY") as book:
        # Thursday 1 January 2026 (New Year) to Tuesday 6 January (Epiphany in Bavaria)
        assert book.business_days(date(2026, 1, 1), date(2026, 1, 7)) == 2  # Fri 2, Mon 5
    with ledger.open_url(f"sqlite:///{tmp_path}/l.db") as book:
        assert book.business_days(date(2026, 1, 1), date(2026, 1, 7)) == 4


def test_the_workspace_setting_reaches_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "backwards.yaml").write_text("version: 1\nledger:\n  holidays: ['2026-03-09']\n")
    monkeypatch.setenv("BACKWARDS_DATABASE_URL", f"sqlite:///{tmp_path}/l.db")
    base = ["-w", str(tmp_path), "ledger"]
    assert run([*base, "commit", "A", "--due", "2026-03-09", "--at", "2026-02-02"]) == 0
    assert run([*base, "resolve", "1", "met", "--on", "2026-03-10"]) == 0
    out = capsys.readouterr().out
    assert "Resolved commitment 1: met" in out and "business days after" not in out
