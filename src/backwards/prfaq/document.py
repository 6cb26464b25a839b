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

The model is layered, imports pointing down only: ``block`` (blocks, section names, ``mask``) at
the bottom; ``section``, ``sentence``, then ``question`` and ``quote`` build on blocks; this
module composes them into a ``Document``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from backwards.prfaq import question, quote
from backwards.prfaq.block import (
    EXTERNAL_FAQ,
    INTERNAL_FAQ,
    OTHER,
    PARAGRAPH_KINDS,
    PRESS_RELEASE,
    SECTIONS,
    Block,
    mask,
)
from backwards.prfaq.question import QA
from backwards.prfaq.quote import Quote
from backwards.prfaq.section import TITLE_FAQ, Section, assign_sections, heading_kind
from backwards.prfaq.sentence import Sentence, split_blocks

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


_LEAD_IN = re.compile(
    r"^\s*(?:\*\*|__)(?P<bold>[^*_\n]{1,60}?)(?:\*\*|__)\s*[:.—–-]?|"
    r"^\s*(?P<plain>[A-Z][\w ’']{1,40}):\s",
)


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
        return [b for b in self.prose(*sections) if b.kind in PARAGRAPH_KINDS]

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
        return self._memo("sentences", lambda: split_blocks(self.prose()))

    def sentences_of(self, block: Block) -> list[Sentence]:
        """The sentences of one block (from the document's sentence list)."""
        index = self._memo("sentence_index", lambda: _index_sentences(self.sentences))
        return index.get(block.index, [])  # type: ignore[attr-defined,no-any-return]

    @property
    def questions(self) -> list[QA]:
        return self._memo("questions", lambda: question.extract(self.blocks, self.sections))

    @property
    def quotes(self) -> list[Quote]:
        return self._memo("quotes", lambda: quote.extract(self.blocks))

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


_DEPTHS = {
    "blockquote_open": ("quote", 1),
    "blockquote_close": ("quote", -1),
    "bullet_list_open": ("list", 1),
    "ordered_list_open": ("list", 1),
    "bullet_list_close": ("list", -1),
    "ordered_list_close": ("list", -1),
}
_LEAF_KINDS = {"fence": "code", "code_block": "code", "html_block": "html", "table_open": "table"}


@dataclass(slots=True)
class _Nesting:
    """Where the token stream is: blockquote and list depth, and the open list items."""

    quotes: int = 0
    lists: int = 0
    items: list[bool] = field(default_factory=list)  # True until the item's first paragraph

    def track(self, kind: str) -> bool:
        """Follow an opening or closing token; False when ``kind`` is neither."""
        if kind in _DEPTHS:
            which, step = _DEPTHS[kind]
            if which == "quote":
                self.quotes += step
            else:
                self.lists += step
        elif kind == "list_item_open":
            self.items.append(True)
        elif kind == "list_item_close":
            if self.items:
                self.items.pop()
        else:
            return False
        return True

    def paragraph(self) -> tuple[str, int]:
        """(kind, level) of a paragraph opening here: an item's first one is the item."""
        in_item = bool(self.items) and self.items[-1]
        if in_item:
            self.items[-1] = False  # later paragraphs of the item are plain paragraphs
        return ("item" if in_item else "paragraph", self.lists)


def _prose_block(tok: Any, kind: str, level: int, lines: list[str], quoted: bool) -> Block:
    source = tok.content
    first = tok.map[0] + 1
    return Block(
        kind=kind,
        source=source,
        text=mask(source),
        line=first,
        end_line=first + source.count("\n"),
        columns=_columns(source, lines, first),
        level=level,
        quoted=quoted,
    )


def _leaf_block(tok: Any, kind: str, lines: list[str], quoted: bool) -> Block:
    first, last = tok.map[0] + 1, tok.map[1]
    content = tok.content if kind != "table" else "\n".join(lines[first - 1 : last])
    return Block(kind, content, content, first, max(first, last), (0,), quoted=quoted)


def _blocks(tokens: list[Any], lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    nesting = _Nesting()
    pending: tuple[str, int] | None = None  # (kind, level) of the block whose inline comes next
    for tok in tokens:
        t = tok.type
        if nesting.track(t):
            continue
        if t == "heading_open":
            pending = ("heading", int(tok.tag[1:]))
        elif t == "paragraph_open":
            pending = nesting.paragraph()
        elif t == "inline" and pending is not None and tok.map:
            blocks.append(_prose_block(tok, *pending, lines, nesting.quotes > 0))
            pending = None
        elif t in _LEAF_KINDS and tok.map:
            blocks.append(_leaf_block(tok, _LEAF_KINDS[t], lines, nesting.quotes > 0))
    for i, b in enumerate(blocks):
        b.index = i
        b.lead_in = _lead_in(b) if b.kind in PARAGRAPH_KINDS else None
    return blocks


def _lead_in(block: Block) -> str | None:
    m = _LEAD_IN.match(block.source)
    if not m:
        return None
    label = (m.group("bold") or m.group("plain") or "").strip(" .:—–-")
    return label or None
