"""PR/FAQ review: a linter that holds a document to "start from the customer's problem".

::

    from backwards.prfaq import review_text, RULES
    review = review_text(open("prfaq.md").read(), path="prfaq.md")
    review.verdict.overall            # "ready" | "needs work" | "not ready"
    for f in review.findings: print(f.location, f.code, f.name, f.message)

``RULES`` is the catalogue (each rule has ``code``, ``name``, ``severity``, ``message``,
``why``, ``fails``, ``passes``); ``PROFILES`` the review profiles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from backwards.prfaq.profile import PROFILES, Profile
from backwards.prfaq.review import Review, catalogue, review_path, review_paths, review_text
from backwards.prfaq.rule import Rule
from backwards.prfaq.settings import PrfaqSettings
from backwards.prfaq.verdict import SubVerdict, Verdict

if TYPE_CHECKING:
    RULES: tuple[Rule, ...]

__all__ = [
    "PROFILES",
    "RULES",
    "PrfaqSettings",
    "Profile",
    "Review",
    "Rule",
    "SubVerdict",
    "Verdict",
    "review_path",
    "review_paths",
    "review_text",
]


def __getattr__(name: str) -> Any:
    if name == "RULES":
        return catalogue()
    raise AttributeError(f"module 'backwards.prfaq' has no attribute {name!r}")
