"""Structure rules (S): the parts a PR/FAQ must have, in the order a reviewer reads them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from typing import Any

from backwards.prfaq import lexicon
from backwards.prfaq.anatomy import anatomy
from backwards.prfaq.document import EXTERNAL_FAQ, INTERNAL_FAQ, PRESS_RELEASE, Block, Document
from backwards.prfaq.quantity import DATE, MONTHS
from backwards.prfaq.rule import Hit, Rule


class PrMissing(Rule):
    code = "S01"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        words = sum(b.words for b in doc.paragraphs(PRESS_RELEASE))
        if words < int(opts["min_words"]):
            yield self.at_line(1, PRESS_RELEASE)


class FaqMissing(Rule):
    code = "S02"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        if not doc.has_section(EXTERNAL_FAQ) and not doc.has_section(INTERNAL_FAQ):
            yield self.at_line(len(doc.lines), None)


class InternalFaqMissing(Rule):
    code = "S03"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        if doc.has_section(INTERNAL_FAQ):
            return
        faq = next((s for s in doc.sections if s.kind == EXTERNAL_FAQ), None)
        yield self.at_line(faq.line if faq else len(doc.lines), faq.kind if faq else None)


class ExternalFaqMissing(Rule):
    code = "S04"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        if doc.has_section(EXTERNAL_FAQ) or not doc.has_section(INTERNAL_FAQ):
            return
        # The internal FAQ may be known only from its questions (a document made of nothing
        # but internal-FAQ question headings has no section of that kind): point at the first.
        section = next((s for s in doc.sections if s.kind == INTERNAL_FAQ), None)
        if section is not None:
            line = section.line
        else:
            line = next((qa.line for qa in doc.questions if qa.section == INTERNAL_FAQ), 1)
        yield self.at_line(line, INTERNAL_FAQ)


_BENEFIT_CLAUSE = re.compile(r"\b(?:that|so|you|your|when|whenever|before|until|every)\b", re.I)


class HeadlineWeak(Rule):
    code = "S05"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        title = anatomy(doc).title
        if title is None:
            yield self.at_line(1, PRESS_RELEASE, message="The document has no headline.")
            return
        text = title.plain
        words = len(text.split())
        hype = lexicon.pattern("language.hype").search(text)
        if words > int(opts["max_words"]) or hype:
            # the headline is there; what is wrong is its length or its claims
            said = [f"has {words} words (at most {opts['max_words']})"] if hype is None else []
            said += [f"says {hype.group(0)!r}"] if hype else []
            yield self.at(
                title,
                message=f"The headline {' and '.join(said)}; say in a few plain words what a "
                "customer gets.",
                suggestion="Keep the name and the customer's outcome; move the rest to the "
                "subheading or the body.",
            )
            return
        verbs = lexicon.pattern("structure.headline_verbs", "customer.benefit_verbs")
        says_benefit = verbs.search(text) or _BENEFIT_CLAUSE.search(text)
        if words < int(opts["min_words"]) or not says_benefit:
            yield self.at(title)


class SubheadingMissing(Rule):
    code = "S06"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        a = anatomy(doc)
        if a.title is not None and a.subheading is None:
            yield self.at(a.title)


_DATELINE = re.compile(
    rf"\b[A-Z][A-Za-z .'-]{{2,40}},\s*(?:[A-Z][A-Za-z.]*\s*)?(?:[—–-]|\(|{MONTHS})|{DATE.pattern}"
)


class DatelineMissing(Rule):
    code = "S07"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        a = anatomy(doc)
        body = " ".join(b.text for b in a.pr_paragraphs[:3])[:400]
        if a.pr_paragraphs and not _DATELINE.search(body):
            first = a.lede or a.pr_paragraphs[0]
            yield self.at(first)


_PLACEHOLDER_DATE = re.compile(
    r"\[(?:[^\]]*date[^\]]*)\]|\b(?:XX|TBD|TBA)\b[ ,/-]*(?:\d{4}|XX)?|\b20XX\b|\bQ\?\b", re.I
)
_MONTH_NUM = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}


def _to_date(m: re.Match[str]) -> dt.date | None:
    try:
        if m.group("iso"):
            return dt.date(int(m.group("y3")), int(m.group("m3")), int(m.group("d3")))
        text = m.group(0)
        month = _MONTH_NUM[re.search(MONTHS, text).group(0)[:3].lower()]  # type: ignore[union-attr]
        if m.group("md"):
            return dt.date(int(m.group("y1")), month, int(m.group("d1")))
        if m.group("dm"):
            return dt.date(int(m.group("y2")), month, int(m.group("d2")))
        return dt.date(int(m.group("y4")), month, 1)
    except (ValueError, AttributeError, KeyError):
        return None


class LaunchDateImplausible(Rule):
    code = "S08"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        a = anatomy(doc)
        today = opts.get("today")
        for b in a.pr_paragraphs[:3]:
            head = b.text[:300]
            m = _PLACEHOLDER_DATE.search(head)
            if m:
                yield self.at_match(b, m, message="The launch date is a placeholder.")
                return
            d = DATE.search(head)
            if d is None:
                continue
            when = _to_date(d)
            if when is None or not isinstance(today, dt.date):
                return
            if when < today - dt.timedelta(days=31):
                msg = f"The launch date {when.isoformat()} is in the past."
                yield self.at(b, d.start(), d.end(), message=msg)
            elif when > today + dt.timedelta(days=365 * int(opts["max_years"])):
                years = opts["max_years"]
                msg = f"The launch date {when.isoformat()} is more than {years} years away."
                yield self.at(b, d.start(), d.end(), message=msg)
            return


class SectionOrder(Rule):
    code = "S09"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        a = anatomy(doc)
        if a.problems and a.solution_start is not None and a.problems[0].index > a.solution_start:
            yield self.at(
                a.problems[0],
                message="The problem comes after the solution.",
                suggestion="Move the problem paragraph above the solution.",
            )
        kinds = [s for s in doc.sections if s.blocks and s.kind != "other"]
        seen_faq = seen_internal = False
        for s in kinds:
            if s.kind == PRESS_RELEASE and seen_faq and s.heading is not None:
                yield self.at(
                    s.heading,
                    message="The press release comes after the FAQ.",
                    suggestion="Put the press release first.",
                )
            if s.kind == EXTERNAL_FAQ and seen_internal and s.explicit and s.heading is not None:
                yield self.at(
                    s.heading,
                    message="The external FAQ comes after the internal FAQ.",
                    suggestion="Put the customer questions before the internal ones.",
                )
            seen_faq = seen_faq or s.kind in (EXTERNAL_FAQ, INTERNAL_FAQ)
            seen_internal = seen_internal or s.kind == INTERNAL_FAQ


class PrTooLong(Rule):
    code = "S10"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        paras = doc.paragraphs(PRESS_RELEASE)
        words = sum(b.words for b in paras)
        # a plain-text file's short unpunctuated lines are its headings and list items
        count = sum(1 for b in paras if b.kind == "paragraph" and not _plain_line(b))
        if words > int(opts["max_words"]) or count > int(opts["max_paragraphs"]):
            msg = (
                f"The press release has {words} words in {count} paragraphs (budget: "
                f"{opts['max_words']} words, {opts['max_paragraphs']} paragraphs)."
            )
            yield self.at(paras[0], message=msg)


def _plain_line(b: Block) -> bool:
    """One short line without closing punctuation: a heading or list item in plain text."""
    text = b.text.strip()
    return "\n" not in text and b.words <= 12 and not text.endswith((".", "!", "?", ":", ";"))


_URL = re.compile(r"https?://|www\.|\b[a-z0-9-]+\.(?:com|io|org|dev|app|net|co)\b", re.I)


class CallToActionMissing(Rule):
    code = "S12"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        paras = [b for b in doc.paragraphs(PRESS_RELEASE) if b.words >= 3]
        if not paras:
            return
        tail = " ".join(b.text for b in paras[-3:])
        cta = lexicon.pattern("structure.call_to_action")
        if not cta.search(tail) and not _URL.search(tail):
            yield self.at(paras[-1])


RULES: tuple[type[Rule], ...] = (
    PrMissing,
    FaqMissing,
    InternalFaqMissing,
    ExternalFaqMissing,
    HeadlineWeak,
    SubheadingMissing,
    DatelineMissing,
    LaunchDateImplausible,
    SectionOrder,
    PrTooLong,
    CallToActionMissing,
)
