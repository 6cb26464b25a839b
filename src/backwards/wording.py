"""Wording for people: counts with the right plural ("1 word", "2 words"), and the "did you
mean" of a name that is not known.

Every feature's text output says counts through ``count``, so no report reads "1 commitments".
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

__all__ = ["count", "did_you_mean"]


def count(n: int, singular: str, plural: str | None = None) -> str:
    """``n`` and the noun, singular for exactly one: ``count(1, "word")`` is ``"1 word"``,
    ``count(3, "word")`` ``"3 words"``; irregular plurals are given: ``count(2, "is", "are")``.
    Thousands are grouped: ``count(1200, "word")`` is ``"1,200 words"``."""
    noun = singular if n == 1 else (plural if plural is not None else f"{singular}s")
    return f"{n:,} {noun}"


def did_you_mean(word: str, choices: Sequence[str]) -> str | None:
    """The closest of ``choices`` to ``word``, or None."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None
