"""WBR: the weekly business review deck from a WBR App config and daily data.

Public API (imported lazily: ``import backwards.wbr`` does not load DuckDB)::

    spec, findings = load_spec("wbr.yaml")          # WbrSpec | None, [Finding]
    data = open_data(spec, ["daily.csv"])           # DuckDB-backed DataSet
    deck = build_deck(spec, data)                   # Deck (see backwards.wbr.deck)
    deck = build_deck_from_files("wbr.yaml", ["daily.csv"])
    findings = check("wbr.yaml", ["daily.csv"])     # every problem, config and data
    print(explain_sql(spec, week_ending, "PageViews"))
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backwards.wbr.settings import WbrSettings

__all__ = [
    "WbrSettings",
    "build_deck",
    "build_deck_from_files",
    "check",
    "explain_sql",
    "load_spec",
    "open_data",
]

_EXPORTS = {
    "WbrSettings": "backwards.wbr.settings",
    "build_deck": "backwards.wbr.deck",
    "build_deck_from_files": "backwards.wbr.checking",
    "check": "backwards.wbr.checking",
    "explain_sql": "backwards.wbr.engine",
    "load_spec": "backwards.wbr.spec",
    "open_data": "backwards.wbr.sources",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'backwards.wbr' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted(__all__)
