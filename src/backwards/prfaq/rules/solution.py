"""Solution and experience rules (X): outcomes, not features; the customer's words; launched."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from backwards.prfaq.document import EXTERNAL_FAQ, PRESS_RELEASE, Document
from backwards.prfaq.rule import Hit, Rule

_COMMON_ACRONYMS = frozenset(
    [
        "I",
        "A",
        "OK",
        "US",
        "UK",
        "EU",
        "USA",
        "UN",
        "FAQ",
        "FAQs",
        "PR",
        "PRFAQ",
        "PRFAQs",
        "USB",
        "URL",
        "URLs",
        "PDF",
        "PDFs",
        "PNG",
        "JPEG",
        "JPG",
        "GIF",
        "CSV",
        "MP3",
        "MP4",
        "QR",
        "IETF",
        "ISO",
        "IEEE",
        "W3C",
        "NIST",
        "AI",
        "TV",
        "GPS",
        "SMS",
        "HR",
        "IT",
        "ID",
        "IDs",
        "ATM",
        "DNA",
        "CEO",
        "CTO",
        "CFO",
        "COO",
        "CPO",
        "VP",
        "HR",
        "IT",
        "TV",
        "PC",
        "AM",
        "PM",
        "AI",
        "ID",
        "PDF",
        "FAQs",
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "FL",
        "GA",
        "HI",
        "IA",
        "IL",
        "IN",
        "KS",
        "KY",
        "LA",
        "MA",
        "MD",
        "ME",
        "MI",
        "MN",
        "MO",
        "MS",
        "MT",
        "NC",
        "ND",
        "NE",
        "NH",
        "NJ",
        "NM",
        "NV",
        "NY",
        "OH",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VA",
        "VT",
        "WA",
        "WI",
        "WV",
        "WY",
        "BC",
        "ON",
        "QC",
        "NSW",
    ]
)
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9&]{1,5}s?\b")


class FeatureListNotBenefit(Rule):
    code = "X01"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        run: list[Any] = []
        prev_index = -2
        limit = int(opts["max_items"])
        for b in doc.prose(PRESS_RELEASE):
            if b.kind == "item" and b.index == prev_index + 1:
                run.append(b)
            elif b.kind == "item":
                run = [b]
            else:
                if len(run) > limit:
                    break
                run = []
            prev_index = b.index
        if len(run) > limit:
            yield self.at(run[0], message=f"The press release has a list of {len(run)} items.")


class UndefinedAcronym(Rule):
    code = "X02"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        allow = _COMMON_ACRONYMS | {str(x) for x in opts.get("allow", [])}
        defined: set[str] = set()
        for b in doc.prose(quoted=True):
            text = b.text
            for m in re.finditer(r"\(([A-Z][A-Za-z0-9&]{1,6}s?)\)", text):
                defined.add(m.group(1).rstrip("s"))
        names = _named_acronyms(doc)
        seen: set[str] = set()
        for b in doc.prose():
            text = b.text
            for m in _ACRONYM.finditer(text):
                word = m.group(0)
                key = word.rstrip("s") if word.endswith("s") and len(word) > 2 else word
                if key in allow or word in allow or key in defined or key in seen:
                    continue
                if key in names or re.fullmatch(r"Q[1-4]|H[12]|FY\d{0,4}|[A-Z]\d{1,3}", word):
                    continue
                if _shouting(text, m.start(), m.end()) or _spelled_out(doc, key):
                    continue
                seen.add(key)
                yield self.at_match(b, m, message=f"'{word}' is not spelled out on first use.")


#: a standard's designation: "RFC 9807", "PKCS#11", "ISO 27001", "SHA-256", "HTTP/2"
_DESIGNATION = re.compile(r"\b([A-Z][A-Z0-9&]{1,5})(?:\s?#\s?\d|[-/]\d|\s\d{2,}\b)")
#: a name that starts with an acronym, in the title: "MCP Audit", "OPAQUE Password Authentication"
_TITLE_NAME = re.compile(r"\b([A-Z][A-Z0-9&]{1,5})\s+(?=[A-Z][a-z])")


def _named_acronyms(doc: Document) -> set[str]:
    """Acronyms that are names, not jargon to spell out: a standard's designation with its
    number anywhere in the text (RFC 9807, PKCS#11), or the first word of a proper name in
    the document's title (the subject the document is about: "MCP Audit")."""
    found = {m.group(1) for b in doc.prose(quoted=True) for m in _DESIGNATION.finditer(b.text)}
    title = doc.title
    if title is not None:
        found |= {m.group(1) for m in _TITLE_NAME.finditer(title.text)}
    return found


def _spelled_out(doc: Document, acronym: str) -> bool:
    """True when capitalised words whose initials spell ``acronym`` follow each other somewhere
    in the text ("Hardware Security Modules ... an HSM"), without the acronym in brackets."""
    initials = doc._cache.get("initials")
    if not isinstance(initials, frozenset):
        initials = _initials("\n".join(b.text for b in doc.prose(quoted=True)))
        doc._cache["initials"] = initials
    return acronym.isalpha() and len(acronym) >= 2 and acronym in initials


_CONNECTORS = frozenset({"of", "for", "and", "the", "to"})


def _initials(text: str) -> frozenset[str]:
    """The initials of every run of 2-6 capitalised words in ``text`` ("Hardware Security
    Module" gives HS, HSM, SM), skipping connectors ("Bureau of Labor Statistics": BLS)."""
    words = re.findall(r"[A-Za-z]+", text)
    found: set[str] = set()
    for i, w in enumerate(words):
        if not w[0].isupper() or w.isupper():
            continue
        run = w[0]
        for nxt in words[i + 1 : i + 9]:
            if nxt in _CONNECTORS:
                continue
            if not nxt[0].isupper() or nxt.isupper() or len(run) == 6:
                break
            run += nxt[0]
            found.add(run)
    return frozenset(found)


def _shouting(text: str, start: int, end: int) -> bool:
    """True when the neighbouring word is also in capitals (a dateline, a shouted heading), or
    the word sits in a placeholder such as ``[PRICE]`` (S14 reports those)."""
    if text[max(0, start - 1) : start] in ("[", "{", "<"):
        return True
    before = re.findall(r"[A-Za-z]{2,}", text[max(0, start - 20) : start])
    after = re.findall(r"[A-Za-z]{2,}", text[end : end + 20])
    near = (before[-1:] or []) + (after[:1] or [])
    return any(w.isupper() for w in near)


_FUTURE = re.compile(r"\b(?:will|won't|shall|going to)\b|\b\w+['’]ll\b", re.I)


class FutureTensePr(Rule):
    code = "X04"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        sents = [
            s
            for s in doc.sentences
            if s.section in (PRESS_RELEASE, EXTERNAL_FAQ)
            and s.block.kind != "heading"
            and not s.block.quoted
        ]
        future = []
        hot = {b.index for b in doc.prose(PRESS_RELEASE, EXTERNAL_FAQ) if _FUTURE.search(b.text)}
        for s in sents:
            if s.block.index not in hot:
                continue
            outside = re.sub(r"“[^”]*”|\"[^\"]*\"", " ", s.text)
            if _FUTURE.search(outside):
                future.append(s)
        if not sents or len(future) < int(opts["min_sentences"]):
            return
        if len(future) / len(sents) > float(opts["max_ratio"]):
            share = f"{len(future)} of {len(sents)} sentences are in the future tense."
            yield self.at_first(future, _FUTURE, message=share)


RULES: tuple[type[Rule], ...] = (FeatureListNotBenefit, UndefinedAcronym, FutureTensePr)
