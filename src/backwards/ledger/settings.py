"""The ``ledger:`` section of ``backwards.yaml``."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from pydantic import Field

from backwards.config import Section

__all__ = ["LedgerSettings"]


class LedgerSettings(Section):
    """The ``ledger:`` section."""

    key: ClassVar[str] = "ledger"
    help: ClassVar[str] = "Trust ledger."

    repeat_threshold: float = Field(
        default=0.34,
        ge=0.0,
        le=1.0,
        description="Similarity at which a mistake is a candidate repeat.",
    )
    holidays: str | list[date] = Field(
        default="",
        description="Days that are not business days: an ISO country code (US, GB, DE-BY) "
        "or a list of dates. Monday to Friday otherwise.",
    )
    default_person: str | None = Field(
        default=None,
        description="Who keeps the ledger while nobody is in the people directory: they may "
        "revise and resolve anyone's commitments. Default: BACKWARDS_USER, else the login name.",
    )
