"""Sentences: prose blocks split at sentence ends, with offsets back into their block.

A rule-based splitter that needs no model: a sentence ends at ``.``, ``!`` or ``?`` (plus any
closing quotes or brackets) followed by white space and a capital, digit or opening quote,
except after common abbreviations ("Dr.", "e.g.", "Inc.") and single initials.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from backwards.prfaq.block import Block

__all__ = ["Sentence", "split", "split_blocks"]

_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "e.g",
        "i.e",
        "approx",
        "no",
        "dept",
        "est",
        "fig",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "a.m",
        "p.m",
        "mt",
        "ave",
    ]
)
# A run of end marks is matched only from its first mark, and possessively: a shorter run (or
# fewer closing marks) can never be followed by the white space the match needs, so giving
# characters back is pointless, and without the look-behind every later mark of a long run would
# start the same failing match again (quadratic in the run: 10,000 dots took seconds).
_END = re.compile(r"(?<![.!?…])[.!?…]++[\"”’')\]]*+(?:(?=\s+[\"“‘(\[]?[A-Z0-9*_])|\s*\n\s*\n)")
_BREAK = re.compile(r"\n\s*\n")
_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")


@dataclass(slots=True, eq=False)
class Sentence:
    """A sentence of a block: ``text`` is ``block.text[start:end]``."""

    block: Block
    start: int
    end: int
    text: str

    @property
    def section(self) -> str:
        return self.block.section

    @property
    def word_count(self) -> int:
        return len(_WORD.findall(self.text))

    def position(self, offset: int = 0) -> tuple[int, int]:
        """Line and column of ``offset`` within this sentence."""
        return self.block.position(self.start + offset)


def split(block: Block) -> list[Sentence]:
    """The sentences of one block."""
    text = block.text
    out: list[Sentence] = []
    start = 0
    for m in _END.finditer(text):
        end = m.end()
        cut = m.start()
        word_start = max(text.rfind(" ", start, cut), text.rfind("\n", start, cut)) + 1
        last = text[max(word_start, start) : cut].lower().rstrip(".")
        if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
            continue
        _add(out, block, text, start, end)
        start = end
    _add(out, block, text, start, len(text))
    return out


def _add(out: list[Sentence], block: Block, text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped or not _WORD.search(stripped):
        return
    lead = len(piece) - len(piece.lstrip())
    s = start + lead
    out.append(Sentence(block, s, s + len(stripped), stripped))


def split_blocks(blocks: Iterable[Block]) -> list[Sentence]:
    """Every sentence of ``blocks`` (a document's prose blocks), in reading order."""
    out: list[Sentence] = []
    for b in blocks:
        out.extend(split(b))
    return out
