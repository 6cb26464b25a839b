"""Rows another feature adds to the trust report, through a join one layer up (``impact``).

The ledger knows no other feature: a join builds a ``JoinedSection`` (a title, rows in plain
words, and its figures as JSON) from its own read models and hands it over with
``TrustReport.joined_with``. The text, HTML and JSON forms show each section after the
ledger's own measures. ``backwards.impact.trust_report`` adds "Impact forecasts" this way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["JoinedRow", "JoinedSection"]


@dataclass(frozen=True, slots=True)
class JoinedRow:
    """One figure: what it is, its value in plain words, and what it should be near."""

    label: str
    value: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class JoinedSection:
    """A titled block of rows; ``key`` names its figures (``data``) in the JSON form."""

    key: str
    title: str
    rows: tuple[JoinedRow, ...]
    data: Mapping[str, Any] = field(default_factory=dict)
