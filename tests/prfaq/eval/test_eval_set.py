"""The evaluation set itself: its documents, its ground truth, and the harness's scoring.

These tests need no engine. They keep the set honest (every document has an entry, lengths and
variety as promised, question lines really are questions) and check the scoring arithmetic on
outcomes built by hand.
"""

from __future__ import annotations

import re
from collections import Counter
from types import SimpleNamespace

import pytest
import yaml

from tests.prfaq.eval import harness
from tests.prfaq.eval.harness import (
    DOCS_DIR,
    EXPECTED_PATH,
    PROFILES,
    TOPIC_RULES,
    VERDICT_PARTS,
    VERDICT_VALUES,
    Expectation,
    Outcome,
)

EXPECTATIONS = harness.load_expectations()
BY_FILE = {e.file: e for e in EXPECTATIONS}
RANK = {"ready": 0, "needs work": 1, "not ready": 2}


def _lines(expectation: Expectation) -> list[str]:
    return expectation.path.read_text(encoding="utf-8").split("\n")


def test_every_document_has_ground_truth_and_the_set_is_big_enough() -> None:
    on_disk = sorted(p.name for p in DOCS_DIR.glob("*.md"))
    assert on_disk == sorted(BY_FILE)
    assert len(on_disk) >= 24
    assert len(harness.load_expectations(split="dev")) >= 24
    assert len(harness.load_expectations(split="holdout")) >= 8


def test_expected_yaml_has_no_unknown_keys() -> None:
    known = {
        "split",
        "profile",
        "kind",
        "quality",
        "hard_cases",
        "verdict",
        "internal_faq",
        "fires",
        "questions",
        "answer_not_first",
        "clear",
    }
    data = yaml.safe_load(EXPECTED_PATH.read_text(encoding="utf-8"))
    for file, entry in data.items():
        assert set(entry) == known, file
        assert set(entry["fires"]) == set(harness.DOCUMENT_RULES), file


@pytest.mark.parametrize("expectation", EXPECTATIONS, ids=lambda e: e.file)
def test_document_length_is_realistic(expectation: Expectation) -> None:
    words = len(expectation.path.read_text(encoding="utf-8").split())
    assert 400 <= words <= 2500, f"{expectation.file}: {words} words"


@pytest.mark.parametrize("expectation", EXPECTATIONS, ids=lambda e: e.file)
def test_question_lines_are_questions(expectation: Expectation) -> None:
    lines = _lines(expectation)
    assert list(expectation.questions) == sorted(set(expectation.questions))
    for number in expectation.questions:
        assert "?" in lines[number - 1], f"{expectation.file}:{number} is not a question"
    assert expectation.answer_not_first <= set(expectation.questions)


@pytest.mark.parametrize("expectation", EXPECTATIONS, ids=lambda e: e.file)
def test_ground_truth_is_consistent(expectation: Expectation) -> None:
    assert expectation.split in harness.SPLITS
    assert expectation.profile in PROFILES
    assert expectation.quality in {"strong", "mediocre", "weak"}
    assert all(value in VERDICT_VALUES for value in expectation.verdict.values())
    worst = max(RANK[expectation.verdict[part]] for part in VERDICT_PARTS[:3])
    # The overall verdict is never kinder than the worst sub-verdict.
    assert RANK[expectation.verdict["overall"]] >= worst
    if not expectation.internal_faq:
        # Topic rules fire only when an internal FAQ exists (S03 covers the rest).
        assert not any(expectation.fires[code] for code in TOPIC_RULES)
    lines = _lines(expectation)
    for clear in expectation.clear:
        assert re.fullmatch(r"[A-Z]\d\d", clear.code)
        if clear.line is not None:
            assert 1 <= clear.line <= len(lines)


def test_set_is_varied() -> None:
    assert Counter(e.quality for e in EXPECTATIONS).keys() == {"strong", "mediocre", "weak"}
    assert min(Counter(e.quality for e in EXPECTATIONS).values()) >= 5
    profiles = Counter(e.profile for e in EXPECTATIONS)
    assert set(profiles) == set(PROFILES)
    assert profiles["internal-initiative"] >= 3 and profiles["dev-tool"] >= 3
    # Every Q&A shape real documents use appears in several documents.
    shapes: Counter[str] = Counter()
    for expectation in EXPECTATIONS:
        lines = _lines(expectation)
        seen = set()
        for number in expectation.questions:
            line = lines[number - 1]
            if line.startswith("#"):
                seen.add("heading")
            if line.startswith("**"):
                seen.add("bold")
            if re.match(r"(\*\*)?Q:", line) or re.match(r"#+ Q:", line):
                seen.add("Q:/A:")
            if re.match(r"(\*\*)?[A-Z]\d+\. ", line) or re.match(r"#+ \d+\. ", line):
                seen.add("numbered label")
        shapes.update(seen)
    assert all(shapes[shape] >= 3 for shape in ("heading", "bold", "Q:/A:", "numbered label"))


