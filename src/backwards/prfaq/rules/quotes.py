"""Quote rules (Q): quotes that sound like people, say who said them, and say something."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from backwards.prfaq import lexicon
from backwards.prfaq.anatomy import anatomy
from backwards.prfaq.document import Document
from backwards.prfaq.quantity import has_quantity
from backwards.prfaq.rule import Hit, Rule


class QuoteMissing(Rule):
    code = "Q01"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        a = anatomy(doc)
        if not a.pr_paragraphs:
            return
        kinds = {q.kind for q in doc.quotes}
        where = a.pr_paragraphs[-1]
        if "customer" not in kinds:
            yield self.at(
                where,
                message="The press release has no customer quote.",
                suggestion="Add a quote from a named customer about their before and after.",
            )
        if "leader" not in kinds:
            yield self.at(
                where,
                message="The press release has no leader quote.",
                suggestion="Add a quote from a named leader (with title) saying why we do this.",
            )


class QuoteUnattributed(Rule):
    code = "Q02"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        for q in doc.quotes:
            if not q.attributed:
                yield self.at(q.block, q.start, q.end)


class QuoteBoilerplateEmotion(Rule):
    code = "Q03"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        rx = lexicon.pattern("language.emotion")
        for q in doc.quotes:
            for m in rx.finditer(q.block.text, q.start, q.end):
                yield self.at_match(q.block, m, message=f"The quote says {m.group(0)!r}.")


_CONTRAST = re.compile(
    r"\b(?:before|used to|now|no longer|instead|anymore|any more|since|until|from .+ to|"
    r"these days|last (?:week|month|year)|every (?:night|day|week))\b",
    re.I,
)


_DETAIL = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|morning|afternoon|evening|"
    r"night|lunch|noon|midnight|weekend|once|twice)s?\b",
    re.I,
)
_PROPER_NOUN = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+")


def _concrete(text: str) -> bool:
    """A number, a time of day or week, or a name in the middle of a sentence."""
    return has_quantity(text) or bool(_DETAIL.search(text) or _PROPER_NOUN.search(text))


class CustomerQuoteNotConcrete(Rule):
    code = "Q04"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        for q in doc.quotes:
            if q.kind != "customer":
                continue
            if not (_CONTRAST.search(q.text) and _concrete(q.text)):
                yield self.at(q.block, q.start, q.end)


RULES: tuple[type[Rule], ...] = (
    QuoteMissing,
    QuoteUnattributed,
    QuoteBoilerplateEmotion,
    CustomerQuoteNotConcrete,
)
