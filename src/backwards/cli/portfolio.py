"""``backwards portfolio ...``: plan a portfolio of bets for the most expected value."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from backwards import impact as loop
from backwards import portfolio as planning
from backwards.atomicfile import write_atomic
from backwards.cli.app import AppState, pass_state
from backwards.cli.bet import check_metrics, open_bets
from backwards.cli.ledger_args import DATE, recorded_action, recorded_change
from backwards.cli.output import emit_data, envelope, format_option
from backwards.cli.params import FILE
from backwards.cli.progress import Bar, progress_bar
from backwards.errors import InputError
from backwards.wording import count

if TYPE_CHECKING:  # the features load when a command runs, not for --help
    from backwards.impact import Baseline
    from backwards.portfolio import Portfolio

__all__ = ["portfolio"]


@click.group()
def portfolio() -> None:
    """Plan bets for the most expected value under team capacity, and see what the usual
    orders leave on the table.

    \b
    Examples:
      backwards portfolio plan examples/demo/portfolio.yaml
      backwards portfolio plan plan.yaml --horizon 52 --format json
      backwards portfolio plan plan.yaml --format html -o out/plan.html
      backwards portfolio import plan.yaml      store its teams and bets in the workspace
      backwards portfolio plan                  plan the workspace's bets
      backwards portfolio export -o bets.yaml
    """


F = TypeVar("F", bound=Callable[..., Any])


def _tuning(name: str, kind: click.ParamType[Any], default: float, text: str) -> Callable[[F], F]:
    """A numeric option of the planner, its default shown in --help."""
    return click.option(name, type=kind, default=default, show_default=True, help=text)


@portfolio.command("plan")
@click.argument("plan_file", metavar="[FILE.yaml]", required=False, type=click.Path(path_type=Path))
@click.option(
    "--horizon",
    type=click.IntRange(1, 520),
    help="Plan this many weeks (default: the file's horizon_weeks).",
)
@format_option(("text", "json", "html"))
@click.option(
    "-o",
    "--output",
    type=FILE,
    help="Write to this file instead of printing.",
)
@_tuning(
    "--draws",
    click.IntRange(0, 100_000),
    1000,
    "Monte Carlo draws over the P10-P90 ranges (0: none).",
)
@_tuning("--seed", click.INT, 0, "Seed of the Monte Carlo draws and the heuristic.")
@_tuning(
    "--time-limit",
    click.FloatRange(0.5, 3600),
    10.0,
    "Seconds the exact solver may run before it reports its gap.",
)
@click.option(
    "--wbr",
    "wbr_config",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Check the bets' metrics against this WBR config (default: the workspace's wbr.config).",
)
@click.option(
    "--no-sensitivity", is_flag=True, help="Skip the thresholds (faster on big portfolios)."
)
@click.option(
    "--owner",
    metavar="NAME",
    help="Plan only the bets NAME owns (and the bets they require): one person's plan.",
)
@click.option(
    "--calibrated",
    is_flag=True,
    help="Plan with each owner's forecasts scaled by their record (impact review): the "
    "shrinkage factor towards a sceptical prior; stated values shown beside (text, json).",
)
@pass_state
def plan_cmd(
    state: AppState,
    /,
    plan_file: Path | None,
    horizon: int | None,
    fmt: str,
    output: Path | None,
    draws: int,
    seed: int,
    time_limit: float,
    wbr_config: Path | None,
    no_sensitivity: bool,
    owner: str | None,
    calibrated: bool,
) -> None:
    """Plan the bets of FILE.yaml (a what-if), or without it the workspace's bets (ideas,
    planned, building), for the most expected value.

    Prints the plan, its value against taking the bets as written (the leverage) and against
    RICE or WSJF orders when the bets carry those scores, why each bet is in or out, how far
    each estimate may move before the plan changes, and how often each bet is in the best plan
    over the P10-P90 ranges. A file with problems prints them (file:line) and exits 2.

    \b
    Example:
      backwards portfolio plan examples/demo/portfolio.yaml --format json
    """
    if plan_file is None:
        with open_bets(state) as repo:
            portfolio_ = repo.portfolio(
                horizon=horizon or planning.DEFAULT_HORIZON, start=date.today()
            )
        if not portfolio_.bets:
            raise InputError(
                "the workspace has no bets to plan",
                "Add bets with `backwards bet add` or `backwards portfolio import FILE.yaml`, "
                "or plan a file: `backwards portfolio plan FILE.yaml`.",
            )
    else:
        portfolio_ = planning.read_plan(plan_file, today=date.today())
    if owner is not None:
        portfolio_ = portfolio_.owned_by(owner)
        if not portfolio_.bets:
            raise InputError(
                f"--owner: {owner!r} owns none of the bets to plan",
                "See the owners with `backwards bet list`.",
            )
    check_metrics(state, portfolio_, wbr_config)
    portfolio_, bases = _absolute(state, portfolio_)
    rows: list[dict[str, Any]] | None = None
    if calibrated:
        portfolio_, rows = _calibrated(state, portfolio_)
    with progress_bar("Planning", quiet=state.quiet) as bar:
        plan = planning.plan_portfolio(
            portfolio_,
            horizon=horizon,
            time_limit=time_limit,
            seed=seed,
            draws=draws,
            with_sensitivity=not no_sensitivity,
            progress=_on(bar),
        )
    text = planning.render_plan(plan, fmt)
    if rows is not None and fmt == "json":
        doc = json.loads(text) | {"calibration": rows}
        text = json.dumps(doc, indent=2, ensure_ascii=False, default=str) + "\n"
    elif rows is not None and fmt == "text":
        text = _calibration_text(rows) + "\n\n" + text
    if bases and fmt == "json":
        doc = json.loads(text) | {"relative_baselines": _bases_data(bases)}
        text = json.dumps(doc, indent=2, ensure_ascii=False, default=str) + "\n"
    elif bases and fmt == "text":
        text = _bases_text(bases) + "\n\n" + text
    if output is not None:
        write_atomic(output, text)
        click.echo(f"Wrote {output}", err=True)
    elif fmt == "json":
        click.echo(json.dumps(envelope(json.loads(text)), indent=2, ensure_ascii=False))
    else:
        click.echo(text, nl=False)


def _on(bar: Bar) -> Callable[[str, int, int | None], None]:
    """The plan's progress as the bar's steps and counts."""
    shown = {"step": "Planning"}

    def tell(step: str, done: int, total: int | None) -> None:
        if step != shown["step"]:
            shown["step"] = step
            bar.stage(step, total)
        if done:
            bar.advance()

    return tell


def _absolute(state: AppState, portfolio_: Portfolio) -> tuple[Portfolio, dict[str, Baseline]]:
    """Relative forecasts in metric units, from the workspace's WBR (none: unchanged)."""
    if not any(b.impact.relative for b in portfolio_.bets):
        return portfolio_, {}
    return loop.absolute_forecasts(portfolio_, workspace=state.open_workspace(required=False))


