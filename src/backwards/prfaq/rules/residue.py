"""Template residue (S14): placeholders and instructions left from a template."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from backwards.prfaq.document import Document
from backwards.prfaq.rule import Hit, Rule

_RESIDUE_BRACKETS = re.compile(
    r"\[(?:[A-Z][A-Z0-9 ,./&_-]{1,40}|[A-Za-z][\w ,./&-]{0,40}\b(?i:name|title|date|city|state|"
    r"company|product|customer|quote|number|amount|price|role|team|feature|x{2,})\b"
    r"[\w ,./&-]{0,20})\](?!\()|\{\{[^{}]{0,60}\}\}|"
    r"<(?!(?:br|hr|img|a|b|i|u|p|em|strong|span|div|sup|sub|kbd|code|s|small|mark)\b)"
    r"[a-z][a-z0-9 _-]{2,40}>",
)
# Any other bracketed slot: "[outcome they get]", "[A number first.]"; not a link, a reference,
# a footnote, a checkbox or a number ("[1]").
_RESIDUE_SLOT = re.compile(r"\[(?![ xX]\])(?![\^!])(?!\d+\])[^\[\]\n]{2,160}\](?![(\[:])")
_RESIDUE_WORDS = re.compile(
    r"\b(?:X{3,}\b|TBD\b|TBA\b|TODO\b|FIXME\b|Lorem ipsum\b|(?:WHO|WHAT|WHEN|WHERE|WHY)\?)"
)


# A fill-in blank ("Get it at _______.com") and a template's field label left at the start of a
# paragraph ("Title: ...", "Subtitle: ..."): the scaffolding of a form, not a press release.
_BLANK = re.compile(r"(?<![\w\\])_{3,}|(?:\\_){3,}")
_FIELD_LABEL = re.compile(
    r"^\s*(?:\*\*|__)?(?:Title|Sub-?title|Heading|Sub-?heading|Headline|Sub-?headline|Dateline)"
    r"(?:\*\*|__)?\s*:",
    re.I,
)
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
# In code, only a bracketed slot that names what to put there ("[package-name]", "[your token]");
# "[--flag]", "x[i]" and "<name>" are code syntax.
_CODE_SLOT = re.compile(
    r"\[[A-Za-z][\w ./-]{0,40}?(?i:name|your|here|version|token|path|url|id|key)\b[\w ./-]{0,20}\]"
)


def _source_residue(source: str) -> list[re.Match[str]]:
    """Residue only the Markdown source shows: blanks, and placeholders inside code spans
    (``pip install [package-name]``), which the prose text blanks out."""
    found = list(_BLANK.finditer(source))
    for span in _CODE_SPAN.finditer(source):
        found.extend(_CODE_SLOT.finditer(source, span.start(2), span.end(2)))
    return found


def _residue(text: str) -> list[re.Match[str]]:
    found = list(_RESIDUE_WORDS.finditer(text))
    if "[" in text or "{" in text or "<" in text:
        found.extend(_RESIDUE_BRACKETS.finditer(text))
        spans = {(m.start(), m.end()) for m in found}
        found.extend(m for m in _RESIDUE_SLOT.finditer(text) if (m.start(), m.end()) not in spans)
    return sorted(found, key=lambda m: m.start())


_INSTRUCTION = re.compile(
    r"^\s*(?:\(|\[)?\s*(?:Describe|Write|Explain|List|Insert|Replace|Fill in|Summari[sz]e|State|"
    r"Provide|Include|Add a|Add the|Add your|Enter|Put)\s+(?:the|a|an|your|one|two|three|here|"
    r"what|who|how|why|each|any|in)\b",
)


class TemplateResidue(Rule):
    code = "S14"

    def check(self, doc: Document, opts: Mapping[str, Any]) -> Iterator[Hit]:
        for b in doc.blocks:
            if b.kind == "code":
                continue
            if b.kind == "html":
                for m in re.finditer(r"<!--(.*?)-->", b.source, re.S):
                    body = m.group(1)
                    if _INSTRUCTION.match(body) or _residue(body):
                        if body.strip().lower().startswith("backwards:"):
                            continue
                        yield self.at_line(
                            b.line + b.source.count("\n", 0, m.start()),
                            b.section,
                            message="Template guidance is left in an HTML comment.",
                            suggestion="Delete the comment once the part is written.",
                        )
                continue
            text = b.source if b.kind == "table" else b.text
            found = _residue(text)
            if b.kind != "table" and len(b.source) == len(b.text):
                found += _source_residue(b.source)  # same columns: offsets carry over
            for m in sorted(found, key=lambda m: m.start()):
                if b.kind == "table":
                    yield self.at_line(
                        b.line + text.count("\n", 0, m.start()),
                        b.section,
                        message=f"Placeholder {m.group(0)!r} is still in a table.",
                    )
                    continue
                yield self.at_match(
                    b,
                    m,
                    message=f"Placeholder {m.group(0)!r} is still in the text.",
                    suggestion="Replace it with the real value, or delete it.",
                )
            label = _FIELD_LABEL.match(b.source) if b.kind in ("paragraph", "item") else None
            if label:
                yield self.at(
                    b,
                    0,
                    len(label.group(0)),
                    message=f"Template field label {label.group(0).strip(' *_')!r} is still "
                    "in the text.",
                    suggestion="Write the part itself (a headline is a heading), no label.",
                )
            if b.kind in ("paragraph", "item") and (b.quoted or b.source.lstrip()[:1] in "_*(["):
                m2 = _INSTRUCTION.match(b.text)
                if m2:
                    yield self.at(
                        b,
                        m2.start(),
                        message="Template instruction left in the text.",
                        suggestion="Write the part the instruction asks for, then delete it.",
                    )


RULES: tuple[type[Rule], ...] = (TemplateResidue,)
