"""Sections: which part of a PR/FAQ each block belongs to.

``press-release``, ``external-faq``, ``internal-faq`` or ``other`` (named in ``block.py``). Text
before the first FAQ heading is the press release. FAQ headings are recognised by their words
("FAQ", "Questions", "Q&A"; "internal", "stakeholder", "design", "maintainers"... make one internal,
"customer", "user" or a customer noun external); a heading followed by questions starts an FAQ; a
second unnamed FAQ after the customer's is the internal one. A title such as "Noda — PR/FAQ" does
not start an FAQ, nor does "Press release & frequently asked questions".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from backwards.prfaq import lexicon
from backwards.prfaq.block import EXTERNAL_FAQ, INTERNAL_FAQ, OTHER, PRESS_RELEASE, Block

__all__ = ["TITLE_FAQ", "Section", "assign_sections", "heading_kind"]

TITLE_FAQ = re.compile(
    r"\bPR\s*[/&-]?\s*FAQs?\b|"
    r"\bpress release\s*(?:and|&|\+|/)\s*(?:FAQ|frequently asked questions)",
    re.I,
)


@dataclass(slots=True)
class Section:
    """A run of blocks of one kind, started by ``heading`` (None for the implicit start)."""

    kind: str
    heading: Block | None
    blocks: list[Block] = field(default_factory=list)
    explicit: bool = False  # named by a heading that says which FAQ it is

    @property
    def line(self) -> int:
        if self.heading is not None:
            return self.heading.line
        return self.blocks[0].line if self.blocks else 1


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w&/' ]+", " ", text.lower()).split())


def heading_kind(text: str) -> tuple[str | None, bool]:
    """The section a heading starts (or None) and whether it names the FAQ kind explicitly."""
    if TITLE_FAQ.search(text):
        return None, False
    norm = _norm(text)
    if not norm or text.rstrip().endswith("?"):
        return None, False
    words = norm.split()
    if len(words) <= 7 and lexicon.pattern("structure.faq_headings").search(norm):
        if lexicon.pattern("structure.internal_markers").search(norm):
            return INTERNAL_FAQ, True
        if lexicon.pattern("structure.external_markers", "customer.customer_nouns").search(norm):
            return EXTERNAL_FAQ, True
        return EXTERNAL_FAQ, False
    if len(words) <= 3 and words[0] in ("internal", "stakeholder", "stakeholders", "leadership"):
        return INTERNAL_FAQ, True
    if len(words) <= 4:
        if norm in lexicon.words("structure.press_release_headings"):
            return PRESS_RELEASE, True
        if lexicon.pattern("structure.other_headings").search(norm):
            return OTHER, True
    return None, False


def _pseudo_heading(block: Block) -> bool:
    """A short plain or bold line that acts as a heading in plain-text documents."""
    if block.kind != "paragraph" or "\n" in block.source.strip() or block.words > 6:
        return False
    return not block.text.rstrip().endswith((".", "?", "!", ","))


_QUESTION_START = re.compile(r"^\s*(?:[*_]{2})?\s*(?:Q\s*\d*\s*[:.)]|[A-Z]{0,2}\d{1,3}[.)]\s)")


def _opens_questions(blocks: list[Block], index: int) -> bool:
    """True when the two prose blocks after ``blocks[index]`` start with a question."""
    after = [b for b in blocks[index + 1 : index + 6] if b.is_prose][:4]
    questions = 0
    for b in after:
        first = b.text.split("\n", 1)[0].strip()
        marked = b.kind == "heading" or b.source.lstrip()[:2] in ("**", "__")
        if (first.endswith("?") and marked) or _QUESTION_START.match(b.source):
            questions += 1
    return questions >= 2


def assign_sections(blocks: list[Block]) -> list[Section]:
    sections = [Section(PRESS_RELEASE, None)]
    start_level = 0  # level of the heading that started the current section
    for b in blocks:
        kind: str | None = None
        explicit = False
        is_head = b.kind == "heading" or _pseudo_heading(b)
        if is_head and not b.quoted:
            kind, explicit = heading_kind(b.text)
            level = b.level if b.kind == "heading" else 7
            current = sections[-1]
            if kind is None and current.kind != PRESS_RELEASE and current.heading is not None:
                kind = None
            if kind is not None:
                in_faq = current.kind in (EXTERNAL_FAQ, INTERNAL_FAQ)
                if (kind == PRESS_RELEASE and in_faq and level > start_level) or (
                    kind == OTHER and in_faq and level > start_level
                ):
                    kind = None
            if kind is None and level <= 2 and _opens_questions(blocks, b.index):
                kind, explicit = EXTERNAL_FAQ, False
            # A second, unnamed FAQ after the customer's one is the internal FAQ.
            if (
                kind == EXTERNAL_FAQ
                and not explicit
                and any(s.kind == EXTERNAL_FAQ for s in sections)
            ):
                kind, explicit = INTERNAL_FAQ, True
            if kind is not None:
                sections.append(Section(kind, b, explicit=explicit))
                start_level = level
        b.section = sections[-1].kind
        sections[-1].blocks.append(b)
    return [s for s in sections if s.blocks or s.heading is not None]
