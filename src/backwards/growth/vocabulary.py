"""Growth's words as plain values: what a journal entry is about (``Kind``), the four yes/no
checks it asks (``CHECKS``) and who rates an assessment (``Rater``).

They import nothing else, so the CLI builds its options from them without loading the catalogue,
the settings or the store (``backwards journal --help`` starts fast).
"""

from __future__ import annotations

import enum

__all__ = ["CHECKS", "Kind", "Rater"]


class Kind(enum.Enum):
    """What the entry is about."""

    MEETING = "meeting"
    DOCUMENT = "document"
    MESSAGE = "message"
    DECISION = "decision"


#: The yes/no checks: field name -> the question the journal asks.
CHECKS: dict[str, str] = {
    "answered_first": "Answered first, then explained?",
    "gave_number": "Gave a number or a date?",
    "owned_problem": "Owned the problem?",
    "pushed_back": "Pushed back where needed?",
}


class Rater(enum.Enum):
    """Who rates: the person themselves, their manager, or a peer."""

    SELF = "self"
    MANAGER = "manager"
    PEER = "peer"
