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

import yaml

__all__ = ["mapping", "pattern", "words"]

_FILES = ("customer", "topics", "language", "structure")


@functools.cache
def _all_lists() -> dict[str, Any]:
    merged: dict[str, Any] = {}
    root = resources.files("backwards.prfaq") / "wordlists"
    for name in _FILES:
        data = yaml.safe_load((root / f"{name}.yaml").read_text(encoding="utf-8")) or {}
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


def _entry_regex(entry: str) -> str:
    entry = entry.strip().lower()
    prefix = entry.endswith("*")
    if prefix:
        entry = entry[:-1]
    body = re.escape(entry).replace(r"\ ", r"\s+").replace("'", "['’]")
    left = r"(?<![\w-])" if entry[:1].isalnum() else ""
    if prefix:
        right = r"[\w-]*"
    elif entry[-1:].isalnum():
        right = r"(?![\w])"
    else:
        right = ""
    return left + body + right


@functools.cache
def pattern(*keys: str) -> re.Pattern[str]:
    """One case-insensitive regex matching any entry of the lists ``keys`` (longest first)."""
    entries: set[str] = set()
    for key in keys:
        value = _all_lists()[key]
        entries.update(str(v) for v in (value.keys() if isinstance(value, dict) else value))
    ordered = sorted(entries, key=lambda e: (-len(e), e))
    return re.compile("|".join(_entry_regex(e) for e in ordered), re.IGNORECASE)


def compile_words(entries: tuple[str, ...]) -> re.Pattern[str]:
    """A regex for ad-hoc entries (rule options such as extra words)."""
    ordered = sorted(set(entries), key=lambda e: (-len(e), e))
    if not ordered:
        return re.compile(r"(?!x)x")
    return re.compile("|".join(_entry_regex(e) for e in ordered), re.IGNORECASE)
