"""Quotes: quoted speech in the press release, with the attribution that follows or precedes it.

A quote is a span of 40 or more characters in straight or curly double quotes. Its attribution is
looked for in the same paragraph, 200 characters after it or 120 before: "said Ana Ruiz, owner of
...", "— Ana Ruiz, CEO", "according to ...". A role word such as CEO, founder or "head of" makes
it a leader's quote; otherwise it is a customer's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from backwards.prfaq import lexicon
from backwards.prfaq.block import PARAGRAPH_KINDS, PRESS_RELEASE, Block

__all__ = ["Quote", "extract"]

_QUOTE = re.compile(
    r"“(?P<c>[^”]{40,}?)”|(?:(?<=^)|(?<=[\s(—–-]))\"(?=\S)(?P<s>[^\"]{40,}?)(?<=\S)\"(?!\w)",
    re.S,
)
_NAME = r"[A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]+|de|van|von|da|del|la|le)){0,3}"
_VERB = r"(?:said|says|explains|explained|added|adds|notes|noted|commented|shared|recalls|tells)"
_ATTRIBUTION_AFTER = re.compile(
    rf"^[\s,]*(?:{_VERB}\s+(?P<n1>{_NAME})|(?P<n2>{_NAME})\s+{_VERB}|[—–-]+\s*(?P<n3>{_NAME}))"
    r"(?P<role>[^.“\"]{0,160})",
)
_ATTRIBUTION_BEFORE = re.compile(
    rf"(?:(?P<n1>{_NAME})(?P<role>,[^.“\"]{{0,120}})?\s*,?\s+{_VERB}\s*[:,]?\s*$|"
    rf"according to\s+(?P<n2>{_NAME})(?P<role2>[^.“\"]{{0,120}})\s*[:,]\s*$)",
)
_PLACEHOLDER_NAME = re.compile(r"^(?:Name|Customer|Person|Firstname|First|Title|XX+)\b", re.I)


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation with its attribution (``speaker`` None when there is none)."""

    block: Block
    start: int
    end: int
    text: str
    speaker: str | None
    role_text: str
    kind: str  # "leader" | "customer"

    @property
    def attributed(self) -> bool:
        return self.speaker is not None and not _PLACEHOLDER_NAME.match(self.speaker)


def _attribution(block: Block, start: int, end: int) -> tuple[str | None, str]:
    text = block.text
    after = text[end : end + 220]
    m = _ATTRIBUTION_AFTER.match(after)
    if m:
        name = m.group("n1") or m.group("n2") or m.group("n3")
        return name, m.group("role") or ""
    before = text[max(0, start - 160) : start]
    m = _ATTRIBUTION_BEFORE.search(before)
    if m:
        name = m.group("n1") or m.group("n2")
        return name, (m.group("role") or m.group("role2") or "")
    return None, ""


_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+)(?=[^.!?]*$)")


def _cited(before: str) -> bool:
    """The quotation stands inside a sentence (four or more words before it, no colon that
    introduces speech): a phrase cited from a document, not something a person said."""
    m = _SENTENCE_START.search(before)
    lead = before[m.end() :] if m else before
    return len(lead.split()) >= 4 and not lead.rstrip().endswith(":")


def extract(blocks: list[Block]) -> list[Quote]:
    """Every quotation in the press release's paragraphs and list items of ``blocks``."""
    out: list[Quote] = []
    leader = lexicon.pattern("language.leader_roles")
    paragraphs = (b for b in blocks if b.section == PRESS_RELEASE and b.kind in PARAGRAPH_KINDS)
    for b in paragraphs:
        previous: Quote | None = None
        for m in _QUOTE.finditer(b.text):
            group = "c" if m.group("c") is not None else "s"
            body = m.group(group)
            speaker, role = _attribution(b, m.start(), m.end())
            if speaker is None and b.kind == "item" and _cited(b.text[: m.start()]):
                continue  # a phrase cited inside a list item's sentence, not speech
            if speaker is None and previous is not None and previous.speaker is not None:
                # A second quote in the paragraph continues the speaker already named.
                speaker, role = previous.speaker, previous.role_text
            kind = "leader" if leader.search(role) else "customer"
            role = " ".join(role.split()).strip(" ,")
            speaker = " ".join(speaker.split()) if speaker else None
            previous = Quote(b, m.start(group), m.end(group), body, speaker, role, kind)
            out.append(previous)
    return out
