"""Deck assembly: computed ``Results`` and the spec's blocks turned into a ``Deck``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from backwards.errors import InputError
from backwards.wbr.annotations import load_annotations
from backwards.wbr.calendar import (
    Calendar,
    add_months,
    iso_week_number,
    month_label,
    week_labels,
)
from backwards.wbr.database_annotations import query_annotations
from backwards.wbr.deck import (
    Annotation,
    Block,
    BoxRow,
    ChartBlock,
    MonthsTableBlock,
    PartialPeriod,
    PeriodKind,
    Series,
    TableRow,
    Value,
    WeeksTableBlock,
)
from backwards.wbr.engine import Results, compute
from backwards.wbr.notebook import Deck
from backwards.wbr.sources import DataSet
from backwards.wbr.spec import (
    ChartSpec,
    EmbedSpec,
    MonthsTableSpec,
    RowSpec,
    SectionSpec,
    WbrSpec,
    WeeksTableSpec,
)
from backwards.wbr.variances import needs_explanation

__all__ = ["build_deck", "partial_periods", "resolve_week"]


def resolve_week(spec: WbrSpec, week_ending: dt.date | None) -> tuple[dt.date, int]:
    """The week ending to build and its week number (derived or shifted when overridden)."""
    configured = spec.setup.week_ending
    we = week_ending or configured
    if we is None:
        raise InputError(
            f"{spec.file}: setup.week_ending is missing",
            hint="Add 'week_ending: 25-SEP-2021' under setup, or pass --week-ending.",
        )
    number = spec.setup.week_number
    if number is None:
        number = iso_week_number(we)
    elif configured is not None and we != configured:
        number = (number - 1 + (we - configured).days // 7) % 52 + 1
    return we, number


def _months(calendar: Calendar, display: str) -> tuple[dt.date, ...]:
    return calendar.fiscal if display == "fiscal_year" else calendar.trailing


def _axes(series: Sequence[Series]) -> int:
    """The WBR App's rule: one axis when months are at most 3x weeks, else two."""
    weekly = [
        v for s in series for v in (*s.current_weeks, *(s.previous_weeks or ())) if v is not None
    ]
    monthly = [
        v for s in series for v in (*s.current_months, *(s.previous_months or ())) if v is not None
    ]
    if not weekly or not monthly:
        return 1
    w, m = max(weekly), max(monthly)
    return 1 if w > 0 and 0 < m / w <= 3 else 2


def build_deck(spec: WbrSpec, data: DataSet, week_ending: dt.date | None = None) -> Deck:
    """Compute ``spec`` over ``data`` and lay the results out as a Deck.

    ``week_ending`` overrides the config's.
    """
    we, week_number = resolve_week(spec, week_ending)
    last = getattr(data, "last_date", None)  # known for files and databases
    data_end = last if last is not None and last < we else None
    results = compute(spec, data, we, data_end=data_end)
    calendar = results.calendar
    labels = week_labels(week_number)
    week_ends = calendar.week_ends()
    events, errors = load_annotations(spec.annotation_files, we, spec.has_name, spec.folder)
    if spec.annotation_queries:  # annotations from database queries, run in the database
        more, more_errors = query_annotations(spec, we, spec.has_name)
        events, errors = events + more, errors + more_errors
    layout = _Layout(spec, results, labels, week_ends, events)
    blocks: list[Block] = []
    number = spec.setup.block_starting_number
    for block in spec.blocks:
        if isinstance(block, SectionSpec | EmbedSpec):
            blocks.append(block)
        elif isinstance(block, ChartSpec):
            blocks.append(_chart(layout, block, number))
            number += 1
        elif isinstance(block, WeeksTableSpec):
            blocks.append(_weeks_table(layout, block, number))
            number += 1
        elif isinstance(block, MonthsTableSpec):
            display = block.monthly_display or spec.setup.monthly_display
            months = _months(calendar, display)
            rows = tuple(
                _table_row(r, results, results.cy_months(r.metric, months) if r.metric else ())
                for r in block.rows
            )
            blocks.append(
                MonthsTableBlock(
                    number=number,
                    title=block.title,
                    monthly_display=display,
                    headers=tuple(month_label(m) for m in months),
                    months=months,
                    rows=rows,
                )
            )
            number += 1
    return Deck(
        title=spec.setup.title,
        week_ending=we,
        week_number=week_number,
        fiscal_year_end_month=spec.setup.fiscal_year_end_month,
        block_starting_number=spec.setup.block_starting_number,
        monthly_display=spec.setup.monthly_display,
        tooltip=spec.setup.tooltip,
        blocks=tuple(blocks),
        needs_explanation=needs_explanation(spec, results),
        annotation_errors=tuple(errors),
        partial_periods=partial_periods(results, labels, blocks),
        data_ends=data_end,
    )