def _bases_data(bases: dict[str, Baseline]) -> dict[str, dict[str, Any]]:
    return {
        m: {"per_week": b.per_week, "start": b.start.isoformat(), "end": b.end.isoformat()}
        for m, b in bases.items()
    }


def _bases_text(bases: dict[str, Baseline]) -> str:
    lines = ["Relative forecasts in metric units: a fraction of the metric's mean week"]
    for b in bases.values():
        lines.append(f"  {b.metric}: {b.per_week:,.4g} a week ({b.start} to {b.end})")
    return "\n".join(lines)


def _calibrated(state: AppState, stated: Portfolio) -> tuple[Portfolio, list[dict[str, Any]]]:
    """``stated`` with each owner's shrinkage factor applied, and the rows that show both."""
    with open_bets(state) as repo:
        records = repo.records()
        measured = planning.MeasurementLog(repo.store).latest()
    owners = {g.name: g for g in loop.group_records(loop.review_bets(records, measured), "owner")}
    return loop.calibrate(stated, owners), loop.calibration_rows(stated, owners)


def _calibration_text(rows: list[dict[str, Any]]) -> str:
    lines = [
        "Calibrated forecasts (each owner's measured record, shrunk towards the sceptical "
        "prior; see docs/impact.md): the plan below uses the calibrated values",
        f"  {'bet':<22} {'owner':<10} {'launches':>8} {'factor':>6}   {'P50 stated':>10} "
        f"{'calibrated':>10}   {'value/week stated':>17} {'calibrated':>10}",
    ]
    for r in rows:
        s, c = r["stated"], r["calibrated"]
        lines.append(
            f"  {r['id']:<22} {r['owner'] or '-':<10} {r['launches_measured']:>8} "
            f"{r['factor']:>6.2f}   {s['p50']:>10,.4g} {c['p50']:>10,.4g}   "
            f"{s['weekly_value']:>17,.0f} {c['weekly_value']:>10,.0f}"
        )
    return "\n".join(lines)


