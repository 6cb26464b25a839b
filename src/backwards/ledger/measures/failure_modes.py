"""Failure modes: *why* a mistake happened, in a controlled vocabulary with synonyms.

The vocabulary is data in the package (``backwards/ledger/data/failure_modes.json``): each mode
has a key (what is stored), a label (what people read) and phrases, the words people use for
it ("the payments vendor throttled us", "never checked the carrier's API quota": both
*third-party capacity or limits*). ``detect(text)`` finds the modes a root cause or a "why"
names; phrases match whole words after light stemming, so "limits", "limited" and "limit"
match alike. A mode is separate from the broad category (``dependency``, ``quality``, ...):
two mistakes in one category can have different causes, and a repeat is often filed under
another category by another person.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["FailureMode", "detect", "digest", "label", "modes", "stems"]

_WORD = re.compile(r"[a-z0-9]+")
_SUFFIXES = ("ies", "ing", "ed", "es", "s", "e")


@dataclass(frozen=True, slots=True)
class FailureMode:
    """One failure mode of the vocabulary."""

    key: str
    label: str
    phrases: tuple[str, ...]


@cache
def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
            break
    return word.removesuffix("e") if len(word) > 4 else word


def stems(text: str) -> tuple[str, ...]:
    """The text's words, lower case and lightly stemmed (``throttled`` -> ``throttl``)."""
    return tuple(_stem(w) for w in _WORD.findall(text.lower()))


@cache
def _vocabulary_text() -> str:
    return resources.files("backwards.ledger").joinpath("data/failure_modes.json").read_text()


@cache
def digest() -> str:
    """SHA-256 of the vocabulary file: what ``detect`` finds depends on it (a saved index is
    named by it too)."""
    return hashlib.sha256(_vocabulary_text().encode()).hexdigest()


@cache
def modes() -> tuple[FailureMode, ...]:
    """The vocabulary, in file order."""
    data = json.loads(_vocabulary_text())
    return tuple(FailureMode(m["key"], m["label"], tuple(m["phrases"])) for m in data["modes"])


@cache
def _by_first_word() -> dict[str, list[tuple[int, tuple[str, ...]]]]:
    """Each phrase (as stems) under its first word, with its mode's position."""
    out: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    for i, m in enumerate(modes()):
        for p in m.phrases:
            words = stems(p)
            if words:
                out.setdefault(words[0], []).append((i, words))
    return out


def label(key: str) -> str:
    """The label of a mode's key (the key itself when unknown)."""
    return next((m.label for m in modes() if m.key == key), key)


def _contains(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    if not n:
        return False
    first = phrase[0]
    return any(words[i] == first and words[i : i + n] == phrase for i in range(len(words) - n + 1))


def detect(text: str) -> tuple[str, ...]:
    """The keys of the modes whose phrases occur in ``text``, in vocabulary order (one pass
    over the words: each word looks up the phrases that start with it)."""
    words = stems(text)
    table = _by_first_word()
    found: set[int] = set()
    for i, word in enumerate(words):
        for mode, phrase in table.get(word, ()):
            if mode not in found and words[i : i + len(phrase)] == phrase:
                found.add(mode)
    every = modes()
    return tuple(every[i].key for i in sorted(found))


def matched_phrases(text: str, key: str) -> tuple[str, ...]:
    """The phrases of mode ``key`` that occur in ``text`` (to say why two mistakes match)."""
    words = stems(text)
    mode = next((m for m in modes() if m.key == key), None)
    if mode is None:
        return ()
    return tuple(p for p in mode.phrases if _contains(words, stems(p)))