def partial_periods(
    results: Results, labels: Sequence[str], blocks: Sequence[Block]
) -> tuple[PartialPeriod, ...]:
    """The shown periods with fewer days of data than they span: the six weeks and their
    prior-year twins, the months the blocks show (and a year back, for charts with a prior
    year), month, quarter and year to date and their twins."""
    cal = results.calendar
    shown: list[tuple[str, PeriodKind, int]] = [
        (w, "week", p) for w, p in zip(labels, cal.cy_weeks[1:], strict=True)
    ]
    shown += [(f"{w} (prior year)", "week", p) for w, p in zip(labels, cal.py_weeks, strict=True)]
    months: set[dt.date] = set()
    for block in blocks:
        if isinstance(block, ChartBlock | MonthsTableBlock):
            months.update(block.months)
        if isinstance(block, ChartBlock) and any(s.previous_months for s in block.series):
            months.update(add_months(m, -12) for m in block.months)
    for m in sorted(months):
        pid = cal.month_pid(m)
        if pid is not None:
            shown.append((f"{month_label(m)} {m.year}", "month", pid))
    for key, label in (("mtd", "MTD"), ("qtd", "QTD"), ("ytd", "YTD")):
        shown.append((label, "to_date", cal.to_date[key]))
        shown.append((f"prior-year {label}", "to_date", cal.to_date[f"py_{key}"]))
    out = []
    for label, kind, pid in shown:
        if results.is_partial(pid):
            p = cal.periods[pid]
            days = results.days[pid]
            out.append(PartialPeriod(label, kind, p.start, p.end, days, results.span(pid)))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class _Layout:
    """What every block of a deck is laid out from: the computed results, the week labels
    and last days, the annotations."""

    spec: WbrSpec
    results: Results
    labels: tuple[str, ...]
    week_ends: tuple[dt.date, ...]
    events: Sequence[Annotation]


def _chart(on: _Layout, block: ChartSpec, number: int) -> ChartBlock:
    spec, results, events = on.spec, on.results, on.events
    display = block.monthly_display or spec.setup.monthly_display
    months = _months(results.calendar, display)
    series: list[Series] = []
    rows: list[BoxRow] = []
    for m in block.metrics:
        prior = m.graph_prior_year and results.has_prior_year(m.name)
        series.append(
            Series(
                metric=m.name,
                legend=m.legend,
                line_style=m.line_style,
                current_weeks=results.cy_weeks(m.name),
                current_months=results.cy_months(m.name, months),
                previous_weeks=results.py_weeks(m.name) if prior else None,
                previous_months=results.py_months(m.name, months) if prior else None,
                comparison=results.comparison(m.name),
                derived=results.derived(m.name),
            )
        )
        if m.line_style != "target":
            rows.append(BoxRow(metric=m.name, legend=m.legend, totals=results.box(m.name)))
    names = {m.name for m in block.metrics}
    last_scale = series[-1].comparison if series else "%"
    return ChartBlock(
        number=number,
        title=block.title,
        y_scaling=block.y_scaling,
        monthly_display=display,
        axes=block.axes or _axes(series),
        box_total_scale=last_scale,
        week_labels=on.labels,
        week_ends=on.week_ends,
        month_labels=tuple(month_label(m) for m in months),
        months=months,
        series=tuple(series),
        box_rows=tuple(rows),
        annotations=tuple(e for e in events if e.metric in names),
        tooltip=spec.setup.tooltip,
    )


def _weeks_table(on: _Layout, block: WeeksTableSpec, number: int) -> WeeksTableBlock:
    results, events = on.results, on.events
    rows = []
    for r in block.rows:
        values: tuple[Value, ...] = ()
        if r.metric:
            box = results.box(r.metric)
            values = (*results.cy_weeks(r.metric), box.qtd, box.ytd)
        rows.append(_table_row(r, results, values))
    names = {r.metric for r in block.rows if r.metric}
    return WeeksTableBlock(
        number=number,
        title=block.title,
        headers=(*on.labels, "QTD", "YTD"),
        week_ends=on.week_ends,
        rows=tuple(rows),
        annotations=tuple(e for e in events if e.metric in names),
    )


def _table_row(row: RowSpec, results: Results, values: tuple[Value, ...]) -> TableRow:
    """A table's row of the config with its ``values`` (none for a header row)."""
    return TableRow(
        header=row.header,
        metric=row.metric,
        style=row.style,
        y_scaling=row.y_scaling,
        values=values,
        comparison=results.comparison(row.metric) if row.metric else "%",
        derived=results.derived(row.metric) if row.metric else "",
    )