@portfolio.command("team")
@click.argument("name")
@click.option(
    "--capacity",
    type=click.FloatRange(min=0, min_open=True),
    required=True,
    help="People the team has each week.",
)
@recorded_action
def team_cmd(state: AppState, /, name: str, capacity: float, by: str, at: datetime) -> None:
    """Create team NAME in the workspace, or change its capacity."""
    with open_bets(state) as repo:
        repo.set_team(name, capacity, by=by, at=at)
    click.echo(f"Team {name}: capacity {capacity:g}")


@portfolio.command("import")
@click.argument(
    "plan_file", metavar="FILE.yaml", type=click.Path(path_type=Path, exists=True, dir_okay=False)
)
@click.option("--made-on", type=DATE, help="When the forecasts were made (default: --at's date).")
@recorded_change
def import_cmd(
    state: AppState,
    /,
    plan_file: Path,
    made_on: date | None,
    by: str,
    at: datetime,
    fmt: str,
) -> None:
    """Store the teams and bets of FILE.yaml in the workspace (one transaction).

    New bets are added; bets that changed are revised (a forecast change on a planned bet is a
    revision with the reason "imported"); the rest stay as they are. Launched and dropped bets
    in the file are not imported. A file with problems changes nothing and exits 2.
    """
    portfolio_ = planning.read_plan(plan_file, today=at.date())
    check_metrics(state, portfolio_, None)
    portfolio_, _ = _absolute(state, portfolio_)  # stored in metric units
    with open_bets(state) as repo:
        summary = repo.import_portfolio(portfolio_, by=by, at=at, made_on=made_on or at.date())
    data = {
        "added": list(summary.added),
        "revised": list(summary.revised),
        "unchanged": list(summary.unchanged),
        "teams": list(summary.teams),
    }
    text = (
        f"Imported {plan_file}: {len(summary.added)} added, {len(summary.revised)} revised, "
        f"{len(summary.unchanged)} unchanged; {count(len(summary.teams), 'team')} set"
    )
    emit_data(data, fmt, text=text)


@portfolio.command("export")
@click.option(
    "-o",
    "--output",
    type=FILE,
    help="Write to this file instead of printing.",
)
@click.option(
    "--horizon",
    type=click.IntRange(1, 520),
    default=planning.DEFAULT_HORIZON,
    show_default=True,
    help="horizon_weeks of the file.",
)
@pass_state
def export_cmd(state: AppState, /, output: Path | None, horizon: int) -> None:
    """Write the workspace's teams and bets as a plan file (YAML; every status)."""
    with open_bets(state) as repo:
        text = planning.export_yaml(repo.teams(), repo.records(), horizon=horizon)
    if output is not None:
        write_atomic(output, text)
        click.echo(f"Wrote {output}", err=True)
    else:
        click.echo(text, nl=False)
