"""Precision and recall of the PR/FAQ review engine on our hand-written evaluation set.

The set is ``docs/*.md`` (PR/FAQs written for this purpose) and ``expected.yaml`` (the ground
truth a human reviewer wrote from the rule catalogue before running the engine). Documents are in
three splits: ``dev`` (written first; the engine's authors saw them and the first results),
``holdout`` (written later and kept from them) and ``fresh`` (written last, after bug reports drawn
from the holdout had been sent), so that some figures are not tuned. This module
loads both, runs :func:`backwards.prfaq.review_text` on every document with its profile, and
scores the engine:

* document level for C01 ``problem-missing``, C07 ``skills-forward-phrasing`` and the internal-FAQ
  topic rules I01-I09: a document is a true positive when the rule should fire and does;
* question level for F02 ``answer-not-first``: each F02 finding is assigned to the FAQ question
  whose block (from its question line to the next question line) holds the finding's line; a
  question is a true positive when it is expected and has a finding; findings outside every
  question block count as false positives;
* verdict agreement: the share of documents whose big idea / should we / plan to succeed /
  overall verdict equals the expected one.

Run it from the repository root to print the table (``--details`` lists every disagreement)::

    python -m tests.prfaq.eval.harness
    python -m tests.prfaq.eval.harness --details
    python -m tests.prfaq.eval.harness --split holdout
    python -m tests.prfaq.eval.harness --questions   # also question extraction

Scoring is pure (``score_rules``, ``verdict_agreement``) so that it is tested on its own; only
``run_engine`` imports the engine.
"""

from __future__ import annotations

import argparse
import bisect
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

EVAL_DIR = Path(__file__).resolve().parent
DOCS_DIR = EVAL_DIR / "docs"
EXPECTED_PATH = EVAL_DIR / "expected.yaml"

TOPIC_RULES = tuple(f"I0{n}" for n in range(1, 10))
DOCUMENT_RULES = ("C01", "C07", *TOPIC_RULES)
QUESTION_RULE = "F02"
MEASURED_RULES = (*DOCUMENT_RULES, QUESTION_RULE)
RULE_NAMES = {
    "C01": "problem-missing",
    "C07": "skills-forward-phrasing",
    "F02": "answer-not-first",
    "I01": "topic-economics",
    "I02": "topic-market-size",
    "I03": "topic-dependencies",
    "I04": "topic-technical-hurdles",
    "I05": "topic-risks",
    "I06": "topic-why-now-why-us",
    "I07": "topic-non-goals",
    "I08": "topic-success-metrics",
    "I09": "topic-alternatives",
}
VERDICT_PARTS = ("big_idea", "should_we", "plan_to_succeed", "overall")
VERDICT_VALUES = ("ready", "needs work", "not ready")
SPLITS = ("dev", "holdout", "fresh")
PROFILES = ("product", "internal-initiative", "dev-tool", "rfc")


@dataclass(frozen=True)
class ClearFinding:
    """A finding the reviewer is sure is due: a code, and a line when the place is certain."""

    code: str
    line: int | None = None


@dataclass(frozen=True)
class Expectation:
    """The ground truth for one document of the set."""

    file: str
    split: str
    profile: str
    quality: str
    verdict: Mapping[str, str]
    internal_faq: bool
    fires: Mapping[str, bool]
    questions: tuple[int, ...]
    answer_not_first: frozenset[int]
    clear: tuple[ClearFinding, ...]

    @property
    def path(self) -> Path:
        return DOCS_DIR / self.file


@dataclass(frozen=True)
class Outcome:
    """What the engine said about one document, reduced to what the scores need."""

    file: str
    codes: frozenset[str]
    lines_by_code: Mapping[str, frozenset[int]]
    verdict: Mapping[str, str]
    flagged_questions: frozenset[int] = frozenset()
    stray_f02: int = 0


@dataclass
class RuleScore:
    """Confusion counts for one rule and the precision and recall they give."""

    code: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        found = self.tp + self.fp
        return self.tp / found if found else None

    @property
    def recall(self) -> float | None:
        due = self.tp + self.fn
        return self.tp / due if due else None


def _expectation(file: str, raw: Mapping[str, Any]) -> Expectation:
    clear = tuple(ClearFinding(str(c["code"]), c.get("line")) for c in raw.get("clear") or ())
    return Expectation(
        file=file,
        split=str(raw["split"]),
        profile=str(raw["profile"]),
        quality=str(raw["quality"]),
        verdict={part: str(raw["verdict"][part]) for part in VERDICT_PARTS},
        internal_faq=bool(raw["internal_faq"]),
        fires={code: bool(raw["fires"][code]) for code in DOCUMENT_RULES},
        questions=tuple(int(n) for n in raw["questions"]),
        answer_not_first=frozenset(int(n) for n in raw["answer_not_first"]),
        clear=clear,
    )


