"""The verdict: the three questions reviewers ask, each answered ready / needs work / not ready.

* big idea: is the customer's problem real, specific and big enough?
* should we: is it something we should be doing, now, rather than something else?
* plan to succeed: are the economics, dependencies, hard parts and risks in view?

Each question has its rules (``Rule.question``): big idea - a problem paragraph (C01), a
quantified problem (C03), a market size (I02); should we - demand evidence (C11), why now (I06),
non-goals (I07), alternatives (I09); plan to succeed - economics (I01), dependencies (I03),
technical hurdles (I04), risks (I05), success metrics (I08). A sub-verdict is "not ready" when
an error is behind it (no problem paragraph, no internal FAQ) or three or more of its warning
rules found a gap; "needs work" with any other gap, else "ready". Advisory (info) gaps never
make "not ready": on the public set's tuning half, a C11 warning plus three info gaps sank
strong documents. Writing and presentation rules (language, quotes, headline, answer-first) are
listed as findings but never change a sub-verdict. The overall verdict is the worst of the
three, and any other error anywhere makes it "not ready".

Template leftovers (S14) are not a judgement of the idea: they set the separate ``circulate``
flag to "not ready to circulate" and leave the three answers alone. Document-type findings come
first: S15 makes the overall verdict "not a PR/FAQ", S16 "not English: reviewed for structure
only". The 0-100 score is a secondary summary: one deduction per rule (its worst severity, so a
rule that fires forty times costs what it costs once), capped per group, never shown without the
three answers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from backwards.findings import Finding, Severity

__all__ = [
    "NEEDS_WORK",
    "NOT_A_PRFAQ",
    "NOT_ENGLISH",
    "NOT_READY",
    "READY",
    "SubVerdict",
    "Verdict",
    "decide",
]

READY = "ready"
NOT_A_PRFAQ = "not a PR/FAQ"
NOT_ENGLISH = "not English: reviewed for structure only"
NOT_READY_TO_CIRCULATE = "not ready to circulate"
READY_TO_CIRCULATE = "ready to circulate"
#: Leftovers (template residue): they say the draft cannot be sent round yet, not that the idea
#: is weak, so they set the separate ``circulate`` flag instead of the overall verdict.
_LEFTOVERS = frozenset({"S14"})
#: Document-type findings that replace the overall verdict (rules/doctype.py).
_DOCUMENT_TYPE = {"S15": NOT_A_PRFAQ, "S16": NOT_ENGLISH}
NEEDS_WORK = "needs work"
NOT_READY = "not ready"
_RANK = {READY: 0, NEEDS_WORK: 1, NOT_READY: 2}
LABELS = {
    "big_idea": "Is it a big idea?",
    "should_we": "Should we be doing it?",
    "plan_to_succeed": "Is there a plan to succeed?",
}
_DEDUCTION = {Severity.ERROR: 12, Severity.WARNING: 4, Severity.INFO: 1}
#: Most a group can cost. Chosen on the tuning half of the public set (docs/prfaq-evaluation.md):
#: the writing groups (L, X, Q) do not separate strong from weak documents there, so they weigh
#: little; problem, internal-FAQ and structure findings carry the score.
_GROUP_CAP = {"C": 40, "I": 40, "S": 40, "F": 5, "Q": 2, "X": 1, "L": 2}


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
    circulate: str = READY_TO_CIRCULATE

    @property
    def parts(self) -> tuple[SubVerdict, SubVerdict, SubVerdict]:
        return (self.big_idea, self.should_we, self.plan_to_succeed)

    @property
    def scored(self) -> bool:
        """Whether the score means anything: a file that is not a PR/FAQ is not scored."""
        return self.overall != NOT_A_PRFAQ

    def to_dict(self) -> dict[str, Any]:
        return {
            "overall": self.overall,
            "score": self.score if self.scored else None,
            "circulate": self.circulate,
            **{p.question: p.to_dict() for p in self.parts},
        }


def _status(findings: Sequence[Finding]) -> str:
    if any(f.severity is Severity.ERROR and f.code not in _LEFTOVERS for f in findings):
        return NOT_READY
    gaps = len({f.code for f in findings})
    if len({f.code for f in findings if f.severity >= Severity.WARNING}) >= 3:
        return NOT_READY
    return NEEDS_WORK if gaps else READY


def decide(findings: Sequence[Finding], questions: Mapping[str, Sequence[str]]) -> Verdict:
    """The verdict for ``findings``; ``questions`` maps a rule code to the questions it informs."""
    parts = []
    for q in LABELS:
        behind = tuple(f for f in findings if q in questions.get(f.code, ()))
        parts.append(SubVerdict(q, _status(behind), behind))
    overall = max((p.status for p in parts), key=_RANK.__getitem__)
    if any(f.severity is Severity.ERROR and f.code not in _LEFTOVERS for f in findings):
        overall = NOT_READY
    leftovers = any(f.code in _LEFTOVERS for f in findings)
    circulate = NOT_READY_TO_CIRCULATE if leftovers else READY_TO_CIRCULATE
    for f in findings:
        if f.code in _DOCUMENT_TYPE:
            overall = _DOCUMENT_TYPE[f.code]
            break
    lost: dict[str, int] = {}
    worst: dict[str, Finding] = {}
    for f in findings:
        if f.code not in worst or f.severity > worst[f.code].severity:
            worst[f.code] = f
    for f in worst.values():
        group = f.code[:1]
        lost[group] = lost.get(group, 0) + _DEDUCTION[f.severity]
    score = 100 - sum(min(v, _GROUP_CAP.get(g, 10)) for g, v in lost.items())
    return Verdict(parts[0], parts[1], parts[2], overall, max(0, score), circulate)
