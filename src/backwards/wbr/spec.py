"""The WBR config: the WBR App's YAML (plus our keys) read into a validated ``WbrSpec``.

This module holds the models only; ``specreader.load_spec`` walks the YAML by hand (with
``blockreader`` and ``reader``: the WBR App's shapes, such as metric names as keys and
``- block: {...}`` wrappers, do not suit a fixed model) and reports *every* problem as a
located ``Finding``: unknown keys with a "did you mean"
(an error, or a warning with ``allow_unknown_keys``), wrong types, missing keys, bad dates, unknown
metrics and dependency cycles. Codes are listed in
``CODES`` and documented in ``docs/wbr.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from backwards.wbr.deck import EmbedBlock, SectionBlock
from backwards.wbr.query import Predicate
from backwards.yamlfile import LocatedYaml

__all__ = [
    "AGGFS",
    "CODES",
    "ChartMetric",
    "ChartSpec",
    "ColumnMetric",
    "DbQuery",
    "EmbedSpec",
    "FilterMetric",
    "FunctionMetric",
    "Metric",
    "MonthsTableSpec",
    "RowSpec",
    "SectionSpec",
    "Setup",
    "Thresholds",
    "WbrSpec",
    "WeeksTableSpec",
]

#: Every finding code of the WBR config and data checks: code -> (name, meaning).
CODES: dict[str, tuple[str, str]] = {
    "WBR001": (
        "unknown-key",
        "a key the WBR App and backwards do not read (an error unless allowed)",
    ),
    "WBR002": ("missing-key", "a required key is missing"),
    "WBR003": ("wrong-type", "a value has the wrong type"),
    "WBR004": ("bad-date", "week_ending is not a date like 25-SEP-2021"),
    "WBR005": ("unknown-metric", "a block, row, operand or target names no defined metric"),
    "WBR006": ("metric-cycle", "function metrics depend on each other in a circle"),
    "WBR007": ("bad-value", "a value is not one of the accepted choices"),
    "WBR008": ("bad-filter", "a filter query cannot be read"),
    "WBR009": ("derived-value", "week_number or title is missing and is derived"),
    "WBR010": ("missing-column", "a metric names a column that no data source has"),
    "WBR011": ("non-numeric", "a metric's column holds text that is not a number"),
    "WBR012": ("bad-data-date", "a Date cell cannot be read as a date"),
    "WBR013": ("week-outside-data", "week_ending lies outside the data's dates"),
    "WBR014": ("duplicate-column", "a data file has the same column header twice"),
    "WBR015": ("empty-data", "a data file has no rows"),
    "WBR016": ("extra-operands", "divide/product/difference with more than two operands"),
    "WBR017": (
        "path-outside",
        "a data or annotation path lies outside the workspace and the config's folder",
    ),
    "WBR018": ("missing-file", "a data or annotation file the config names does not exist"),
    "WBR019": ("no-data", "the config reads no data (no data_sources and no --data)"),
    "WBR020": ("bad-annotations", "an annotation file cannot be read"),
    "WBR021": ("partial-period", "a shown period has fewer days of data than it spans"),
    "WBR030": ("bad-connection", "a database connection cannot be read, opened or used"),
    "WBR031": ("bad-query", "a data source query fails, or returns no Date column or no rows"),
}

AGGFS: dict[str, str] = {
    "sum": "sum",
    "mean": "mean",
    "avg": "mean",
    "average": "mean",
    "min": "min",
    "max": "max",
    "first": "first",
    "last": "last",
    "median": "median",
    "count": "count",
    "nunique": "nunique",
    "std": "std",
}
FUNCTION_OPS = ("sum", "difference", "product", "divide")
UI_TYPES = ("6_12Graph", "6_WeeksTable", "12_MonthsTable", "section", "embedded_content")
DISPLAYS = ("trailing_twelve_months", "fiscal_year")
DERIVED_SUFFIXES = ("YOY", "WOW", "MOM")

Comparison = Literal["%", "bps"]


@dataclass(frozen=True, slots=True)
class Thresholds:
    """``variance_threshold``: limits on last week's change, in the metric's unit (% or bps)."""

    wow: float | None = None
    yoy: float | None = None
    target: float | None = None


@dataclass(frozen=True, slots=True)
class _MetricBase:
    name: str
    comparison: Comparison
    line: int | None
    owner: str | None
    good_direction: Literal["up", "down"] | None
    target: str | float | None  # a metric name or a constant
    thresholds: Thresholds


@dataclass(frozen=True, slots=True)
class ColumnMetric(_MetricBase):
    column: str
    aggf: str


@dataclass(frozen=True, slots=True)
class FilterMetric(_MetricBase):
    column: str  # base_column
    query: str
    predicate: Predicate
    aggf: str


@dataclass(frozen=True, slots=True)
class FunctionMetric(_MetricBase):
    op: Literal["sum", "difference", "product", "divide"]
    operands: tuple[str, ...]


Metric = ColumnMetric | FilterMetric | FunctionMetric


@dataclass(frozen=True, slots=True)
class Setup:
    week_ending: dt.date | None
    week_number: int | None  # None: derived from week_ending
    title: str
    fiscal_year_end_month: int
    block_starting_number: int
    tooltip: bool
    monthly_display: Literal["trailing_twelve_months", "fiscal_year"]
    db_config_url: str | None = None  # a connections YAML (absolute path) or a SQLAlchemy URL


@dataclass(frozen=True, slots=True)
class DbQuery:
    """One query of ``data_sources: {<connection>: {<alias>: {query: SQL}}}``: its result
    columns are read as ``<alias>.<column>`` (``Date`` stays ``Date``); ``alias`` None keeps
    the raw names (a ``--data`` database URL, like an uploaded CSV)."""

    connection: str
    alias: str | None
    query: str
    where: tuple[str | int, ...] = ()  # the query's place in the config (for findings)


@dataclass(frozen=True, slots=True)
class ChartMetric:
    name: str
    line_style: str
    graph_prior_year: bool
    legend: str


@dataclass(frozen=True, slots=True)
class ChartSpec:
    title: str
    y_scaling: str
    monthly_display: Literal["trailing_twelve_months", "fiscal_year"] | None
    axes: int | None
    metrics: tuple[ChartMetric, ...]
    kind: Literal["6_12Graph"] = "6_12Graph"


@dataclass(frozen=True, slots=True)
class RowSpec:
    header: str
    metric: str | None
    style: str
    y_scaling: str


@dataclass(frozen=True, slots=True)
class WeeksTableSpec:
    title: str
    rows: tuple[RowSpec, ...]
    kind: Literal["6_WeeksTable"] = "6_WeeksTable"


@dataclass(frozen=True, slots=True)
class MonthsTableSpec:
    title: str
    monthly_display: Literal["trailing_twelve_months", "fiscal_year"] | None
    rows: tuple[RowSpec, ...]
    kind: Literal["12_MonthsTable"] = "12_MonthsTable"


#: A config's section and embedded-content blocks are shown as they are: the deck's own blocks.
SectionSpec = SectionBlock
EmbedSpec = EmbedBlock

BlockSpec = ChartSpec | WeeksTableSpec | MonthsTableSpec | SectionSpec | EmbedSpec


@dataclass(frozen=True, slots=True)
class WbrSpec:
    """A validated WBR config. Paths in ``csv_files``/``annotation_files`` are absolute."""

    file: str
    setup: Setup
    metrics: Mapping[str, Metric]
    blocks: tuple[BlockSpec, ...]
    csv_files: Mapping[str, Path]  # alias -> path (columns read as alias.column)
    annotation_files: tuple[Path, ...]
    doc: LocatedYaml = field(compare=False, repr=False)
    db_queries: tuple[DbQuery, ...] = ()  # data_sources queries of database connections
    annotation_queries: tuple[DbQuery, ...] = ()  # annotations.data_sources queries

    def locate(self, path: Sequence[str | int]) -> tuple[int | None, int | None]:
        loc = self.doc.locate(path)
        return (loc.line, loc.column) if loc else (None, None)

    @property
    def folder(self) -> Path:
        """The config's folder (relative paths in the config are read from it)."""
        return Path(self.file).resolve().parent

    def has_name(self, name: str) -> bool:
        """Whether ``name`` is a metric or a derived XYOY/XWOW/XMOM of one."""
        return self.base_of(name) is not None

    def base_of(self, name: str) -> str | None:
        if name in self.metrics:
            return name
        for suffix in DERIVED_SUFFIXES:
            if name.endswith(suffix) and name[: -len(suffix)] in self.metrics:
                return name[: -len(suffix)]
        return None
