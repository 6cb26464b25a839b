"""The verdict: the three questions reviewers ask, each answered ready / needs work / not ready.

* big idea: is the customer's problem real, specific and big enough?
* should we: is it something we should be doing, now, rather than something else?
* plan to succeed: are the economics, dependencies, hard parts and risks in view?

Each question has its rules (``Rule.question``): big idea - a problem paragraph (C01), a
quantified problem (C03), a market size (I02); should we - demand evidence (C11), why now (I06),
non-goals (I07), alternatives (I09); plan to succeed - economics (I01), dependencies (I03),
technical hurdles (I04), risks (I05), success metrics (I08). A sub-verdict is "not ready" when an
error is behind it (no problem paragraph, no internal FAQ) or three or more of its rules found a
gap, "needs work" with one or two, else "ready". Writing and presentation rules (language,
quotes, headline, answer-first) are listed as findings but never change a sub-verdict. The
overall verdict is the worst of the three, and any error anywhere (a template placeholder, say)
makes it "not ready". The 0-100 score is a secondary summary:
deductions per finding, weighted by group, never shown without the three answers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from backwards.findings import Finding, Severity

__all__ = ["NEEDS_WORK", "NOT_READY", "READY", "SubVerdict", "Verdict", "decide"]

READY = "ready"
NEEDS_WORK = "needs work"
NOT_READY = "not ready"
_RANK = {READY: 0, NEEDS_WORK: 1, NOT_READY: 2}
LABELS = {
    "big_idea": "Is it a big idea?",
    "should_we": "Should we be doing it?",
    "plan_to_succeed": "Is there a plan to succeed?",
}
_DEDUCTION = {Severity.ERROR: 12, Severity.WARNING: 4, Severity.INFO: 1}
_GROUP_CAP = {"C": 30, "I": 25, "S": 15, "F": 10, "Q": 5, "X": 5, "L": 10}


@dataclass(frozen=True, slots=True)
class SubVerdict:
    """One of the three answers, with the findings behind it."""

    question: str
    status: str
    findings: tuple[Finding, ...]

    @property
    def label(self) -> str:
        return LABELS[self.question]

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "label": self.label,
            "status": self.status,
            "findings": [f"{f.code}:{f.line}" for f in self.findings],
        }


@dataclass(frozen=True, slots=True)
class Verdict:
    big_idea: SubVerdict
    should_we: SubVerdict
    plan_to_succeed: SubVerdict
    overall: str
    score: int

    @property
    def parts(self) -> tuple[SubVerdict, SubVerdict, SubVerdict]:
        return (self.big_idea, self.should_we, self.plan_to_succeed)

    def to_dict(self) -> dict[str, Any]:
        return {
            "overall": self.overall,
            "score": self.score,
            **{p.question: p.to_dict() for p in self.parts},
        }


def _status(findings: Sequence[Finding]) -> str:
    if any(f.severity is Severity.ERROR for f in findings):
        return NOT_READY
    gaps = len({f.code for f in findings})
    if gaps >= 3:
        return NOT_READY
    return NEEDS_WORK if gaps else READY


def decide(findings: Sequence[Finding], questions: Mapping[str, Sequence[str]]) -> Verdict:
    """The verdict for ``findings``; ``questions`` maps a rule code to the questions it informs."""
    parts = []
    for q in LABELS:
        behind = tuple(f for f in findings if q in questions.get(f.code, ()))
        parts.append(SubVerdict(q, _status(behind), behind))
    overall = max((p.status for p in parts), key=_RANK.__getitem__)
    if any(f.severity is Severity.ERROR for f in findings):
        overall = NOT_READY
    lost: dict[str, int] = {}
    for f in findings:
        group = f.code[:1]
        lost[group] = lost.get(group, 0) + _DEDUCTION[f.severity]
    score = 100 - sum(min(v, _GROUP_CAP.get(g, 10)) for g, v in lost.items())
    return Verdict(parts[0], parts[1], parts[2], overall, max(0, score))
