"""The ``ledger:`` section of ``backwards.yaml`` read without pydantic, and its defaults.

``LedgerSettings`` (``settings.py``) is the model: it validates the section and locates every
problem. ``read_section`` is the short way that ``open_finder`` takes through
``backwards.settingsfile.read_plain``: the section's values when each one is of the exact type
the model keeps unchanged (a number from 0 to 1, a text or a list of dates, a name or
nothing), and None for anything else (an unknown key, a text where a number goes...), which
sends the command the long way, to the model and its messages. A test compares the two
readings, defaults included, on many sections.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

__all__ = ["DEFAULTS", "PlainLedgerSettings", "read_section"]


@dataclass(frozen=True, slots=True)
class PlainLedgerSettings:
    """The values of the ``ledger:`` section (see ``LedgerSettings`` for their meaning)."""

    repeat_threshold: float = 0.34
    holidays: str | tuple[date, ...] = ""
    default_person: str | None = None


DEFAULTS = PlainLedgerSettings()


def _threshold(value: Any) -> float | None:
    if type(value) not in (int, float) or not math.isfinite(value) or not 0 <= value <= 1:
        return None
    return float(value)


def read_section(raw: Mapping[str, Any]) -> PlainLedgerSettings | None:
    """The section's values, or None when only the model can say (see the module docstring)."""
    if any(key not in ("repeat_threshold", "holidays", "default_person") for key in raw):
        return None
    threshold = _threshold(raw.get("repeat_threshold", DEFAULTS.repeat_threshold))
    holidays = raw.get("holidays", DEFAULTS.holidays)
    if type(holidays) is list and all(type(day) is date for day in holidays):
        holidays = tuple(holidays)
    person = raw.get("default_person")
    if threshold is None or type(holidays) not in (str, tuple):
        return None
    if person is not None and type(person) is not str:
        return None
    return PlainLedgerSettings(threshold, holidays, person)
