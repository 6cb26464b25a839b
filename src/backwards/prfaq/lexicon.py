"""Word lists: the YAML files under ``wordlists/``, loaded once and compiled to regexes.

Each list entry is a word or phrase matched as a whole word, case-insensitively; a trailing
``*`` matches any ending (``frustrat*`` finds "frustrated" and "frustrating"). Lists are read
lazily on first use, so importing this module reads nothing.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import Any

__all__ = ["compile_words", "mapping", "pattern", "words"]

_FILES = ("customer", "topics", "language", "structure")


@functools.cache
def _all_lists() -> dict[str, Any]:
    import yaml  # only when a rule first needs a word list: `prfaq rules` never does

    merged: dict[str, Any] = {}
    root = resources.files("backwards.prfaq") / "wordlists"
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for name in _FILES:
        text = (root / f"{name}.yaml").read_text(encoding="utf-8")
        data = yaml.load(text, Loader=loader) or {}  # a safe loader (C when available)
        for key, value in data.items():
            merged[f"{name}.{key}"] = value
    return merged


def words(key: str) -> tuple[str, ...]:
    """The entries of list ``file.name`` (for example ``"customer.skills_forward"``)."""
    value = _all_lists()[key]
    return tuple(str(v) for v in value)


def mapping(key: str) -> dict[str, str]:
    """A mapping list (for example ``"language.wordy"``: phrase -> replacement)."""
    value = _all_lists()[key]
    return {str(k): str(v) for k, v in value.items()}


_END = ""


def _token(ch: str) -> str:
    if ch == " ":
        return r"\s+"
    if ch in "'’":
        return "['’]"
    return re.escape(ch)


def _suffix(entry: str) -> str:
    if entry.endswith("*"):
        return r"[\w-]*"
    return r"(?!\w)" if entry[-1:].isalnum() else ""


def _trie_regex(entries: list[str]) -> str:
    """One regex for ``entries`` with shared prefixes factored out (fast to match)."""
    root: dict[str, Any] = {}
    for entry in entries:
        node = root
        for ch in entry.rstrip("*"):
            node = node.setdefault(ch, {})
        node.setdefault(_END, set()).add(_suffix(entry))
    return _node_regex(root)


def _node_regex(node: dict[str, Any]) -> str:
    alts = [_token(ch) + _node_regex(child) for ch, child in sorted(node.items()) if ch != _END]
    ends = node.get(_END, set())
    alts.extend(sorted(ends, key=len, reverse=True))
    if len(alts) == 1:
        return alts[0]
    return "(?:" + "|".join(alts) + ")"


def _compile(entries: set[str]) -> re.Pattern[str]:
    cleaned = sorted({" ".join(e.strip().lower().split()) for e in entries if e.strip()})
    word_start = [e for e in cleaned if e[:1].isalnum()]
    other = [e for e in cleaned if not e[:1].isalnum()]
    parts = []
    if word_start:
        parts.append(r"(?<![\w-])" + _trie_regex(word_start))
    if other:
        parts.append(_trie_regex(other))
    if not parts:
        return re.compile(r"(?!x)x")
    return re.compile("|".join(parts), re.IGNORECASE)


@functools.cache
def pattern(*keys: str) -> re.Pattern[str]:
    """One case-insensitive regex matching any entry of the lists ``keys``."""
    entries: set[str] = set()
    for key in keys:
        value = _all_lists()[key]
        entries.update(str(v) for v in (value.keys() if isinstance(value, dict) else value))
    return _compile(entries)


def compile_words(entries: tuple[str, ...]) -> re.Pattern[str]:
    """A regex for ad-hoc entries (rule options such as extra words)."""
    return _compile(set(entries))
