"""A deck shows itself in a notebook: ``_repr_html_`` is its page in a sandboxed iframe."""

from __future__ import annotations

import datetime as dt
import html
import re

from backwards.wbr import Deck, render
from tests.wbr.conftest import Case


def test_deck_repr_html_is_the_page_in_an_iframe_srcdoc(case: Case) -> None:
    case.data(dt.date(2020, 6, 1), dt.date(2021, 9, 25), {"x": lambda d: d.day})
    case.config(
        "setup:\n  week_ending: 25-SEP-2021\n  week_number: 38\n  title: <b>T</b>\n"
        "metrics:\n  X:\n    column: x\n    aggf: sum\n"
        "deck:\n  - block:\n      ui_type: 6_12Graph\n      title: X\n"
        "      metrics:\n        X: {}\n"
    )
    deck = case.deck()
    assert isinstance(deck, Deck)
    shown = deck._repr_html_()
    match = re.fullmatch(
        r'<iframe title="([^"]*)" sandbox="allow-scripts" [^>]*srcdoc="([^"]*)"></iframe>', shown
    )
    assert match is not None, shown[:200]
    assert html.unescape(match.group(1)) == "<b>T</b> · week 38"  # user text escaped
    page = html.unescape(match.group(2))
    assert page == render(deck, "html")
    assert "Content-Security-Policy" in page  # the page keeps its own policy
    assert "<b>T</b>" not in shown
