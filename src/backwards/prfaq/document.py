"""The document model: a PR/FAQ parsed into blocks, sections, sentences, questions and quotes.

``parse(text, path)`` reads CommonMark (with YAML front matter) through markdown-it-py; plain
text is Markdown without markup, so it works too. Every block keeps its first and last line, and
``Block.position(offset)`` turns an offset in its text into a line and column of the source file.

Block text is the inline source with markup blanked out (emphasis markers, link targets, inline
code, HTML tags become spaces), so offsets in the text are offsets in the source line. Code,
tables and HTML are kept as blocks of their own kind and are never treated as prose.

Each block belongs to a section (``press-release``, ``external-faq``, ``internal-faq`` or
``other``; see ``section.py``). Sentences (``sentence.py``), questions and answers
(``question.py``) and quotes (``quote.py``) are built lazily and memoised on the document.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from backwards.prfaq.section import (
    EXTERNAL_FAQ,
    INTERNAL_FAQ,
    OTHER,
    PRESS_RELEASE,
    SECTIONS,
    TITLE_FAQ,
    Section,
    assign_sections,
    heading_kind,
)

if TYPE_CHECKING:
    from backwards.prfaq.question import QA
    from backwards.prfaq.quote import Quote
    from backwards.prfaq.sentence import Sentence

__all__ = [
    "EXTERNAL_FAQ",
    "INTERNAL_FAQ",
    "OTHER",
    "PRESS_RELEASE",
    "SECTIONS",
    "Block",
    "Document",
    "Section",
    "heading_kind",
    "mask",
    "parse",
]


PROSE_KINDS = frozenset({"heading", "paragraph", "item"})

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
_LEAD_IN = re.compile(
    r"^\s*(?:\*\*|__)(?P<bold>[^*_\n]{1,60}?)(?:\*\*|__)\s*[:.—–-]?|"
    r"^\s*(?P<plain>[A-Z][\w ’']{1,40}):\s",
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


@dataclass(slots=True, eq=False)
class Document:
    """A parsed PR/FAQ. Build it with ``parse``."""

    path: str
    text: str
    blocks: list[Block]
    sections: list[Section]
    front_matter: str = ""
    lines: list[str] = field(default_factory=list)
    _cache: dict[str, object] = field(default_factory=dict)

    def prose(self, *sections: str, quoted: bool = True) -> Iterator[Block]:
        """Prose blocks (headings, paragraphs, list items), optionally of some sections only."""
        for b in self.blocks:
            if not b.is_prose or (sections and b.section not in sections):
                continue
            if not quoted and b.quoted:
                continue
            yield b

    def paragraphs(self, *sections: str) -> list[Block]:
        return [b for b in self.prose(*sections) if b.kind in ("paragraph", "item")]

    def has_section(self, kind: str) -> bool:
        return any(s.kind == kind and s.blocks for s in self.sections) or any(
            qa.section == kind for qa in self.questions
        )

    @property
    def title(self) -> Block | None:
        """The press release's headline.

        The first H1 (or a leading heading or bold line), unless it only names the document
        ("Noda — PR/FAQ", "Press release"): then the next heading or bold line of the release.
        """
        cached = self._cache.get("title", 0)
        if cached != 0:
            return cached  # type: ignore[return-value]
        title = None
        for b in self.blocks:
            if b.kind == "heading" and b.level == 1:
                title = b
                break
        if title is None:
            first = next((b for b in self.blocks if b.is_prose), None)
            if first is not None and (
                first.kind == "heading" or _bold_only(first) or _title_line(first)
            ):
                title = first
        if title is not None and _names_document(title):
            after = [b for b in self.prose(PRESS_RELEASE) if b.index > title.index][:3]
            for b in after:
                if (b.kind == "heading" or _bold_only(b)) and not _names_document(b):
                    title = b
                    break
        self._cache["title"] = title
        return title

    @property
    def sentences(self) -> list[Sentence]:
        from backwards.prfaq.sentence import split_document

        return self._memo("sentences", lambda: split_document(self))

    def sentences_of(self, block: Block) -> list[Sentence]:
        """The sentences of one block (from the document's sentence list)."""
        index = self._memo("sentence_index", lambda: _index_sentences(self.sentences))
        return index.get(block.index, [])  # type: ignore[attr-defined,no-any-return]

    @property
    def questions(self) -> list[QA]:
        from backwards.prfaq.question import extract

        return self._memo("questions", lambda: extract(self))

    @property
    def quotes(self) -> list[Quote]:
        from backwards.prfaq.quote import extract

        return self._memo("quotes", lambda: extract(self))

    def _memo(self, key: str, build: object) -> list:  # type: ignore[type-arg]
        if key not in self._cache:
            self._cache[key] = build()  # type: ignore[operator]
        return self._cache[key]  # type: ignore[return-value]

    @property
    def word_count(self) -> int:
        return sum(b.words for b in self.prose())


def _index_sentences(sentences: list[Sentence]) -> dict[int, list[Sentence]]:
    out: dict[int, list[Sentence]] = {}
    for s in sentences:
        out.setdefault(s.block.index, []).append(s)
    return out


def _title_line(block: Block) -> bool:
    """A plain-text document's first line: short, one line, no closing punctuation."""
    text = block.text.strip()
    return (
        block.kind == "paragraph"
        and "\n" not in text
        and 3 <= block.words <= 25
        and not text.endswith((".", "?", "!", ":", ","))
    )


def _names_document(block: Block) -> bool:
    """A heading that names the document or a part of it, not the product's news."""
    if TITLE_FAQ.search(block.text):
        return True
    kind, _ = heading_kind(block.text)
    return kind == PRESS_RELEASE


def _bold_only(block: Block) -> bool:
    s = block.source.strip()
    return (
        len(s) > 4
        and s[:2] in ("**", "__")
        and s[-2:] in ("**", "__")
        and "\n" not in s
        and s.count("**") + s.count("__") == 2
    )


@functools.cache
def _markdown() -> object:
    from markdown_it import MarkdownIt

    # Rules read the inline source, not inline tokens: skip inline parsing (a third of the time).
    return MarkdownIt("commonmark", {"maxNesting": 40}).enable("table").disable(["inline"])


_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def parse(text: str, path: str = "<input>") -> Document:
    """Parse ``text`` (Markdown or plain text) into a ``Document``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    front = ""
    body = text
    m = _FRONT_MATTER.match(text)
    if m:
        front = m.group(0)
        body = "\n" * front.count("\n") + text[m.end() :]
    lines = body.split("\n")
    md = _markdown()
    tokens = md.parse(body)  # type: ignore[attr-defined]
    blocks = _blocks(tokens, lines)
    sections = assign_sections(blocks)
    doc = Document(path=path, text=text, blocks=blocks, sections=sections, front_matter=front)
    doc.lines = text.split("\n")
    return doc


def _columns(source: str, lines: list[str], first: int) -> tuple[int, ...]:
    cols: list[int] = []
    for i, part in enumerate(source.split("\n")):
        raw = lines[first - 1 + i] if 0 <= first - 1 + i < len(lines) else ""
        probe = part.strip()
        found = raw.find(probe) if probe else 0
        cols.append(max(found, 0) - (len(part) - len(part.lstrip())))
    return tuple(max(c, 0) for c in cols)


def _blocks(tokens: list, lines: list[str]) -> list[Block]:  # type: ignore[type-arg]
    blocks: list[Block] = []
    quote_depth = 0
    list_depth = 0
    item_open: list[bool] = []
    pending: tuple[str, int] | None = None  # (kind, level) of the block whose inline comes next
    for tok in tokens:
        t = tok.type
        if t == "blockquote_open":
            quote_depth += 1
        elif t == "blockquote_close":
            quote_depth -= 1
        elif t in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif t in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif t == "list_item_open":
            item_open.append(True)
        elif t == "list_item_close":
            if item_open:
                item_open.pop()
        elif t == "heading_open":
            pending = ("heading", int(tok.tag[1:]))
        elif t == "paragraph_open":
            in_item = bool(item_open) and item_open[-1]
            pending = ("item" if in_item else "paragraph", list_depth)
            if in_item:
                item_open[-1] = False  # later paragraphs of the item are plain paragraphs
        elif t == "inline" and pending is not None and tok.map:
            kind, level = pending
            pending = None
            source = tok.content
            first = tok.map[0] + 1
            end = first + source.count("\n")
            blocks.append(
                Block(
                    kind=kind,
                    source=source,
                    text=mask(source),
                    line=first,
                    end_line=end,
                    columns=_columns(source, lines, first),
                    level=level,
                    quoted=quote_depth > 0,
                )
            )
        elif t in ("fence", "code_block", "html_block", "table_open") and tok.map:
            kind = {"fence": "code", "code_block": "code", "html_block": "html"}.get(t, "table")
            first, last = tok.map[0] + 1, tok.map[1]
            content = tok.content if kind != "table" else "\n".join(lines[first - 1 : last])
            blocks.append(
                Block(kind, content, content, first, max(first, last), (0,), quoted=quote_depth > 0)
            )
    for i, b in enumerate(blocks):
        b.index = i
        b.lead_in = _lead_in(b) if b.kind in ("paragraph", "item") else None
    return blocks


def _lead_in(block: Block) -> str | None:
    m = _LEAD_IN.match(block.source)
    if not m:
        return None
    label = (m.group("bold") or m.group("plain") or "").strip(" .:—–-")
    return label or None
