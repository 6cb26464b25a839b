"""The trust ledger: commitments as forecasts, revisions, outcomes, mistakes and trust.

The front door (imported lazily: ``import backwards.ledger`` loads neither SQLAlchemy nor
numpy)::

    from backwards import ledger

    with ledger.open(workspace) as book:             # or ledger.open_url("sqlite:///x.db")
        record = book.commit("Ship SSO", due=due, by="ana", at=now)
        book.revise(record.id, due=later, reason="vendor slipped", by="ana", at=now)
        book.resolve(record.id, "met", by="ana")               # resolved today
        book.correct(record.id, "resolved_on", "2026-03-30", reason="typo", by="ana")
        report = book.trust_report(now=now, owner="ana")   # TrustReport
        mistake = book.add_mistake("Promised before legal review", by="ana", at=now)
        book.similar(mistake.id)                           # possible repeats

Inside, three parts: ``storage`` (tables, the repository, bulk reads and imports, the ledger
files), ``measures`` (pure numpy over columns: say/do, slip, forecasts, repeats, similarity)
and ``reports`` (the ``TrustReport`` and its text and HTML pages). ``model`` holds the values
every part shares. See docs/api.md.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backwards.ledger.book import Book, Export, open, open_url
    from backwards.ledger.intake import LIMITS, parse_probability
    from backwards.ledger.measures.failure_modes import label as failure_label
    from backwards.ledger.measures.failure_modes import modes as failure_modes
    from backwards.ledger.measures.repeat_candidates import SimilarMistake
    from backwards.ledger.model import (
        ActionItem,
        Commitment,
        CommitmentOutcome,
        CommitmentRecord,
        Correction,
        Event,
        Kind,
        Mistake,
        MistakeCategory,
        Outcome,
        Resolution,
        Revision,
        Status,
    )
    from backwards.ledger.repeat_finder import RepeatFinder, open_finder
    from backwards.ledger.reports.joined import JoinedRow, JoinedSection
    from backwards.ledger.reports.trust_html import render_html
    from backwards.ledger.reports.trust_report import TrustReport
    from backwards.ledger.reports.trust_text import render_comparison, render_text
    from backwards.ledger.settings import LedgerSettings
    from backwards.ledger.storage.file_writer import (
        event_dict,
        record_dict,
        revision_dict,
        stored_mistake_dict,
    )
    from backwards.ledger.storage.repository import ImportSummary

__all__ = [
    "LIMITS",
    "ActionItem",
    "Book",
    "Commitment",
    "CommitmentOutcome",
    "CommitmentRecord",
    "Correction",
    "Event",
    "Export",
    "ImportSummary",
    "JoinedRow",
    "JoinedSection",
    "Kind",
    "LedgerSettings",
    "Mistake",
    "MistakeCategory",
    "Outcome",
    "RepeatFinder",
    "Resolution",
    "Revision",
    "SimilarMistake",
    "Status",
    "TrustReport",
    "event_dict",
    "failure_label",
    "failure_modes",
    "open",
    "open_finder",
    "open_url",
    "parse_probability",
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
    "CommitmentOutcome": _MODEL,
    "CommitmentRecord": _MODEL,
    "Correction": _MODEL,
    "Event": _MODEL,
    "Export": "backwards.ledger.book",
    "ImportSummary": "backwards.ledger.storage.repository",
    "JoinedRow": "backwards.ledger.reports.joined",
    "JoinedSection": "backwards.ledger.reports.joined",
    "Kind": _MODEL,
    "LedgerSettings": "backwards.ledger.settings",
    "LIMITS": "backwards.ledger.intake",
    "Mistake": _MODEL,
    "MistakeCategory": _MODEL,
    "Outcome": _MODEL,
    "RepeatFinder": "backwards.ledger.repeat_finder",
    "Resolution": _MODEL,
    "Revision": _MODEL,
    "SimilarMistake": "backwards.ledger.measures.repeat_candidates",
    "Status": _MODEL,
    "TrustReport": "backwards.ledger.reports.trust_report",
    "event_dict": "backwards.ledger.storage.file_writer",
    "failure_label": "backwards.ledger.measures.failure_modes",
    "failure_modes": "backwards.ledger.measures.failure_modes",
    "open": "backwards.ledger.book",
    "open_finder": "backwards.ledger.repeat_finder",
    "open_url": "backwards.ledger.book",
    "parse_probability": "backwards.ledger.intake",
    "record_dict": "backwards.ledger.storage.file_writer",
    "render_comparison": "backwards.ledger.reports.trust_text",
    "render_html": "backwards.ledger.reports.trust_html",
    "render_text": "backwards.ledger.reports.trust_text",
    "revision_dict": "backwards.ledger.storage.file_writer",
    "stored_mistake_dict": "backwards.ledger.storage.file_writer",
}


#: Names exported under another name than the one in their module.
_RENAMED = {"failure_label": "label", "failure_modes": "modes"}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'backwards.ledger' has no attribute {name!r}")
    return getattr(importlib.import_module(module), _RENAMED.get(name, name))


def __dir__() -> list[str]:
    return sorted(__all__)
