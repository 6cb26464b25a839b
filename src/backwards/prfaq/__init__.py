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

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backwards.prfaq.claims import Claims, ImpactForecast, read_claims
    from backwards.prfaq.engine import Review, review_text
    from backwards.prfaq.plan import PlannedRule, RulePlan
    from backwards.prfaq.profile import PROFILES, Profile
    from backwards.prfaq.reviews import FORMATS, Reviews, review, review_many, rule_plan
    from backwards.prfaq.rule import Rule
    from backwards.prfaq.rulebook import explain, listing, rule_rows
    from backwards.prfaq.settings import PrfaqSettings
    from backwards.prfaq.source import find_documents
    from backwards.prfaq.starter import template, write_template
    from backwards.prfaq.verdict import SubVerdict, Verdict

    RULES: tuple[Rule, ...]
    PROFILE_NAMES: tuple[str, ...]

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


#: name -> the module that defines it. Each is imported on first use, so ``backwards prfaq
#: --help`` and ``prfaq rules`` load only what they need (no Markdown parser, no workspace).
_EXPORTS: dict[str, str] = {
    **dict.fromkeys(("Claims", "ImpactForecast", "read_claims"), "claims"),
    **dict.fromkeys(("Review", "review_text"), "engine"),
    **dict.fromkeys(("PlannedRule", "RulePlan"), "plan"),
    **dict.fromkeys(("PROFILES", "Profile"), "profile"),
    **dict.fromkeys(("FORMATS",), "formats"),
    **dict.fromkeys(("Reviews", "review", "review_many", "rule_plan"), "reviews"),
    **dict.fromkeys(("Rule",), "rule"),
    **dict.fromkeys(("explain", "listing", "rule_rows"), "rulebook"),
    **dict.fromkeys(("PrfaqSettings",), "settings"),
    **dict.fromkeys(("find_documents",), "source"),
    **dict.fromkeys(("template", "write_template"), "starter"),
    **dict.fromkeys(("SubVerdict", "Verdict"), "verdict"),
}


def __getattr__(name: str) -> Any:
    if name == "RULES":
        return importlib.import_module("backwards.prfaq.plan").catalogue()
    if name == "PROFILE_NAMES":
        #: The names of the review profiles (``product`` first, the default).
        return tuple(importlib.import_module("backwards.prfaq.profile").PROFILES)
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'backwards.prfaq' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"backwards.prfaq.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
