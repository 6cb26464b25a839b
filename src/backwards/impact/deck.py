"""Launches in the WBR deck: each launched bet marked on its metric's charts and tables, and a
"Launches in this period" list with the forecast and the measured effect.

A launch is in the period when its date falls in the deck's six weeks (the week ending and the
five before). The mark is an annotation on the launch date ("Launch: TITLE (bet ID): forecast
P50 ..., measured ..."), shown under every chart and 6-week table that holds the bet's metric;
the list gives, per launch, the date, the bet, the metric, the forecast change per week
(P10 / P50 / P90) and the latest measurement (per week, with its 90 % interval), or "not
measured yet". Both go through ``backwards.wbr.with_events``: the deck knows no bets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING

from backwards import wbr

if TYPE_CHECKING:
    from backwards.portfolio import BetRecord, MeasuredEffect
    from backwards.wbr import Deck

__all__ = ["LAUNCHES_TITLE", "deck_with_launches", "launches_in"]

LAUNCHES_TITLE = "Launches in this period"
HEADERS = ("Launched", "Bet", "Metric", "Forecast a week (P10 / P50 / P90)", "Measured a week")


def _signed(x: float) -> str:
    return f"{x:+,.4g}"


def _measured(effect: MeasuredEffect | None) -> str:
    if effect is None:
        return "not measured yet"
    return (
        f"{_signed(effect.absolute)} (90 %: {_signed(effect.low)} to {_signed(effect.high)}, "
        f"{effect.method})"
    )


def launches_in(records: Iterable[BetRecord], first: date, last: date) -> list[BetRecord]:
    """The launched bets whose launch date is in ``first``..``last``, by date then id."""
    found = [r for r in records if r.launched_on is not None and first <= r.launched_on <= last]
    return sorted(found, key=lambda r: (r.launched_on or first, r.bet.id))


def deck_with_launches(
    deck: Deck, records: Iterable[BetRecord], measured: Mapping[str, MeasuredEffect]
) -> Deck:
    """``deck`` with the period's launches marked and listed (module docstring)."""
    last = deck.week_ending
    chosen = launches_in(records, last - timedelta(days=41), last)
    marks = []
    rows = []
    for r in chosen:
        assert r.launched_on is not None
        f = r.baseline or r.forecast
        effect = measured.get(r.bet.id)
        forecast = f"{_signed(f.p10)} / {_signed(f.p50)} / {_signed(f.p90)}"
        text = f"Launch: {r.bet.title} (bet {r.bet.id}): forecast {_signed(f.p50)} a week"
        if effect is not None:
            text += f", measured {_signed(effect.absolute)}"
        marks.append(wbr.Annotation(r.launched_on, f.metric, text, "current"))
        rows.append(
            (
                r.launched_on.isoformat(),
                f"{r.bet.title} ({r.bet.id}, {r.bet.owner or '-'})",
                f.metric,
                forecast,
                _measured(effect),
            )
        )
    if not rows:
        rows.append(("", "no bet launched in these six weeks", "", "", ""))
    listing = wbr.Listing(LAUNCHES_TITLE, HEADERS, tuple(rows))
    return wbr.with_events(deck, marks, [listing])
