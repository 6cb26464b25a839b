"""Language and numbers rules (L): data instead of adjectives, short active sentences.

These are writing aids, not gates: they never make a sub-verdict worse on their own. Code,
tables and HTML are never read; quotes are read only by the rules that say so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from backwards.prfaq import lexicon
from backwards.prfaq.document import PRESS_RELEASE, Document
from backwards.prfaq.quantity import PERCENT_OR_MULTIPLE, has_quantity
from backwards.prfaq.rule import Hit, Rule

_QUOTED = re.compile(r"“[^”]*”|(?<![\w])\"[^\"]{3,}\"")


class WeaselWords(Rule):
    code = "L01"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        rx = lexicon.pattern("language.weasel")
        exempt = lexicon.pattern("language.weasel_exempt")
        count = 0
        for b in doc.prose():
            if b.kind == "heading":
                continue
            hits = list(rx.finditer(b.text))
            if not hits:
                continue
            spans = [(m.start(), m.end()) for m in exempt.finditer(b.text)]
            for m in hits:
                if any(s <= m.start() < e for s, e in spans):
                    continue
                if count >= int(opts["max_findings"]):
                    return
                count += 1
                yield self.at_match(b, m, message=f"'{m.group(0)}' is vague.")


class Hype(Rule):
    code = "L02"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        rx = lexicon.pattern("language.hype")
        for b in doc.prose():
            hits = list(rx.finditer(b.text))
            if not hits:
                continue
            quoted = [(q.start(), q.end()) for q in _QUOTED.finditer(b.text)]
            for m in hits:
                if any(s <= m.start() < e for s, e in quoted):
                    continue  # speech: Q03 (quote-boilerplate-emotion) reads quotes
                yield self.at_match(b, m, message=f"'{m.group(0)}' is hype.")


class AdjectiveWithoutData(Rule):
    code = "L03"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        rx = lexicon.pattern("language.comparatives")
        for b in doc.prose():
            if b.kind == "heading" or rx.search(b.text) is None:
                continue
            for s in doc.sentences_of(b):
                m = rx.search(s.text)
                if m is None or has_quantity(s.text):
                    continue
                yield self.at_match(
                    s.block,
                    m,
                    s.start,
                    message=f"'{m.group(0)}' than what? The sentence has no number.",
                )


class LongSentence(Rule):
    code = "L04"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        limit = int(opts["max_words"])
        for s in doc.sentences:
            if s.block.kind == "heading":
                continue
            n = s.word_count
            if n > limit:
                yield self.at(
                    s.block,
                    s.start,
                    s.end,
                    message=f"This sentence has {n} words (limit {limit}).",
                )


class PassiveVoice(Rule):
    code = "L06"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        irregular = "|".join(lexicon.words("language.irregular_participles"))
        rx = re.compile(
            rf"\b(?:is|are|was|were|be|been|being|is being|are being)\s+(?:\w+ly\s+)?"
            rf"(?:\w+ed|{irregular})\b",
            re.I,
        )
        sents = [
            s for s in doc.sentences if s.section == PRESS_RELEASE and s.block.kind != "heading"
        ]
        passive = [s for s in sents if rx.search(s.text)]
        if sents and len(passive) / len(sents) > float(opts["max_ratio"]) and len(passive) >= 2:
            share = f"{len(passive)} of {len(sents)} press-release sentences are passive."
            yield self.at_first(passive, rx, message=share)


class WordyPhrases(Rule):
    code = "L08"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        table = {k.lower(): v for k, v in lexicon.mapping("language.wordy").items()}
        rx = lexicon.pattern("language.wordy")
        for b in doc.prose():
            for m in rx.finditer(b.text):
                key = " ".join(m.group(0).lower().split())
                yield self.at_match(
                    b,
                    m,
                    message=f"'{m.group(0)}' is wordy.",
                    suggestion=f"Use '{table.get(key, '')}'.",
                )


class NumberWithoutBaseline(Rule):
    code = "L09"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        change = lexicon.pattern("language.change_words")
        baseline = lexicon.pattern("language.baseline_words")
        blocks = [b for b in doc.prose() if PERCENT_OR_MULTIPLE.search(b.text)]
        for s in (s for b in blocks for s in doc.sentences_of(b)):
            m = PERCENT_OR_MULTIPLE.search(s.text)
            if m and change.search(s.text) and not baseline.search(s.text):
                yield self.at_match(s.block, m, s.start)


RULES: tuple[type[Rule], ...] = (
    WeaselWords,
    Hype,
    AdjectiveWithoutData,
    LongSentence,
    PassiveVoice,
    WordyPhrases,
    NumberWithoutBaseline,
)
