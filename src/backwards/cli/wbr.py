"""``backwards wbr ...``: build, check and explain WBR decks.

Arguments in, one call into ``backwards.wbr`` (the feature's front door), the result printed.
Importing ``backwards.wbr`` loads no DuckDB and no Jinja2; a build loads them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from backwards.cli.app import AppState, pass_state
from backwards.cli.collector import gc_paused
from backwards.cli.output import emit_findings, fail_on_option, format_option
from backwards.cli.params import FILE
from backwards.cli.progress import Bar, progress_bar
from backwards.errors import ConfigError
from backwards.findings import Severity
from backwards.wbr import (
    Deck,
    build,
    check,
    check_suffix,
    explain,
    format_for,
    parse_week_ending,
    render,
    reporting,
    resolve_inputs,
    write,
)

if TYPE_CHECKING:
    from backwards.wbr import WbrOptions

__all__ = [
    "CONFIG_ARGUMENT",
    "DATA_OPTION",
    "FORMAT_OPTION",
    "WEEK_ENDING_OPTION",
    "BarSteps",
    "parse_week_ending_option",
    "wbr",
]


def parse_week_ending_option(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> dt.date | None:
    """Click callback: ``25-SEP-2021`` or ``2021-09-25`` to a date."""
    if value is None:
        return None
    try:
        return parse_week_ending(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date like 25-SEP-2021 or 2021-09-25"
        ) from None


CONFIG_ARGUMENT = click.argument("config", type=FILE)
DATA_OPTION = click.option(
    "--data",
    "data_files",
    multiple=True,
    type=click.Path(path_type=str, dir_okay=False),
    help="Daily data: CSV, Parquet or DuckDB file (FILE.duckdb::TABLE), or a database table "
    "(postgresql://user:${VAR}@host/db::TABLE). Repeat to merge files on Date. Default: the "
    "config's data_sources.",
)
ENGINE_OPTION = click.option(
    "--engine",
    type=click.Choice(["duckdb", "spark"]),
    default=None,
    help="Where the deck is computed: duckdb (in process) or spark (local[*], or the "
    "workspace's wbr.spark_master). Default: the workspace's wbr.engine (duckdb). Database "
    "data_sources are computed in their database.",
)
WEEK_ENDING_OPTION = click.option(
    "--week-ending",
    callback=parse_week_ending_option,
    metavar="DATE",
    help="Build for this week ending instead of setup.week_ending (25-SEP-2021 or 2021-09-25).",
)
FORMAT_OPTION = format_option()


@click.group()
def wbr() -> None:
    """Weekly business review decks from a WBR App config and daily data.

    \b
    Examples:
      backwards wbr check wbr.yaml --data daily.csv
      backwards wbr build wbr.yaml --data daily.csv
      backwards wbr explain wbr.yaml PageViews
    """


ALLOW_UNKNOWN_KEYS_OPTION = click.option(
    "--allow-unknown-keys",
    is_flag=True,
    default=None,
    help="Report unknown config keys as warnings instead of errors (for WBR App configs with "
    "stray keys). Default: the workspace's wbr.allow_unknown_keys (false).",
)


ALLOW_OUTSIDE_PATHS_OPTION = click.option(
    "--allow-outside-paths",
    is_flag=True,
    default=None,
    help="Read data and annotation files the config names outside the workspace and the "
    "config's folder (refused by default). Default: the workspace's wbr.allow_outside_paths.",
)


OPTIONAL_CONFIG = click.argument("config", required=False, type=FILE)


@wbr.command("check")
@OPTIONAL_CONFIG
@DATA_OPTION
@WEEK_ENDING_OPTION
@fail_on_option
@ALLOW_UNKNOWN_KEYS_OPTION
@ALLOW_OUTSIDE_PATHS_OPTION
@FORMAT_OPTION
@ENGINE_OPTION
@pass_state
def check_command(
    state: AppState,
    config: Path | None,
    data_files: tuple[str, ...],
    week_ending: dt.date | None,
    fail_on: str,
    allow_unknown_keys: bool | None,
    allow_outside_paths: bool | None,
    fmt: str,
    engine: str | None,
) -> None:
    """Check CONFIG (and its data) and report every problem at once with file:line.

    Finds unknown metrics, dependency cycles, missing columns, bad dates, non-numeric cells and
    unknown keys (errors, with a "did you mean"; warnings with --allow-unknown-keys; the WBR
    App's own box_total_scaling is INFO). Without --data, the config's csv_files are checked.
    Without CONFIG, the workspace's wbr.config with its wbr.data files.

    \b
    Exit codes: 0 clean, 1 findings at or above --fail-on, 2 could not run.

    \b
    Examples:
      backwards wbr check wbr.yaml
      backwards wbr check wbr.yaml --data daily.csv --fail-on warning
      backwards wbr check wbr.yaml --format json
      backwards wbr check wbr.yaml --allow-unknown-keys
    """
    options = _options(state, allow_unknown_keys, allow_outside_paths, engine)
    inputs = resolve_inputs(config, data_files, **options)
    try:
        findings = check(inputs.config, inputs.data, week_ending=week_ending, **options)
    except ConfigError as exc:
        if fmt != "json":
            raise
        emit_findings(exc.findings, fmt, color=False, ok=False)
        raise click.exceptions.Exit(2) from None
    threshold = Severity.parse(fail_on)
    failing = [f for f in findings if f.severity >= threshold]
    emit_findings(findings, fmt, color=state.color_stdout, ok=not failing)
    if fmt != "json":
        n = len(findings)
        shown = inputs.config
        summary = f"{shown}: {n} finding{'s' if n != 1 else ''}" if n else f"{shown}: OK"
        click.echo(summary)
    if failing:
        raise click.exceptions.Exit(1)


@wbr.command("explain")
@CONFIG_ARGUMENT
@click.argument("metric", required=False)
@WEEK_ENDING_OPTION
@click.option(
    "--dialect",
    type=click.Choice(
        ["duckdb", "postgres", "redshift", "snowflake", "athena", "bigquery", "trino", "spark"]
    ),
    default="duckdb",
    show_default=True,
    help="The SQL dialect to show it in (transpiled by SQLGlot, as a database source runs it).",
)
def explain_command(
    config: Path, metric: str | None, week_ending: dt.date | None, dialect: str
) -> None:
    """Print the SQL the engine runs for CONFIG (only what METRIC needs, if given).

    The SQL reads a view named wbr_input (Date plus the metric columns) and joins it to the
    calendar's periods; it uses no date functions.

    \b
    Examples:
      backwards wbr explain wbr.yaml
      backwards wbr explain wbr.yaml PageViews --week-ending 2021-09-25
      backwards wbr explain wbr.yaml --dialect postgres
    """
    click.echo(explain(config, metric, week_ending=week_ending, dialect=dialect))


@wbr.command("build")
@click.argument("config", required=False, type=FILE)
@DATA_OPTION
@WEEK_ENDING_OPTION
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    help="Where to write the deck ('-' for standard output). Default: the config's name with "
    "the format's suffix, in the workspace's wbr.output_dir (out/ unless set).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "json", "wbr-app-json", "csv", "md", "text", "pdf"]),
    default=None,
    help="html: one self-contained page (charts, tables; opens offline, prints cleanly). "
    "json: our versioned JSON (docs/wbr-json.md). wbr-app-json: the WBR App's deck JSON. "
    "csv: tidy rows (block, metric, period, value, unit). md / text: the box totals and "
    "Needs explanation for a wiki page or a terminal. pdf: the deck printed by headless "
    "Chromium. Default: from the suffix of -o (.html .json .wbr-app.json .csv .md .txt "
    ".pdf), else html.",
)
@click.option(
    "--paper",
    type=click.Choice(["A4", "Letter"], case_sensitive=False),
    default="A4",
    show_default=True,
    help="The paper a PDF (and the HTML deck's print) is laid out on.",
)
@ALLOW_UNKNOWN_KEYS_OPTION
@ALLOW_OUTSIDE_PATHS_OPTION
@ENGINE_OPTION
@pass_state
def build_command(
    state: AppState,
    config: Path | None,
    data_files: tuple[str, ...],
    week_ending: dt.date | None,
    output: Path | None,
    fmt: str | None,
    paper: str,
    allow_unknown_keys: bool | None,
    allow_outside_paths: bool | None,
    engine: str | None,
) -> None:
    """Build the WBR deck of CONFIG and write it (HTML, JSON, CSV, Markdown, text or PDF); print
    the path written.

    CONFIG is a WBR App config (YAML). Without CONFIG, the workspace's wbr.config is built with
    its wbr.data files. The deck opens with the "Needs explanation" list. Nothing is written
    when the config or the data has a problem (exit 2; run `backwards wbr check` for the full
    list).

    \b
    Examples:
      backwards wbr build wbr.yaml --data daily.csv         writes out/wbr.html
      backwards wbr build wbr.yaml --week-ending 2021-09-25 -o decks/wk38.html
      backwards wbr build wbr.yaml --format json -o -       our JSON on standard output
      backwards wbr build wbr.yaml --format wbr-app-json    for the WBR App's viewer and scripts
      backwards wbr build wbr.yaml -o deck.pdf              printed by headless Chromium (A4)
      backwards wbr build wbr.yaml -o deck.csv              tidy rows for a spreadsheet
      backwards wbr build wbr.yaml --format text -o -       box totals in the terminal
      backwards --workspace examples/demo wbr build         the workspace's wbr.config
      backwards wbr build other.yaml --allow-unknown-keys   stray keys: warnings, not errors
    """
    to_stdout = output is not None and str(output) == "-"
    if fmt is None:
        fmt = (format_for(output) if output is not None and not to_stdout else None) or "html"
    elif output is not None and not to_stdout:
        check_suffix(fmt, output)
    if fmt == "pdf" and to_stdout:
        raise click.UsageError("a PDF is written to a file: pass -o deck.pdf")
    paper = "Letter" if paper.lower() == "letter" else "A4"
    options = _options(state, allow_unknown_keys, allow_outside_paths, engine)
    inputs = resolve_inputs(config, data_files, **options)
    with (
        gc_paused(),
        progress_bar(
            "reading the config", quiet=state.quiet, unit="rows", delay=PROGRESS_DELAY
        ) as bar,
        reporting(BarSteps(bar) if bar.shown else None),  # no bar: no DuckDB progress polling
    ):
        deck = build(inputs.config, inputs.data, week_ending=week_ending, **options)
        bar.stage(f"rendering {fmt}")
        if to_stdout:
            text = render(deck, fmt)
        else:
            target = write(deck, fmt, output or inputs.output_path(fmt), paper=paper)
    if to_stdout:
        click.echo(text, nl=False)
        _warn_partial(deck)
        return
    needs = len(deck.needs_explanation)
    click.echo(f"Wrote {_shown(target)} ({len(deck.blocks)} blocks, {needs} to explain)")
    _warn_partial(deck)


def _options(
    state: AppState,
    allow_unknown_keys: bool | None,
    allow_outside_paths: bool | None,
    engine: str | None,
) -> WbrOptions:
    """The options of a ``check`` or ``build`` job: the command's, over the workspace's.

    Without a workspace (no --workspace, no backwards.yaml here or above: what
    ``open_workspace`` finds) the defaults apply with the current folder as the workspace,
    and the settings' models (pydantic) are never loaded: a build on a CSV file would
    otherwise spend a tenth of its time importing them."""
    options: WbrOptions = {
        "allow_unknown_keys": allow_unknown_keys,
        "allow_outside_paths": allow_outside_paths,
        "engine": engine,
    }
    here = Path.cwd().resolve()
    if state.workspace or any((d / "backwards.yaml").is_file() for d in (here, *here.parents)):
        options["workspace"] = state.open_workspace(required=False)
    else:
        options["root"] = here  # the current folder serves as the workspace
    return options


#: Seconds a build runs before its progress bar is drawn (tests set 0).
PROGRESS_DELAY = 1.0


class BarSteps:
    """The WBR build's steps (a ``backwards.wbr.reporting`` reporter) on a progress bar: each
    step is a stage of the bar (reading a file, with its estimated rows and rows per second;
    computing), how far a step got advances it."""

    def __init__(self, bar: Bar) -> None:
        self.bar = bar
        self.rows = 0

    def step(self, name: str, total_rows: int | None = None) -> None:
        self.bar.stage(name, total_rows)
        self.rows = 0

    def advance(self, fraction: float | None, rows: int | None = None) -> None:
        if rows is not None and rows > self.rows:
            self.bar.advance(rows - self.rows)
            self.rows = rows


def _warn_partial(deck: Deck) -> None:
    """The partial periods (WBR021) on stderr, as `wbr check` reports them."""
    if deck.data_note:
        click.echo(f"warning WBR021 (partial-period) {deck.data_note}", err=True)
    for period in deck.partial_periods:
        click.echo(f"warning WBR021 (partial-period) {period.note}", err=True)


def _shown(path: Path) -> str:
    """``path`` relative to the current folder when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
