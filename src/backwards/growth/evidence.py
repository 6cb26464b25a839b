"""Evidence from outcomes: one measured figure that speaks to an attribute.

Growth does not compute these itself: the join one layer up (``backwards.evidence``) reads the
other features' own figures (the ledger's trust report, the PR/FAQ reviews, the portfolio) and
hands them over as ``Evidence`` values. ``value is None`` means "no data" (the workspace does
not use that feature, or the person has no records there): never shown as zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["DISPLAY_PLACES", "Evidence", "rounded"]

#: Decimal places of the report's display numbers in JSON (means, gaps and scores on the 1-5
#: scale, shares): ``0.3333`` rather than the float ``0.3333333333333335``.
DISPLAY_PLACES = 4


def rounded(value: float | None) -> float | None:
    """A display number as JSON shows it: rounded to ``DISPLAY_PLACES`` (``None`` stays)."""
    return None if value is None else round(value, DISPLAY_PLACES)


@dataclass(frozen=True, slots=True)
class Evidence:
    """A figure for ``attribute`` (an id) from ``source`` over ``period``, with its sample."""

    attribute: str
    source: str
    measure: str
    value: float | None
    unit: str
    sample: int | None
    period: str
    link: str
    note: str = ""
    #: the figure on the 1-5 scale of the radar (None: not a rate that maps to it)
    score: float | None = None

    @property
    def no_data(self) -> bool:
        return self.value is None

    def shown(self) -> str:
        """The value as people read it: "no data", a percentage, or a number with its unit."""
        if self.value is None:
            return "no data"
        if self.unit == "share":
            return f"{self.value:.0%}"
        return f"{self.value:.2f} {self.unit}".rstrip()

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "measure": self.measure,
            "value": self.value,
            "shown": self.shown(),
            "unit": self.unit,
            "sample": self.sample,
            "period": self.period,
            "link": self.link,
            "note": self.note,
            "score": rounded(self.score),
        }
