"""Questions and answers: the Q&A pairs of the FAQ sections, in every shape documents use.

Shapes: headings ending in ``?``; bold questions (``**How much does it cost?**``); ``Q:`` /
``A:`` pairs (bold or not, ``Question:``/``Answer:`` too); numbered labels (``C1.``, ``I3)``,
``Q2:``) and numbered list items; plain short lines ending in ``?``. The answer is everything
after the question up to the next question or section.

A generic "FAQ" section in a document without an internal FAQ is split by question: questions in
the stakeholder's voice ("should we", "our risk", TAM, P&L, ...) count as internal when there are
three or more of them. Without any FAQ heading, three or more clearly marked questions start one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from backwards.prfaq import lexicon
from backwards.prfaq.block import EXTERNAL_FAQ, INTERNAL_FAQ, PRESS_RELEASE, Block
from backwards.prfaq.section import Section
from backwards.prfaq.sentence import Sentence, split

__all__ = ["QA", "extract"]

_LABEL = re.compile(
    r"^\s*(?:[*_]{2})?\s*(?:(?:Q(?:uestion)?\s*\d{0,3}|[A-Z]{1,3}\d{1,3}|\d{1,3})\s*[.):]|"
    r"Q(?:uestion)?\s*\d{0,3}\s*[—–-])\s*(?:[*_]{2})?\s*"
)
_ANSWER_LABEL = re.compile(
    r"^\s*(?:[*_]{2})?\s*(?:A(?:nswer)?\s*\d{0,3})\s*[.:)]\s*(?:[*_]{2})?\s*"
)
#: a question heading with a note after it: "Feasible? (blast radius)", "Why now? — timing"
_NOTED_QUESTION = re.compile(r"\?\s*(?:\([^()]*\)|[—–]\s*[^?]*)$")
_BOLD_Q = re.compile(r"^\s*(?:\*\*|__)(?P<q>[^\n]*?\?)\s*(?:\*\*|__)")


@dataclass(slots=True, eq=False)
class QA:
    """One question and its answer."""

    question: str
    block: Block
    offset: int  # where the question starts in ``block.text``
    shape: str  # heading | bold | label | item | plain
    section: str = EXTERNAL_FAQ
    answer: list[tuple[Block, int]] = field(default_factory=list)  # (block, start offset)
    _sentences: list[Sentence] | None = field(default=None, repr=False)

    @property
    def line(self) -> int:
        return self.block.position(self.offset)[0]

    @property
    def column(self) -> int:
        return self.block.position(self.offset)[1]

    @property
    def answer_text(self) -> str:
        return "\n".join(b.text[o:] for b, o in self.answer).strip()

    @property
    def answer_sentences(self) -> list[Sentence]:
        if self._sentences is None:
            self._sentences = self._split_answer()
        return self._sentences

    def _split_answer(self) -> list[Sentence]:
        out: list[Sentence] = []
        for b, o in self.answer:
            out.extend(s for s in split(b) if s.end > o)
        if out and self.answer and out[0].block is self.answer[0][0]:
            first = out[0]
            o = self.answer[0][1]
            if first.start < o:
                text = first.block.text[o : first.end].strip()
                if text:
                    lead = len(first.block.text[o : first.end]) - len(
                        first.block.text[o : first.end].lstrip()
                    )
                    out[0] = Sentence(first.block, o + lead, first.end, text)
                else:
                    out.pop(0)
        return out


def _question_in(block: Block, faq: bool) -> tuple[str, int, int, str] | None:
    """(question, start, end of question in text, shape) when ``block`` opens a question."""
    text = block.text
    first_line = text.split("\n", 1)[0]
    if block.kind == "heading":
        m = _LABEL.match(block.source)
        q = first_line.strip()
        if q.endswith("?") or _NOTED_QUESTION.search(q) or m:
            return q, len(first_line) - len(first_line.lstrip()), len(first_line), "heading"
        return None
    if block.kind not in ("paragraph", "item"):
        return None
    m = _BOLD_Q.match(block.source)
    if m:
        q = block.text[: m.end()].strip()
        return q, m.start("q"), m.end(), "bold"
    m = _LABEL.match(block.source)
    if m and not _ANSWER_LABEL.match(block.source):
        rest = first_line[m.end() :]
        inline_answer = re.search(r"\s(?:[*_]{2})?A(?:nswer)?\s*[:.]", block.source[m.end() :])
        if rest.strip().endswith("?") or block.source.lstrip().upper().startswith("Q"):
            end = len(first_line)
            if (
                inline_answer
                and "\n" not in block.source[m.end() : m.end() + inline_answer.start()]
            ):
                end = m.end() + inline_answer.start()
            return first_line[m.end() : end].strip(), m.end(), end, "label"
    if faq and first_line.rstrip().endswith("?") and len(first_line.split()) <= 40:
        shape = "item" if block.kind == "item" else "plain"
        return (
            first_line.strip(),
            len(first_line) - len(first_line.lstrip()),
            len(first_line),
            shape,
        )
    return None


def _answer_start(block: Block, offset: int) -> int:
    rest = block.source[offset:]
    m = _ANSWER_LABEL.match(rest.lstrip("\n "))
    skipped = len(rest) - len(rest.lstrip("\n "))
    return offset + skipped + (m.end() if m else 0)


def extract(blocks: list[Block], sections: list[Section]) -> list[QA]:
    """Every Q&A pair of a document's blocks (and the generic-FAQ split described above)."""
    has_faq = any(b.section in (EXTERNAL_FAQ, INTERNAL_FAQ) for b in blocks)
    if not has_faq:
        _promote_question_run(blocks, sections)
    out: list[QA] = []
    current: QA | None = None
    for b in blocks:
        in_faq = b.section in (EXTERNAL_FAQ, INTERNAL_FAQ)
        if not in_faq:
            current = None
            continue
        found = _question_in(b, faq=True)
        if found is not None:
            q, start, end, shape = found
            current = QA(q, b, start, shape, section=b.section)
            out.append(current)
            if len(b.text[end:].strip()) > 0:
                current.answer.append((b, _answer_start(b, end)))
            continue
        if current is None:
            continue
        if b.kind == "heading" and b.level <= current.block.level and current.shape == "heading":
            current = None
            continue
        if b.kind in ("paragraph", "item"):
            current.answer.append((b, _answer_start(b, 0)))
    _split_generic(sections, out)
    return out


