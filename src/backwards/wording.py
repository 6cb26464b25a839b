"""Wording for people: counts with the right plural ("1 word", "2 words").

Every feature's text output says counts through ``count``, so no report reads "1 commitments".
"""

from __future__ import annotations

__all__ = ["count"]


def count(n: int, singular: str, plural: str | None = None) -> str:
    """``n`` and the noun, singular for exactly one: ``count(1, "word")`` is ``"1 word"``,
    ``count(3, "word")`` ``"3 words"``; irregular plurals are given: ``count(2, "is", "are")``.
    Thousands are grouped: ``count(1200, "word")`` is ``"1,200 words"``."""
    noun = singular if n == 1 else (plural if plural is not None else f"{singular}s")
    return f"{n:,} {noun}"
