"""Blocks: the headings, paragraphs, list items, code, tables and HTML of a parsed document.

The bottom of the document model: a ``Block`` knows its text, where it sits in the source file
and which section it belongs to (``PRESS_RELEASE``, ``EXTERNAL_FAQ``, ``INTERNAL_FAQ`` or
``OTHER``). ``mask`` blanks inline markup out of a block's source without moving any offset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "EXTERNAL_FAQ",
    "INTERNAL_FAQ",
    "OTHER",
    "PARAGRAPH_KINDS",
    "PRESS_RELEASE",
    "PROSE_KINDS",
    "SECTIONS",
    "Block",
    "mask",
]

PRESS_RELEASE = "press-release"
EXTERNAL_FAQ = "external-faq"
INTERNAL_FAQ = "internal-faq"
OTHER = "other"
SECTIONS = (PRESS_RELEASE, EXTERNAL_FAQ, INTERNAL_FAQ, OTHER)

PROSE_KINDS = frozenset({"heading", "paragraph", "item"})
PARAGRAPH_KINDS = ("paragraph", "item")

_HTML_TAGS = (
    "a|abbr|b|br|code|del|details|div|em|i|img|ins|kbd|mark|p|s|small|span|strong|sub|"
    "summary|sup|u|hr|table|tr|td|th|tbody|thead|ul|ol|li|center|font|h[1-6]"
)
_MASKS = (
    re.compile(r"`+[^`\n]*`+"),  # inline code
    re.compile(r"<!--.*?-->", re.S),  # inline comments
    re.compile(rf"</?(?:{_HTML_TAGS})(?:\s[^<>]*)?/?>", re.I),  # known HTML tags
    re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"),  # link targets
    re.compile(r"<https?://[^>\s]+>|https?://[^\s)>\]]+"),  # URLs
    re.compile(r"(?<!\w)[*_]{1,3}|[*_]{1,3}(?!\w)"),  # emphasis markers
    re.compile(r"!?\[(?=[^\]]*\]\()"),  # opening bracket of a link or image
    re.compile(r"^#{1,6}\s|\s#+\s*$"),  # heading markers (setext/atx leftovers)
)
_TRIGGERS = ("`", "<!--", "<", "](", "http", "*_", "[", "#")


def _blank(m: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", m.group(0))


def mask(source: str) -> str:
    """``source`` with markup replaced by spaces (same length, same line breaks)."""
    text = source
    for rx, trigger in zip(_MASKS, _TRIGGERS, strict=True):
        if trigger == "*_":
            if "*" not in text and "_" not in text:
                continue
        elif trigger not in text:
            continue
        text = rx.sub(_blank, text)
    return text


@dataclass(slots=True, eq=False)
class Block:
    """One block of the document: a heading, paragraph, list item, code, table or HTML."""

    kind: str
    source: str  # the inline source with markup
    text: str  # ``source`` with markup blanked (same offsets)
    line: int  # 1-based first line
    end_line: int
    columns: tuple[int, ...]  # 0-based column in the file of each line of ``source``
    level: int = 0  # heading level, or list depth for items
    quoted: bool = False  # inside a blockquote
    section: str = PRESS_RELEASE
    index: int = 0
    lead_in: str | None = None  # a bold or "Label:" lead-in such as "The problem."

    @property
    def is_prose(self) -> bool:
        return self.kind in PROSE_KINDS

    @property
    def words(self) -> int:
        return len(self.text.split())

    def position(self, offset: int) -> tuple[int, int]:
        """Line and 1-based column in the file of ``offset`` in ``text``."""
        offset = max(0, min(offset, len(self.text)))
        row = self.text.count("\n", 0, offset)
        start = self.text.rfind("\n", 0, offset) + 1
        base = self.columns[row] if row < len(self.columns) else 0
        return self.line + row, base + (offset - start) + 1

    @property
    def plain(self) -> str:
        """The text on one line with runs of spaces collapsed (for display)."""
        return " ".join(self.text.split())
