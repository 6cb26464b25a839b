"""The review engine measured against the hand-written evaluation set.

Floors: each measured rule must reach precision 0.80 and recall 0.70 on the whole set (dev and
holdout splits), and each verdict part 0.70 agreement; where the engine measured lower, the floor
is what it measured, rounded down, never above. Raise them when the engine improves; when a change
lowers one, the failure says which rule and which documents moved (``python -m
tests.prfaq.eval.harness --details``). The figures themselves are in docs/prfaq-evaluation.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from backwards.prfaq import review_text
from tests.prfaq.eval import harness
from tests.prfaq.eval.harness import ClearFinding, Expectation, Outcome, RuleScore

EXPECTATIONS = harness.load_expectations()
REPO_ROOT = Path(__file__).resolve().parents[3]
DEMO = REPO_ROOT / "examples" / "demo" / "prfaq.md"

#: rule -> (precision floor, recall floor): min(target 0.80 / 0.70, measured on the whole set).
FLOORS: dict[str, tuple[float, float]] = {
    "C01": (0.80, 0.70),
    "C07": (0.80, 0.70),
    "I01": (0.80, 0.70),
    "I02": (0.80, 0.70),
    "I03": (0.78, 0.70),
    "I04": (0.80, 0.70),
    "I05": (0.80, 0.70),
    "I06": (0.80, 0.70),
    "I07": (0.80, 0.70),
    "I08": (0.80, 0.70),
    "I09": (0.80, 0.70),
    "F02": (0.80, 0.70),
}
#: verdict part -> least share of documents whose verdict is the expected one: min(0.70, measured).
VERDICT_FLOORS = {
    "big_idea": 0.70,
    "should_we": 0.70,
    "plan_to_succeed": 0.70,
    "overall": 0.70,
}
#: verdict part -> documents of the 46 that agree, as last recorded in docs/prfaq-evaluation.md
#: (issue 14: our own set must not get worse). Raise a figure when the engine improves; never
#: lower one to let a change through.
VERDICT_RECORDED = {"big_idea": 42, "should_we": 35, "plan_to_succeed": 35, "overall": 38}
#: Clear findings the engine does not report yet, each reported in
#: /work/coord/prfaq-eval-feedback.md. Strict xfail: the test fails once the engine finds it, so
#: the entry must then be removed.
KNOWN_MISSES: dict[tuple[str, str, int | None], str] = {}


#: The findings that block a document (errors in the catalogue): which of them are due follows from
#: the ground truth (C01 when it should fire, S14 when residue is a clear finding, S03 when there
#: is no internal FAQ; S01/S02 never: every document has a press release and an FAQ).
BLOCKERS = frozenset({"S01", "S02", "S03", "S14", "C01"})
#: Documents where the engine's blockers differ from the due ones today, each reported in
#: /work/coord/prfaq-eval-feedback.md. Strict xfail: remove the entry once the engine agrees.
KNOWN_BLOCKER_DISAGREEMENTS: dict[str, str] = {
    "h03-cost-tagging.md": "C01 misses a press release with no problem paragraph (held out)",
}


@pytest.fixture(scope="module")
def outcomes() -> list[Outcome]:
    return harness.run_engine(EXPECTATIONS)


@pytest.fixture(scope="module")
def scores(outcomes: list[Outcome]) -> dict[str, RuleScore]:
    return harness.score_rules(EXPECTATIONS, outcomes)


def test_every_measured_rule_has_a_floor() -> None:
    assert set(FLOORS) == set(harness.MEASURED_RULES)
    assert all(0.0 <= p <= 1.0 and 0.0 <= r <= 1.0 for p, r in FLOORS.values())


@pytest.mark.parametrize("code", harness.MEASURED_RULES)
def test_rule_precision_and_recall_meet_the_floor(code: str, scores: dict[str, RuleScore]) -> None:
    score = scores[code]
    precision_floor, recall_floor = FLOORS[code]
    assert score.precision is not None and score.recall is not None
    assert score.precision >= precision_floor, (
        f"{code} precision {score.precision:.2f} < {precision_floor}; "
        f"false alarms: {score.false_alarms}"
    )
    assert score.recall >= recall_floor, (
        f"{code} recall {score.recall:.2f} < {recall_floor}; misses: {score.misses}"
    )


@pytest.mark.parametrize("part", harness.VERDICT_PARTS)
def test_verdict_agreement_meets_the_floor(part: str, outcomes: list[Outcome]) -> None:
    agree, total = harness.verdict_agreement(EXPECTATIONS, outcomes)[part]
    assert total == len(EXPECTATIONS)
    assert agree / total >= VERDICT_FLOORS[part], f"{part}: {agree}/{total}"


@pytest.mark.parametrize("part", harness.VERDICT_PARTS)
def test_verdict_agreement_never_falls_below_the_record(part: str, outcomes: list[Outcome]) -> None:
    agree, total = harness.verdict_agreement(EXPECTATIONS, outcomes)[part]
    assert (total, agree >= VERDICT_RECORDED[part]) == (46, True), (
        f"{part}: {agree}/{total}, recorded {VERDICT_RECORDED[part]}; "
        "see `python -m tests.prfaq.eval.harness --details`"
    )


def _clear_cases() -> list[object]:
    cases: list[object] = []
    for expectation in EXPECTATIONS:
        for clear in expectation.clear:
            key = (expectation.file, clear.code, clear.line)
            marks = []
            if key in KNOWN_MISSES:
                marks.append(pytest.mark.xfail(reason=KNOWN_MISSES[key], strict=True))
            ident = f"{expectation.file}-{clear.code}" + (f"-L{clear.line}" if clear.line else "")
            cases.append(pytest.param(expectation, clear, id=ident, marks=marks))
    return cases


@pytest.mark.parametrize(("expectation", "clear"), _clear_cases())
def test_clear_finding_is_reported(expectation: Expectation, clear: ClearFinding) -> None:
    review = review_text(
        expectation.path.read_text(encoding="utf-8"),
        path=expectation.file,
        profile=expectation.profile,
    )
    outcome = harness.outcome_from_review(expectation, review)
    reduced = Expectation(**{**expectation.__dict__, "clear": (clear,)})
    assert harness.missing_clear_findings(reduced, outcome) == [], [
        (f.code, f.line) for f in review.findings
    ]


def test_known_misses_name_real_clear_findings() -> None:
    listed = {(e.file, c.code, c.line) for e in EXPECTATIONS for c in e.clear}
    assert set(KNOWN_MISSES) <= listed


def test_harness_table_prints(capsys: pytest.CaptureFixture[str]) -> None:
    assert harness.main([]) == 0
    out = capsys.readouterr().out
    assert f"{len(EXPECTATIONS)} documents" in out
    for code in harness.MEASURED_RULES:
        assert code in out


def test_demo_document_shows_real_findings_and_no_errors() -> None:
    review = review_text(DEMO.read_text(encoding="utf-8"), path=str(DEMO), profile="product")
    codes = {finding.code for finding in review.findings}
    # What the demo is written to show: an answer that is not first, hype in a quote, and a
    # topic (dependencies) missing from the internal FAQ...
    assert {"F02", "Q03", "I03"} <= codes
    # ...in a decent document: a problem paragraph, no errors, so `make demo` exits 0.
    assert "C01" not in codes
    assert not [f for f in review.findings if f.severity.value == "error"]
    assert review.verdict.overall != "not ready"


def _due_blockers(expectation: Expectation) -> set[str]:
    due = {"C01"} if expectation.fires["C01"] else set()
    if any(clear.code == "S14" for clear in expectation.clear):
        due.add("S14")
    if not expectation.internal_faq:
        due.add("S03")
    return due


def _blocker_cases() -> list[object]:
    return [
        pytest.param(
            expectation,
            id=expectation.file,
            marks=[
                pytest.mark.xfail(reason=KNOWN_BLOCKER_DISAGREEMENTS[expectation.file], strict=True)
            ]
            if expectation.file in KNOWN_BLOCKER_DISAGREEMENTS
            else [],
        )
        for expectation in EXPECTATIONS
    ]


@pytest.mark.parametrize("expectation", _blocker_cases())
def test_blocking_findings_are_exactly_the_due_ones(expectation: Expectation) -> None:
    review = review_text(
        expectation.path.read_text(encoding="utf-8"),
        path=expectation.file,
        profile=expectation.profile,
    )
    found = {finding.code for finding in review.findings} & BLOCKERS
    assert found == _due_blockers(expectation)


def test_known_blocker_disagreements_name_documents() -> None:
    assert set(KNOWN_BLOCKER_DISAGREEMENTS) <= {e.file for e in EXPECTATIONS}


def test_make_demo_command_exits_0_with_a_verdict_and_reasons(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from backwards.cli import run

    workspace = DEMO.parent
    # The line `make demo` runs (see the report to the integrator), with a fixed day.
    args = ["--workspace", str(workspace), "prfaq", "review", str(DEMO), "--as-of", "2026-11-25"]
    assert run(args) == 0
    out = capsys.readouterr().out
    assert "F02 (answer-not-first)" in out
    assert "Q03 (quote-boilerplate-emotion)" in out
    assert "I03 (topic-dependencies)" in out
    assert "Is it a big idea?" in out and "Is there a plan to succeed?" in out
    assert "Why it matters:" in out
