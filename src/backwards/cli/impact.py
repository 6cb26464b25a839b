"""``backwards impact ...``: measure what a launch did to its metric, and review the measured
bets against their forecasts.

Measuring a metric of a WBR config opens no database: the bets' store is opened only for a bet
(``backwards.cli.bet.open_bets``, the same as the ``bet`` commands').
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import click

from backwards import impact as loop
from backwards import portfolio, wbr
from backwards.cli.app import AppState, pass_state
from backwards.cli.bet import open_bets
from backwards.cli.completion import complete_owner
from backwards.cli.ledger_args import open_book, resolve_by
from backwards.cli.output import emit_data, format_option
from backwards.cli.params import DATE, DATETIME, FILE
from backwards.impact import PRIOR_REALISATION, PRIOR_WEIGHT
from backwards.wording import count

if TYPE_CHECKING:  # the measuring (numpy) loads when a command runs, not for --help
    from backwards.impact import BetReview, GroupRecord, Measurement

__all__ = ["impact"]

FORMAT = format_option()
METHODS = {"its": "interrupted time series", "bsts": "Bayesian structural time series"}


@click.group()
def impact() -> None:
    """Measure what a launch did to its metric, and compare it with the forecast.

    \b
    Examples:
      backwards impact measure saved-carts            a launched bet, from its launch date
      backwards impact measure wbr.yaml --data daily.csv --metric Orders --launch 2026-10-13
      backwards impact measure saved-carts --ab result.json     an A/B test's result instead
    """


@impact.command("measure")
@click.argument("target", metavar="BET|CONFIG")
@click.option(
    "--data",
    "data",
    multiple=True,
    type=FILE,
    help="The WBR data (repeatable; default: the workspace's wbr.data).",
)
@click.option("--metric", help="The metric (CONFIG form; a bet's is its forecast's).")
@click.option("--launch", type=DATE, help="The launch date (CONFIG form; a bet's is recorded).")
@click.option(
    "--weeks",
    type=click.IntRange(1, 104),
    help="Measure at most this many weeks from launch (default: every day with data).",
)
@click.option(
    "--week-ending",
    type=DATE,
    help="The WBR week whose window holds the data (default: the config's week_ending).",
)
@click.option(
    "--ab",
    "ab_file",
    type=FILE,
    help="Use an A/B test's result (CSV or JSON: estimate, low, high[, level, baseline]) "
    "instead of the time series.",
)
@click.option(
    "--placebos",
    type=click.IntRange(0, 200),
    default=20,
    show_default=True,
    help="Fake launch dates for the placebo check.",
)
@click.option(
    "--method",
    type=click.Choice(["its", "bsts"]),
    default="its",
    show_default=True,
    help="its: interrupted time series; bsts: Bayesian structural time series "
    "(needs the extra backwards[bsts]).",
)
@click.option("--dry-run", is_flag=True, help="Measure a bet without storing the measurement.")
@click.option(
    "--by", metavar="NAME", help="Who measures (default: $BACKWARDS_USER, else your login)."
)
@click.option("--at", type=DATETIME, metavar="DATETIME", help="When (default: now).")
@FORMAT
@pass_state
def measure_cmd(
    state: AppState,
    /,
    target: str,
    data: tuple[Path, ...],
    metric: str | None,
    launch: date | None,
    weeks: int | None,
    week_ending: date | None,
    ab_file: Path | None,
    placebos: int,
    method: str,
    dry_run: bool,
    by: str | None,
    at: datetime | None,
    fmt: str,
) -> None:
    """Measure the effect of a launch: of bet BET (stored with it), or of --launch on
    --metric of the WBR config CONFIG.

    The default method is an interrupted time series fitted on the days before launch (trend,
    weekday, and the prior-year series as a control); the effect is actual minus the
    counterfactual after launch, per week, with a 90 % interval that allows for
    autocorrelated noise, and a placebo check on fake launch dates. See docs/impact.md.
    """
    is_config = metric is not None or launch is not None or _looks_like_file(target)
    if is_config:
        measurement = _measure_config(state, target, data, metric, launch, ab_file, weeks,
                                      week_ending, placebos, method)  # fmt: skip
        emit_data(measurement.to_dict(), fmt, text=describe(measurement))
        return
    with open_bets(state) as repo:
        record = repo.record(target, events=False)
        if ab_file is not None:
            if record.launched_on is None:
                raise click.UsageError(f"bet {target!r} has not launched (backwards bet launch)")
            measurement = loop.read_ab_result(
                ab_file, metric=record.bet.impact.metric, launch=record.launched_on
            )
        else:
            ws = state.open_workspace(required=False)
            measurement = loop.measure_bet(record, None, data, workspace=ws, weeks=weeks,
                                           week_ending=week_ending, placebos=placebos,
                                           method=method)  # fmt: skip
        if not dry_run:
            who, when = resolve_by(by), at if at is not None else datetime.now(UTC)
            measured = loop.as_measured(measurement)
            with open_book(state) as book:  # the ledger checks who first: a refusal keeps none
                loop.check_may_settle(book, target, by=who, today=when.date(), tag=loop.IMPACT_TAG)
                portfolio.MeasurementLog(repo.store).record(target, measured, by=who, at=when)
                loop.resolve_impact(book, record, measured, by=who, at=when)
    saved = "" if dry_run else f"\nStored with bet {target}."
    emit_data(measurement.to_dict() | {"bet": target}, fmt, text=describe(measurement) + saved)


def _looks_like_file(target: str) -> bool:
    return target.lower().endswith((".yaml", ".yml")) or Path(target).is_file()


def _measure_config(
    state: AppState,
    config: str,
    data: tuple[Path, ...],
    metric: str | None,
    launch: date | None,
    ab_file: Path | None,
    weeks: int | None,
    week_ending: date | None,
    placebos: int,
    method: str = "its",
) -> Measurement:
    if launch is None:
        raise click.UsageError("give --launch DATE (the day the change went live)")
    if ab_file is not None:
        return loop.read_ab_result(ab_file, metric=metric, launch=launch)
    if metric is None:
        raise click.UsageError("give --metric NAME (a metric of the WBR config)")
    workspace = None if data else state.open_workspace(required=False)
    if not data and workspace is None:
        raise click.UsageError("give --data FILE")
    return loop.measure_metric(metric, config, data, launch=launch, workspace=workspace,
                               weeks=weeks, week_ending=week_ending, placebos=placebos,
                               method=method)  # fmt: skip


def _signed(value: float) -> str:
    return f"{value:+,.4g}" if abs(value) < 1 else f"{value:+,.1f}"


def describe(m: Measurement) -> str:
    """The measurement in plain words, with its weeks."""
    e = m.effect
    verdict = (
        "an effect: the interval excludes 0"
        if m.significant
        else "no clear effect: the interval includes 0"
    )
    lines = [
        f"{m.metric}: {_signed(e.absolute)} per week "
        f"(90 % interval {_signed(e.low)} to {_signed(e.high)})"
        + (
            f", {e.relative:+.1%} over the counterfactual "
            f"({e.relative_low:+.1%} to {e.relative_high:+.1%})"
            if e.relative is not None and e.relative_low is not None and e.relative_high is not None
            else ""
        ),
        "  " + verdict,
    ]
    if m.method == "ab":
        lines.append(f"  method: A/B test result from {m.source}")
        return "\n".join(lines)
    if m.pre_fit is not None:
        f = m.pre_fit
        control = "prior-year control" if f.control else "no prior-year control"
        name = METHODS.get(m.method, "interrupted time series")
        lines.append(
            f"  method: {name} fitted on {count(f.days, 'day')} from {f.start} "
            f"({control}); pre-period R2 {f.r2:.2f}, MAPE {f.mape:.1%}"
        )
    lines.append(f"  launch {m.launch}; measured {m.post_start} to {m.post_end}")
    if m.placebo_false_positive_rate is not None:
        lines.append(
            f"  placebo check: an effect at {m.placebo_false_positive_rate:.0%} of "
            f"{m.placebo_runs} fake launch dates (about 10 % expected)"
        )
    lines.extend(f"  note: {n}" for n in m.notes)
    if m.weeks:
        lines.append(
            f"  {'week from':<12} {'days':>4} {'actual':>12} {'without':>12} {'effect':>10}"
        )
        for w in m.weeks:
            lines.append(
                f"  {w.start!s:<12} {w.days:>4} {w.actual:>12,.4g} {w.counterfactual:>12,.4g} "
                f"{_signed(w.effect):>10}"
            )
    return "\n".join(lines)


@impact.command("review")
@click.option(
    "--owner", metavar="NAME", shell_complete=complete_owner, help="Only the bets NAME owns."
)
@click.option("--since", type=DATE, help="Only the bets launched on or after this date.")
@FORMAT
@pass_state
def review_cmd(state: AppState, /, owner: str | None, since: date | None, fmt: str) -> None:
    """Each measured bet against the forecast it was planned with (realisation, whether the
    P10-P90 range covered the measurement, PIT), and per owner and team the coverage, the
    median realisation, the measured value per week and the shrinkage factor `portfolio plan
    --calibrated` applies."""
    with open_bets(state) as repo:
        records = repo.records()
        measured = portfolio.MeasurementLog(repo.store).latest()
    reviews = loop.review_bets(records, measured, owner=owner, since=since)
    owners = loop.group_records(reviews, "owner")
    teams = loop.group_records(reviews, "team")
    data = {
        "bets": [r.to_dict() for r in reviews],
        "owners": [g.to_dict() for g in owners],
        "teams": [g.to_dict() for g in teams],
        "prior": {"realisation": PRIOR_REALISATION, "weight": PRIOR_WEIGHT},
        "owner": owner,
        "since": since.isoformat() if since else None,
    }
    text = _review_text(reviews, owners, teams)
    if not reviews and (owner or since):
        scope = (f" of {owner}" if owner else "") + (f" launched since {since}" if since else "")
        text = text.replace("No measured bets yet", f"No measured bets{scope}", 1)
    emit_data(data, fmt, text=text)


@impact.command("deck")
@click.argument("config", metavar="[CONFIG]", required=False, type=click.Path(path_type=Path))
@click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(path_type=Path),
    help="The daily data (repeatable; default: the config's, or the workspace's wbr.data).",
)
@click.option("--week-ending", type=DATE, help="The deck's week (default: the config's).")
@click.option(
    "-o",
    "--output",
    type=FILE,
    required=True,
    help="Write the deck here (.html or .json).",
)
@pass_state
def deck_cmd(
    state: AppState,
    /,
    config: Path | None,
    data: tuple[Path, ...],
    week_ending: date | None,
    output: Path,
) -> None:
    """The WBR deck with the workspace's launches: each bet launched in its six weeks marked on
    its metric's charts and tables, and "Launches in this period" with the forecast and the
    measured effect.

    \b
    Example:
      backwards impact deck -o out/deck-with-launches.html
    """
    fmt = wbr.format_for(output)
    if fmt not in ("html", "json"):
        raise click.BadParameter("write .html or .json", param_hint="-o/--output")
    ws = state.open_workspace(required=config is None)
    built = wbr.build(config, data, workspace=ws, week_ending=week_ending)
    with open_bets(state) as repo:
        records = repo.records([portfolio.Status.LAUNCHED])
        measured = portfolio.MeasurementLog(repo.store).latest()
    deck = loop.deck_with_launches(built, records, measured)
    wbr.write(deck, fmt, output)
    six_weeks = (deck.week_ending - timedelta(days=41), deck.week_ending)
    shown = count(len(loop.launches_in(records, *six_weeks)), "launch", "launches")
    click.echo(f"Wrote {output} ({shown} in its six weeks)", err=True)


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _review_text(
    reviews: list[BetReview], owners: list[GroupRecord], teams: list[GroupRecord]
) -> str:
    if not reviews:
        return (
            "No measured bets yet: launch a bet (backwards bet launch ID --on DATE), then "
            "measure it (backwards impact measure ID).\n"
            f"Until then every owner's shrinkage factor is the prior's, {PRIOR_REALISATION:.2f}."
        )
    lines = [f"{'bet':<20} {'P10':>8} {'P50':>8} {'P90':>8} {'measured':>9} {'real.':>6} "
             f"{'in range':>8} {'PIT':>5}"]  # fmt: skip
    for r in reviews:
        lines.append(
            f"{r.bet_id:<20} {r.p10:>8,.4g} {r.p50:>8,.4g} {r.p90:>8,.4g} {r.measured:>9,.4g} "
            f"{_ratio(r.realisation):>6} {'yes' if r.covered else 'no':>8} {r.pit:>5.2f}"
        )
    for title, groups in (("owner", owners), ("team", teams)):
        lines.append("")
        lines.append(f"{title:<20} {'launches':>8} {'coverage':>9} {'median real.':>13} "
                     f"{'shrinkage':>10} {'value/week':>11}")  # fmt: skip
        for g in groups:
            coverage = "-" if g.coverage is None else f"{g.coverage:.0%}"
            value = "-" if g.measured_value is None else f"{g.measured_value:,.0f}"
            lines.append(
                f"{g.name:<20} {g.launches:>8} {coverage:>9} {_ratio(g.median_realisation):>13} "
                f"{g.shrinkage:>10.2f} {value:>11}"
            )
    lines.append("")
    lines.append(
        f"Coverage should be near 80 % (P10-P90). Shrinkage: the mean realisation pulled towards "
        f"the sceptical prior ({PRIOR_REALISATION:.2f}, weight {PRIOR_WEIGHT:g} launches); "
        "see docs/impact.md."
    )
    return "\n".join(lines)
