"""The Deck: a computed WBR as plain, frozen data (``assembly.build_deck`` makes one).

A Deck is what every output (HTML, our JSON, the WBR App's deck JSON) renders. It holds numbers,
labels and texts only: no formatting, no rounding, no HTML. A blank (missing) value is ``None``,
never 0 and never NaN.

::

    Deck
     ├── needs_explanation: (Variance, ...)       the "Needs explanation" list, worst first
     ├── partial_periods: (PartialPeriod, ...)    shown periods with fewer days of data
     └── blocks: (Block, ...)                     in config order
          ├── ChartBlock       (6_12Graph)        x axis, series, box-total rows, annotations
          ├── WeeksTableBlock  (6_WeeksTable)     6 weeks + QTD + YTD per row
          ├── MonthsTableBlock (12_MonthsTable)   12 months per row
          ├── SectionBlock     (section)
          └── EmbedBlock       (embedded_content)

Percent comparisons in box totals and variances are already scaled (x100, "%"); bps comparisons
are x10 000 ("bps"). Chart series of derived ``XYOY`` / ``XWOW`` / ``XMOM`` metrics are unscaled
ratios (0.05 = 5 %) or differences, as in the WBR App.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "BOX_HEADERS",
    "Annotation",
    "Block",
    "BoxRow",
    "BoxTotals",
    "ChartBlock",
    "Deck",
    "EmbedBlock",
    "Listing",
    "MonthsTableBlock",
    "PartialPeriod",
    "PeriodKind",
    "SectionBlock",
    "Series",
    "TableBlock",
    "TableRow",
    "Value",
    "Variance",
    "WeeksTableBlock",
]

#: A number, or None for blank ("N/A").
Value = float | None

#: The nine box-total column headers, in order.
BOX_HEADERS: tuple[str, ...] = ("LastWk", "WOW", "YOY", "MTD", "YOY", "QTD", "YOY", "YTD", "YOY")

Comparison = Literal["%", "bps"]
PeriodKind = Literal["week", "month", "to_date"]
MonthlyDisplay = Literal["trailing_twelve_months", "fiscal_year"]


@dataclass(frozen=True, slots=True)
class Annotation:
    """A noteworthy event shown under the charts and 6-week tables that hold its metric."""

    date: dt.date
    metric: str
    description: str
    period: Literal["current", "prior"]  # in the CY six weeks, or in the PY (364 days back) ones


@dataclass(frozen=True, slots=True)
class Listing:
    """A titled table of text another feature adds to a deck (``events.with_events``), shown
    after "Needs explanation": say, the launches of the period with their effects."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class Series:
    """One metric on a 6-12 chart.

    ``current_weeks`` / ``previous_weeks`` have 6 values (oldest first, aligned with the chart's
    ``week_labels``); ``current_months`` / ``previous_months`` have 12 values aligned with
    ``month_labels``. ``previous_*`` are the prior year (weeks 364 days back, months one calendar
    year back) and are None when the prior year is not graphed (``graph_prior_year_flag: false``,
    or a derived YOY/WOW/MOM metric, which has no prior year).
    """

    metric: str  # the metric (or derived XYOY/XWOW/XMOM) name
    legend: str  # legend_name, default the metric name
    line_style: str  # primary | secondary | tertiary | quaternary | target | (free text)
    current_weeks: tuple[Value, ...]
    current_months: tuple[Value, ...]
    previous_weeks: tuple[Value, ...] | None
    previous_months: tuple[Value, ...] | None
    comparison: Comparison  # how this metric compares periods: "%" or "bps"
    derived: str = ""  # "YOY", "WOW" or "MOM" for a derived XYOY/XWOW/XMOM name, else ""

    @property
    def is_target(self) -> bool:
        """Targets are drawn as markers without a line and have no box-total row."""
        return self.line_style == "target"


@dataclass(frozen=True, slots=True)
class BoxTotals:
    """The nine summary cells under a chart: LastWk, WOW, YOY, MTD, YOY, QTD, YOY, YTD, YOY.

    ``last_week``, ``mtd``, ``qtd``, ``ytd`` are in the metric's own unit. The comparisons are
    scaled: percent x100 when ``comparison`` is "%", basis points x10 000 when "bps". For a
    derived ``XYOY`` metric the four value cells are unscaled YOY ratios and only ``wow`` is set
    among the comparisons; ``XWOW`` / ``XMOM`` metrics have all nine blank.
    """

    last_week: Value
    wow: Value
    yoy_week: Value
    mtd: Value
    yoy_mtd: Value
    qtd: Value
    yoy_qtd: Value
    ytd: Value
    yoy_ytd: Value
    comparison: Comparison

    @property
    def cells(self) -> tuple[Value, ...]:
        """The nine values in ``BOX_HEADERS`` order."""
        return (
            self.last_week,
            self.wow,
            self.yoy_week,
            self.mtd,
            self.yoy_mtd,
            self.qtd,
            self.yoy_qtd,
            self.ytd,
            self.yoy_ytd,
        )


@dataclass(frozen=True, slots=True)
class BoxRow:
    """One row of a chart's box-total table (one per non-target series)."""

    metric: str
    legend: str
    totals: BoxTotals


