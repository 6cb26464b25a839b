"""The deck as a notebook shows it: ``Deck`` with ``_repr_html_``.

``backwards.wbr.deck.Deck`` is the plain data every output renders; this subclass (what
``build`` and ``build_deck`` return, exported as ``backwards.wbr.Deck``) adds only the Jupyter
display: the deck's HTML page inside an ``<iframe srcdoc>`` (``backwards.page.iframe_srcdoc``),
so the page keeps its own Content-Security-Policy and runs sandboxed. It lives above the
renderers, which import the data model, so no import goes in a circle.
"""

from __future__ import annotations

from dataclasses import dataclass

from backwards.page import iframe_srcdoc
from backwards.wbr import deck as model
from backwards.wbr.outputs.html import render_html

__all__ = ["Deck"]


@dataclass(frozen=True, slots=True)
class Deck(model.Deck):
    """A whole computed WBR deck (fields: ``backwards.wbr.deck.Deck``), shown as its HTML page
    in Jupyter."""

    def _repr_html_(self) -> str:
        return iframe_srcdoc(render_html(self), title=f"{self.title} · week {self.week_number}")
