"""Hand-made decks for the renderer tests: every block kind, blanks, annotations, variances.

``sample_deck(text)`` puts ``text`` into every user-controlled string (titles, legends, metric
names, row headers, styles, annotations, embedded content, owners), so a hostile ``text``
checks escaping everywhere at once.
"""

from __future__ import annotations

import datetime as dt

from backwards.wbr.deck import (
    Annotation,
    BoxRow,
    BoxTotals,
    ChartBlock,
    Deck,
    EmbedBlock,
    MonthsTableBlock,
    SectionBlock,
    Series,
    TableRow,
    Variance,
    WeeksTableBlock,
)

WEEK_ENDING = dt.date(2021, 9, 25)
WEEK_LABELS = ("wk 33", "wk 34", "wk 35", "wk 36", "wk 37", "wk 38")
WEEK_ENDS = tuple(WEEK_ENDING - dt.timedelta(days=7 * (5 - i)) for i in range(6))
MONTH_LABELS = ("Oct", "Nov", "Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep")
MONTHS = tuple(dt.date(2020 + (m < 10), m, 1) for m in (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9))

PAGE_VIEWS_WEEKS = (1_200_000.0, 1_250_000.0, None, 1_310_000.0, 1_330_000.0, 1_402_345.0)
PAGE_VIEWS_MONTHS = (
    5.1e6,
    5.3e6,
    6.0e6,
    4.9e6,
    4.8e6,
    5.2e6,
    5.4e6,
    5.5e6,
    5.6e6,
    5.7e6,
    5.9e6,
    None,
)
PY_WEEKS = (1.0e6, 1.05e6, 1.1e6, 1.12e6, 1.15e6, 1.2e6)
PY_MONTHS = (4.2e6, 4.4e6, 5.0e6, 4.0e6, 3.9e6, 4.3e6, 4.5e6, 4.6e6, 4.7e6, 4.8e6, 4.9e6, 5.0e6)
TARGET_MONTHS = (None,) * 6 + (5.5e6, 5.6e6, 5.7e6, 5.8e6, 6.0e6, 6.2e6)


def sample_deck(text: str = "Page Views") -> Deck:
    """A deck with every block kind; ``text`` goes into every user string."""
    box = BoxTotals(
        1_402_345.0, 5.43, 16.86, 4_100_000.0, None, 15_000_000.0, 12.5, None, 9.75, "%"
    )
    bps_box = BoxTotals(0.0312, 12.0, -35.0, 0.0305, 4.0, 0.0301, None, 0.0299, -8.0, "bps")
    chart = ChartBlock(
        number=1,
        title=f"{text} chart",
        y_scaling="##.1MM",
        monthly_display="trailing_twelve_months",
        axes=1,
        box_total_scale="%",
        week_labels=WEEK_LABELS,
        week_ends=WEEK_ENDS,
        month_labels=MONTH_LABELS,
        months=MONTHS,
        series=(
            Series(
                text,
                f"{text} legend",
                "primary",
                PAGE_VIEWS_WEEKS,
                PAGE_VIEWS_MONTHS,
                PY_WEEKS,
                PY_MONTHS,
                "%",
            ),
            Series(
                f"{text}__Target", "Plan", "target", (None,) * 6, TARGET_MONTHS, None, None, "%"
            ),
        ),
        box_rows=(BoxRow(text, f"{text} legend", box),),
        annotations=(
            Annotation(dt.date(2021, 9, 20), text, f"{text} event", "current"),
            Annotation(dt.date(2020, 9, 21), text, "Last year's launch", "prior"),
        ),
        tooltip=True,
    )
    ratio_chart = ChartBlock(
        number=2,
        title="Conversion",
        y_scaling="##.2%",
        monthly_display="fiscal_year",
        axes=2,
        box_total_scale="bps",
        week_labels=WEEK_LABELS,
        week_ends=WEEK_ENDS,
        month_labels=MONTH_LABELS,
        months=MONTHS,
        series=(
            Series(
                "Conversion",
                "Conversion",
                "primary",
                (0.03, 0.031, 0.0305, 0.032, 0.031, 0.0312),
                (0.03,) * 11 + (None,),
                None,
                None,
                "bps",
            ),
        ),
        box_rows=(BoxRow("Conversion", "Conversion", bps_box),),
        annotations=(),
        tooltip=False,
    )
    weeks = WeeksTableBlock(
        number=3,
        title=f"{text} weekly table",
        headers=(*WEEK_LABELS, "QTD", "YTD"),
        week_ends=WEEK_ENDS,
        rows=(
            TableRow(f"{text} header", None, f"font-weight: bold; {text}", "", (), "%"),
            TableRow(
                f"{text} row",
                text,
                "text-align: right",
                "##.1MM",
                (*PAGE_VIEWS_WEEKS, 15_000_000.0, None),
                "%",
            ),
            TableRow(
                "YOY",
                f"{text}YOY",
                "",
                "##.1%",
                (0.2, 0.19, None, 0.17, 0.156, 0.1686, None, None),
                "%",
            ),
        ),
        annotations=(Annotation(dt.date(2021, 9, 20), text, f"{text} event", "current"),),
    )
    months = MonthsTableBlock(
        number=4,
        title=f"{text} monthly table",
        monthly_display="trailing_twelve_months",
        headers=MONTH_LABELS,
        months=MONTHS,
        rows=(
            TableRow(f"{text} row", text, "", "##.1MM", PAGE_VIEWS_MONTHS, "%"),
            TableRow("Mean latency", "Latency", "", "", (12.4,) * 11 + (None,), "bps"),
        ),
    )
    variances = (
        Variance(
            text, f"{text} owner", "wow", 1_402_345.0, 1_330_000.0, 5.43, "%", 5.0, "up", "good"
        ),
        Variance("Conversion", None, "yoy", 0.0312, 0.0347, -35.0, "bps", 25.0, "down", "bad"),
        Variance("Latency", "ops", "target", 12.4, 10.0, 24.0, "%", 10.0, "up", "neutral"),
    )
    return Deck(
        title=f"{text} deck",
        week_ending=WEEK_ENDING,
        week_number=38,
        fiscal_year_end_month=12,
        block_starting_number=1,
        monthly_display="trailing_twelve_months",
        tooltip=True,
        blocks=(
            SectionBlock(f"{text} section"),
            chart,
            ratio_chart,
            weeks,
            months,
            EmbedBlock(
                f"{text} embed",
                "https://dashboards.example.com/d/1?a=1&b=2",
                text,
                "700px",
                "300px",
            ),
            EmbedBlock("bad embed", f"javascript:alert('{text}')", "x", "100%", "10px"),
        ),
        needs_explanation=variances,
        annotation_errors=(f"Metric {text} not present the metric list",),
    )
