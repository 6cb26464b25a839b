"""PR/FAQ review: a linter that holds a document to "start from the customer's problem".

The front door (the names in ``__all__``; see docs/api.md)::

    from backwards import prfaq
    review = prfaq.review("prfaq.md", profile="dev-tool")
    review.verdict.overall            # "ready" | "needs work" | "not ready"
    for f in review.findings: print(f.location, f.code, f.name, f.message)

    run = prfaq.review_many(["docs/"], workspace=ws, baseline=True)
    print(run.render("sarif"))        # or "text", "json", "github"

``review_text`` reviews a string. ``RULES`` is the catalogue (each rule has ``code``, ``name``,
``severity``, ``message``, ``why``, ``fails``, ``passes``); ``PROFILES`` the review profiles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from backwards.prfaq.claims import Claims, ImpactForecast, read_claims
from backwards.prfaq.engine import Review, review_text
from backwards.prfaq.plan import PlannedRule, RulePlan, catalogue
from backwards.prfaq.profile import PROFILES, Profile
from backwards.prfaq.reviews import FORMATS, Reviews, review, review_many, rule_plan
from backwards.prfaq.rule import Rule
from backwards.prfaq.rulebook import explain, listing, rule_rows
from backwards.prfaq.settings import PrfaqSettings
from backwards.prfaq.source import find_documents
from backwards.prfaq.starter import template, write_template
from backwards.prfaq.verdict import SubVerdict, Verdict

if TYPE_CHECKING:
    RULES: tuple[Rule, ...]

#: The names of the review profiles (``product`` first, the default).
PROFILE_NAMES: tuple[str, ...] = tuple(PROFILES)

__all__ = [
    "FORMATS",
    "PROFILES",
    "PROFILE_NAMES",
    "RULES",
    "Claims",
    "ImpactForecast",
    "PlannedRule",
    "PrfaqSettings",
    "Profile",
    "Review",
    "Reviews",
    "Rule",
    "RulePlan",
    "SubVerdict",
    "Verdict",
    "explain",
    "find_documents",
    "listing",
    "read_claims",
    "review",
    "review_many",
    "review_text",
    "rule_plan",
    "rule_rows",
    "template",
    "write_template",
]


def __getattr__(name: str) -> Any:
    if name == "RULES":
        return catalogue()
    raise AttributeError(f"module 'backwards.prfaq' has no attribute {name!r}")
