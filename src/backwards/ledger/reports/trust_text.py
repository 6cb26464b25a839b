"""The trust report as terminal text: Rich tables, alone or side by side for several owners.

``render_text(report)`` prints say/do with its interval, the slip, the calibration table with
counts, the mistake measures and the notes. ``render_comparison(reports)`` puts the headline
figures of several reports (two product managers, say) in one table, one column each, followed
by each one's notes. Both return a string; colour only when asked (``color=True``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from io import StringIO
from typing import TYPE_CHECKING

from backwards.ledger.measures.rates import Rate
from backwards.ledger.reports.trust_report import MIN_FORECASTS, TrustReport
from backwards.ledger.reports.trust_summary import promises_kept

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.table import Table

__all__ = ["render_comparison", "render_text"]


def _rate_cells(r: Rate) -> tuple[str, str, str]:
    if r.estimate is None or r.low is None or r.high is None:
        return ("n/a", "", "0")
    n = str(r.count) if abs(r.total - r.count) > 1e-9 else _num(r.total)
    return (f"{r.estimate:.0%}", f"{r.low:.0%}-{r.high:.0%}", n)


def _num(value: float | None, suffix: str = "") -> str:
    if value is None:
        return "n/a"
    text = f"{value:.0f}" if abs(value - round(value)) < 1e-9 else f"{value:.1f}"
    return text + suffix


def _slip_cell(value: float | None, longest: float | None) -> str:
    if value is None:
        return "n/a" if longest is None else f"> {_num(longest)}"
    return _num(value)


def _console(width: int, color: bool) -> tuple[Console, StringIO]:
    from rich.console import Console

    buffer = StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        color_system="standard" if color else None,
        no_color=not color,
        highlight=False,
        emoji=False,
    )
    return console, buffer


def _table(title: str, *columns: str, label: bool = True) -> Table:
    """A titled table of figures: right-aligned columns, the first a left-aligned label column
    unless ``label`` is False."""
    from rich.table import Table

    table = Table(title=title, title_justify="left", show_edge=False)
    for i, name in enumerate(columns):
        table.add_column(name, justify="left" if label and i == 0 else "right")
    return table


def _say_do_table(report: TrustReport) -> RenderableType:
    sd = report.say_do
    level = f"{report.policy.confidence:.0%} interval"
    table = _table("Promises kept", "", "share", f"likely range ({level})", "of")
    for label, r in promises_kept(sd):
        table.add_row(label, *_rate_cells(r))
    lead = sd.notice_lead_median
    table.add_row(
        "warning given before a date moved (median)",
        "n/a" if lead is None else _num(lead, " business days"),
        "",
        str(sd.revised),
    )
    return table


def _slip_table(report: TrustReport) -> RenderableType:
    sl = report.slip
    table = _table(
        "How late work lands (business days after the date first promised)",
        *("", "half of it", "4 in 5", "9 in 10", "items"),
    )
    # (row, its three quantiles, the longest time observed when a quantile can lie beyond it,
    # the items behind the row)
    rows = (
        (
            "counting work still open or never delivered",
            (sl.median, sl.p80, sl.p90),
            sl.longest_observed,
            f"{sl.delivered} delivered + {sl.censored + sl.never_delivered} not",
        ),
        (
            "counting delivered work only",
            (sl.naive_median, sl.naive_p80, sl.naive_p90),
            None,
            str(sl.delivered),
        ),
    )
    for label, quantiles, longest, items in rows:
        table.add_row(label, *(_slip_cell(q, longest) for q in quantiles), items)
    return table


def _calibration_table(report: TrustReport) -> RenderableType:
    fc = report.forecasts
    table = _table(
        "Calibration (chance of meeting the due date)",
        *("bin", "n", "said", "came true", "interval"),
        label=False,
    )
    for b in fc.bins:
        if not b.count:
            continue
        table.add_row(
            f"{b.centre:.0%}",
            str(b.count) + (" (few)" if b.sparse else ""),
            f"{(b.mean_forecast or 0):.0%}",
            f"{(b.observed or 0):.0%}",
            f"{(b.low or 0):.0%}-{(b.high or 0):.0%}",
        )
    return table


def _forecast_lines(report: TrustReport) -> list[str]:
    """The forecasts in plain words: how many, how sure against how often right, dates."""
    fc, cov = report.forecasts, report.coverage
    lines = []
    if not fc.count:
        lines.append("Stated chances: none resolved yet.")
    else:
        lines.append(
            f"Stated chances: {fc.count} resolved; {fc.base_rate:.0%} of them came true."
            + (
                f" Fewer than {MIN_FORECASTS}: read as a hint only."
                if fc.count < MIN_FORECASTS
                else ""
            )
        )
        if fc.overconfidence is not None:
            points = abs(fc.overconfidence) * 100
            how = "more sure than right" if fc.overconfidence > 0 else "less sure than right"
            lines.append(f"On average {how} by {points:.0f} percentage points.")
    labels = (
        ("half-way dates (P50)", cov.p50, "about half"),
        ("safe dates (P90)", cov.p90, "about 9 in 10"),
    )
    for label, r, target in labels:
        if r.estimate is not None:
            lines.append(f"Delivered by their {label}: {r.describe()} (should be {target}).")
    return lines


def _details_lines(report: TrustReport) -> list[str]:
    """The technical names and scores, for those who want them."""
    fc, sd = report.forecasts, report.say_do
    lines = [
        f"say/do = kept by the date first promised; shrunk toward 80% (Beta(4,1) prior): "
        f"{_rate_cells(sd.shrunk)[0]}; weighted and trust-weighted say/do as above.",
        "slip: Kaplan-Meier estimate over business days, open items censored, missed ones "
        "never arriving; 'half of it', '4 in 5', '9 in 10' are the median, P80 and P90.",
    ]
    if fc.count:
        m = fc.murphy
        lines.append(
            f"Brier {fc.brier:.3f} (reference {fc.brier_reference:.3f}, skill "
            + ("n/a" if fc.brier_skill is None else f"{fc.brier_skill:+.2f}")
            + f"); log score {fc.log_score:.1f}; ECE {fc.ece:.3f}."
        )
        if m is not None:
            lines.append(
                f"Murphy decomposition on the calibration bins: reliability {m.reliability:.3f}, "
                f"resolution {m.resolution:.3f}, uncertainty {m.uncertainty:.3f}, residual "
                f"{m.residual:.3f}."
            )
        if fc.overconfidence is not None:
            lines.append(
                f"over/under-confidence {fc.overconfidence:+.2f}; right side of maybe "
                + ("n/a" if fc.right_side_of_maybe is None else f"{fc.right_side_of_maybe:.0%}")
                + "."
            )
    lines.append(
        "repeat rate = mistakes a person confirmed as repeats; COE effectiveness = no repeat "
        "after every action item was closed."
    )
    return lines


def _mistakes_table(report: TrustReport) -> RenderableType:
    mm = report.mistakes
    table = _table("Mistakes", "", "share", "likely range", "of")
    table.add_row("mistakes that repeated an earlier one", *_rate_cells(mm.repeat_rate))
    table.add_row("follow-up actions done by their date", *_rate_cells(mm.action_closure))
    table.add_row("fixes that held (no repeat once done)", *_rate_cells(mm.coe_effectiveness))
    return table


def render_text(report: TrustReport, *, width: int = 100, color: bool = False) -> str:
    """The whole report for a terminal."""
    from rich.text import Text

    console, buffer = _console(width, color)
    console.print(Text(f"Trust report: {report.subject}", style="bold"))
    console.print(
        f"As of {report.today.isoformat()}; commitments {report.period}. "
        f"{report.commitments} commitments, {report.mistakes.mistakes} mistakes in scope."
    )
    console.print()
    console.print(_say_do_table(report))
    console.print()
    console.print(_slip_table(report))
    console.print()
    if report.forecasts.count:
        console.print(_calibration_table(report))
    for line in _forecast_lines(report):
        console.print(line)
    console.print()
    console.print(_mistakes_table(report))
    for section in report.joined:
        console.print()
        console.print(Text(section.title, style="bold"))
        for row in section.rows:
            note = f" ({row.note})" if row.note else ""
            console.print(Text(f"  {row.label}: {row.value}{note}"))
    if report.notes:
        console.print()
        console.print(Text("Notes", style="bold"))
        for note in report.notes:
            console.print(f"- {note}")
    console.print()
    console.print(Text("Details (technical names)", style="bold"))
    for line in _details_lines(report):
        console.print(f"- {line}")
    return buffer.getvalue()


def _headline_rows() -> list[tuple[str, Callable[[TrustReport], str]]]:
    def rate_text(get: Callable[[TrustReport], Rate]) -> Callable[[TrustReport], str]:
        def cell(r: TrustReport) -> str:
            value, interval, n = _rate_cells(get(r))
            return value if not interval else f"{value} ({interval}, n={n})"

        return cell

    def slip_cell(get: Callable[[TrustReport], float | None]) -> Callable[[TrustReport], str]:
        return lambda r: _slip_cell(get(r), r.slip.longest_observed)

    def number(value: float | None, digits: int = 3) -> str:
        return "n/a" if value is None else f"{value:.{digits}f}"

    return [
        ("commitments due", lambda r: str(r.say_do.due)),
        ("kept by the first date (say/do)", rate_text(lambda r: r.say_do.by_count)),
        ("kept, weighted by size", rate_text(lambda r: r.say_do.weighted)),
        ("kept, half credit for early warning", rate_text(lambda r: r.say_do.trust_weighted)),
        ("delivered at all", rate_text(lambda r: r.say_do.completion)),
        ("on time, of those delivered", rate_text(lambda r: r.say_do.on_time)),
        ("misses with no warning", lambda r: f"{r.say_do.surprises} of {r.say_do.misses}"),
        (
            "warning before a date moved (median, business days)",
            lambda r: _num(r.say_do.notice_lead_median),
        ),
        ("late by, half of the work (business days)", slip_cell(lambda r: r.slip.median)),
        ("late by, 4 in 5 (business days)", slip_cell(lambda r: r.slip.p80)),
        ("late by, 9 in 10 (business days)", slip_cell(lambda r: r.slip.p90)),
        ("overdue and still open", lambda r: str(r.open_overdue)),
        ("stated chances resolved", lambda r: str(r.forecasts.count)),
        (
            "more sure than right by (percentage points)",
            lambda r: (
                "n/a"
                if r.forecasts.overconfidence is None
                else f"{r.forecasts.overconfidence * 100:+.0f}"
            ),
        ),
        ("Brier score (details)", lambda r: number(r.forecasts.brier)),
        ("mistakes", lambda r: str(r.mistakes.mistakes)),
        ("repeated an earlier mistake", rate_text(lambda r: r.mistakes.repeat_rate)),
        ("follow-up actions done by their date", rate_text(lambda r: r.mistakes.action_closure)),
        ("fixes that held", rate_text(lambda r: r.mistakes.coe_effectiveness)),
    ]


def render_comparison(
    reports: Sequence[TrustReport], *, width: int = 120, color: bool = False
) -> str:
    """Headline figures of several reports side by side, then each one's notes."""
    from rich.table import Table
    from rich.text import Text

    if not reports:
        raise ValueError("nothing to compare: pass at least one report")
    console, buffer = _console(width, color)
    first = reports[0]
    console.print(Text("Trust reports side by side", style="bold"))
    console.print(f"As of {first.today.isoformat()}; commitments {first.period}.")
    table = Table(show_edge=False)
    table.add_column("measure")
    for r in reports:
        table.add_column(r.subject, justify="right")
    for label, cell in _headline_rows():
        table.add_row(label, *(cell(r) for r in reports))
    console.print(table)
    for r in reports:
        console.print()
        console.print(Text(f"Notes: {r.subject}", style="bold"))
        for note in r.notes:
            console.print(f"- {note}")
    return buffer.getvalue()
