"""What the figures of one source share (the source, the period, the command that shows them, a
note) and the radar's scale, for every ``*_figures`` module of the join."""

from __future__ import annotations

from dataclasses import dataclass

from backwards.growth import Evidence

__all__ = ["Figures", "radar_score"]


def radar_score(share: float | None) -> float | None:
    """A share (0 to 1) drawn on the radar's 1-5 scale: 1 + 4 x share; ``None`` stays ``None``."""
    return None if share is None else 1 + 4 * share


@dataclass(frozen=True, slots=True)
class Figures:
    """The figures of one source over one period; ``figure`` makes each ``Evidence``."""

    source: str
    period: str
    link: str
    note: str = ""

    def figure(
        self,
        attribute: str,
        measure: str,
        value: float | None,
        unit: str,
        sample: int | None,
        *,
        score: float | None = None,
        note: str | None = None,
    ) -> Evidence:
        """One figure (``note``: this figure's own, instead of the source's)."""
        return Evidence(attribute, self.source, measure, value, unit, sample, self.period,
                        self.link, self.note if note is None else note, score)  # fmt: skip
