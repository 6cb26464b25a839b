"""Document-type rules: is this an English PR/FAQ at all? Judged before anything else.

S15 ``not-a-prfaq`` fires on a file that is not a PR/FAQ: a guide about writing PR/FAQs, or a
text with no press-release shape and no FAQ. S16 ``not-english`` fires when too few of the words
are common English words. Either one changes the overall verdict to "not a PR/FAQ" or
"not English: reviewed for structure only" (see ``verdict.decide``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from backwards.prfaq.document import (
    EXTERNAL_FAQ,
    INTERNAL_FAQ,
    PRESS_RELEASE,
    Block,
    Document,
)
from backwards.prfaq.rule import Hit, Rule

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Our own list of very common English function words.
_ENGLISH = frozenset(
    {
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "we",
        "our",
        "you",
        "your",
        "they",
        "their",
        "he",
        "she",
        "his",
        "her",
        "not",
        "no",
        "can",
        "will",
        "would",
        "should",
        "could",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "if",
        "then",
        "than",
        "so",
        "what",
        "who",
        "when",
        "where",
        "why",
        "how",
        "which",
        "there",
        "here",
        "all",
        "any",
        "more",
        "most",
        "some",
        "each",
        "every",
        "into",
        "over",
        "after",
        "before",
        "about",
        "up",
        "out",
        "only",
    }
)
# Phrases of a text that explains how to write a PR/FAQ rather than being one.
_GUIDE = re.compile(
    r"\b(?:working backwards|(?:write|writing|writes|iterat\w+ on) (?:an? |the )?(?:internal )?"
    r"press release|press release (?:is|should|outline)|example outline|(?:the )?pr/?faq "
    r"(?:process|template|format|method)|product manager typically)\b",
    re.I,
)
# Phrases of a note about the state of a PR/FAQ (a hand-off, a status update) rather than one.
_NOTE = re.compile(
    r"\b(?:hand-?off|hand-?over|handing (?:it )?over|next steps?|open (?:items|questions|points)|"
    r"to-?dos?|action items|still (?:needs?|missing|to (?:write|do))|taking over|"
    r"not yet (?:written|done|started)|(?:first|rough|early) draft|picks? (?:this|it) up|"
    r"where (?:things|we) (?:are|stand))\b|\bstatus(?: update)?:",
    re.I,
)
#: A hand-off note is short: a PR/FAQ worth reviewing has more words than this.
_NOTE_MAX_WORDS = 400


def english_share(text: str) -> float:
    """The share of words that are common English function words (0.0 for no words)."""
    words = [w.lower() for w in _WORD.findall(text)]
    return sum(1 for w in words if w in _ENGLISH) / len(words) if words else 0.0


def _opening_and_prose(doc: Document) -> tuple[Block | None, str]:
    """The document's first block (where a document-type finding points) and all its prose."""
    first = next(iter(doc.blocks), None)
    return first, " ".join(b.text for b in doc.blocks if b.is_prose)


class NotAPrFaq(Rule):
    code = "S15"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        first, prose = _opening_and_prose(doc)
        if first is None:
            return
        cues = len(_GUIDE.findall(prose))
        faq = doc.has_section(INTERNAL_FAQ) or doc.has_section(EXTERNAL_FAQ)
        notes = len(_NOTE.findall(prose))
        if cues >= int(opts["guide_cues"]) and len(doc.questions) < 3:
            yield self.at(first, message=f"{self.message} It reads as a guide about PR/FAQs.")
        elif (
            notes >= int(opts["note_cues"])
            and doc.word_count < _NOTE_MAX_WORDS
            and len(doc.questions) < 3
        ):
            yield self.at(
                first, message=f"{self.message} It reads as a note about a PR/FAQ (a hand-off)."
            )
        elif not faq and not doc.has_section(PRESS_RELEASE):
            yield self.at(first, message=f"{self.message} It has no press release and no FAQ.")


class NotEnglish(Rule):
    code = "S16"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        first, prose = _opening_and_prose(doc)
        if first is None or len(prose.split()) < int(opts["min_words"]):
            return
        share = english_share(prose)
        if share < float(opts["min_share"]):
            yield self.at(
                first,
                message=f"{self.message} ({share:.0%} of the words are common English words).",
            )


RULES: tuple[type[Rule], ...] = (NotAPrFaq, NotEnglish)
