"""Checking a WBR config with its data (every problem at once), and building in one call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from backwards.errors import ConfigError
from backwards.findings import Finding, Severity, sort_findings
from backwards.wbr.assembly import build_deck
from backwards.wbr.notebook import Deck
from backwards.wbr.sources import inspect_data, open_data
from backwards.wbr.spec import CODES, WbrSpec
from backwards.wbr.specreader import load_spec

__all__ = ["build_deck_from_files", "check_files", "load_valid_spec"]


def load_valid_spec(config: Path | str, *, allow_unknown_keys: bool = False) -> WbrSpec:
    """The spec, or a ``ConfigError`` carrying every error found in the config."""
    spec, findings = load_spec(config, allow_unknown_keys=allow_unknown_keys)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if spec is None or errors:
        n = len(errors)
        raise ConfigError(f"{config} has {n} problem{'s' if n != 1 else ''}", errors)
    return spec


def check_files(
    config: Path | str,
    data_files: Sequence[Path | str] = (),
    *,
    week_ending: dt.date | None = None,
    allow_unknown_keys: bool = False,
) -> list[Finding]:
    """Every problem of the config and (when there is data) of the data, sorted."""
    # partial: check the data even if the config errs
    spec, findings = load_spec(config, partial=True, allow_unknown_keys=allow_unknown_keys)
    if spec is None or not (data_files or spec.csv_files):
        return sort_findings(findings)
    data, data_findings = inspect_data(spec, data_files)
    findings += data_findings
    if data is not None:
        with data:
            findings += _week_findings(spec, data.first_date, data.last_date, week_ending)
    return sort_findings(findings)


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
        Finding(
            code="WBR013",
            name=CODES["WBR013"][0],
            severity=Severity.ERROR,
            message=(
                f"week_ending {we:%d-%b-%Y} is outside the data, which runs from "
                f"{first:%d-%b-%Y} to {last:%d-%b-%Y}"
            ),
            file=spec.file,
            line=line,
            column=column,
            suggestion="pick a week ending within the data (or pass --week-ending)",
        )
    ]


def build_deck_from_files(
    config: Path | str,
    data_files: Sequence[Path | str] = (),
    *,
    week_ending: dt.date | None = None,
    allow_unknown_keys: bool = False,
) -> Deck:
    """Load, check and compute in one call; any problem raises (``ConfigError``, ...)."""
    spec = load_valid_spec(config, allow_unknown_keys=allow_unknown_keys)
    with open_data(spec, data_files) as data:
        problems = _week_findings(spec, data.first_date, data.last_date, week_ending)
        if problems:
            raise ConfigError(problems[0].message, problems, hint=problems[0].suggestion)
        return build_deck(spec, data, week_ending)
