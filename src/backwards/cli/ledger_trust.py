"""``backwards ledger trust``: the trust report in the terminal, as JSON, or as an HTML page."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import click

from backwards import impact, ledger
from backwards.atomicfile import write_atomic
from backwards.cli.app import AppState, pass_state
from backwards.cli.ledger_args import DATE, DATETIME, FORMAT, open_book, owner_filter, resolve_at
from backwards.cli.output import emit_data
from backwards.cli.params import FILE
from backwards.cli.progress import progress_bar
from backwards.errors import InputError

__all__ = ["trust"]

#: Seconds before the bar shows (a large ledger's report takes over a second).
PROGRESS_DELAY = 1.0


def _owners(compare: str) -> list[str]:
    owners = [o.strip() for o in compare.split(",") if o.strip()]
    if len(owners) < 2:
        raise InputError(
            f"--compare {compare!r} names fewer than two owners",
            "Name two or more owners separated by commas, e.g. --compare maya,ben.",
        )
    return owners


@click.command("trust")
@owner_filter("commitments and mistakes")
@click.option("--tag", help="Only commitments and mistakes with this tag.")
@click.option("--since", type=DATE, help="Only commitments originally due on or after this date.")
@click.option("--compare", metavar="A,B", help="Two or more owners side by side.")
@click.option(
    "--as-of", "now", type=DATETIME, help="Report as of this date or time (default: now)."
)
@click.option(
    "--html",
    "html_file",
    type=FILE,
    help="Also write the report with a calibration chart and a slip chart to FILE (offline).",
)
@FORMAT
@pass_state
def trust(
    state: AppState,
    owner: str | None,
    tag: str | None,
    since: date | None,
    compare: str | None,
    now: datetime | None,
    html_file: Path | None,
    fmt: str,
) -> None:
    """The trust report: say/do, slip, surprise misses, calibration, repeat mistakes.

    Commitments count against their ORIGINAL due date; open overdue items are never dropped.
    Every rate shows its interval and sample size.

    \b
    Examples:
      backwards ledger trust --owner maya --since 2026-01-01
      backwards ledger trust --compare maya,ben --as-of 2026-04-01
      backwards ledger trust --owner ben --format json
      backwards ledger trust --owner ben --html ben-trust.html
    """
    when = resolve_at(now)
    if compare and owner:
        raise InputError("use --owner or --compare, not both", "Drop one of them.")
    named = _owners(compare) if compare else [owner]
    with (
        open_book(state) as book,
        progress_bar(
            "Reading the ledger",
            len(named),
            quiet=state.quiet,
            unit="reports",
            delay=PROGRESS_DELAY,
        ) as bar,
    ):
        field = "--compare" if compare else "--owner"
        owners = [None if o is None else book.owner_named(o, field=field) for o in named]
        reports = []
        for who in owners:  # with the owner's impact forecasts (the bets in the same database)
            reports.append(
                impact.trust_report(
                    book, now=when, owner=who, tag=tag, since=since, items=html_file is not None
                )
            )
            bar.advance(1)
    if html_file is not None:
        write_atomic(html_file, ledger.render_html(reports))
        click.echo(f"Wrote {html_file}", err=True)
    if fmt == "json":  # only what is printed is rendered (the text loads Rich)
        data = (
            reports[0].to_dict()
            if len(reports) == 1
            else {"reports": [r.to_dict() for r in reports]}
        )
        emit_data(data, fmt)
        return
    width = shutil.get_terminal_size((120, 40)).columns
    color = state.color_stdout
    if len(reports) == 1:
        text = ledger.render_text(reports[0], width=min(width, 110), color=color).rstrip()
    else:
        text = ledger.render_comparison(reports, width=max(width, 120), color=color).rstrip()
    emit_data(None, fmt, text=text)
