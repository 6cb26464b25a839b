"""The anatomy of the press release: title, subheading, lede and problem paragraphs.

Computed once per document (``anatomy(doc)``) and shared by the rules that need them.

The problem detector: a paragraph is the problem when it is labelled ("The problem", a
"Problem" heading, a "Today:" lead-in) and carries at least one pain cue, or when it carries
enough pain cues on its own (strong cues count 2, weak cues 1; 4 or more with a strong one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from backwards.prfaq import lexicon
from backwards.prfaq.document import PRESS_RELEASE, Block, Document
from backwards.prfaq.quantity import has_measure

__all__ = ["Anatomy", "anatomy", "problem_score"]

_ANNOUNCE_TODAY = re.compile(
    r"\b(?:announced|announces|launched|launches|available|starting|from|introduced|introduces|"
    r"released|releases|unveiled|unveils)\s+(?:\w+\s+){0,2}today\b|\btoday\s*,?\s*(?:[A-Z]\w+\s+)"
    r"{0,3}(?:announced|announces|launched|launches|introduced|introduces|released|unveiled)\b",
    re.I,
)
_ANNOUNCES = re.compile(
    r"\b(?:announc\w*|launch\w*|introduc\w*|unveil\w*|releas\w*|is available|are available)\b",
    re.I,
)
_DATELINE_ONLY = re.compile(r"^[A-Z][A-Za-z .'-]+,(?:\s*[A-Z][A-Za-z.]*)?\s*[—–-]")


@dataclass(slots=True)
class Anatomy:
    title: Block | None = None
    subheading: Block | None = None
    lede: Block | None = None
    problems: list[Block] = field(default_factory=list)
    solution_start: int | None = None  # block index of the first solution label
    pr_paragraphs: list[Block] = field(default_factory=list)


def problem_score(text: str) -> tuple[int, bool]:
    """(score, has a strong cue) for pain cues in ``text``."""
    text = _ANNOUNCE_TODAY.sub(" ", text)
    strong = {
        m.group(0).lower() for m in lexicon.pattern("customer.problem_cues_strong").finditer(text)
    }
    weak = {
        m.group(0).lower() for m in lexicon.pattern("customer.problem_cues_weak").finditer(text)
    }
    return 2 * len(strong) + len(weak - strong), bool(strong)


_LABEL_WORDS = re.compile(
    r"(?i)\b(?:problem|problems|challenge|pain|status quo|today|wrong|broken|why this matters|"
    r"why|the gap|before|struggle|frustration|cost of)\b"
)
_OPENS_WITH_TODAY = re.compile(
    r"^\W*(?:today|currently|right now|at the moment|until now|for years|these days)\b[ ,]",
    re.I,
)


def _labelled(block: Block, heading: Block | None) -> bool:
    """Labelled as the problem: a lead-in, a heading, or an opening 'Today, ...'."""
    if block.lead_in and _LABEL_WORDS.search(block.lead_in) and len(block.lead_in.split()) <= 6:
        return True
    if _OPENS_WITH_TODAY.match(block.text) and not _ANNOUNCE_TODAY.match(block.text):
        return True
    return (
        heading is not None
        and heading.kind == "heading"
        and len(heading.text.split()) <= 6
        and _LABEL_WORDS.search(heading.text) is not None
    )


def _solution_label(block: Block) -> bool:
    pat = lexicon.pattern("structure.solution_labels")
    if block.kind == "heading":
        return pat.match(block.plain.lower()) is not None
    return block.lead_in is not None and pat.match(block.lead_in.lower()) is not None


def anatomy(doc: Document) -> Anatomy:
    """The parts of ``doc``'s press release (memoised on the document)."""
    cached = doc._cache.get("anatomy")
    if isinstance(cached, Anatomy):
        return cached
    a = Anatomy(title=doc.title)
    pr = [
        b
        for b in doc.prose(PRESS_RELEASE)
        if b is not a.title and not (a.title is not None and b.index < a.title.index)
    ]
    a.pr_paragraphs = [b for b in pr if b.kind in ("paragraph", "item")]
    first = pr[0] if pr else None
    if first is not None and a.title is not None and first.words <= 40:
        src = first.source.strip()
        is_sub = first.kind == "heading" or (src[:1] in ("*", "_") and src[-1:] in ("*", "_"))
        if is_sub and not _DATELINE_ONLY.match(first.text.strip()):
            a.subheading = first
    for b in a.pr_paragraphs:
        if b is a.subheading or (b.quoted and b.words < 12):
            continue
        if b.words >= 12 and b.kind == "paragraph":
            a.lede = b
            break
    heading: Block | None = None
    for b in pr:
        if b.kind == "heading":
            heading = b
            if a.solution_start is None and _solution_label(b):
                a.solution_start = b.index
            continue
        if a.solution_start is None and _solution_label(b):
            a.solution_start = b.index
        if b is a.subheading or b.words < 8 or b.text.lstrip()[:1] in ('"', "“"):
            continue
        score, strong = problem_score(b.text)
        before_solution = a.solution_start is None or b.index < a.solution_start
        if (
            (_labelled(b, heading) and score >= 1)
            or (score >= 4 and strong and b.words >= 12)
            or (
                strong
                and before_solution
                and b is not a.lede
                and b.words >= 12
                and has_measure(b.text)
                and not _ANNOUNCES.search(b.text)
            )
        ):
            a.problems.append(b)
    doc._cache["anatomy"] = a
    return a
