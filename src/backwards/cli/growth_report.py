"""``backwards growth report``: a person's growth report with evidence from outcomes (its own
module: the evidence join loads the ledger, the PR/FAQ reviewer and the portfolio)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from backwards import evidence, growth
from backwards.atomicfile import write_atomic
from backwards.cli.app import AppState
from backwards.cli.completion import complete_person
from backwards.cli.ledger_args import DATE, recorded_change
from backwards.cli.output import emit_data
from backwards.cli.params import FILE

__all__ = ["report"]


@click.command("report")
@click.argument("person", shell_complete=complete_person)
@click.option(
    "--since",
    type=DATE,
    help="From this date: journal entries, commitments due, bets launched, PR/FAQs launching.",
)
@click.option(
    "--html",
    "html_file",
    type=FILE,
    help="Also write the report as one offline HTML page (with the radar).",
)
@recorded_change
def report(
    state: AppState,
    /,
    person: str,
    since: date | None,
    html_file: Path | None,
    by: str,
    at: datetime,
    fmt: str,
) -> None:
    """PERSON's growth report: what to work on next, the shape (expected vs self vs manager vs
    the journal vs evidence), the focus of their level, evidence from outcomes, the journal
    habit and the self-vs-manager gap."""
    report = evidence.growth_report(state.open_workspace(), person, viewer=by, now=at, since=since)
    if html_file is not None:
        write_atomic(html_file, growth.render_html(report))
    emit_data(report.to_dict(), fmt, text=growth.render_text(report))
