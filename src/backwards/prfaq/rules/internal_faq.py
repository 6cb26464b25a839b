"""Internal FAQ coverage rules (I): should we do it, and can we succeed?

A topic counts as covered when an internal-FAQ question, heading, or the first sentence of an
answer uses one of its words (``wordlists/topics.yaml``). An answer that says nothing ("We will
work this out later", "TBD": short, no number, only the ``evasive_answers`` words) covers
nothing: the finding then names the question that was asked and not answered. Each finding says
what was looked for. Missing-topic rules fire only when the document has an internal FAQ;
without one, S03 (internal-faq-missing) fires instead.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from typing import Any

from backwards.prfaq import lexicon
from backwards.prfaq.anatomy import evasive
from backwards.prfaq.document import INTERNAL_FAQ, Document
from backwards.prfaq.quantity import MONTHS, has_quantity
from backwards.prfaq.question import QA
from backwards.prfaq.rule import Hit, Rule

_ANSWER_SENTENCES = 1


def _unanswered(doc: Document) -> list[QA]:
    """Internal questions whose answer says nothing (they cover no topic)."""
    return [qa for qa in doc.questions if qa.section == INTERNAL_FAQ and evasive(qa.answer_text)]


def _topic_texts(doc: Document) -> list[str]:
    """What counts for coverage: internal questions and headings, and the answers' opening.

    A question that names a topic ("What will it cost?") is covered by its words and the first
    sentence of its answer; a generic question ("Anything else?", "What is the plan?") by its
    whole answer, because that is where such documents put their topics. A yes/no question
    answered "No" ("Will we launch in the US this year? No.") states scope: a non-goal.
    """
    cached = doc._cache.get("topic_texts")
    if isinstance(cached, list):
        return cached
    texts: list[str] = []
    unanswered = {id(qa) for qa in _unanswered(doc)}
    qas = [qa for qa in doc.questions if qa.section == INTERNAL_FAQ and id(qa) not in unanswered]
    any_topic = _any_topic()
    for qa in qas:
        texts.append(qa.question)
        sents = qa.answer_sentences
        if any_topic.search(qa.question):
            texts.extend(s.text for s in sents[:_ANSWER_SENTENCES])
        else:
            texts.append(qa.answer_text)
        if sents and _WILL_WE.search(qa.question) and _NO.match(sents[0].text):
            texts.append("out of scope")
    asked = {id(qa.block) for qa in doc.questions if id(qa) in unanswered}
    for b in doc.prose(INTERNAL_FAQ):
        if b.kind == "heading" and id(b) not in asked:
            texts.append(b.text)
    if not qas and not unanswered:  # an internal FAQ written as prose, not as questions
        texts.extend(b.text for b in doc.prose(INTERNAL_FAQ))
    doc._cache["topic_texts"] = texts
    return texts


_WHY_NOT = re.compile(r"\bwhy (?:should|would|must) (?:[\w-]+ ){0,2}not\b[^?\n]*\??", re.I)
_WILL_WE = re.compile(r"^\W*(?:will|do|does|are|is|can|should|would)\s+(?:we|it|this)\b", re.I)
_NO = re.compile(r"^\W*(?:no|not)\b", re.I)


@functools.cache
def _any_topic() -> re.Pattern[str]:
    topics = ("economics", "market_size", "dependencies", "technical", "risks", "why_now")
    more = ("non_goals", "success_metrics", "alternatives")
    return lexicon.pattern(*(f"topics.{t}" for t in (*topics, *more)))


#: a named component: a code name, a product name (CamelCase, an acronym, a bracketed list of
#: names) or a kind of component (library, framework, SDK, API, service, team, vendor)
_NAMED = (
    r"(?:`[^`]+`|(?-i:\b[A-Z][a-z]+[A-Z]\w*|\b[A-Z]{2,}\w*|\(\s*[A-Z])|\b(?:librar(?:y|ies)|"
    r"frameworks?|sdks?|apis?|services?|teams?|vendors?|partners?|providers?)\b)"
)
#: What an answer says when it covers a topic, whatever its question's wording: in one sentence,
#: the topic and the content that answers it (an amount, a named component, the hard part and
#: how it is tested, a risk and what is done about it, a count of customers). Issue 14: judge
#: topic answers by their content, not only by the questions' words.
_CONTENT: dict[str, tuple[str, str]] = {
    "economics": (
        r"\b(?:costs?|spend\w*|price[sd]?|pricing|budget\w*|revenue|earn\w*|invest\w*|fund\w*|"
        r"hosting|licen[cs]e\w*|salar\w*|pay|paid|build|run|running)\b[^.!?]{0,60}?(?:[$€£¥]\s?\d|"
        r"\b\d[\d,.]*\s*(?:k|m|million|thousand)?\s*(?:dollars|euros|pounds|usd|eur|gbp)\b|"
        r"\bfree\b|\bnothing\b|\b(?:\d+|one|two|three|four|five|six|a few)\s+(?:engineer|person|"
        r"developer|dev)[- ]?(?:hours?|days?|weeks?|months?|years?)\b)",
        "an amount of money or effort",
    ),
    "dependencies": (
        r"(?:\bdependenc(?:y|ies)\b|\b(?:we|it|this|our\s+\w+)\s+(?:\w+\s+){0,2}(?:depends? on|"
        r"relies on|rely on|builds? on|is built on|requires?|needs?|integrates? with|wraps?)\b)"
        rf"[^.!?]{{0,80}}?{_NAMED}|\bno new (?:packages?|dependenc\w*|librar\w*|services?)\b",
        "a library, service, team or partner it relies on",
    ),
    "technical": (
        r"\b(?:hard|hardest|difficult|tricky|challeng\w*|unknowns?|unsolved|not yet proven|"
        r"load-bearing|bottleneck)\b[^.!?]{0,120}?\b(?:spike|prototype|probe|benchmark\w*|"
        r"test\w*|measur\w*|proof of concept|pilot|de-risk\w*|if)\b",
        "what is hard and how it is tested",
    ),
    "risks": (
        r"\b(?:risks?|risky|fail\w*|break\w*|wrong|kill\w*|dies|threat\w*|attack\w*|breach\w*|"
        r"abuse\w*)\b[^.!?]{0,120}?\b(?:mitigat\w*|fallback|fall back|if|unless|kill criteri\w*|"
        r"stop|pilot|probe|monitor\w*|limit\w*|guard\w*|roll ?back)\b",
        "a risk and what is done about it",
    ),
}


@functools.cache
def _content_pattern(topic: str) -> re.Pattern[str] | None:
    if topic == "market_size":
        nouns = "|".join(
            re.escape(w)
            for w in (
                *lexicon.words("customer.customer_nouns"),
                *lexicon.words("customer.generic_customers"),
            )
        )
        # a population, not a sample or a target: "there are about 38,000 cafés", "2 million
        # developers in the EU"; not "we interviewed 40 owners", "2,000 cafés using it by May"
        return re.compile(
            rf"\b(?:about|around|roughly|some|over|more than|nearly|almost|estimated|there are|"
            rf"of the)\s+\d[\d,.]*\s*(?:k|m|million|thousand|billion)?\s+(?:[\w-]+\s+)?"
            rf"(?:{nouns})\b(?![^.!?]*\b(?:within|by (?:the end|{MONTHS}|\d{{4}})|target|goal)\b)",
            re.I,
        )
    entry = _CONTENT.get(topic)
    return re.compile(entry[0], re.I) if entry else None


def _content_of(topic: str) -> str | None:
    if topic == "market_size":
        return "a count of customers"
    entry = _CONTENT.get(topic)
    return entry[1] if entry else None


def _answers(doc: Document) -> list[str]:
    """Every internal answer that says something, sentence by sentence (or the internal FAQ's
    prose when it has no questions)."""
    cached = doc._cache.get("internal_answers")
    if isinstance(cached, list):
        return cached
    qas = [qa for qa in doc.questions if qa.section == INTERNAL_FAQ and not evasive(qa.answer_text)]
    found = [s.text for qa in qas for s in qa.answer_sentences]
    if not qas:
        found = [b.text for b in doc.prose(INTERNAL_FAQ)]
    doc._cache["internal_answers"] = found
    return found


def _answered_by_content(doc: Document, topic: str) -> bool:
    rx = _content_pattern(topic)
    return rx is not None and any(rx.search(text) for text in _answers(doc))


def _internal_line(doc: Document) -> int | None:
    section = next((s for s in doc.sections if s.kind == INTERNAL_FAQ and s.blocks), None)
    if section is not None:
        return section.line
    qa = next((qa for qa in doc.questions if qa.section == INTERNAL_FAQ), None)
    return qa.line if qa else None


class _TopicRule(Rule):
    """A missing-topic rule: its table names the word list (``topic``) and the question to
    suggest (``ask``)."""

    texts = ("topic", "ask")
    topic: str
    ask: str

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        line = _internal_line(doc)
        if line is None:
            return
        rx = lexicon.pattern(f"topics.{self.topic}")
        rx_extra = lexicon.compile_words(tuple(str(w) for w in opts["words"]))
        text = "\n\n".join(_topic_texts(doc))
        if self.topic == "why_now":
            text = _WHY_NOT.sub(" ", text)  # "Why should we not do this?" asks for risks
        if rx.search(text) or rx_extra.search(text):
            return
        if _answered_by_content(doc, self.topic):
            return
        looked_for = ", ".join(
            f"'{w.removesuffix('*')}'" for w in lexicon.words(f"topics.{self.topic}")[:4]
        )
        content = _content_of(self.topic)
        looked_for += f"..., or an answer that gives {content}," if content else "..."
        for qa in _unanswered(doc):
            if rx.search(qa.question):
                yield self.at_line(
                    qa.line,
                    INTERNAL_FAQ,
                    message=f"{self.message} The question '{qa.question}' is asked, but its answer "
                    "says nothing yet.",
                    suggestion="Answer it: a number, a name or a date first, then the reasoning.",
                )
                return
        yield self.at_line(
            line,
            INTERNAL_FAQ,
            message=f"{self.message} Looked for a question or answer about {looked_for} in the "
            "internal FAQ; none found.",
            suggestion=f"Add a question such as: '{self.ask}'",
        )


def _topic(class_name: str, code: str) -> type[_TopicRule]:
    return type(class_name, (_TopicRule,), {"code": code, "__module__": __name__})


TopicEconomics = _topic("TopicEconomics", "I01")
TopicMarketSize = _topic("TopicMarketSize", "I02")
TopicDependencies = _topic("TopicDependencies", "I03")
TopicTechnicalHurdles = _topic("TopicTechnicalHurdles", "I04")
TopicRisks = _topic("TopicRisks", "I05")
TopicWhyNowWhyUs = _topic("TopicWhyNowWhyUs", "I06")
TopicNonGoals = _topic("TopicNonGoals", "I07")
TopicSuccessMetrics = _topic("TopicSuccessMetrics", "I08")
TopicAlternatives = _topic("TopicAlternatives", "I09")


class NumbersMissingInBusinessAnswers(Rule):
    code = "I10"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        rx = lexicon.pattern("topics.economics", "topics.market_size", "topics.success_metrics")
        for qa in doc.questions:
            if qa.section != INTERNAL_FAQ or not rx.search(qa.question):
                continue
            answer = qa.answer_text
            if answer and not has_quantity(answer):
                b, off = qa.answer[0]
                yield self.at(b, off, message=f"'{qa.question}' is answered without a number.")


RULES: tuple[type[Rule], ...] = (
    TopicEconomics,
    TopicMarketSize,
    TopicDependencies,
    TopicTechnicalHurdles,
    TopicRisks,
    TopicWhyNowWhyUs,
    TopicNonGoals,
    TopicSuccessMetrics,
    TopicAlternatives,
    NumbersMissingInBusinessAnswers,
)
