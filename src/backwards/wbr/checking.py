"""Checking a WBR config with its data (every problem at once), and building in one call."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from backwards.errors import ConfigError, InputError
from backwards.findings import Finding, Severity, sort_findings
from backwards.wbr.annotations import shown_path
from backwards.wbr.assembly import build_deck, resolve_week
from backwards.wbr.database_open import inspect_source, open_source, reads_database
from backwards.wbr.datafile import data_finding
from backwards.wbr.inputs import WbrInputs
from backwards.wbr.notebook import Deck
from backwards.wbr.outputs.html import prepare_html
from backwards.wbr.progress import alongside
from backwards.wbr.sources import DataSet
from backwards.wbr.spec import WbrSpec
from backwards.wbr.specreader import load_spec

__all__ = [
    "build_deck_from_files",
    "check_files",
    "deck_findings",
    "load_valid_spec",
    "partial_findings",
    "spec_of",
]


def load_valid_spec(
    config: Path | str,
    *,
    allow_unknown_keys: bool = False,
    workspace_root: Path | None = None,
    allow_outside_paths: bool = False,
) -> WbrSpec:
    """The spec, or a ``ConfigError`` carrying every error found in the config."""
    spec, findings = load_spec(
        config,
        allow_unknown_keys=allow_unknown_keys,
        workspace_root=workspace_root,
        allow_outside_paths=allow_outside_paths,
    )
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if spec is None or errors:
        n = len(errors)
        raise ConfigError(f"{config} has {n} problem{'s' if n != 1 else ''}", errors)
    return spec


def spec_of(inputs: WbrInputs) -> WbrSpec:
    """``load_valid_spec`` of the job's config with the job's options."""
    return load_valid_spec(
        inputs.config,
        allow_unknown_keys=inputs.allow_unknown_keys,
        workspace_root=inputs.workspace_root,
        allow_outside_paths=inputs.allow_outside_paths,
    )


def check_files(inputs: WbrInputs, week_ending: dt.date | None = None) -> list[Finding]:
    """Every problem of the job's config and data, sorted: wherever a build would fail,
    there is an error finding (no data at all is one too, WBR019)."""
    # partial: check the data even if the config errs
    spec, findings = load_spec(
        inputs.config,
        partial=True,
        allow_unknown_keys=inputs.allow_unknown_keys,
        workspace_root=inputs.workspace_root,
        allow_outside_paths=inputs.allow_outside_paths,
    )
    if spec is None:
        return sort_findings(findings)
    data_files = inputs.data
    if not (data_files or spec.csv_files or spec.db_queries):
        if not any(f.code in ("WBR017", "WBR007") for f in findings):
            findings.append(_no_data(spec))
        return sort_findings(findings)
    if reads_database(spec, data_files) and any(f.severity is Severity.ERROR for f in findings):
        return sort_findings(findings)  # no connection is opened for a config with errors
    data, data_findings = inspect_source(
        spec, data_files, inputs.engine, master=inputs.spark_master
    )
    findings += data_findings
    if data is not None:
        with data:
            week = _week_findings(spec, data.first_date, data.last_date, week_ending)
            findings += week
            if not week and not any(f.severity is Severity.ERROR for f in findings):
                findings += deck_findings(spec, data, week_ending)
    return sort_findings(findings)


def _no_data(spec: WbrSpec) -> Finding:
    line, column = spec.locate(("data_sources",))
    return data_finding(
        "WBR019",
        "the config reads no data: it has no data_sources and no --data file was given",
        file=spec.file,
        line=line or 1,
        column=column,
        suggestion="pass --data FILE (CSV, Parquet or DuckDB), or add data_sources.csv_files",
    )


def _week_findings(
    spec: WbrSpec, first: dt.date | None, last: dt.date | None, override: dt.date | None
) -> list[Finding]:
    we = override or spec.setup.week_ending
    if we is None or first is None or last is None:
        return []
    if first <= we and we - dt.timedelta(days=41) <= last:
        return []
    line, column = spec.locate(("setup", "week_ending"))
    return [
        data_finding(
            "WBR013",
            f"week_ending {we:%d-%b-%Y} is outside the data, which runs from "
            f"{first:%d-%b-%Y} to {last:%d-%b-%Y}",
            file=spec.file,
            line=line,
            column=column,
            suggestion="pick a week ending within the data (or pass --week-ending)",
        )
    ]


def deck_findings(spec: WbrSpec, data: DataSet, week_ending: dt.date | None) -> list[Finding]:
    """What building the deck would report or fail on, as findings: no week ending, an
    annotation file that cannot be read (errors), annotations naming no metric and shown
    periods with fewer days of data than they span (warnings)."""
    try:
        resolve_week(spec, week_ending)
    except InputError as exc:
        line, column = spec.locate(("setup",))
        return [
            data_finding(
                "WBR002", exc.message, file=spec.file, line=line, column=column, suggestion=exc.hint
            )
        ]
    try:
        deck = build_deck(spec, data, week_ending)
    except InputError as exc:  # an annotation file that cannot be read
        code = "WBR020" if exc.path in spec.annotation_files else "WBR011"
        shown = shown_path(exc.path, spec.folder) if exc.path else spec.file
        line, column = exc.line, exc.column
        return [
            data_finding(
                code, exc.message, file=shown, line=line, column=column, suggestion=exc.hint
            )
        ]
    return [
        data_finding("WBR020", text, file=spec.file, severity=Severity.WARNING)
        for text in deck.annotation_errors
    ] + partial_findings(spec, deck)


def partial_findings(spec: WbrSpec, deck: Deck) -> list[Finding]:
    """A WBR021 warning (at ``setup.week_ending``) per shown period with fewer days of data
    than it spans; the first says where the data ends when that is before the week ending."""
    line, column = spec.locate(("setup", "week_ending"))
    out = []
    for k, period in enumerate(deck.partial_periods):
        note = period.note
        if k == 0 and deck.data_note:
            note = f"{deck.data_note}; {note}"
        out.append(
            data_finding(
                "WBR021",
                note,
                file=spec.file,
                line=line,
                column=column,
                suggestion="its comparisons are blank (to-date periods compare like for like); "
                "pick an earlier week ending (--week-ending) or add the missing days",
                severity=Severity.WARNING,
            )
        )
    return out


def build_deck_from_files(inputs: WbrInputs, week_ending: dt.date | None = None) -> Deck:
    """Load, check and compute the job's deck in one call; any problem raises
    (``ConfigError``, ...)."""
    spec = spec_of(inputs)
    if not (inputs.data or spec.csv_files or spec.db_queries):
        problem = _no_data(spec)
        raise ConfigError(problem.message, [problem], hint=problem.suggestion)
    with (
        _in_background(prepare_html),
        open_source(spec, inputs.data, inputs.engine, master=inputs.spark_master) as data,
    ):
        problems = _week_findings(spec, data.first_date, data.last_date, week_ending)
        if problems:
            raise ConfigError(problems[0].message, problems, hint=problems[0].suggestion)
        return build_deck(spec, data, week_ending)


_prepared = threading.Event()


@contextmanager
def _in_background(prepare: Callable[[], None]) -> Iterator[None]:
    """Run ``prepare`` (the HTML page's set-up: most decks are shown as HTML, in a notebook
    too) in a thread while the block runs (the data is read), once per process; the thread has
    ended when the block has. It raises nothing: a problem shows when the page is rendered."""
    if _prepared.is_set():
        yield
        return
    _prepared.set()

    def run() -> None:
        try:
            prepare()
        except Exception:  # rendering reports it, with its context
            _prepared.clear()

    with alongside(run, "wbr-prepare-html"):
        yield