def _promote_question_run(blocks: list[Block], sections: list[Section]) -> None:
    """Without an FAQ heading, three clearly marked questions start an external FAQ."""
    marked = [
        b
        for b in blocks
        if b.section == PRESS_RELEASE
        and (found := _question_in(b, faq=False)) is not None
        and found[3] in ("heading", "bold", "label")
    ]
    if len(marked) < 3:
        return
    first = marked[0].index
    for b in blocks[first:]:
        if b.section == PRESS_RELEASE:
            b.section = EXTERNAL_FAQ
    for s in sections:
        if s.kind == PRESS_RELEASE and s.blocks and s.blocks[-1].index >= first:
            s.blocks = [b for b in s.blocks if b.index < first]


def _split_generic(sections: list[Section], qas: list[QA]) -> None:
    if any(s.kind == INTERNAL_FAQ for s in sections):
        return
    generic = [qa for qa in qas if qa.section == EXTERNAL_FAQ and not _explicit(sections, qa.block)]
    internal = [
        qa for qa in generic if lexicon.pattern("topics.internal_voice").search(qa.question)
    ]
    if len(internal) < 3:
        return
    for qa in internal:
        qa.section = INTERNAL_FAQ
        qa.block.section = INTERNAL_FAQ
        for b, _ in qa.answer:
            b.section = INTERNAL_FAQ


def _explicit(sections: list[Section], block: Block) -> bool:
    for s in sections:
        if block in s.blocks:
            return s.explicit
    return False
