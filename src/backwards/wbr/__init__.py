"""WBR: the weekly business review deck from a WBR App config and daily data.

The front door (``__all__``); adapters and notebooks import only from here::

    from backwards import wbr

    deck = wbr.build("wbr.yaml", ["daily.csv"])       # Deck (plain frozen data)
    html = wbr.render(deck, "html")                   # or json, wbr-app-json, csv, md, text
    wbr.write(deck, "json", Path("out/wbr.json"))     # atomically; "pdf" prints with Chromium
    findings = wbr.check("wbr.yaml", ["daily.csv"])   # every problem, config and data
    print(wbr.explain("wbr.yaml", "PageViews"))       # the SQL the engine runs
    series = wbr.metric_series("PageViews", "wbr.yaml", ["daily.csv"])  # days and periods

Each use case also takes ``workspace=`` (a ``backwards.workspace.Workspace``) instead of paths:
its ``wbr:`` settings (``WbrSettings``) name the config, the data and the output folder. The
steps one level down (``load_spec``, ``open_data``, ``build_deck``) are public too, for callers
that hold a spec or data open across several builds. Importing this package does not load DuckDB or
Jinja2; they are loaded when a build or an HTML render needs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from backwards.lazy import front_door

if TYPE_CHECKING:
    from backwards.wbr.api import build, check, explain, metric_series
    from backwards.wbr.assembly import build_deck
    from backwards.wbr.calendar import parse_week_ending
    from backwards.wbr.events import Annotation, Listing, with_events
    from backwards.wbr.inputs import WbrInputs, WbrOptions, resolve_inputs
    from backwards.wbr.notebook import Deck
    from backwards.wbr.outputs import (
        FORMATS,
        PAPERS,
        SUFFIXES,
        Format,
        check_suffix,
        format_for,
        render,
        write,
    )
    from backwards.wbr.progress import reporting
    from backwards.wbr.series import MetricSeries, PeriodValue, series_of
    from backwards.wbr.settings import WbrSettings
    from backwards.wbr.sources import DataSet, DuckDataSet, open_data
    from backwards.wbr.spec import WbrSpec
    from backwards.wbr.specreader import load_spec

__all__ = [
    "FORMATS",
    "PAPERS",
    "SUFFIXES",
    "Annotation",
    "DataSet",
    "Deck",
    "DuckDataSet",
    "Format",
    "Listing",
    "MetricSeries",
    "PeriodValue",
    "WbrInputs",
    "WbrOptions",
    "WbrSettings",
    "WbrSpec",
    "build",
    "build_deck",
    "check",
    "check_suffix",
    "explain",
    "format_for",
    "load_spec",
    "metric_series",
    "open_data",
    "parse_week_ending",
    "render",
    "reporting",
    "resolve_inputs",
    "series_of",
    "with_events",
    "write",
]

#: name -> the module of this package that defines it, imported on first use.
_EXPORTS = {
    "build": "api",
    "check": "api",
    "explain": "api",
    "metric_series": "api",
    "build_deck": "assembly",
    "parse_week_ending": "calendar",
    "Annotation": "events",
    "Listing": "events",
    "with_events": "events",
    "WbrInputs": "inputs",
    "WbrOptions": "inputs",
    "resolve_inputs": "inputs",
    "Deck": "notebook",
    "FORMATS": "outputs",
    "Format": "outputs",
    "PAPERS": "outputs",
    "SUFFIXES": "outputs",
    "check_suffix": "outputs",
    "format_for": "outputs",
    "render": "outputs",
    "write": "outputs",
    "MetricSeries": "series",
    "PeriodValue": "series",
    "reporting": "progress",
    "series_of": "series",
    "WbrSettings": "settings",
    "DataSet": "sources",
    "DuckDataSet": "sources",
    "open_data": "sources",
    "WbrSpec": "spec",
    "load_spec": "specreader",
}
__getattr__, __dir__ = front_door(globals(), _EXPORTS)
