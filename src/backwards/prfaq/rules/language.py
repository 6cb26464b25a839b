"""Language and numbers rules (L): data instead of adjectives, short active sentences.

These are writing aids, not gates: they never make a sub-verdict worse on their own. Code,
tables and HTML are never read; quotes are read only by the rules that say so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from backwards.findings import Severity
from backwards.prfaq import lexicon
from backwards.prfaq.document import PRESS_RELEASE, Document
from backwards.prfaq.quantity import PERCENT_OR_MULTIPLE, has_quantity
from backwards.prfaq.rule import Hit, Rule

_T = "# Tally lets café owners close the till fast\n\n"
_QUOTED = re.compile(r"“[^”]*”|(?<![\w])\"[^\"]{3,}\"")


class WeaselWords(Rule):
    code = "L01"
    name = "weasel-words"
    severity = Severity.WARNING
    message = "A vague quantifier or intensifier stands in for a number."
    suggestion = "Use the number it stands for, or delete it."
    why = "Replace vague words with the number they stand for: 'many' of how many?"
    fails = (_T + "Many owners save significantly more time.\n",)
    passes = (_T + "32 of 40 owners save 35 minutes a night.\n", _T + "It works very well.\n")
    options: ClassVar[Mapping[str, Any]] = {"max_findings": 20}

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
    name = "hype"
    severity = Severity.WARNING
    message = "Hype words ('revolutionary', 'seamless') make claims the reader should judge."
    suggestion = "Say what it does, with a number, and let the reader judge."
    why = (
        "Judgements like 'groundbreaking' belong to the reader; hype lowers trust. (Quoted "
        "speech is left to Q03.)"
    )
    fails = (_T + "Tally is a revolutionary, seamless till experience.\n",)
    passes = (_T + "Tally counts a till in five minutes.\n",)

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
    name = "adjective-without-data"
    severity = Severity.INFO
    message = "A comparison ('faster', 'easier') has no number in its sentence."
    suggestion = "Give the before and after: 'from 40 minutes to 5'."
    why = "'Faster' is a claim; 'from 40 minutes to 5' is evidence."
    fails = (_T + "Closing the till is faster and easier with Tally.\n",)
    passes = (_T + "Closing the till is faster: 5 minutes instead of 40.\n",)

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
    name = "long-sentence"
    severity = Severity.WARNING
    message = "A sentence is longer than the limit."
    suggestion = "Split it into sentences of one idea each."
    why = "Short sentences carry one idea each and are read correctly the first time."
    fails = (_T + ("Owners count " + "and count " * 16 + "the till.") + "\n",)
    passes = (_T + "Owners count the till. It takes five minutes.\n",)
    options: ClassVar[Mapping[str, Any]] = {"max_words": 30}

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
    name = "passive-voice"
    severity = Severity.INFO
    message = "Much of the press release is in the passive voice."
    suggestion = "Name who acts: 'Tally counts the till', not 'the till is counted'."
    why = "Active sentences say who does what."
    fails = (_T + "The till is counted. The cash is checked. Reports are sent.\n",)
    passes = (_T + "Tally counts the till. Owners check the cash.\n",)
    options: ClassVar[Mapping[str, Any]] = {"max_ratio": 0.2}

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
    name = "wordy-phrases"
    severity = Severity.INFO
    message = "A wordy phrase has a shorter form."
    why = "Shorter phrases are clearer and leave room for the facts."
    fails = (_T + "In order to close the till, owners count coins.\n",)
    passes = (_T + "To close the till, owners count coins.\n",)

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
    name = "number-without-baseline"
    severity = Severity.INFO
    message = "A percentage or multiple has no baseline ('40% faster' than what?)."
    suggestion = "Add the baseline: 'from 40 minutes to 24'."
    why = "A change needs a starting point to mean anything: from what, to what?"
    fails = (_T + "Owners close up 40% faster.\n",)
    passes = (_T + "Owners close up 40% faster than with a hand count.\n",)

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