def load_expectations(path: Path = EXPECTED_PATH, split: str | None = None) -> list[Expectation]:
    """Every document's ground truth (of one split, when given), in file-name order."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    every = [_expectation(file, data[file]) for file in sorted(data)]
    return [e for e in every if split is None or e.split == split]


def question_block(questions: Sequence[int], line: int) -> int | None:
    """The question line whose block holds ``line`` (None before the first question)."""
    index = bisect.bisect_right(questions, line) - 1
    return questions[index] if index >= 0 else None


def outcome_from_review(expectation: Expectation, review: Any) -> Outcome:
    """Reduce an engine ``Review`` to an ``Outcome``, assigning F02 findings to questions."""
    codes: set[str] = set()
    lines: dict[str, set[int]] = {}
    flagged: set[int] = set()
    stray = 0
    for finding in review.findings:
        codes.add(finding.code)
        if finding.line is not None:
            lines.setdefault(finding.code, set()).add(int(finding.line))
        if finding.code == QUESTION_RULE:
            block = question_block(expectation.questions, finding.line or 0)
            if block is None:
                stray += 1
            else:
                flagged.add(block)
    verdict = review.verdict
    return Outcome(
        file=expectation.file,
        codes=frozenset(codes),
        lines_by_code={code: frozenset(found) for code, found in lines.items()},
        verdict={
            "big_idea": verdict.big_idea.status,
            "should_we": verdict.should_we.status,
            "plan_to_succeed": verdict.plan_to_succeed.status,
            "overall": verdict.overall,
        },
        flagged_questions=frozenset(flagged),
        stray_f02=stray,
    )


ReviewFunction = Callable[..., Any]


def run_engine(
    expectations: Iterable[Expectation], review_text: ReviewFunction | None = None
) -> list[Outcome]:
    """Review every document with its profile and reduce the results to outcomes."""
    if review_text is None:
        from backwards.prfaq import review_text as engine_review_text

        review_text = engine_review_text
    outcomes = []
    for expectation in expectations:
        text = expectation.path.read_text(encoding="utf-8")
        review = review_text(text, path=expectation.file, profile=expectation.profile)
        outcomes.append(outcome_from_review(expectation, review))
    return outcomes


def score_rules(
    expectations: Sequence[Expectation], outcomes: Sequence[Outcome]
) -> dict[str, RuleScore]:
    """Precision/recall counts for every measured rule."""
    scores = {code: RuleScore(code) for code in MEASURED_RULES}
    for expectation, outcome in zip(expectations, outcomes, strict=True):
        if expectation.file != outcome.file:
            raise ValueError(f"outcome for {outcome.file} paired with {expectation.file}")
        for code in DOCUMENT_RULES:
            score, due, fired = scores[code], expectation.fires[code], code in outcome.codes
            if due and fired:
                score.tp += 1
            elif due:
                score.fn += 1
                score.misses.append(expectation.file)
            elif fired:
                score.fp += 1
                score.false_alarms.append(expectation.file)
            else:
                score.tn += 1
        f02 = scores[QUESTION_RULE]
        for question in expectation.questions:
            due = question in expectation.answer_not_first
            fired = question in outcome.flagged_questions
            where = f"{expectation.file}:{question}"
            if due and fired:
                f02.tp += 1
            elif due:
                f02.fn += 1
                f02.misses.append(where)
            elif fired:
                f02.fp += 1
                f02.false_alarms.append(where)
            else:
                f02.tn += 1
        f02.fp += outcome.stray_f02
        f02.false_alarms.extend([f"{expectation.file}:outside-faq"] * outcome.stray_f02)
    return scores


def verdict_agreement(
    expectations: Sequence[Expectation], outcomes: Sequence[Outcome]
) -> dict[str, tuple[int, int]]:
    """For each verdict part, (documents where the engine agrees, documents)."""
    agreement = {part: [0, 0] for part in VERDICT_PARTS}
    for expectation, outcome in zip(expectations, outcomes, strict=True):
        for part in VERDICT_PARTS:
            agreement[part][1] += 1
            if expectation.verdict[part] == outcome.verdict[part]:
                agreement[part][0] += 1
    return {part: (agree, total) for part, (agree, total) in agreement.items()}


def missing_clear_findings(expectation: Expectation, outcome: Outcome) -> list[ClearFinding]:
    """The clear findings the engine did not report (a line must match when one is given)."""
    missing = []
    for clear in expectation.clear:
        found_lines = outcome.lines_by_code.get(clear.code, frozenset())
        absent = clear.code not in outcome.codes
        if absent or (clear.line is not None and clear.line not in found_lines):
            missing.append(clear)
    return missing


def question_extraction(expectations: Sequence[Expectation]) -> RuleScore:
    """How many of the FAQ questions the engine's parser finds (by line), and what else it finds.

    Uses the engine's internal document model (``backwards.prfaq.document.parse``), which is not
    public API; it is a diagnostic for ``--questions``, not a tested figure.
    """
    from backwards.prfaq.document import parse

    score = RuleScore("Q&A")
    for expectation in expectations:
        document = parse(expectation.path.read_text(encoding="utf-8"), expectation.file)
        found = {int(qa.line) for qa in document.questions}
        due = set(expectation.questions)
        score.tp += len(found & due)
        score.fp += len(found - due)
        score.fn += len(due - found)
        score.misses.extend(f"{expectation.file}:{n}" for n in sorted(due - found))
        score.false_alarms.extend(f"{expectation.file}:{n}" for n in sorted(found - due))
    return score


def _ratio(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:5.2f}"


def format_table(scores: Mapping[str, RuleScore], agreement: Mapping[str, tuple[int, int]]) -> str:
    """The plain-text report: one row per rule, then verdict agreement."""
    rows = [
        f"{'rule':<4} {'name':<26} {'TP':>3} {'FP':>3} {'FN':>3} {'TN':>4} {'prec':>5} {'rec':>5}"
    ]
    for code in MEASURED_RULES:
        s = scores[code]
        rows.append(
            f"{code:<4} {RULE_NAMES[code]:<26} {s.tp:>3} {s.fp:>3} {s.fn:>3} {s.tn:>4} "
            f"{_ratio(s.precision)} {_ratio(s.recall)}"
        )
    rows.append("")
    rows.append(f"{'verdict part':<16} {'agree':>5} {'of':>3} {'share':>6}")
    for part in VERDICT_PARTS:
        agree, total = agreement[part]
        share = agree / total if total else 0.0
        rows.append(f"{part:<16} {agree:>5} {total:>3} {share:>6.2f}")
    return "\n".join(rows)


def format_details(
    expectations: Sequence[Expectation],
    outcomes: Sequence[Outcome],
    scores: Mapping[str, RuleScore],
) -> str:
    """Every disagreement, to read when a figure moves."""
    lines = []
    for code in MEASURED_RULES:
        s = scores[code]
        if s.misses:
            lines.append(f"{code} missed: {', '.join(s.misses)}")
        if s.false_alarms:
            lines.append(f"{code} false alarms: {', '.join(s.false_alarms)}")
    for expectation, outcome in zip(expectations, outcomes, strict=True):
        for part in VERDICT_PARTS:
            want, got = expectation.verdict[part], outcome.verdict[part]
            if want != got:
                lines.append(f"verdict {expectation.file} {part}: expected {want!r}, got {got!r}")
        for clear in missing_clear_findings(expectation, outcome):
            where = f" line {clear.line}" if clear.line is not None else ""
            lines.append(f"clear finding missing: {expectation.file} {clear.code}{where}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.prfaq.eval.harness",
        description="Precision and recall of the PR/FAQ review engine on the evaluation set.",
    )
    parser.add_argument("--details", action="store_true", help="list every disagreement")
    parser.add_argument(
        "--split", choices=SPLITS, help="only the documents of this split (default: all)"
    )
    parser.add_argument(
        "--questions",
        action="store_true",
        help="also measure question extraction (uses the engine's internal document model)",
    )
    args = parser.parse_args(argv)
    expectations = load_expectations(split=args.split)
    outcomes = run_engine(expectations)
    scores = score_rules(expectations, outcomes)
    questions = sum(len(e.questions) for e in expectations)
    which = f"{args.split} split" if args.split else "all splits"
    print(f"{len(expectations)} documents ({which}), {questions} FAQ questions")
    print(format_table(scores, verdict_agreement(expectations, outcomes)))
    if args.questions:
        qa = question_extraction(expectations)
        print(
            f"\nquestions found: {qa.tp} of {qa.tp + qa.fn} "
            f"(precision {_ratio(qa.precision).strip()}, recall {_ratio(qa.recall).strip()})"
        )
        if args.details and (qa.misses or qa.false_alarms):
            print(f"questions missed: {qa.misses}; not questions: {qa.false_alarms}")
    if args.details:
        print()
        print(format_details(expectations, outcomes, scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
