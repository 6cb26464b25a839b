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
``transfer`` (CSV/JSON files), ``vocabulary`` (``Kind``, ``CHECKS``, ``Rater``: light, for the
CLI's options); ``assessment``, ``assessments``; ``evidence`` (the value a join
hands over), ``report``, ``report_text``, ``report_html``; ``tables``, ``eventlog``, ``book``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from backwards.lazy import front_door

if TYPE_CHECKING:
    from backwards.growth.assessment import Assessment, Gap, Rating, self_vs_manager
    from backwards.growth.attributes import EVIDENCE_SOURCES, Attribute, Catalogue, catalogue
    from backwards.growth.book import GrowthBook, open, open_url
    from backwards.growth.entry import Entry, EntryDraft, entry_dict, parse_grade
    from backwards.growth.evidence import Evidence
    from backwards.growth.habit import Habit, weekly_habit
    from backwards.growth.ladder import Focus, Ladder, Level, default_ladder, ladder_of
    from backwards.growth.report import AttributeRow, GrowthReport, NextStep, build_report
    from backwards.growth.report_html import render_html
    from backwards.growth.report_text import render_text
    from backwards.growth.settings import GrowthSettings, LadderSpec, LevelSpec, PersonSpec
    from backwards.growth.transfer import read_entries, write_entries
    from backwards.growth.vocabulary import CHECKS, Kind, Rater

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

#: name -> the module of this package that defines it, imported on first use.
_EXPORTS = {
    "Assessment": "assessment",
    "Gap": "assessment",
    "Rater": "vocabulary",
    "Rating": "assessment",
    "self_vs_manager": "assessment",
    "Attribute": "attributes",
    "Catalogue": "attributes",
    "EVIDENCE_SOURCES": "attributes",
    "catalogue": "attributes",
    "GrowthBook": "book",
    "open": "book",
    "open_url": "book",
    "CHECKS": "vocabulary",
    "Entry": "entry",
    "EntryDraft": "entry",
    "Kind": "vocabulary",
    "entry_dict": "entry",
    "parse_grade": "entry",
    "Evidence": "evidence",
    "Habit": "habit",
    "weekly_habit": "habit",
    "Focus": "ladder",
    "Ladder": "ladder",
    "Level": "ladder",
    "default_ladder": "ladder",
    "ladder_of": "ladder",
    "AttributeRow": "report",
    "GrowthReport": "report",
    "NextStep": "report",
    "build_report": "report",
    "render_html": "report_html",
    "render_text": "report_text",
    "GrowthSettings": "settings",
    "LadderSpec": "settings",
    "LevelSpec": "settings",
    "PersonSpec": "settings",
    "read_entries": "transfer",
    "write_entries": "transfer",
}
__getattr__, __dir__ = front_door(globals(), _EXPORTS)
