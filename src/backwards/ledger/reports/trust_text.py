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

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

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


def _say_do_table(report: TrustReport) -> RenderableType:
    from rich.table import Table

    sd = report.say_do
    level = f"{report.policy.confidence:.0%} interval"
    table = Table(title="Say/do", title_justify="left", show_edge=False)
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column(level, justify="right")
    table.add_column("n", justify="right")
    rows: list[tuple[str, Rate]] = [
        ("say/do (met by original date)", sd.by_count),
        ("say/do shrunk (Beta(4,1) prior)", sd.shrunk),
        ("weighted say/do", sd.weighted),
        ("trust-weighted say/do", sd.trust_weighted),
        ("completion rate (any time)", sd.completion),
        ("on-time rate (of delivered)", sd.on_time),
        ("surprise-miss rate (of misses)", sd.surprise_miss),
        ("aspirational met on time", sd.aspirational),
    ]
    for label, r in rows:
        table.add_row(label, *_rate_cells(r))
    lead = sd.notice_lead_median
    table.add_row(
        "notice lead time (median)",
        "n/a" if lead is None else _num(lead, " business days"),
        "",
        str(sd.revised),
    )
    return table


def _slip_table(report: TrustReport) -> RenderableType:
    from rich.table import Table

    sl = report.slip
    table = Table(
        title="Slip (business days; open overdue items censored, missed ones never arrive)",
        title_justify="left",
        show_edge=False,
    )
    table.add_column("")
    table.add_column("median", justify="right")
    table.add_column("P80", justify="right")
    table.add_column("P90", justify="right")
    table.add_column("items", justify="right")
    longest = sl.longest_observed
    table.add_row(
        "Kaplan-Meier",
        _slip_cell(sl.median, longest),
        _slip_cell(sl.p80, longest),
        _slip_cell(sl.p90, longest),
        f"{sl.delivered} delivered + {sl.censored + sl.never_delivered} not",
    )
    table.add_row(
        "delivered only",
        _slip_cell(sl.naive_median, None),
        _slip_cell(sl.naive_p80, None),
        _slip_cell(sl.naive_p90, None),
        str(sl.delivered),
    )
    return table


def _calibration_table(report: TrustReport) -> RenderableType:
    from rich.table import Table

    fc = report.forecasts
    table = Table(
        title="Calibration (chance of meeting the due date)",
        title_justify="left",
        show_edge=False,
    )
    table.add_column("bin", justify="right")
    table.add_column("n", justify="right")
    table.add_column("said", justify="right")
    table.add_column("came true", justify="right")
    table.add_column("interval", justify="right")
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


def _scores_lines(report: TrustReport) -> list[str]:
    fc, cov = report.forecasts, report.coverage
    if not fc.count:
        lines = ["Forecasts: none resolved yet."]
    else:
        m = fc.murphy
        lines = [
            f"Forecasts: {fc.count} resolved, base rate {fc.base_rate:.0%}."
            + (
                f" (Fewer than {MIN_FORECASTS}: indicative only.)"
                if fc.count < MIN_FORECASTS
                else ""
            ),
            f"Brier {fc.brier:.3f} (reference {fc.brier_reference:.3f}, skill "
            + ("n/a" if fc.brier_skill is None else f"{fc.brier_skill:+.2f}")
            + f"); log score {fc.log_score:.1f}; ECE {fc.ece:.3f}.",
        ]
        if m is not None:
            lines.append(
                f"Murphy: reliability {m.reliability:.3f}, resolution {m.resolution:.3f}, "
                f"uncertainty {m.uncertainty:.3f}."
            )
        if fc.overconfidence is not None:
            side = "overconfident" if fc.overconfidence > 0 else "underconfident"
            lines.append(
                f"Confidence minus hit rate {fc.overconfidence:+.2f} ({side} when above 0); "
                "right side of maybe "
                + ("n/a" if fc.right_side_of_maybe is None else f"{fc.right_side_of_maybe:.0%}")
                + "."
            )
    for label, r, target in (("P50", cov.p50, "50%"), ("P90", cov.p90, "90%")):
        if r.estimate is not None:
            lines.append(f"{label} dates met: {r.describe()} (should be about {target}).")
    return lines


def _mistakes_table(report: TrustReport) -> RenderableType:
    from rich.table import Table

    mm = report.mistakes
    table = Table(title="Mistakes", title_justify="left", show_edge=False)
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("interval", justify="right")
    table.add_column("n", justify="right")
    table.add_row("repeat rate", *_rate_cells(mm.repeat_rate))
    table.add_row("action items closed by due date", *_rate_cells(mm.action_closure))
    table.add_row("COE effectiveness (no repeat after closing)", *_rate_cells(mm.coe_effectiveness))
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
    for line in _scores_lines(report):
        console.print(line)
    console.print()
    console.print(_mistakes_table(report))
    if report.notes:
        console.print()
        console.print(Text("Notes", style="bold"))
        for note in report.notes:
            console.print(f"- {note}")
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
        ("say/do", rate_text(lambda r: r.say_do.by_count)),
        ("weighted say/do", rate_text(lambda r: r.say_do.weighted)),
        ("trust-weighted say/do", rate_text(lambda r: r.say_do.trust_weighted)),
        ("completion rate", rate_text(lambda r: r.say_do.completion)),
        ("on-time rate", rate_text(lambda r: r.say_do.on_time)),
        ("surprise misses", lambda r: f"{r.say_do.surprises} of {r.say_do.misses}"),
        ("notice lead (median, business days)", lambda r: _num(r.say_do.notice_lead_median)),
        ("slip median (bd)", slip_cell(lambda r: r.slip.median)),
        ("slip P80 (bd)", slip_cell(lambda r: r.slip.p80)),
        ("slip P90 (bd)", slip_cell(lambda r: r.slip.p90)),
        ("open overdue", lambda r: str(r.open_overdue)),
        ("forecasts resolved", lambda r: str(r.forecasts.count)),
        ("Brier score", lambda r: number(r.forecasts.brier)),
        ("Brier skill", lambda r: number(r.forecasts.brier_skill, 2)),
        ("overconfidence", lambda r: number(r.forecasts.overconfidence, 2)),
        ("mistakes", lambda r: str(r.mistakes.mistakes)),
        ("repeat rate", rate_text(lambda r: r.mistakes.repeat_rate)),
        ("actions closed on time", rate_text(lambda r: r.mistakes.action_closure)),
        ("COE effectiveness", rate_text(lambda r: r.mistakes.coe_effectiveness)),
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
