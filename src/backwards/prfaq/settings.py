"""The ``prfaq:`` section of ``backwards.yaml``: the review's profile, rule selection, baseline."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field

from backwards.config import Section

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
