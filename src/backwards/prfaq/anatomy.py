"""The anatomy of the press release: title, subheading, lede and problem paragraphs.

Computed once per document (``anatomy(doc)``) and shared by the rules that need them.

The problem detector: a paragraph is the problem when it is labelled ("The problem", a
"Problem" heading, a "Today:" lead-in) and carries at least one pain cue, or when it carries
enough pain cues on its own (strong cues count 2, weak cues 1; 4 or more with a strong one).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from backwards.prfaq import lexicon
from backwards.prfaq.document import PRESS_RELEASE, Block, Document
from backwards.prfaq.quantity import has_measure
from backwards.prfaq.section import TITLE_FAQ

__all__ = ["Anatomy", "anatomy", "customer_side", "problem_score"]

_ANNOUNCE_TODAY = re.compile(
    r"\b(?:announced|announces|launched|launches|available|starting|from|introduced|introduces|"
    r"released|releases|unveiled|unveils)\s+(?:\w+\s+){0,2}today\b|\btoday\s*,?\s*(?:(?:[A-Z]\w+|we|"
    r"our\s+\w+)\s+){0,3}(?:are\s+|is\s+)?(?:(?:proud|excited|happy|thrilled)\s+to\s+)?"
    r"(?:announc\w*|launch\w*|introduc\w*|releas\w*|unveil\w*)",
    re.I,
)
_DATELINE_ONLY = re.compile(r"^[A-Z][A-Za-z .'-]+,(?:\s*[A-Z][A-Za-z.]*)?\s*[—–-]")
# A dateline before the lede: "LEEDS, March 2, 2028 - ", "[CITY, STATE] — [DATE] — ".
_DATELINE_PART = re.compile(r"^\W*([^.!?]{2,60}?)\s[—–-]{1,2}\s")
# A line in the headline's place that is not a headline: a release note, a status, a label.
_NOT_A_HEADLINE = re.compile(
    r"(?i)^\W*(?:for (?:immediate|worldwide|release)\b|embargo|press release\b|status\b|"
    r"draft\b|pr\s*[/&-]?\s*faq\b|prfaq\b|title:|headline:?\s*$|"
    r"(?:[\w-]+\s+){0,3}press release(?:\s*\(draft\))?\s*$)"
)
# A template slot or prompt left in place of the text ("TBD - what customer problem ...").
_UNFILLED = re.compile(
    r"^\W*(?:TBD|TBA|TODO|X{3,}|\[[^\]]{0,60}\])(?:\W|$)|^\W*(?:Describe|Explain|Write|Insert|"
    r"Summari[sz]e|State|List)\s+(?:the|a|an|your|what|who|how|why)\b"
)
# A paragraph that turns from the problem to the solution: "Now you can.", "Now, owners ...",
# "That changes today", "Enter Falcon", "With Falcon, ...".
_SOLUTION_TURN = re.compile(
    r"^\W*(?:(?i:now\s*,|now\s+(?:you|they|we|\w+s)\s+can\b|th(?:at|is) changes\b)|"
    r"(?:Enter|With)\s+[A-Z][\w-]+\s*,)"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“0-9])")
_BUILDER_START = re.compile(r"^\W*(?:we|our|us)\b", re.I)
# Today's alternatives and why they fail: "Most Markdown editors force a choice", "Existing
# tools lack ...". A problem told through the alternatives is still the customer's problem.
_ALTERNATIVES_FAIL = re.compile(
    r"\b(?:most|existing|current|traditional|other|today's|typical|many)\s+(?:[\w-]+\s+){0,2}"
    r"(?:tools?|editors?|apps?|solutions?|options?|services?|platforms?|products?|libraries|"
    r"approaches|systems?|vendors?)\b[^.]{0,80}?\b(?:lacks?|forces?|force|requires?|don't|"
    r"do not|doesn't|fails?|can't|cannot|miss\w*|either|bury|hold)\b",
    re.I,
)
# Frequency and scale cues: how often or how many customers the pain hits.
_FREQUENCY = re.compile(
    r"\b(?:one|two|three|four|\d+)\s+in\s+(?:two|three|four|five|six|seven|eight|nine|ten|"
    r"twenty|fifty|a hundred|\d+)\b|\b\d+(?:\.\d+)?\s*(?:%|percent)\s+of\b|\bon average\b|"
    r"\b\d+\s+times\s+an?\s+(?:day|week|month|year)\b",
    re.I,
)


@dataclass(slots=True)
class Anatomy:
    title: Block | None = None
    subheading: Block | None = None
    lede: Block | None = None
    problems: list[Block] = field(default_factory=list)
    solution_start: int | None = None  # block index of the first solution label
    pr_paragraphs: list[Block] = field(default_factory=list)


_PRODUCT_MENTION = re.compile(
    r"\b(?:the|our|this|the new)\s+(?:app|product|tool|platform|service|device|system|"
    r"software|feature|solution)\b",
    re.I,
)


# A sentence that claims the improvement, not the pain: "90% reduction in time spent",
# "This eliminates the manual export", "saves owners 3 hours".
_IMPROVEMENT = re.compile(
    r"\b\d+(?:\.\d+)?\s*(?:%|percent|x|times)\s+(?:reduction|less|fewer|faster|lower|cheaper|"
    r"decrease|drop|saving)|\breduction in\b|\beliminat\w*|\bsaves?\s+(?:\w+\s+){0,2}\d|"
    r"\bno more\b|\bcan expect\b",
    re.I,
)


def customer_side(text: str, names: frozenset[str] = frozenset()) -> str:
    """``text`` without its dateline and without the sentences that announce the product,
    speak as the builder ("We spent six years ...") or claim the improvement ("90% reduction
    in time spent"): what is left tells the customer's side."""
    text = text.strip()
    for _ in range(2):
        m = _DATELINE_PART.match(text)
        if m is None or not re.search(r"\d|\[|\b[A-Z]{3,}\b", m.group(1)):
            break
        text = text[m.end() :]
    kept, subjects = [], set(names)
    for sentence in _SENTENCE_END.split(text):
        first = sentence.split(maxsplit=1)[0] if sentence.strip() else ""
        if lexicon.pattern("structure.announcing").search(sentence):
            subjects.add(first)
        elif (
            not _BUILDER_START.match(sentence)
            and not _IMPROVEMENT.search(sentence)
            and first not in subjects
            and not _PRODUCT_MENTION.search(sentence)
        ):
            kept.append(sentence)
    return " ".join(kept)


_EVASIVE_MAX_WORDS = 25


def evasive(text: str) -> bool:
    """Text that says nothing yet: short, no number, and an evasive phrase ("We will work this
    out later", "TBD"; ``topics.evasive_answers``). Such a problem paragraph or FAQ answer
    counts as missing."""
    words = text.split()
    if not words or len(words) > _EVASIVE_MAX_WORDS or has_measure(text):
        return False
    return bool(lexicon.pattern("topics.evasive_answers").search(text))


def problem_score(text: str) -> tuple[int, bool]:
    """(score, has a strong cue) for pain cues in ``text``; a frequency ("one in five",
    "on average") counts as a strong cue."""
    text = _ANNOUNCE_TODAY.sub(" ", text)
    frequent = bool(_FREQUENCY.search(text) or _ALTERNATIVES_FAIL.search(text))
    strong = {
        m.group(0).lower() for m in lexicon.pattern("customer.problem_cues_strong").finditer(text)
    }
    weak = {
        m.group(0).lower() for m in lexicon.pattern("customer.problem_cues_weak").finditer(text)
    }
    return 2 * len(strong) + len(weak - strong) + 2 * frequent, bool(strong) or frequent


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


def _after_lead_in(block: Block) -> str:
    """The paragraph's text without its bold or "Label:" lead-in."""
    text = block.text.strip()
    if block.lead_in and text.startswith(block.lead_in):
        return text[len(block.lead_in) :].lstrip(" .:—–-")
    return text


def _solution_label(block: Block) -> bool:
    pat = lexicon.pattern("structure.solution_labels")
    if block.kind == "heading":  # the lexicon's patterns ignore case
        return pat.match(block.plain) is not None
    return block.lead_in is not None and pat.match(block.lead_in) is not None


def _is_problem(
    b: Block, heading: Block | None, solution_start: int | None, names: frozenset[str]
) -> bool:
    """A problem paragraph: labelled with a pain cue, rich in pain cues, or (before the
    solution) a customer-side part with a strong cue and a measure of pain, cost or frequency."""
    if _UNFILLED.match(b.text) or evasive(_after_lead_in(b)):
        return False
    score, strong = problem_score(b.text)
    if (_labelled(b, heading) and score >= 1) or (score >= 4 and strong and b.words >= 12):
        return True
    if solution_start is not None and b.index >= solution_start:
        return False
    side = customer_side(b.text, names)
    _, side_strong = problem_score(side)
    return side_strong and len(side.split()) >= 8 and has_measure(side)


def _headline(doc: Document) -> Block | None:
    """The document's headline, skipping "FOR IMMEDIATE RELEASE", a status note or a label
    for the next heading or bold line of the release. In a plain-text file, whose first
    paragraph may hold several short lines (a label, "FOR IMMEDIATE RELEASE", a dateline, the
    headline), the headline is the first line that reads as one."""
    title = doc.title
    if title is not None and not _NOT_A_HEADLINE.match(title.text):
        return title
    start = title.index if title is not None else -1
    release = lexicon.words("structure.press_release_headings")
    for b in doc.blocks:
        if b.index > start and b.kind == "heading" and b.plain.lower().strip() in release:
            start = b.index  # the headline is the first line under a "Press release" heading
            break
    for b in doc.blocks:
        if b.index <= start or not b.is_prose:
            continue
        src = b.source.strip()
        bold = src[:2] in ("**", "__") and src[-2:] in ("**", "__") and "\n" not in src
        if (b.kind == "heading" or bold) and not _NOT_A_HEADLINE.match(b.text):
            return b
        line = _headline_line(b)
        if line is not None:
            return line
        if b.kind == "paragraph" and b.words > 30:
            break
    return title


# A dateline on a line of its own: "Louisville, KY – March 10, 2026", "Luxembourg — February 2026".
_DATELINE_LINE = re.compile(r"^[^.!?]{0,50}\b(?:19|20)\d\d\W*$")


def _labels_release(line: str) -> bool:
    """A line that labels the document, notes the release or dates it (no headline)."""
    return bool(_NOT_A_HEADLINE.match(line) or TITLE_FAQ.search(line) or _DATELINE_LINE.match(line))


def _headline_line(b: Block) -> Block | None:
    """The line of a plain paragraph that reads as a headline (3-25 words, no closing
    punctuation), after lines that only label the document, note the release or date it;
    ``None`` when a line of prose comes first. A line of a longer paragraph is returned as a
    block of its own (same index, its own line and column)."""
    if b.kind != "paragraph" or b.quoted:
        return None
    rows = b.text.split("\n")
    for row, line in enumerate(rows):
        text = line.strip()
        if not text or _labels_release(text):
            continue
        words = len(text.split())
        if not 3 <= words <= 25 or text.endswith((".", "?", "!", ":", ",", ";")):
            return None
        if not all(_labels_release(rest.strip()) for rest in rows[row + 1 :] if rest.strip()):
            return None  # a hard-wrapped sentence goes on in the next line
        if len(rows) == 1:
            return b
        lead = len(line) - len(line.lstrip())
        column = b.columns[row] if row < len(b.columns) else 0
        return dataclasses.replace(
            b,
            source=b.source.split("\n")[row].strip(),
            text=text,
            line=b.line + row,
            end_line=b.line + row,
            columns=(column + lead,),
            lead_in=None,
        )
    return None


def _body_paragraph(b: Block, lede: Block | None) -> bool:
    """A paragraph of the body after the lede (not a bold headline or an italic subheading)."""
    after = lede is None or b.index > lede.index
    return after and b.words >= 12 and b.source.lstrip()[:1] not in ("*", "_", ">")


def _names(a: Anatomy) -> frozenset[str]:
    """Words that likely name the product: the title's first word and the subject of an
    announcing sentence in the lede."""
    found = set()
    if a.title is not None and a.title.text.split():
        found.add(a.title.text.split()[0].strip("`*_:"))
    if a.lede is not None:
        for sentence in _SENTENCE_END.split(a.lede.text):
            if lexicon.pattern("structure.announcing").search(sentence):
                m = re.search(r"(?:^|[—–-]\s)\s*([A-Z][\w-]+)(?=[^—–-]*$)", sentence)
                if m:
                    found.add(m.group(1))
    return frozenset(w for w in found if w[:1].isupper() and len(w) > 2)


def anatomy(doc: Document) -> Anatomy:
    """The parts of ``doc``'s press release (memoised on the document)."""
    cached = doc._cache.get("anatomy")
    if isinstance(cached, Anatomy):
        return cached
    a = Anatomy(title=_headline(doc))
    pr = [b for b in doc.prose(PRESS_RELEASE) if a.title is None or b.index > a.title.index]
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
    names = _names(a)
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
        first_word = b.text.split(maxsplit=1)[0] if b.text.strip() else ""
        turns = first_word in names and _body_paragraph(b, a.lede)
        if a.solution_start is None and (turns or _SOLUTION_TURN.match(b.text)):
            a.solution_start = b.index
        if _is_problem(b, heading, a.solution_start, names):
            a.problems.append(b)
    doc._cache["anatomy"] = a
    return a
