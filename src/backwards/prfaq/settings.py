"""The ``prfaq:`` section of ``backwards.yaml``: the review's profile, rule selection, baseline."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from backwards.config import Problem, Section, did_you_mean
from backwards.errors import ConfigError
from backwards.prfaq.profile import PROFILES
from backwards.prfaq.rule import resolve_selection

__all__ = ["PrfaqSettings"]


class PrfaqSettings(Section):
    """The ``prfaq:`` section."""

    key: ClassVar[str] = "prfaq"
    help: ClassVar[str] = "PR/FAQ review."
    starter: ClassVar[str] = "prfaq:\n  profile: product\n"

    profile: str = Field(default="product", description="Review profile.")
    select: list[str] = Field(
        default_factory=list, description="Only these rules (codes, names or groups)."
    )
    ignore: list[str] = Field(
        default_factory=list, description="Never these rules (codes, names or groups)."
    )
    severity: dict[str, Literal["error", "warning", "info"]] = Field(
        default_factory=dict, description="Severity overrides by rule code or name."
    )
    rules: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="Per-rule options by rule code or name."
    )
    baseline: str | None = Field(
        default=None, description="Baseline file: findings in it do not fail the review."
    )

    @field_validator("profile")
    @classmethod
    def _known_profile(cls, value: str) -> str:
        if value in PROFILES:
            return value
        guess = did_you_mean(value, list(PROFILES))
        raise PydanticCustomError(
            "unknown_profile",
            "unknown profile '{profile}'; the profiles are {known}",
            {
                "profile": value,
                "known": ", ".join(PROFILES),
                "suggestion": f"did you mean '{guess}'?" if guess else "",
            },
        )

    def check(self, root: Path) -> list[Problem]:
        """Every rule named in ``select`` and ``ignore`` exists (``severity`` and ``rules``
        keys too)."""
        from backwards.prfaq.plan import catalogue  # the rules load only when checked

        rules = catalogue()
        problems = []
        named: list[tuple[tuple[str | int, ...], str]] = [
            *((("select", i), token) for i, token in enumerate(self.select)),
            *((("ignore", i), token) for i, token in enumerate(self.ignore)),
            *((("severity", key), key) for key in self.severity),
            *((("rules", key), key) for key in self.rules),
        ]
        for path, token in named:
            try:
                resolve_selection([token], rules)
            except ConfigError as exc:
                problems.append(Problem(path, exc.message, exc.hint))
        return problems
