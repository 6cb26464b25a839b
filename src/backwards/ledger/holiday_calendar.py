"""The ledger's business-day calendar: Monday to Friday, less the holidays of a setting.

``ledger.holidays`` in ``backwards.yaml`` is an ISO country code (``US``, ``GB``, ``DE``, with a
subdivision as ``DE-BY`` or ``US-CA``), whose public holidays come from the maintained
``holidays`` library (bundled data: no download), or a list of dates. Every business-day figure
(slip, notice, grace, "overdue", the CLI's "N business days late") skips them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from backwards.errors import InputError

__all__ = ["holiday_dates", "ledger_holidays"]


def holiday_dates(setting: str | Sequence[date], years: range) -> tuple[date, ...]:
    """The holidays of ``setting`` (a country code or dates) in ``years``, sorted."""
    if isinstance(setting, str):
        code = setting.strip()
        if not code:
            return ()
        import holidays  # lazy: a large module, needed only when a country is set

        country, _, subdivision = code.upper().partition("-")
        try:
            found = holidays.country_holidays(
                country, subdiv=subdivision or None, years=years, language="en_US"
            )
        except NotImplementedError:
            raise InputError(
                f"ledger.holidays: {code!r} is not a country (or subdivision) the holidays "
                "calendar knows",
                "Use an ISO 3166 code such as US, GB, DE or DE-BY, or a list of dates.",
            ) from None
        return tuple(sorted(found.keys()))
    return tuple(sorted(set(setting)))


def ledger_holidays(setting: str | Sequence[date]) -> tuple[date, ...]:
    """The holidays of ``setting`` from 15 years ago to 2 years ahead: a ledger's calendar."""
    this_year = datetime.now(UTC).year
    return holiday_dates(setting, range(this_year - 15, this_year + 3))
