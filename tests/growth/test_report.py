"""Points 4 and 5: evidence from outcomes (equal to the ledger's and the PR/FAQ reviews' own
figures for the same person and period; "no data" for an unused feature) and the growth
report (text, JSON, HTML; what to work on next)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from backwards import ledger, prfaq
from backwards.evidence import gather_evidence, growth_report
from backwards.features import open_workspace
from backwards.growth import EntryDraft, Kind, Rater, Rating
from backwards.growth import open as open_growth
from tests.envelope import unwrap
from tests.growth.conftest import SETTINGS, Cli

NOW = datetime(2026, 3, 31, 12, tzinfo=UTC)
DEMO_PRFAQ = Path(__file__).resolve().parents[2] / "examples" / "demo" / "prfaq.md"


def _documents(ws: Path) -> None:
    body = DEMO_PRFAQ.read_text(encoding="utf-8")
    (ws / "docs").mkdir()
    for name, author, launch in (("a.md", "ana", "2026-04-06"), ("b.md", "ana", "2026-06-01")):
        front = f"---\ntitle: {name}\nauthor: {author}\nlaunch: {launch}\n---\n\n"
        (ws / "docs" / name).write_text(front + body, encoding="utf-8")
    weasel = body.replace("46% said", "many said").replace("1,340", "lots of")
    (ws / "docs" / "c.md").write_text("---\nauthor: bo\n---\n\n" + weasel, encoding="utf-8")
    (ws / "backwards.yaml").write_text(SETTINGS + "  documents: [docs]\n")


def _ledger(ws: Path) -> None:
    with ledger.open(open_workspace(ws)) as book:
        start = datetime(2026, 1, 4, 9, tzinfo=UTC)
        for k in range(8):
            rec = book.commit(
                f"ship {k}",
                due=date(2026, 2, 1) + timedelta(days=7 * k),
                by="ana",
                at=start,
                probability=0.7,
            )
            outcome = "met" if k % 3 else "missed"
            done = datetime(2026, 2, 1, 12, tzinfo=UTC) + timedelta(days=7 * k + (k % 2))
            book.resolve(rec.id, outcome, by="ana", resolved_on=done.date())
        book.commit("bo's", due=date(2026, 2, 3), by="bo", at=start)


def test_ledger_evidence_equals_the_trust_report(workspace: Path) -> None:
    _ledger(workspace)
    ws = open_workspace(workspace)
    since = date(2026, 2, 8)
    with ledger.open(ws) as book:
        own = book.trust_report(now=NOW, owner="ana", since=since)
    found = {e.measure: e for e in gather_evidence(ws, "ana", now=NOW, since=since)}
    assert found["say/do"].value == own.say_do.by_count.estimate
    assert found["say/do"].sample == own.say_do.by_count.count
    assert found["on-time rate"].value == own.say_do.on_time.estimate
    assert found["surprise-miss rate"].value == own.say_do.surprise_miss.estimate
    assert found["slip (median)"].value == own.slip.median
    assert found["Brier skill"].value == pytest.approx(own.forecasts.brier_skill, abs=1e-6)
    assert found["Brier skill"].sample == own.forecasts.count
    assert found["say/do"].period == own.period
    assert found["say/do"].attribute == "earn-trust-with-others"
    assert found["on-time rate"].attribute == "execute"
    assert found["Brier skill"].attribute == "forecast-and-measure"


def test_prfaq_evidence_equals_the_reviews_own_figures(workspace: Path) -> None:
    _documents(workspace)
    ws = open_workspace(workspace)
    mine = [workspace / "docs" / "a.md", workspace / "docs" / "b.md"]
    run = prfaq.review_many(mine, workspace=ws, baseline=False, jobs=1, today=NOW.date())
    words = sum(r.words for r in run.reviews)
    wordy = sum(1 for r in run.reviews for f in r.findings if f.code in ("L01", "L02"))
    answer_first = sum(1 for r in run.reviews if not any(f.code == "F02" for f in r.findings))
    ready = sum(1 for r in run.reviews if r.verdict.overall == "ready")
    found = {e.measure: e for e in gather_evidence(ws, "ana", now=NOW)}
    per_k = found["weasel and hype words per 1,000 words"]
    assert per_k.value == pytest.approx(1000 * wordy / words)
    assert per_k.sample == words
    assert found["answer-first rate"].value == answer_first / 2
    assert found["answer-first rate"].sample == 2
    assert found["'ready' verdicts"].value == ready / 2
    bo = {e.measure: e for e in gather_evidence(ws, "bo", now=NOW)}
    assert bo["answer-first rate"].sample == 1
    assert bo["weasel and hype words per 1,000 words"].value > per_k.value  # his has "many"


def test_an_unused_feature_is_no_data_never_zero(workspace: Path) -> None:
    ws = open_workspace(workspace)
    for e in gather_evidence(ws, "ana", now=NOW):
        assert e.value is None and e.no_data and e.shown() == "no data", e
        assert e.score is None


def _journal_and_assessments(ws: Path) -> None:
    with open_growth(open_workspace(ws)) as book:
        for k in range(6):
            book.add_entry(
                EntryDraft(
                    kind=Kind.MEETING,
                    title=f"weekly {k}",
                    grades={"communicate": 2 + k % 2, "prioritize": 3},
                    occurred_on=date(2026, 3, 1) + timedelta(days=3 * k),
                    checks={"answered_first": k % 2 == 0},
                    return_on_time=3,
                ),
                author="ana",
                at=NOW,
            )
        book.assess(
            "ana",
            {"communicate": Rating(4), "execute": Rating(3), "prioritize": Rating(3)},
            rater="ana",
            kind=Rater.SELF,
            on=date(2026, 3, 20),
            at=NOW,
        )
        book.assess(
            "ana",
            {"communicate": Rating(2, "buried the ask"), "execute": Rating(3),
             "prioritize": Rating(3)},
            rater="bo",
            kind=Rater.MANAGER,
            on=date(2026, 3, 25),
            at=NOW,
        )  # fmt: skip


def test_what_to_work_on_next_is_the_largest_weighted_gap(workspace: Path) -> None:
    _journal_and_assessments(workspace)
    report = growth_report(open_workspace(workspace), "ana", viewer="ana", now=NOW)
    rows = {r.attribute.id: r for r in report.rows}
    # pm: communicate expected 3, weight 3; manager rates 2 -> weighted gap 3
    assert rows["communicate"].manager_rating == 2 and rows["communicate"].self_rating == 4
    assert rows["communicate"].weighted_gap == 3.0
    assert rows["execute"].weighted_gap == 0.0
    focus_gaps = {r.attribute.id: r.weighted_gap for r in report.rows if r.weight > 0}
    assert report.next is not None
    assert report.next.row.attribute.id == max(focus_gaps, key=lambda a: focus_gaps[a] or 0)
    assert report.next.row.attribute.id == "communicate"
    assert rows["prioritize"].journal_mean == 3 and rows["prioritize"].journal_grades == 6
    assert report.checks["answered_first"] == (3, 6)
    assert report.return_on_time == (3, 6)
    assert [g.mean for g in report.gaps] == [pytest.approx((2 + 0 + 0) / 3)]


def test_report_command_text_json_html(cli: Cli, workspace: Path) -> None:
    _journal_and_assessments(workspace)
    at = ["--at", NOW.isoformat(), "--by", "ana"]
    code, out, err = cli("growth", "report", "ana", *at)
    assert code == 0, err
    assert "Work on next: communicate" in out and "no data" in out
    html = workspace / "out" / "ana.html"
    code, out, _ = cli("growth", "report", "ana", *at, "--format", "json", "--html", str(html))
    assert code == 0
    data = unwrap(out)
    assert data["next"]["attribute"] == "communicate"
    assert [a["attribute"] for a in data["attributes"]][:2] == ["think big", "communicate"]
    assert data["journal"]["entries"] == 6
    page = html.read_text(encoding="utf-8")
    assert 'data-chart="radar"' in page and "Content-Security-Policy" in page
    assert "<script src=" not in page  # offline: the chart runtime is inline
    code, _, err = cli("growth", "report", "zed", *at)
    assert code == 2 and "PERSON: unknown person 'zed'" in err


def test_bo_sees_only_shared_entries_in_ana_report(workspace: Path) -> None:
    _journal_and_assessments(workspace)
    report = growth_report(open_workspace(workspace), "ana", viewer="bo", now=NOW)
    assert report.habit.entries == 0
    assert {r.attribute.id: r.journal_mean for r in report.rows}["prioritize"] is None


def test_user_text_is_escaped_in_the_page(workspace: Path) -> None:
    from backwards.growth import render_html

    with open_growth(open_workspace(workspace)) as book:
        book.assess(
            "ana",
            {"communicate": Rating(3, "<script>alert(1)</script>")},
            rater="bo",
            kind=Rater.MANAGER,
            on=date(2026, 3, 1),
            at=NOW,
        )
    report = growth_report(open_workspace(workspace), "ana", viewer="ana", now=NOW)
    page = render_html(report)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


BETS = """\
horizon_weeks: 26
teams: {web: {capacity: 3}}
bets:
  - {id: slow, owner: ana, team: web, people: 3, weeks: 8, value_per_unit: 1, probability: 0.5,
     impact: {metric: Orders, p10: 5, p50: 10, p90: 20}}
  - {id: quick, owner: ana, team: web, people: 3, weeks: 2, value_per_unit: 10,
     probability: 0.8, impact: {metric: Orders, p10: 20, p50: 40, p90: 80}}
  - {id: after, owner: ana, team: web, people: 2, weeks: 3, value_per_unit: 5, probability: 0.5,
     requires: [base], impact: {metric: Orders, p10: 10, p50: 20, p90: 30}}
  - {id: base, owner: bo, team: web, people: 1, weeks: 2, value_per_unit: 5, probability: 0.5,
     impact: {metric: Orders, p10: 10, p50: 20, p90: 30}}
  - {id: old-a, owner: ana, team: web, people: 1, weeks: 2, value_per_unit: 3, probability: 0.5,
     impact: {metric: Orders, p10: 10, p50: 20, p90: 40}}
  - {id: old-b, owner: ana, team: web, people: 1, weeks: 2, value_per_unit: 3, probability: 0.5,
     impact: {metric: Orders, p10: 10, p50: 20, p90: 40}}
  - {id: old-c, owner: ana, team: web, people: 1, weeks: 2, value_per_unit: 3, probability: 0.5,
     impact: {metric: Orders, p10: 10, p50: 20, p90: 40}}
  - {id: bo-old, owner: bo, team: web, people: 1, weeks: 2, value_per_unit: 3, probability: 0.5,
     impact: {metric: Orders, p10: 10, p50: 20, p90: 40}}
