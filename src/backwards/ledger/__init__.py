"""The trust ledger: commitments as forecasts, revisions, outcomes, mistakes and trust.

The front door (imported lazily: ``import backwards.ledger`` loads neither SQLAlchemy nor
numpy)::

    from backwards import ledger

    with ledger.open(workspace) as book:             # or ledger.open_url("sqlite:///x.db")
        record = book.commit("Ship SSO", due=due, by="ana", at=now)
        book.revise(record.id, due=later, reason="vendor slipped", by="ana", at=now)
        book.resolve(record.id, "met", by="ana", at=now)
        report = book.trust_report(now=now, owner="ana")   # TrustReport
        mistake = book.add_mistake("Promised before legal review", by="ana", at=now)
        book.similar(mistake.id)                           # possible repeats

Inside, three parts: storage (``tables``, ``rows``, ``repository``, ``snapshot``, ``columns``,
``bulk_import``, ``transfer``, ``export``), measures (``frame``, ``rates``, ``saydo``, ``slip``,
``survival``, ``forecast``, ``similarity``, ``repeats``) and reports (``report``,
``report_text``, ``report_html``). See docs/api.md.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from backwards.ledger.settings import LedgerSettings

if TYPE_CHECKING:
    from backwards.ledger.book import Book, Export, open, open_url
    from backwards.ledger.export import (
        event_dict,
        record_dict,
        revision_dict,
        stored_mistake_dict,
    )
    from backwards.ledger.model import (
        ActionItem,
        Commitment,
        CommitmentRecord,
        Event,
        Kind,
        Mistake,
        MistakeCategory,
        Outcome,
        Resolution,
        Revision,
        Status,
    )
    from backwards.ledger.repeat_candidates import SimilarMistake
    from backwards.ledger.report import TrustReport
    from backwards.ledger.report_html import render_html
    from backwards.ledger.report_text import render_comparison, render_text
    from backwards.ledger.repository import ImportSummary

__all__ = [
    "ActionItem",
    "Book",
    "Commitment",
    "CommitmentRecord",
    "Event",
    "Export",
    "ImportSummary",
    "Kind",
    "LedgerSettings",
    "Mistake",
    "MistakeCategory",
    "Outcome",
    "Resolution",
    "Revision",
    "SimilarMistake",
    "Status",
    "TrustReport",
    "event_dict",
    "open",
    "open_url",
    "record_dict",
    "render_comparison",
    "render_html",
    "render_text",
    "revision_dict",
    "stored_mistake_dict",
]

_MODEL = "backwards.ledger.model"
_EXPORTS = {
    "ActionItem": _MODEL,
    "Book": "backwards.ledger.book",
    "Commitment": _MODEL,
    "CommitmentRecord": _MODEL,
    "Event": _MODEL,
    "Export": "backwards.ledger.book",
    "ImportSummary": "backwards.ledger.repository",
    "Kind": _MODEL,
    "Mistake": _MODEL,
    "MistakeCategory": _MODEL,
    "Outcome": _MODEL,
    "Resolution": _MODEL,
    "Revision": _MODEL,
    "SimilarMistake": "backwards.ledger.repeat_candidates",
    "Status": _MODEL,
    "TrustReport": "backwards.ledger.report",
    "event_dict": "backwards.ledger.export",
    "open": "backwards.ledger.book",
    "open_url": "backwards.ledger.book",
    "record_dict": "backwards.ledger.export",
    "render_comparison": "backwards.ledger.report_text",
    "render_html": "backwards.ledger.report_html",
    "render_text": "backwards.ledger.report_text",
    "revision_dict": "backwards.ledger.export",
    "stored_mistake_dict": "backwards.ledger.export",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'backwards.ledger' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted(__all__)
