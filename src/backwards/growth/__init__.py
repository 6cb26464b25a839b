"""Growth: the fourteen attributes, the ladder, the journal, assessments and the report.

The front door (the names in ``__all__``; see docs/api.md)::

    from backwards import growth
    for a in growth.catalogue(): print(a.id, a.name)
    ladder = growth.ladder_of(ws.settings.section(growth.GrowthSettings).ladder_spec)
    level = ladder.level("new")                 # the entry level; "senior": the senior PM level
    ladder.focus(level)                         # the attributes to work on, heaviest first

Inside: ``data/`` (the catalogue and the default ladder as YAML), ``attributes``, ``settings``
(the ``growth:`` section), ``ladder``.
"""

from __future__ import annotations

from backwards.growth.attributes import EVIDENCE_SOURCES, Attribute, Catalogue, catalogue
from backwards.growth.ladder import Focus, Ladder, Level, default_ladder, ladder_of
from backwards.growth.settings import GrowthSettings, LadderSpec, LevelSpec, PersonSpec

__all__ = [
    "EVIDENCE_SOURCES",
    "Attribute",
    "Catalogue",
    "Focus",
    "GrowthSettings",
    "Ladder",
    "LadderSpec",
    "Level",
    "LevelSpec",
    "PersonSpec",
    "catalogue",
    "default_ladder",
    "ladder_of",
]
