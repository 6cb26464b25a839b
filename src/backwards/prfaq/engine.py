"""The review engine: parse a document, run a rule plan, apply suppressions, decide the verdict.

``run_plan`` reviews one text under a ``RulePlan`` (see ``plan.py``); ``review_text`` plans and
reviews one text; ``run_paths`` reviews many files under one plan, using worker processes
(``jobs``) when there are enough documents to pay for them. The front door is ``reviews.py``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backwards.findings import Finding, Severity, sort_findings
from backwards.page import iframe_srcdoc, render_page
from backwards.prfaq.document import parse
from backwards.prfaq.plan import RulePlan, plan
from backwards.prfaq.source import read_source
from backwards.prfaq.suppression import parse_suppressions
from backwards.prfaq.verdict import Verdict, decide

__all__ = ["Review", "review_text", "run_paths", "run_plan", "top_findings"]

_PAGE = "backwards.prfaq/review.html.j2"  # templates/review.html.j2 in this package


@dataclass(frozen=True, slots=True)
class Review:
    """The result of reviewing one document."""

    path: str
    profile: str
    findings: list[Finding]
    verdict: Verdict
    suppressed: int = 0
    words: int = 0
    lines: tuple[str, ...] = field(default=(), repr=False)

    def top(self, n: int = 3) -> list[Finding]:
        """The ``n`` findings a writer should fix first (see :func:`top_findings`)."""
        return top_findings(self.findings, n)

    def to_html(self) -> str:
        """The review as a self-contained HTML page: the verdict, then every finding."""
        return render_page(_PAGE, title=f"PR/FAQ review: {self.path}", review=self)

    def _repr_html_(self) -> str:
        """How a notebook shows a review: the page in a sandboxed iframe (its policy kept)."""
        return iframe_srcdoc(self.to_html(), title=f"PR/FAQ review: {self.path}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.path,
            "profile": self.profile,
            "words": self.words,
            "verdict": self.verdict.to_dict(),
            "findings": [f.to_dict() for f in self.findings],
            "suppressed": self.suppressed,
        }


#: how substantive a rule group is: the problem, structure and internal FAQ before the customer
#: FAQ, quotes and solution wording, and those before language and style
_GROUP_WEIGHT = {"S": 0, "C": 0, "I": 0, "F": 1, "X": 1, "Q": 1, "L": 2}


def top_findings(findings: Sequence[Finding], n: int = 3) -> list[Finding]:
    """The ``n`` most important findings, one per rule: the most severe first, then the most
    substantive rule group (problem, structure and internal FAQ before customer FAQ, quotes,
    solution wording and language), then document order. A rule that fires ten times still
    takes one place."""
    ranked = sorted(
        findings,
        key=lambda f: (
            -f.severity.rank,
            _GROUP_WEIGHT.get(f.code[:1], 1),
            f.line or 0,
            f.column or 0,
        ),
    )
    top: list[Finding] = []
    seen: set[str] = set()
    for f in ranked:
        if f.code not in seen:
            seen.add(f.code)
            top.append(f)
        if len(top) == n:
            break
    return top


def run_plan(text: str, path: str, p: RulePlan, today: dt.date | None = None) -> Review:
    """Review ``text`` (read from ``path``) under the rule plan ``p``."""
    doc = parse(text, path)
    _ = doc.questions  # settles the generic-FAQ split before rules read sections
    found: list[Finding] = []
    for rule, severity, opts in p.rules:
        run_opts = {**opts, "today": today} if rule.code == "S08" else opts
        for hit in rule.check(doc, run_opts):
            found.append(
                Finding(
                    code=rule.code,
                    name=rule.name,
                    severity=severity,
                    message=hit.message or rule.message,
                    file=path,
                    line=hit.line,
                    column=hit.column,
                    end_line=hit.end_line,
                    end_column=hit.end_column,
                    suggestion=hit.suggestion,
                    section=hit.section or "other",
                    extra=dict(hit.extra),
                )
            )
    names = {r.code: r.name for r, _, _ in p.rules}
    kept, dropped = parse_suppressions(doc.lines).apply(found, names)
    kept = sort_findings(_for_document_type(kept))
    return Review(
        path,
        p.profile,
        kept,
        decide(kept, p.questions()),
        dropped,
        doc.word_count,
        tuple(doc.lines),
    )


#: structure findings that do not read English words: missing press release or FAQ, length,
#: template residue (and S16 itself)
_WORDLESS_STRUCTURE = frozenset({"S01", "S02", "S10", "S14", "S16"})


def _for_document_type(findings: list[Finding]) -> list[Finding]:
    """Findings that mean something for the document's type: a file that is not a PR/FAQ (S15)
    keeps only that finding; a PR/FAQ not in English (S16) keeps only the structure findings
    that do not depend on English words (no FAQ, too long, template residue). Which FAQ is
    internal, what makes a headline or a dateline are read from English words, and the word
    lists behind every other rule would only add noise."""
    codes = {f.code for f in findings}
    if "S15" in codes:
        return [f for f in findings if f.code == "S15"]
    if "S16" in codes:
        return [f for f in findings if f.code in _WORDLESS_STRUCTURE]
    return findings


def review_text(
    text: str,
    *,
    path: str = "<input>",
    profile: str = "product",
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    severity: Mapping[str, str | Severity] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    today: dt.date | None = None,
) -> Review:
    """Review one document given as text. ``today`` enables the past-launch-date check."""
    return run_plan(text, path, plan(profile, select, ignore, severity, options), today)


def _work(args: tuple[str, str, RulePlan, dt.date | None]) -> Review:
    return run_plan(*args)


def run_paths(
    paths: Sequence[Path | str],
    p: RulePlan,
    *,
    today: dt.date | None = None,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Review]:
    """Review many files under the rule plan ``p``, in ``jobs`` processes when there are many.

    Every file is read (and checked) first, so an unreadable file stops the run before any
    work. ``jobs`` defaults to the CPU count; ``progress(n)`` is called as each document is done.
    """
    texts = [(read_source(x), str(x)) for x in paths]
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(texts) < 8:
        out = []
        for t, name in texts:
            out.append(run_plan(t, name, p, today))
            if progress is not None:
                progress(1)
        return out
    import multiprocessing  # only when the files are many enough to share out

    ctx = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    with ctx.Pool(min(jobs, len(texts))) as pool:
        chunk = max(1, min(16, len(texts) // (jobs * 4)))
        results = []
        for r in pool.imap(_work, [(t, name, p, today) for t, name in texts], chunksize=chunk):
            results.append(r)
            if progress is not None:
                progress(1)
        return results
