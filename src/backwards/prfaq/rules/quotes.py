"""Quote rules (Q): quotes that sound like people, say who said them, and say something."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from backwards.findings import Severity
from backwards.prfaq import lexicon
from backwards.prfaq.anatomy import anatomy
from backwards.prfaq.document import Document
from backwards.prfaq.quantity import has_quantity
from backwards.prfaq.rule import Hit, Rule

_LEADER = (
    "“We built Tally because every owner we met closed the till after midnight,” said Ana Ruiz, "
    "CEO of Acme."
)
_CUSTOMER = (
    "“I used to count coins for 40 minutes every night; now I lock up by 9:10,” said Sam Lee, "
    "owner of Lee's Café in Tacoma."
)


class QuoteMissing(Rule):
    code = "Q01"
    name = "quote-missing"
    severity = Severity.WARNING
    question = None
    message = "The press release has no customer quote or no leader quote."
    why = (
        "Quotes test whether a real person would say this: the leader's quote says why we are "
        "doing it, the customer's says what changed for them."
    )
    fails = ("# Tally\n\nTally lets café owners count the till in five minutes.\n",)
    passes = (f"# Tally\n\nText.\n\n{_LEADER}\n\n{_CUSTOMER}\n",)

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
    name = "quote-unattributed"
    severity = Severity.WARNING
    question = None
    message = "A quote has no name and role."
    why = "Anonymous quotes read as marketing copy; give the speaker a name and a role."
    suggestion = "Add 'said <Name>, <role> at <organisation>'."
    fails = ("# Tally\n\n“Tally changed how I close my café every single night of the week.”\n",)
    passes = (f"# Tally\n\n{_CUSTOMER}\n",)

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        for q in doc.quotes:
            if not q.attributed:
                yield self.at(q.block, q.start, q.end)


class QuoteBoilerplateEmotion(Rule):
    code = "Q03"
    name = "quote-boilerplate-emotion"
    severity = Severity.WARNING
    question = None
    message = "A quote uses press-office emotion ('excited', 'thrilled')."
    why = "Nobody talks like a press office. Say what changed, or why it matters."
    suggestion = "Replace the feeling with the reason or the result."
    fails = (
        "# Tally\n\n“We are thrilled to bring Tally to every café in the country,” "
        "said Ana Ruiz, CEO.\n",
    )
    passes = (f"# Tally\n\n{_LEADER}\n",)

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
    name = "customer-quote-not-concrete"
    severity = Severity.INFO
    question = None
    message = "The customer quote has no concrete before and after."
    why = "A believable customer quote has a specific before and after: a time, a number, a place."
    suggestion = "Give the before, the after and one detail: 'I used to ... now I ...'."
    fails = (
        "# Tally\n\n“Tally is a great product and I really like using it for my business,” "
        "said Sam Lee, owner of Lee's Café.\n",
    )
    passes = (f"# Tally\n\n{_CUSTOMER}\n",)

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
