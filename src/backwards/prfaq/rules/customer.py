"""Customer rules (C): name a specific customer early, start from them, not from our assets."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from typing import Any

from backwards.prfaq import lexicon
from backwards.prfaq.anatomy import anatomy
from backwards.prfaq.document import INTERNAL_FAQ, PRESS_RELEASE, Block, Document
from backwards.prfaq.quantity import has_quantity
from backwards.prfaq.rule import Hit, Rule
from backwards.prfaq.sentence import split


class CustomerNotInLede(Rule):
    code = "C04"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        a = anatomy(doc)
        if a.lede is None:
            return
        first_two = " ".join(s.text for s in split(a.lede)[:2])
        nouns = lexicon.pattern("customer.customer_nouns")
        if not (
            nouns.search(first_two)
            or re.search(r"\byou\b", first_two, re.I)
            or _CAN_NOW.search(first_two)
        ):
            yield self.at(a.lede)


# "Ship chandlers can now ...": whoever "can now" do something is the customer.
_CAN_NOW = re.compile(r"\b[a-z]\w+s\s+(?:can now|now can|no longer|will never again)\b", re.I)
_QUALIFIER_AFTER = re.compile(r"^\s+(?:who|that|with|in|at|of|running|using|whose|across)\b", re.I)
_NEVER_QUALIFIED = frozenset({"everyone", "everybody", "anyone", "the world", "the public"})


class CustomerGeneric(Rule):
    code = "C05"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        a = anatomy(doc)
        lede = a.lede or (a.pr_paragraphs[0] if a.pr_paragraphs else None)
        blocks = [b for b in (a.title, a.subheading, lede) if b is not None]
        if not blocks:
            return
        generic = lexicon.pattern("customer.generic_customers")
        allowed = {str(x).lower() for x in opts.get("allow", [])}
        specific = _specific_customers()
        if any(specific.search(b.text) for b in blocks):
            return
        unqualified: list[tuple[Block, re.Match[str]]] = []
        for b in blocks:
            for m in generic.finditer(b.text):
                word = m.group(0).lower()
                others = _CUSTOMERS_CUSTOMER.search(b.text[: m.start()][-30:])
                if word in allowed or others or b.text[m.end() : m.end() + 2] in ("'s", "’s"):
                    continue  # allowed; the customer's own users; "the user's password"
                if word not in _NEVER_QUALIFIED and _qualified(b.text, m.start(), m.end()):
                    return
                unqualified.append((b, m))
        if unqualified:
            b, m = unqualified[0]
            yield self.at_match(b, m, message=f"The customer is described only as {m.group(0)!r}.")


@functools.cache
def _specific_customers() -> re.Pattern[str]:
    words = set(lexicon.words("customer.customer_nouns")) - set(
        lexicon.words("customer.generic_customers")
    )
    words -= {"customer", "customers", "user", "users", "team", "teams"}
    return lexicon.compile_words(tuple(sorted(words)))


# The customer's own users: "authenticate users", "to notify their users", "end users".
_CUSTOMERS_CUSTOMER = re.compile(
    r"(?:\b(?:their|your|its|whose|end)|\bto\s+(?!help\b|let\b|enable\b|allow\b|give\b|"
    r"empower\b)[a-z]{3,})\s+$",
    re.I,
)


def _qualified(text: str, start: int, end: int) -> bool:
    """The generic word is narrowed: "users who run a café", "30 teams", "Java users"."""
    if _QUALIFIER_AFTER.match(text[end : end + 20]):
        return True
    before = text[max(0, start - 30) : start].split()
    return bool(before) and (
        before[-1][:1].isdigit() or (before[-1][:1].isupper() and len(before) > 1)
    )


class SkillsForwardPhrasing(Rule):
    code = "C07"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        rx = lexicon.pattern("customer.skills_forward")
        blocks: list[Block] = list(doc.prose(PRESS_RELEASE))
        internal = [qa for qa in doc.questions if qa.section == INTERNAL_FAQ]
        if internal:
            blocks.extend(b for b, _ in internal[0].answer)
        for b in blocks:
            for m in rx.finditer(b.text):
                if _perfect_tense(m.group(0), b.text[m.end() : m.end() + 30]):
                    continue
                yield self.at_match(
                    b,
                    m,
                    message=f"'{' '.join(m.group(0).split())}' starts from our assets, "
                    "not the customer.",
                )


class TechFirstLead(Rule):
    code = "C08"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        a = anatomy(doc)
        candidates: list[tuple[Block, int, int]] = []
        if a.title is not None:
            candidates.append((a.title, 0, len(a.title.text)))
        if a.lede is not None:
            sents = split(a.lede)
            if sents:
                candidates.append((a.lede, sents[0].start, sents[0].end))
        tech = lexicon.pattern("customer.tech_stack")
        benefit = lexicon.pattern("customer.benefit_verbs")
        n = int(opts["lead_words"])
        for b, start, end in candidates:
            text = b.text[start:end]
            lead = " ".join(text.split()[:n])
            m = tech.search(lead)
            if m and not benefit.search(text):
                word = m.group(0)
                offset = start + text.find(word) if word in text else start
                yield self.at_word(
                    b, offset, word, message=f"The lead opens with the technology ({word!r})."
                )


class AlternativeMissing(Rule):
    code = "C10"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        rx = lexicon.pattern("customer.alternatives")
        for b in doc.prose():
            text = _strip_announce(b.text)
            if rx.search(text):
                return
        a = anatomy(doc)
        where = a.lede or (a.pr_paragraphs[0] if a.pr_paragraphs else None)
        if where is not None:
            yield self.at(where)


_PARTICIPLE = re.compile(
    r"^\s+(?:(?:also|already|long|now|just|never|always|recently|all)\s+)?"
    r"(?:\w+ed|been|had|to|built|spent|seen|done|made|run|heard|learned|learnt|grown|"
    r"shipped|taken|kept|met|found|lost|won|written|begun|read|told|shown|known)\b",
    re.I,
)


def _perfect_tense(phrase: str, after: str) -> bool:
    """'we have built', 'we have spent', 'we have to': not possession."""
    last = phrase.lower().split()[-1]
    return last in ("have", "own") and _PARTICIPLE.match(after) is not None


def _strip_announce(text: str) -> str:
    return re.sub(r"(?i)\b(?:available|announced|launch\w*|starting|from)\s+today\b", " ", text)


class DemandEvidenceMissing(Rule):
    code = "C11"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        if not doc.has_section(INTERNAL_FAQ):
            return
        rx = lexicon.pattern("customer.demand_evidence")
        for b in doc.prose(INTERNAL_FAQ):
            if rx.search(b.text) is None:
                continue
            for s in doc.sentences_of(b):
                if rx.search(s.text) and has_quantity(s.text):
                    return
        first = next((s for s in doc.sections if s.kind == INTERNAL_FAQ), None)
        line = (
            first.line
            if first
            else next(qa.line for qa in doc.questions if qa.section == INTERNAL_FAQ)
        )
        yield self.at_line(line, INTERNAL_FAQ)


RULES: tuple[type[Rule], ...] = (
    CustomerNotInLede,
    CustomerGeneric,
    SkillsForwardPhrasing,
    TechFirstLead,
    AlternativeMissing,
    DemandEvidenceMissing,
)