def test_every_measured_rule_has_positives_and_negatives() -> None:
    for code in harness.DOCUMENT_RULES:
        due = sum(e.fires[code] for e in EXPECTATIONS)
        assert 5 <= due <= len(EXPECTATIONS) - 5, code
    flagged = sum(len(e.answer_not_first) for e in EXPECTATIONS)
    questions = sum(len(e.questions) for e in EXPECTATIONS)
    assert flagged >= 20 and questions - flagged >= 100


# --- the scoring arithmetic, on hand-built outcomes -------------------------------------------


def _expectation(file: str, fires: dict[str, bool], questions: tuple[int, ...], anf: set[int]):
    return Expectation(
        file=file,
        split="dev",
        profile="product",
        quality="weak",
        verdict=dict.fromkeys(VERDICT_PARTS, "ready"),
        internal_faq=True,
        fires={code: fires.get(code, False) for code in harness.DOCUMENT_RULES},
        questions=questions,
        answer_not_first=frozenset(anf),
        clear=(),
    )


def _finding(code: str, line: int) -> SimpleNamespace:
    return SimpleNamespace(code=code, line=line)


def _review(findings: list[SimpleNamespace], overall: str = "ready") -> SimpleNamespace:
    part = SimpleNamespace(status="needs work")
    verdict = SimpleNamespace(big_idea=part, should_we=part, plan_to_succeed=part, overall=overall)
    return SimpleNamespace(findings=findings, verdict=verdict)


def test_question_block_assigns_lines_to_the_preceding_question() -> None:
    questions = (10, 20, 30)
    assert harness.question_block(questions, 9) is None
    assert harness.question_block(questions, 10) == 10
    assert harness.question_block(questions, 11) == 10
    assert harness.question_block(questions, 29) == 20
    assert harness.question_block(questions, 500) == 30


def test_scores_count_document_and_question_outcomes() -> None:
    a = _expectation("a.md", {"C01": True}, (10, 20, 30), {20})
    b = _expectation("b.md", {"C07": True}, (5, 8), {5, 8})
    outcome_a = harness.outcome_from_review(
        a, _review([_finding("C01", 3), _finding("F02", 21), _finding("F02", 31)])
    )
    outcome_b = harness.outcome_from_review(
        b, _review([_finding("C01", 1), _finding("F02", 2), _finding("F02", 6)])
    )
    scores = harness.score_rules([a, b], [outcome_a, outcome_b])
    c01, c07, f02 = scores["C01"], scores["C07"], scores["F02"]
    assert (c01.tp, c01.fp, c01.fn, c01.tn) == (1, 1, 0, 0)
    assert (c07.tp, c07.fp, c07.fn, c07.tn) == (0, 0, 1, 1)
    assert c01.precision == 0.5 and c01.recall == 1.0
    assert c07.precision is None and c07.recall == 0.0
    # a: 20 found (TP), 30 found (FP), 10 clean (TN); b: 5 found (TP), 8 missed (FN), and the
    # finding on line 2 is before any question (FP).
    assert (f02.tp, f02.fp, f02.fn, f02.tn) == (2, 2, 1, 1)
    assert f02.misses == ["b.md:8"]
    assert sorted(f02.false_alarms) == ["a.md:30", "b.md:outside-faq"]


def test_verdict_agreement_and_clear_findings() -> None:
    a = _expectation("a.md", {}, (), set())
    a = Expectation(**{**a.__dict__, "clear": (harness.ClearFinding("S14", 4),)})
    outcome = harness.outcome_from_review(a, _review([_finding("S14", 5)], overall="ready"))
    agreement = harness.verdict_agreement([a], [outcome])
    assert agreement["overall"] == (1, 1)
    assert agreement["big_idea"] == (0, 1)
    assert harness.missing_clear_findings(a, outcome) == [harness.ClearFinding("S14", 4)]
    table = harness.format_table(harness.score_rules([a], [outcome]), agreement)
    assert "answer-not-first" in table and "overall" in table


def test_score_rejects_misaligned_outcomes() -> None:
    a = _expectation("a.md", {}, (), set())
    other = Outcome(file="b.md", codes=frozenset(), lines_by_code={}, verdict={})
    with pytest.raises(ValueError, match=r"b\.md"):
        harness.score_rules([a], [other])
