"""FAQ mechanics rules (F): enough questions, answers that come first, no softballs."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from backwards.prfaq import lexicon
from backwards.prfaq.document import EXTERNAL_FAQ, INTERNAL_FAQ, Document
from backwards.prfaq.quantity import DATE, has_quantity
from backwards.prfaq.rule import Hit, Rule

_YES_NO_Q = re.compile(
    r"^(?:\W*)(?:is|are|do|does|did|can|could|will|would|should|has|have|was|were|may|must|"
    r"shall|isn't|aren't|don't|doesn't|can't|won't)\b",
    re.I,
)
_TIME_Q = re.compile(
    r"^\W*(?:when|by when|how soon|what date)\b|\bwhen (?:will|does|do|is|can)\b", re.I
)
_QUANTITY_Q = re.compile(
    r"\b(?:how much|how many|how long|how big|how fast|how often|how large|how accurate|"
    r"how quickly|how far back|how far|how soon|"
    r"what (?:does|will) (?:it|this) cost|what is the price|what's the price)\b",
    re.I,
)
_QUESTION_LABEL = re.compile(r"^\W*(?:Q(?:uestion)?\s*\d*|[A-Z]{1,2}\d{1,3}|\d{1,3})\s*[.:)—–-]\s*")
# A yes/no answer opens with the answer: "Yes.", "No, ...", "Not yet.", "It depends ...",
# or a pronoun and an auxiliary: "It does.", "We won't ...", "You can, ...".
_YES_NO_A = re.compile(
    r"^\W*(?:yes|no|not|nope|yep|correct|absolutely|it depends|depends|partly|partially|only|"
    r"both|neither|never|none|sometimes|mostly|usually|always|in part|generally|definitely)\b|"
    r"^\W*(?:it|we|they|you|this|that|he|she)\s+(?:(?:do|does|did|can|could|will|would|is|are|"
    r"was|were|has|have|should|may|might|must)(?:n['’]t|\s+not)?|won['’]t|can['’]t|cannot)\b",
    re.I,
)
# After a short lead clause: "After the two-week trial, yes, ..." / "Until v4, so no, ...".
_LATE_YES_NO = re.compile(
    r"\byes\b|[,;:—–]\s*(?:so\s+|and\s+|but\s+|then\s+)?(?:no|not yet|not)\b", re.I
)
_MAX_LEAD_WORDS = 6
_FREE_A = re.compile(r"\b(?:free|nothing|no cost|no charge|no fee)\b", re.I)
_UNKNOWN_A = re.compile(
    r"\b(?:we don['’]t know|not yet known|unknown|not decided|undecided|too early to)\b", re.I
)
_WHEN_A = re.compile(
    r"\b(?:today|now|tomorrow|immediately|next (?:week|month|quarter|year|spring|summer|autumn|"
    r"fall|winter)|this (?:week|month|quarter|year|spring|summer|autumn|fall|winter)|"
    r"(?:in|within|under|after|about) (?:\w+ )?(?:minutes?|hours?|days?|weeks?|months?|years?|"
    r"quarters?)|\d+\s*(?:min|mins|minutes?|h|hrs?|hours?|days?|weeks?|months?|years?)|"
    r"Q[1-4]|H[12]|next working day|same day|overnight|"
    r"(?:spring|summer|autumn|fall|winter)|at launch|on launch|(?:19|20)\d\d|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.I,
)
_PREAMBLE = re.compile(
    r"^\W*(?:great question|good question|that's a (?:great|good) question|before we answer|"
    r"to answer (?:this|that)|it(?:'s| is) important to (?:understand|note)|there are many factors|"
    r"this is a complex|let(?:'s| us) (?:start|begin)|first,? some (?:context|background))",
    re.I,
)


class FaqCount(Rule):
    code = "F01"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        for kind, label in ((EXTERNAL_FAQ, "external"), (INTERNAL_FAQ, "internal")):
            qas = [qa for qa in doc.questions if qa.section == kind]
            section = next((s for s in doc.sections if s.kind == kind and s.blocks), None)
            if not qas and section is None:
                continue
            n = len(qas)
            if n < int(opts["min"]) or n > int(opts["max"]):
                line = section.line if section else qas[0].line
                yield self.at_line(
                    line,
                    kind,
                    message=(
                        f"The {label} FAQ has {n} question{'s' if n != 1 else ''} "
                        f"(aim for {opts['min']} to {opts['max']})."
                    ),
                )


class AnswerNotFirst(Rule):
    code = "F02"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        for qa in doc.questions:
            sents = qa.answer_sentences
            if not sents:
                continue
            first = sents[0]
            text = first.text
            q = _QUESTION_LABEL.sub("", qa.question.strip("*_ "))
            msg = None
            if _PREAMBLE.search(text):
                msg = "The answer opens with a preamble instead of the answer."
            elif _TIME_Q.search(q):
                if not (DATE.search(text) or _WHEN_A.search(text) or _UNKNOWN_A.search(text)):
                    msg = "The question asks when; the first sentence has no date or time."
            elif _QUANTITY_Q.search(q):
                if not (
                    has_quantity(text)
                    or _FREE_A.search(text)
                    or _UNKNOWN_A.search(text)
                    or _WHEN_A.search(text)
                ):
                    msg = "The question asks for a number; the first sentence has none."
            elif _YES_NO_Q.search(q) and not _answers_yes_no(text):
                msg = "The question is a yes/no question; the first sentence says neither."
            if msg:
                yield self.at(
                    first.block,
                    first.start,
                    first.end,
                    message=msg,
                    suggestion="Open with the answer ('Yes.', 'No.', '$240,000.', "
                    "'In May 2031.'), then explain.",
                )


def _answers_yes_no(text: str) -> bool:
    if _YES_NO_A.search(text):
        return True
    m = _LATE_YES_NO.search(text)
    return m is not None and len(text[: m.start()].split()) <= _MAX_LEAD_WORDS


_SOFTBALL_Q = re.compile(
    r"\bwhy (?:is|are) (?:it|this|tally|[\w-]+) so (?:great|good|amazing|special|powerful|easy|"
    r"popular|unique)\b|\bwhat makes [\w\s-]{1,30} so (?:great|good|special|unique|amazing)\b|"
    r"\bhow (?:great|amazing|awesome)\b|\bwhy will (?:customers|users|people) love\b|"
    r"\bisn['’]t (?:it|this) (?:great|amazing)\b",
    re.I,
)


class SoftballQuestion(Rule):
    code = "F04"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        hard = lexicon.pattern("structure.hard_questions")
        dismissive = lexicon.pattern("structure.dismissive_answers")
        for qa in doc.questions:
            if _SOFTBALL_Q.search(qa.question):
                yield self.at(
                    qa.block,
                    qa.offset,
                    message="The question invites praise, not scrutiny.",
                    suggestion="Ask the hard version: 'Why might customers not switch?'",
                )
                continue
            sents = qa.answer_sentences
            if hard.search(qa.question) and sents and dismissive.search(sents[0].text):
                s = sents[0]
                yield self.at(
                    s.block,
                    s.start,
                    s.end,
                    message="A hard question is answered dismissively.",
                    suggestion=(
                        "Name the biggest risk, rate it honestly and say how you will reduce it."
                    ),
                )


RULES: tuple[type[Rule], ...] = (FaqCount, AnswerNotFirst, SoftballQuestion)
