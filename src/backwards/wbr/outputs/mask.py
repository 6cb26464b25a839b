"""Number masks: the WBR App's ``y_scaling`` strings (``##.1MM``, ``##%``...) as formatters.

A mask reads ``##[.d]UNIT``. The precision is the one digit after ``##.`` (0 without one) and
the unit is found by substring, in the WBR App's order: ``MM`` (millions, "M"), ``BB``
(billions, "B"), ``KK`` (thousands, "K"), ``bps`` (basis points: x 10,000), ``%`` (x 100).
Anything else shows the raw value. So ``##KK.2%`` is thousands with 0 decimals, as in the WBR
App. We add thousands separators, thousands of a million and more read as millions (``3.08M``,
not ``3,083.8K``), and a blank value always shows ``N/A``, never 0.

>>> Mask.parse("##.1MM").format(1_234_567)
'1.2M'
>>> Mask.parse("##.1%").format(0.1234)
'12.3%'
>>> Mask.parse(None).format(None)
'N/A'
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["BLANK", "Mask", "format_change"]

#: How a blank (missing) value is shown everywhere in the outputs.
BLANK = "N/A"

# (substring, factor, unit suffix), tested in this order like the WBR App.
_UNITS: tuple[tuple[str, float, str], ...] = (
    ("MM", 1e-6, "M"),
    ("BB", 1e-9, "B"),
    ("KK", 1e-3, "K"),
    ("bps", 1e4, "bps"),
    ("%", 100.0, "%"),
)


_SPECS = tuple(f",.{d}f" for d in range(10))


@dataclass(frozen=True, slots=True)
class Mask:
    """How to show a number: multiply by ``factor``, round to ``decimals``, add ``unit``."""

    factor: float = 1.0
    decimals: int = 0
    unit: str = ""

    @classmethod
    def parse(cls, text: str | None) -> Mask:
        """The mask for a ``y_scaling`` string (None or empty: raw, 0 decimals)."""
        if not text:
            return cls()
        decimals = 0
        rest = text.lstrip("#")
        if len(rest) >= 2 and rest[0] == "." and rest[1].isdigit():
            decimals = int(rest[1])
        for needle, factor, unit in _UNITS:
            if needle in text:
                return cls(factor=factor, decimals=decimals, unit=unit)
        return cls(decimals=decimals)

    def scale(self, value: float) -> float:
        """``value`` in display units (millions for ``MM``, percent for ``%``...)."""
        return value * self.factor

    def format(self, value: float | None, *, unit: bool = True) -> str:
        """``value`` as text, e.g. ``1.2M``; ``N/A`` when blank or not finite."""
        if value is None or not math.isfinite(value):
            return BLANK
        if self.unit == "K" and abs(value) >= 999_950:  # 3.08M, not "3,083.8K"
            return Mask(1e-6, max(2, self.decimals), "M").format(value, unit=unit)
        text = format(value * self.factor, _SPECS[self.decimals])
        if text[0] == "-" and not text.strip("-0.,"):
            text = text[1:]  # "-0.0" -> "0.0"
        return text + self.unit if unit else text


def format_change(value: float | None, scale: str, *, decimals: int = 1) -> str:
    """A box-total change cell (WOW or YOY), already scaled by the engine.

    ``scale`` is ``"bps"`` (value in basis points, shown rounded: ``25bps``) or ``"%"``
    (value in percent: ``12.3%``). Blank shows ``N/A``.
    """
    if value is None or not math.isfinite(value):
        return BLANK
    if scale == "bps":
        rounded = round(value)
        return f"{rounded:+,d}bps" if rounded else "0bps"
    text = f"{value:+,.{decimals}f}"
    if float(text.replace(",", "")) == 0:
        text = text[1:]
    return text + "%"
