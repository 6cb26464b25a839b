"""Problem rules (C): a problem paragraph, told from the customer's side, with numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from backwards.prfaq import lexicon
from backwards.prfaq.anatomy import anatomy, customer_side
from backwards.prfaq.document import Document
from backwards.prfaq.quantity import has_measure
from backwards.prfaq.rule import Hit, Rule


class ProblemMissing(Rule):
    code = "C01"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        a = anatomy(doc)
        if not a.pr_paragraphs or a.problems:
            return
        where = a.lede or a.pr_paragraphs[0]
        yield self.at(where, confidence="cue-based")


_SOLUTION_WORDS = re.compile(
    r"\bour\s+(?:new\s+)?(?:app|product|tool|platform|service|solution|feature|system|"
    r"software|api|engine|model)\b|\bwe\s+(?:built|have built|are building|will build|launch\w*)\b|"
    r"\b(?:the new|this new)\s+\w+",
    re.I,
)
_NAME_AFTER = re.compile(
    r"\b(?:introduc\w*|launch\w*|announc\w*|unveil\w*|releas\w*|meet|presenting)\s+"
    r"(?:the\s+)?(?:new\s+)?(?P<name>[A-Z][\w-]+(?:\s+[A-Z][\w-]+){0,2})"
)
_STOP_NAMES = frozenset(
    [
        "The",
        "A",
        "An",
        "New",
        "Today",
        "Introducing",
        "Announcing",
        "Meet",
        "Now",
        "Our",
        "Your",
        "This",
        "With",
        "For",
        "How",
        "Why",
        "What",
        "Small",
        "Every",
        "Acme",
        "PR",
        "FAQ",
    ]
)


def _names_customer(word: str, doc: Document) -> bool:
    """True when a headline's first word names the customer ("Renters", "Nurses"): a customer
    noun, or a plural whose singular the body uses in lower case ("a renter"). The lexicon's
    patterns ignore case."""
    if lexicon.pattern("customer.customer_nouns").fullmatch(word):
        return True
    if lexicon.pattern("customer.generic_customers").fullmatch(word):
        return True
    stem = word.lower()[:-1] if word.endswith("s") and not word.endswith("ss") else ""
    return bool(stem) and re.search(rf"\b{re.escape(stem)}s?\b", doc.text) is not None


def product_names(doc: Document) -> set[str]:
    """Likely product names: the first capitalised word of the headline, names after
    'introduces' or 'launches', and backticked words in the headline."""
    a = anatomy(doc)
    names: set[str] = set()
    if a.title is not None:
        words = re.findall(r"[A-Za-z][\w-]+", a.title.text)
        first = words[0] if words else ""
        if first[:1].isupper() and first not in _STOP_NAMES and not _names_customer(first, doc):
            names.add(first)
        names.update(re.findall(r"`([^`]{2,40})`", a.title.source))
    for b in [x for x in (a.title, a.lede) if x is not None]:
        for m in _NAME_AFTER.finditer(b.text):
            first = m.group("name").split()[0]
            if first not in _STOP_NAMES:
                names.add(first)
    return {n for n in names if len(n) > 2}


class ProblemNamesSolution(Rule):
    code = "C02"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        a = anatomy(doc)
        names = product_names(doc)
        name_rx = (
            re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(names))) + r")\b")
            if names
            else None
        )
        for b in a.problems:
            side = customer_side(b.text)
            m = name_rx.search(side) if name_rx else None
            m = m or _SOLUTION_WORDS.search(side)
            if m:
                start, word = max(0, b.text.find(m.group(0))), m.group(0)
                yield self.at_word(
                    b, start, word, message=f"The problem paragraph mentions {word!r}."
                )


class ProblemUnquantified(Rule):
    code = "C03"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        # the customer's side only: a dateline's date or the product's figures are no measure
        # of the problem
        problems = anatomy(doc).problems
        if problems and not any(has_measure(customer_side(b.text)) for b in problems):
            yield self.at(problems[0])


class BuilderVoiceProblem(Rule):
    code = "C06"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        nouns = lexicon.pattern("customer.customer_nouns")
        for b in anatomy(doc).problems:
            we = len(re.findall(r"\b(?:we|our|us|ours)\b", b.text, re.I))
            them = len(re.findall(r"\b(?:you|your|they|their|them)\b", b.text, re.I))
            them += len(nouns.findall(b.text))
            if we >= 2 and we > them:
                yield self.at(
                    b,
                    message=f"The problem paragraph says we/our {we} times and "
                    f"names the customer {them} times.",
                )


RULES: tuple[type[Rule], ...] = (
    ProblemMissing,
    ProblemNamesSolution,
    ProblemUnquantified,
    BuilderVoiceProblem,
)
