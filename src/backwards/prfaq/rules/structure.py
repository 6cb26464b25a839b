"""Structure rules (S): the parts a PR/FAQ must have, in the order a reviewer reads them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from backwards.findings import Severity
from backwards.prfaq import lexicon
from backwards.prfaq.anatomy import anatomy
from backwards.prfaq.document import EXTERNAL_FAQ, INTERNAL_FAQ, PRESS_RELEASE, Block, Document
from backwards.prfaq.quantity import DATE, MONTHS
from backwards.prfaq.rule import Hit, Rule

_GOOD_PR = (
    "# Rivertown Roast Tracker lets small roasters see every batch in one place\n\n"
    "SEATTLE, WA — March 3, 2031 — Small coffee roasters can now track each batch from green "
    "bean to bag without a spreadsheet.\n\n"
    "Today, owners of small roasteries spend 5 hours a week copying batch notes by hand.\n"
)


class PrMissing(Rule):
    code = "S01"
    name = "pr-missing"
    severity = Severity.ERROR
    question = "big_idea"
    message = "There is no press release: no prose before the FAQ."
    why = (
        "The press release is where you commit to a customer outcome. Without it there is "
        "nothing for reviewers to hold the FAQ against."
    )
    suggestion = "Write the press release first: a heading, a summary paragraph and the problem."
    fails = ("## FAQ\n\n### How much does it cost?\n\n$5 a month.\n",)
    passes = (_GOOD_PR,)
    options: ClassVar[Mapping[str, Any]] = {"min_words": 25}

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        words = sum(b.words for b in doc.paragraphs(PRESS_RELEASE))
        if words < int(opts["min_words"]):
            yield self.at_line(1, PRESS_RELEASE)


class FaqMissing(Rule):
    code = "S02"
    name = "faq-missing"
    severity = Severity.ERROR
    question = "plan_to_succeed"
    also_informs = ("should_we",)
    message = "There is no FAQ."
    why = (
        "The FAQ is where the idea is stress-tested. A press release alone is a pitch: it says "
        "what you hope, not why it will work."
    )
    suggestion = "Add an '## External FAQ' and an '## Internal FAQ' after the press release."
    fails = (_GOOD_PR,)
    passes = (_GOOD_PR + "\n## FAQ\n\n### How much does it cost?\n\n$5 a month.\n",)

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        if not doc.has_section(EXTERNAL_FAQ) and not doc.has_section(INTERNAL_FAQ):
            yield self.at_line(len(doc.lines), None)


class InternalFaqMissing(Rule):
    code = "S03"
    name = "internal-faq-missing"
    severity = Severity.ERROR
    question = "plan_to_succeed"
    also_informs = ("should_we",)
    message = "There is no internal FAQ: nothing answers cost, risk or feasibility."
    why = (
        "Leaders decide on the internal FAQ. It is where you show the economics, the "
        "dependencies and the hard parts; without it the plan to succeed is missing."
    )
    suggestion = "Add '## Internal FAQ' with the questions your leaders will ask."
    fails = (_GOOD_PR + "\n## FAQ\n\n### How much does it cost?\n\n$5 a month.\n",)
    passes = (_GOOD_PR + "\n## Internal FAQ\n\n### What will it cost us?\n\n$40,000.\n",)

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        if doc.has_section(INTERNAL_FAQ):
            return
        faq = next((s for s in doc.sections if s.kind == EXTERNAL_FAQ), None)
        yield self.at_line(faq.line if faq else len(doc.lines), faq.kind if faq else None)


class ExternalFaqMissing(Rule):
    code = "S04"
    name = "external-faq-missing"
    severity = Severity.WARNING
    question = None
    message = "There is no customer (external) FAQ."
    why = (
        "Customers will have questions the release does not answer: price, how to start, what "
        "it does not do. Writing them down now shows you have listened."
    )
    suggestion = "Add '## External FAQ' with the questions a customer would ask."
    fails = (_GOOD_PR + "\n## Internal FAQ\n\n### What will it cost us?\n\n$40,000.\n",)
    passes = (_GOOD_PR + "\n## External FAQ\n\n### How much does it cost?\n\n$5 a month.\n",)

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
    name = "headline-weak"
    severity = Severity.WARNING
    question = None
    message = "The headline is missing or only a name; it does not say what a customer gets."
    why = (
        "The heading should tell a customer what they get, not just what it is called. Many "
        "readers decide from the heading alone whether to read on."
    )
    suggestion = "Rewrite as '<Product> lets <customer> <outcome>'."
    fails = (
        "# Project Falcon\n\nSome text about the project that follows here.\n",
        "# Acme Announces Falcon: a Scheduling Platform for Clinics, Hospitals, Care Homes and "
        "Pharmacies That Lets Nurses Book Follow-Ups, Send Reminders and Track No-Shows\n\nText.\n",
        "# Falcon revolutionizes how nurses book follow-ups\n\nText.\n",
        "FOR IMMEDIATE RELEASE\nLEEDS - May 2, 2031\n\nFalcon Is a Scheduling Platform\n\nText.\n",
    )
    passes = (
        "# Falcon lets clinic nurses book follow-ups in one minute\n\nText.\n",
        "FOR IMMEDIATE RELEASE\nLEEDS - May 2, 2031\n\nFalcon lets nurses book follow-ups in one "
        "minute\n\nText.\n",
        "# PR/FAQ: Falcon\n\n**FOR IMMEDIATE RELEASE**\n\n"
        "### Falcon lets clinic nurses book follow-ups in one minute\n\nText.\n",
    )
    options: ClassVar[Mapping[str, Any]] = {"min_words": 4, "max_words": 20}

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
    name = "subheading-missing"
    severity = Severity.INFO
    question = None
    message = "No subheading under the headline names the customer and the benefit."
    why = "The subheading forces you to say who benefits and how, in one sentence."
    suggestion = "Add one italic line under the heading: who it is for and what changes for them."
    fails = ("# Falcon lets nurses book follow-ups fast\n\nSEATTLE — Falcon is here today.\n",)
    passes = (
        "# Falcon lets nurses book follow-ups fast\n\n"
        "_Clinic nurses book a patient's next visit in one minute, not ten._\n\nBody.\n",
    )

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        a = anatomy(doc)
        if a.title is not None and a.subheading is None:
            yield self.at(a.title)


_DATELINE = re.compile(
    rf"\b[A-Z][A-Za-z .'-]{{2,40}},\s*(?:[A-Z][A-Za-z.]*\s*)?(?:[—–-]|\(|{MONTHS})|{DATE.pattern}"
)


class DatelineMissing(Rule):
    code = "S07"
    name = "dateline-missing"
    severity = Severity.INFO
    question = None
    message = "The summary has no dateline (city and launch date)."
    why = "A dated, placed announcement makes the launch feel real and commits you to a timeline."
    suggestion = "Start the summary with 'CITY, Region — Month D, YYYY —'."
    fails = ("# Falcon lets nurses book follow-ups fast\n\nFalcon lets nurses book visits.\n",)
    passes = (_GOOD_PR,)

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
    name = "launch-date-implausible"
    severity = Severity.WARNING
    question = None
    message = "The launch date is a placeholder, in the past, or more than 3 years away."
    why = (
        "The launch date signals how hard the invention is. A past or placeholder date means "
        "the plan is not real yet; a date years away means the idea is not yet a product."
    )
    suggestion = "Put the realistic launch date you would commit to."
    fails = ("# Falcon lets nurses book visits\n\nSEATTLE — [Launch date] — Falcon is here.\n",)
    passes = (_GOOD_PR,)
    options: ClassVar[Mapping[str, Any]] = {"max_years": 3}

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
    name = "section-order"
    severity = Severity.WARNING
    question = None
    message = "The parts are out of order."
    why = (
        "Readers need the problem before the fix, and the release before the FAQ; the order "
        "is part of the argument."
    )
    fails = (
        "# Falcon lets nurses book visits\n\n## How it works\n\nFalcon books the visit.\n\n"
        "## The problem\n\nToday nurses spend 10 minutes on hold and must call back by hand.\n",
    )
    passes = (
        "# Falcon lets nurses book visits\n\n## The problem\n\n"
        "Today nurses spend 10 minutes on hold and must call back by hand.\n\n"
        "## How it works\n\nFalcon books the visit.\n",
    )

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
    name = "pr-too-long"
    severity = Severity.WARNING
    question = None
    message = "The press release is longer than one page."
    why = "The release must fit on one page. If it can't, the idea isn't clear yet."
    suggestion = "Cut features and background; move detail to the FAQ."
    fails = (
        "# Falcon lets nurses book visits\n\n" + ("Nurses book visits in a minute. " * 130) + "\n",
    )
    passes = (_GOOD_PR,)
    options: ClassVar[Mapping[str, Any]] = {"max_words": 600, "max_paragraphs": 12}

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
    name = "call-to-action-missing"
    severity = Severity.INFO
    question = None
    message = "The release does not end with where, when and how much."
    why = "A launch with no place, date or price is not yet a product decision."
    suggestion = "End with one short paragraph: where to get it, from when, and the price."
    fails = (
        "# Falcon lets nurses book visits\n\nNurses book visits in one minute.\n\nIt is good.\n",
    )
    passes = (
        "# Falcon lets nurses book visits\n\nNurses book visits in one minute.\n\n"
        "Falcon is available today at falcon.example.com for $9 per nurse per month.\n",
    )

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
