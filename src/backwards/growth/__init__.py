"""Growth: the fourteen attributes, the ladder, the journal, assessments and the report.

The front door (the names in ``__all__``; see docs/api.md). The catalogue, the ladder and the
settings load at once (YAML and pydantic); the rest on first use (SQLAlchemy only then)::

    from backwards import growth
    for a in growth.catalogue(): print(a.id, a.name)
    with growth.open(workspace) as book:
        level = book.ladder.level("new")          # the entry level; "senior": senior PM
        book.ladder.focus(level)                  # the attributes to work on, heaviest first
        entry = book.add_entry(draft, author="ana", at=now)
        book.assess("ana", {"communicate": growth.Rating(3)}, rater="bo",
                    kind=growth.Rater.MANAGER, on=today, at=now)
        report = book.report("ana", viewer="ana", today=today, evidence=())

The report with evidence from the ledger, PR/FAQs and portfolio is a join one layer up:
``backwards.evidence.growth_report``.

Inside: ``data/`` (the catalogue and the default ladder as YAML), ``attributes``,
``settings`` (the ``growth:`` section), ``ladder``; ``entry``, ``journal``, ``habit``,
``transfer`` (CSV/JSON files); ``assessment``, ``assessments``; ``evidence`` (the value a join
hands over), ``report``, ``report_text``, ``report_html``; ``tables``, ``eventlog``, ``book``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from backwards.growth.attributes import EVIDENCE_SOURCES, Attribute, Catalogue, catalogue
from backwards.growth.ladder import Focus, Ladder, Level, default_ladder, ladder_of
from backwards.growth.settings import GrowthSettings, LadderSpec, LevelSpec, PersonSpec

if TYPE_CHECKING:
    from backwards.growth.assessment import Assessment, Gap, Rater, Rating, self_vs_manager
    from backwards.growth.book import GrowthBook, open, open_url
    from backwards.growth.entry import CHECKS, Entry, EntryDraft, Kind, entry_dict, parse_grade
    from backwards.growth.evidence import Evidence
    from backwards.growth.habit import Habit, weekly_habit
    from backwards.growth.report import AttributeRow, GrowthReport, NextStep, build_report
    from backwards.growth.report_html import render_html
    from backwards.growth.report_text import render_text
    from backwards.growth.transfer import read_entries, write_entries

__all__ = [
    "CHECKS",
    "EVIDENCE_SOURCES",
    "Assessment",
    "Attribute",
    "AttributeRow",
    "Catalogue",
    "Entry",
    "EntryDraft",
    "Evidence",
    "Focus",
    "Gap",
    "GrowthBook",
    "GrowthReport",
    "GrowthSettings",
    "Habit",
    "Kind",
    "Ladder",
    "LadderSpec",
    "Level",
    "LevelSpec",
    "NextStep",
    "PersonSpec",
    "Rater",
    "Rating",
    "build_report",
    "catalogue",
    "default_ladder",
    "entry_dict",
    "ladder_of",
    "open",
    "open_url",
    "parse_grade",
    "read_entries",
    "render_html",
    "render_text",
    "self_vs_manager",
    "weekly_habit",
    "write_entries",
]

_ENTRY = "backwards.growth.entry"
_ASSESSMENT = "backwards.growth.assessment"
_BOOK = "backwards.growth.book"
_REPORT = "backwards.growth.report"
_EXPORTS = {
    "Assessment": _ASSESSMENT,
    "AttributeRow": _REPORT,
    "CHECKS": _ENTRY,
    "Entry": _ENTRY,
    "EntryDraft": _ENTRY,
    "Evidence": "backwards.growth.evidence",
    "Gap": _ASSESSMENT,
    "GrowthBook": _BOOK,
    "GrowthReport": _REPORT,
    "Habit": "backwards.growth.habit",
    "Kind": _ENTRY,
    "NextStep": _REPORT,
    "Rater": _ASSESSMENT,
    "Rating": _ASSESSMENT,
    "build_report": _REPORT,
    "entry_dict": _ENTRY,
    "weekly_habit": "backwards.growth.habit",
    "open": _BOOK,
    "open_url": _BOOK,
    "parse_grade": _ENTRY,
    "read_entries": "backwards.growth.transfer",
    "render_html": "backwards.growth.report_html",
    "render_text": "backwards.growth.report_text",
    "self_vs_manager": _ASSESSMENT,
    "write_entries": "backwards.growth.transfer",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'backwards.growth' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
