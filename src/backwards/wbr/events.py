"""Events from outside the config added to a computed deck, through a join one layer up (the
impact loop adds launches this way).

``with_events(deck, events, listings)`` puts each event (an ``Annotation``: date, metric, text)
under every chart and 6-week table that holds its metric, like the config's own annotations,
and each ``Listing`` (a titled table of text) after "Needs explanation". The deck knows nothing
of where they came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar

from backwards.wbr.deck import Annotation, Block, ChartBlock, Deck, Listing, WeeksTableBlock

__all__ = ["Annotation", "Listing", "with_events"]

D = TypeVar("D", bound=Deck)


def with_events(deck: D, events: Sequence[Annotation] = (), listings: Sequence[Listing] = ()) -> D:
    """``deck`` with ``events`` under the blocks holding their metric and ``listings`` added."""
    blocks: list[Block] = []
    for block in deck.blocks:
        if isinstance(block, ChartBlock):
            names = {s.metric for s in block.series}
        elif isinstance(block, WeeksTableBlock):
            names = {r.metric for r in block.rows if r.metric}
        else:
            blocks.append(block)
            continue
        mine = tuple(e for e in events if e.metric in names)
        blocks.append(replace(block, annotations=block.annotations + mine) if mine else block)
    return replace(deck, blocks=tuple(blocks), listings=deck.listings + tuple(listings))
