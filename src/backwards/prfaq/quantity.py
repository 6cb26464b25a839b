"""Quantities in prose: numbers, money, percentages, durations, frequencies and dates.

Regex only (no model, nothing downloaded). ``has_quantity`` is what rules ask: does this text
state a number a reader could check?
"""

from __future__ import annotations

import re

__all__ = ["DATE", "PERCENT_OR_MULTIPLE", "has_measure", "has_quantity"]

_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|"
    r"dozens|half|twice|triple|double|quarter|percent|zero"
)
_QUANTITY = re.compile(
    rf"\d|[$€£¥]|\b(?:{_NUMBER_WORDS})\b|"
    r"\b(?:every|each|per|a|once a|twice a)\s+"
    r"(?:day|week|month|quarter|year|hour|minute|shift|order)\b|"
    r"\b(?:daily|weekly|monthly|quarterly|yearly|annually|hourly)\b",
    re.I,
)
MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
DATE = re.compile(
    rf"\b(?P<md>{MONTHS}\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}}))\b|"
    rf"\b(?P<dm>(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+{MONTHS}\.?,?\s+(?P<y2>\d{{4}}))\b|"
    r"\b(?P<iso>(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2}))\b|"
    rf"\b(?P<my>{MONTHS}\s+(?P<y4>\d{{4}}))\b"
)
PERCENT_OR_MULTIPLE = re.compile(
    r"\b\d+(?:\.\d+)?\s?(?:%|percent\b)|\b\d+(?:\.\d+)?x\b|\b\d+(?:\.\d+)?\s+times\b",
    re.I,
)


_NUMBER = re.compile(
    rf"\d|[$€£¥]|\b(?:{_NUMBER_WORDS})\b|"
    r"\b(?:every|each|per|a|once a|twice a)\s+(?:day|night|morning|evening|week|shift|order|hour|"
    r"minute|visit|call|customer|delivery)\b|\b(?:daily|nightly|weekly|hourly)\b",
    re.I,
)


def has_measure(text: str) -> bool:
    """Stricter than ``has_quantity``: a number, money, or a frequency of a day or finer
    ("every night"), not a trend ("every year")."""
    return _NUMBER.search(text) is not None


def has_quantity(text: str) -> bool:
    """True when ``text`` states a number, an amount of money or a frequency."""
    return _QUANTITY.search(text) is not None