@dataclass(frozen=True, slots=True)
class ChartBlock:
    """A ``6_12Graph``: six trailing weeks and twelve months, CY and PY, plus box totals."""

    number: int  # block number as displayed ("3. Page views")
    title: str
    y_scaling: str  # the WBR App format mask ("##.1MM", "##%", ...) or ""
    monthly_display: MonthlyDisplay
    axes: int  # 1 or 2 y axes: the block's ``axes`` key, else the WBR App's rule
    box_total_scale: Comparison  # the WBR App's block-level choice (from the last metric)
    week_labels: tuple[str, ...]  # 6 labels, "wk 33" ... "wk 38"
    week_ends: tuple[dt.date, ...]  # 6 week-ending dates (CY)
    month_labels: tuple[str, ...]  # 12 labels, "Oct" ... "Sep"
    months: tuple[dt.date, ...]  # 12 first-of-month dates (CY)
    series: tuple[Series, ...]
    box_rows: tuple[BoxRow, ...]
    annotations: tuple[Annotation, ...]
    tooltip: bool
    kind: Literal["6_12Graph"] = "6_12Graph"


@dataclass(frozen=True, slots=True)
class TableRow:
    """A table row. ``metric`` None means a header or spacer row (``values`` is empty)."""

    header: str
    metric: str | None
    style: str  # CSS for the header cell, as given in the config ("" if none)
    y_scaling: str  # format mask of this row, "" if none
    values: tuple[Value, ...]
    comparison: Comparison
    derived: str = ""  # "YOY", "WOW" or "MOM" for a derived name (unscaled changes), else ""


@dataclass(frozen=True, slots=True)
class TableBlock:
    """What both table blocks hold: their number and title, column headers and rows."""

    number: int
    title: str
    headers: tuple[str, ...]
    rows: tuple[TableRow, ...]


@dataclass(frozen=True, slots=True)
class WeeksTableBlock(TableBlock):
    """A ``6_WeeksTable``: per row the 6 weekly values then QTD and YTD (8 values); the
    headers are the 6 week labels, "QTD" and "YTD"."""

    week_ends: tuple[dt.date, ...]
    annotations: tuple[Annotation, ...]
    kind: Literal["6_WeeksTable"] = "6_WeeksTable"


@dataclass(frozen=True, slots=True)
class MonthsTableBlock(TableBlock):
    """A ``12_MonthsTable``: per row 12 monthly values (trailing or fiscal year), under 12
    month labels."""

    monthly_display: MonthlyDisplay
    months: tuple[dt.date, ...]  # 12 first-of-month dates
    kind: Literal["12_MonthsTable"] = "12_MonthsTable"


@dataclass(frozen=True, slots=True)
class SectionBlock:
    """A section header."""

    title: str
    kind: Literal["section"] = "section"


@dataclass(frozen=True, slots=True)
class EmbedBlock:
    """``embedded_content``: an iframe. ``width``/``height`` are the config's strings ("700px")."""

    title: str
    source: str
    name: str
    width: str
    height: str
    kind: Literal["embedded_content"] = "embedded_content"


Block = ChartBlock | WeeksTableBlock | MonthsTableBlock | SectionBlock | EmbedBlock


@dataclass(frozen=True, slots=True)
class PartialPeriod:
    """A shown period with fewer days of data than it spans (issue 9, point 3).

    Comparisons whose current side is such a period are blank; month, quarter and year to date
    end on the last day with data instead (like for like with their prior-year twins)."""

    label: str  # "wk 11", "wk 11 (prior year)", "Feb 2021", "MTD", "prior-year YTD"
    kind: PeriodKind
    start: dt.date
    end: dt.date
    days: int  # days with data
    span: int  # days in the period

    @property
    def note(self) -> str:
        return (
            f"{self.label} has {self.days} of {self.span} days of data "
            f"({self.start.isoformat()} to {self.end.isoformat()})"
        )


@dataclass(frozen=True, slots=True)
class Variance:
    """A metric whose last week crossed one of its ``variance_threshold`` limits.

    ``basis`` says what was compared: week on week, year on year, or versus target. ``change`` is
    the scaled change (percent x100 or bps x10 000, see ``unit``), ``threshold`` the limit it
    crossed (same unit). ``assessment`` is "good"/"bad" from ``good_direction``, or "neutral"
    when the metric has none.
    """

    metric: str
    owner: str | None
    basis: Literal["wow", "yoy", "target"]
    current: Value  # last week's value
    reference: Value  # the week before, the PY week, or the target
    change: float
    unit: Comparison
    threshold: float
    direction: Literal["up", "down"]
    assessment: Literal["good", "bad", "neutral"]


@dataclass(frozen=True, slots=True)
class Deck:
    """A whole computed WBR deck."""

    title: str
    week_ending: dt.date
    week_number: int
    fiscal_year_end_month: int  # 1..12
    block_starting_number: int
    monthly_display: MonthlyDisplay  # setup-level default
    tooltip: bool
    blocks: tuple[Block, ...]
    needs_explanation: tuple[Variance, ...]
    annotation_errors: tuple[str, ...]
    partial_periods: tuple[PartialPeriod, ...] = ()
    data_ends: dt.date | None = None  # the last day with data, when before the week ending
    listings: tuple[Listing, ...] = ()  # tables added through a join (``events.with_events``)

    @property
    def data_note(self) -> str:
        """ "data ends 4 days before the week ending (2021-03-09)", or "" when it does not."""
        if self.data_ends is None:
            return ""
        gap = (self.week_ending - self.data_ends).days
        return (
            f"data ends {gap} day{'s' if gap != 1 else ''} before the week ending "
            f"(last day with data: {self.data_ends.isoformat()}); to-date periods run to that "
            "day and so do their prior-year twins"
        )
