"""The rule catalogue, one module per group (its texts in the TOML file of the same name)."""

from __future__ import annotations

from backwards.prfaq.rule import Rule
from backwards.prfaq.rules import (
    customer,
    doctype,
    faq,
    internal_faq,
    language,
    problem,
    quotes,
    residue,
    solution,
    structure,
)

__all__ = ["catalogue"]


def catalogue() -> tuple[Rule, ...]:
    """One instance of every rule, ordered by group then code."""
    order = "SCXQFIL"
    classes = [
        *structure.RULES,
        *doctype.RULES,
        *residue.RULES,
        *problem.RULES,
        *customer.RULES,
        *solution.RULES,
        *quotes.RULES,
        *faq.RULES,
        *internal_faq.RULES,
        *language.RULES,
    ]
    rules = [cls() for cls in classes]
    return tuple(sorted(rules, key=lambda r: (order.index(r.code[0]), r.code)))