"""


def _measure(cli: Cli, ws: Path, bet: str, on: str, estimate: float) -> None:
    assert cli("bet", "launch", bet, "--on", on, "--at", NOW.isoformat())[0] == 0
    ab = ws / f"{bet}.json"
    ab.write_text(json.dumps({"estimate": estimate, "low": estimate - 5, "high": estimate + 5}))
    code, _, err = cli("impact", "measure", bet, "--ab", str(ab), "--at", NOW.isoformat())
    assert code == 0, err


def _bets(cli: Cli, ws: Path) -> None:
    (ws / "plan.yaml").write_text(BETS, encoding="utf-8")
    code, _, err = cli("portfolio", "import", str(ws / "plan.yaml"), "--at", NOW.isoformat())
    assert code == 0, err
    for bet in ("slow", "after"):
        assert cli("bet", "revise", bet, "--status", "planned", "--at", NOW.isoformat())[0] == 0
    # ana's launches: old-a in range (r 0.75), old-b out of range (r 2.5), old-c before --since
    _measure(cli, ws, "old-a", "2026-01-12", 15)
    _measure(cli, ws, "old-b", "2026-02-09", 50)
    _measure(cli, ws, "old-c", "2025-11-03", 20)
    _measure(cli, ws, "bo-old", "2026-02-09", 5)


def test_impact_evidence_equals_the_impact_review(cli: Cli, workspace: Path) -> None:
    _bets(cli, workspace)
    ws = open_workspace(workspace)
    for since in (None, date(2026, 1, 1)):
        args = ["--since", since.isoformat()] if since else []
        code, out, err = cli("impact", "review", "--owner", "ana", *args, "--format", "json")
        assert code == 0, err
        review = unwrap(out)
        (mine,) = review["owners"]
        assert mine["name"] == "ana" and mine["launches"] == (2 if since else 3)
        found = {e.measure: e for e in gather_evidence(ws, "ana", now=NOW, since=since)}
        value = found["measured value per week"]
        assert value.attribute == "driven-by-impact-not-promotion" and value.source == "impact"
        assert value.value == pytest.approx(mine["measured_value"])
        assert value.value == pytest.approx(
            sum(b["measured"]["absolute"] * 3 for b in review["bets"])
        )
        assert value.sample == mine["launches"]
        median = found["median realisation (measured / P50)"]
        assert median.value == pytest.approx(mine["median_realisation"])
        coverage = found["impact-range coverage (P10-P90)"]
        assert coverage.attribute == "forecast-and-measure"
        assert coverage.value == pytest.approx(mine["coverage"])
        assert coverage.value == sum(b["covered"] for b in review["bets"]) / mine["launches"]
    assert median.value == pytest.approx((0.75 + 2.5) / 2) and coverage.value == 0.5
    assert median.score == 5.0  # median realisation above 1 is drawn at the top
    # bo's launch is his, not ana's; a person with no launch is "no data"
    bo = {e.measure: e for e in gather_evidence(ws, "bo", now=NOW)}
    assert bo["measured value per week"].value == pytest.approx(5 * 3)
    assert bo["measured value per week"].note == "1 of 1 launched bet measured"  # not "1 bets"
    late = {e.measure: e for e in gather_evidence(ws, "bo", now=NOW, since=date(2026, 3, 1))}
    assert late["measured value per week"].no_data
    assert "no bets of bo launched since 2026-03-01" in late["measured value per week"].note


def test_prioritize_evidence_is_the_plan_of_the_person_s_bets(cli: Cli, workspace: Path) -> None:
    _bets(cli, workspace)
    ws = open_workspace(workspace)
    code, out, err = cli("portfolio", "plan", "--owner", "ana", "--draws", "0",
                         "--no-sensitivity", "--format", "json")  # fmt: skip
    assert code == 0, err
    plan = unwrap(out)
    planned = {b["id"] for b in plan["bets"]}
    assert planned == {"slow", "quick", "after", "base"}  # ana's active bets and what they need
    found = {e.measure: e for e in gather_evidence(ws, "ana", now=NOW)}
    leverage = found["plan leverage"]
    assert leverage.attribute == "prioritize"
    assert leverage.value == pytest.approx(plan["leverage"])
    assert leverage.value == pytest.approx(plan["expected_value"] / plan["naive_value"])
    assert leverage.value > 1  # "slow" written first; the plan starts "quick" first
    code, out, _ = cli("bet", "list", "--format", "json")
    listed = unwrap(out)
    committed = [
        b for b in listed if b["owner"] == "ana" and b["status"] in ("planned", "building")
    ]
    effort = sum(b["people"] * b["weeks"] for b in committed)
    kept = sum(b["people"] * b["weeks"] for b in committed if b["id"] in plan["selected"])
    share = found["committed capacity on the plan's bets"]
    assert share.value == pytest.approx(kept / effort) and share.sample == len(committed) == 2
    assert share.score == pytest.approx(1 + 4 * kept / effort)
    assert {e.measure: e for e in gather_evidence(ws, "zed", now=NOW)}["plan leverage"].no_data


def test_since_filters_the_prfaq_evidence_by_launch_date(workspace: Path) -> None:
    _documents(workspace)
    ws = open_workspace(workspace)
    later = workspace / "docs" / "b.md"  # launch 2026-06-01; a.md launches 2026-04-06
    run = prfaq.review_many([later], workspace=ws, baseline=False, jobs=1, today=NOW.date())
    words = run.reviews[0].words
    found = {e.measure: e for e in gather_evidence(ws, "ana", now=NOW, since=date(2026, 5, 1))}
    assert found["answer-first rate"].sample == 1
    assert found["weasel and hype words per 1,000 words"].sample == words
    assert "launch from 2026-05-01" in found["answer-first rate"].period
    everything = {e.measure: e for e in gather_evidence(ws, "ana", now=NOW)}
    assert everything["answer-first rate"].sample == 2
    none = {e.measure: e for e in gather_evidence(ws, "ana", now=NOW, since=date(2026, 7, 1))}
    assert none["answer-first rate"].no_data
    bo = {e.measure: e for e in gather_evidence(ws, "bo", now=NOW, since=date(2026, 1, 1))}
    assert bo["answer-first rate"].no_data  # c.md has no launch date: left out, and said so
    assert "1 without a launch date left out" in bo["answer-first rate"].note
