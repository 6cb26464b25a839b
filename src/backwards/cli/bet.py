"""``backwards bet ...``: record bets, revise them, launch or drop them, list and show them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from backwards import impact, portfolio, wbr
from backwards.cli.app import AppState, pass_state
from backwards.cli.ledger_args import (
    DATE,
    FORMAT,
    PROBABILITY,
    open_book,
    open_store_for,
    recorded_change,
    resolve_at,
    resolve_by,
)
from backwards.cli.output import emit_data
from backwards.errors import ConfigError, InputError
from backwards.portfolio import Status
from backwards.wording import count

if TYPE_CHECKING:  # the features load when a command runs, not for --help
    from backwards.portfolio import BetRecord, BetRepository, Portfolio

__all__ = ["bet", "check_metrics", "open_bets"]

STATUSES = [s.value for s in Status]
F = TypeVar("F", bound=Callable[..., Any])


@click.group()
def bet() -> None:
    """Bets (ideas, initiatives) in the workspace database, each change an event.

    \b
    Examples:
      backwards portfolio team web --capacity 4
      backwards bet add saved-carts --title "Saved carts" --team web --people 2 --weeks 6 \\
          --metric Orders --p10 20 --p50 50 --p90 90 --value-per-unit 30 --probability 60%
      backwards bet revise saved-carts --status planned
      backwards bet revise saved-carts --p50 40 --reason "survey said less"
      backwards bet launch saved-carts --on 2027-03-01
      backwards bet list
      backwards bet show saved-carts
    """


@contextmanager
def open_bets(state: AppState) -> Iterator[BetRepository]:
    """The workspace's bets; the store is closed on the way out."""
    store = open_store_for(state)
    try:
        yield portfolio.BetRepository(store)
    finally:
        store.close()


def _line(r: BetRecord) -> str:
    b = r.bet
    i = b.impact
    return (
        f"{b.id:<24} {r.status.value:<9} {b.team:<10} {b.people:g}p x {b.weeks}w  "
        f"{i.metric} {i.p10:g}/{i.p50:g}/{i.p90:g} x {b.value_per_unit:g} p={b.probability:.0%}"
        f"  {b.title}"
    )


def forecast_options(func: F) -> F:
    """The options ``bet add`` and ``bet revise`` share: the metric the bet should move and its
    forecast change per week in it."""
    options = [
        click.option("--metric", help="The WBR metric it should move."),
        click.option("--p10", type=float, help="Change per week in the metric: P10."),
        click.option("--p50", type=float, help="... P50."),
        click.option("--p90", type=float, help="... P90."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@bet.command("add")
@click.argument("bet_id", metavar="ID")
@click.option("--title", help="What the bet is (default: ID).")
@click.option("--owner", help="Who owns it (default: --by).")
@click.option("--team", required=True, help="The team that builds it.")
@click.option(
    "--people",
    type=click.FloatRange(min=0, min_open=True),
    required=True,
    help="People it needs each week.",
)
@click.option("--weeks", type=click.IntRange(min=1), required=True, help="Weeks of work (P50).")
@click.option("--weeks-p90", type=click.IntRange(min=1), help="Weeks of work, pessimistic (P90).")
@forecast_options
@click.option(
    "--relative",
    is_flag=True,
    help="--p10/--p50/--p90 are fractions of the metric's mean week over its last 12 weeks "
    "(0.03 for +3 %), turned into metric units from the workspace's WBR data.",
)
@click.option(
    "--value-per-unit", type=float, required=True, help="What one unit of the metric is worth."
)
@click.option("--probability", type=PROBABILITY, help="Chance of success: 0.6 or 60%.")
@click.option("--requires", multiple=True, help="A bet that must finish first (repeatable).")
@click.option("--exclusive", help="Exclusive group (MVP vs full scope): at most one is planned.")
@click.option("--deadline", type=DATE, help="Worth nothing when it finishes after this date.")
@click.option("--short-life", type=click.IntRange(min=1), help="Earns for at most this many weeks.")
@click.option(
    "--prfaq",
    help="The PR/FAQ it comes from (a path); its front matter's impact fills the forecast "
    "options left out.",
)
@click.option("--rice", type=float, help="Its RICE score, if the team uses one.")
@click.option("--wsjf", type=float, help="Its WSJF score, if the team uses one.")
@click.option("--made-on", type=DATE, help="When the forecast was made (default: --at's date).")
@recorded_change
def add_cmd(state: AppState, /, bet_id: str, by: str, at: datetime, fmt: str, **o: Any) -> None:
    """Record a bet ID with its forecast (P10/P50/P90 change per week in --metric; with
    --relative, fractions of the metric's last 12 weeks, stored in metric units)."""
    _forecast_from_prfaq(o)
    relative = bool(o.pop("relative"))
    if o["deadline"] is not None and o["short_life"] is not None:
        raise click.UsageError("give --deadline or --short-life, not both")
    pf = portfolio
    cod = pf.CostOfDelay.of(o["deadline"], o["short_life"])
    new = pf.Bet(
        id=bet_id,
        title=o["title"] or bet_id,
        team=o["team"],
        people=o["people"],
        weeks=o["weeks"],
        weeks_p90=o["weeks_p90"],
        impact=pf.Impact(o["metric"], o["p10"], o["p50"], o["p90"], relative=relative),
        value_per_unit=o["value_per_unit"],
        probability=o["probability"],
        requires=tuple(o["requires"]),
        exclusive=o["exclusive"],
        cost_of_delay=cod,
        owner=o["owner"] or by,
        rice=pf.Rice(o["rice"]) if o["rice"] is not None else None,
        wsjf=pf.Wsjf(o["wsjf"]) if o["wsjf"] is not None else None,
    )
    check_metrics(state, pf.Portfolio(1, {}, [new], at.date()), None)
    base = None
    if relative:
        ws = state.open_workspace(required=False)
        one = pf.Portfolio(1, {}, [new], at.date())
        absolute, bases = impact.absolute_forecasts(one, workspace=ws)
        new, base = absolute.bets[0], bases[new.impact.metric]
    with open_bets(state) as repo:
        record = repo.add(new, made_on=o["made_on"] or at.date(), by=by, at=at, prfaq=o["prfaq"])
    text = f"Recorded bet {bet_id}: {new.title}"
    data = portfolio.record_dict(record)
    if base is not None:
        i = new.impact
        text += (
            f"\n  forecast in {i.metric} a week: {i.p10:,.4g} / {i.p50:,.4g} / {i.p90:,.4g} "
            f"(the fractions x {base.per_week:,.4g}, its mean week {base.start} to {base.end})"
        )
        data["relative_baseline"] = {
            "metric": base.metric,
            "per_week": base.per_week,
            "start": base.start.isoformat(),
            "end": base.end.isoformat(),
        }
    emit_data(data, fmt, text=text)


FORECAST = ("metric", "p10", "p50", "p90", "probability")


def _forecast_from_prfaq(o: dict[str, Any]) -> None:
    """Fill the forecast options left out from the PR/FAQ's ``impact`` front matter."""
    missing = [k for k in FORECAST if o[k] is None]
    if not missing:
        return
    if not o["prfaq"]:
        names = ", ".join("--" + k for k in missing)
        raise click.UsageError(f"give {names}, or --prfaq PATH whose front matter has an impact")
    stated = impact.read_prfaq_impact(o["prfaq"])
    for k in missing:
        o[k] = getattr(stated, k)


@bet.command("revise")
@click.argument("bet_id", metavar="ID")
@click.option(
    "--status",
    type=click.Choice(["planned", "building"]),
    help="Move it forward (planned freezes the forecast).",
)
@click.option("--title")
@click.option("--owner")
@click.option("--team")
@click.option("--people", type=click.FloatRange(min=0, min_open=True))
@click.option("--weeks", type=click.IntRange(min=1))
@click.option("--weeks-p90", type=click.IntRange(min=1))
@forecast_options
@click.option("--value-per-unit", type=float)
@click.option("--probability", type=PROBABILITY)
@click.option("--exclusive")
@click.option("--prfaq")
@click.option("--rice", type=float)
@click.option("--wsjf", type=float)
@click.option("--reason", default="", help="Why (required for a forecast once planned).")
@click.option("--made-on", type=DATE, help="When the new forecast was made (default: --at).")
@click.option(
    "--launch-by",
    type=DATE,
    help="With --status: the launch the ledger commitment promises (default: when the plan "
    "of the workspace's bets launches it).",
)
@recorded_change
def revise_cmd(
    state: AppState,
    /,
    bet_id: str,
    status: str | None,
    reason: str,
    made_on: date | None,
    launch_by: date | None,
    by: str,
    at: datetime,
    fmt: str,
    **o: Any,
) -> None:
    """Change bet ID. Once planned, a new forecast is a revision beside the frozen one.

    Planning it (--status planned or building) records its launch in the ledger: a
    commitment of its owner, due on the planned launch (--launch-by, else the plan's), with
    the bet's probability, tagged "launch"; `bet launch` and `bet drop` resolve it."""
    changes = {k: v for k, v in o.items() if v is not None}
    if not changes and status is None:
        raise click.UsageError("nothing to change: pass --status or a field such as --p50")
    if launch_by is not None and status is None:
        raise click.UsageError("--launch-by goes with --status planned or building")
    if launch_by is not None and launch_by < at.date():
        raise click.BadParameter(
            f"{launch_by} is before the day it is promised ({at.date()}); nothing was changed",
            param_hint="--launch-by",
        )
    promise = None
    with open_bets(state) as repo:
        record = repo.record(bet_id)
        if changes:
            record = repo.revise(bet_id, by=by, at=at, reason=reason, made_on=made_on, **changes)
        if status is not None:
            if record.status in (Status.IDEA, Status.PLANNED, Status.BUILDING):
                # the ledger checks the promise first: a refusal leaves the bet where it was
                due = launch_by or impact.planned_launch(repo, bet_id, today=at.date())
                with open_book(state) as book:
                    promise = impact.commit_launch(book, record, due=due, by=by, at=at)
            record = repo.move(bet_id, Status(status), by=by, at=at, reason=reason)
    text = f"Revised bet {bet_id}: {_line(record)}"
    data = portfolio.record_dict(record)
    if promise is not None:
        data["launch_commitment"] = {"id": promise.id, "due": promise.commitment.due.isoformat()}
        text += f"\n  launch committed in the ledger (#{promise.id}): due {promise.commitment.due}"
    emit_data(data, fmt, text=text)


def _settled(
    state: AppState,
    bet_id: str,
    status: Status,
    by: str | None,
    at: datetime | None,
    *,
    on: date | None = None,
    reason: str = "",
) -> BetRecord:
    """Resolve the bet's launch commitment (on a launch, record its impact range as a ledger
    forecast), then move the bet to launched or dropped (the ledger checks who and when first:
    a refusal changes nothing)."""
    who, when = resolve_by(by), resolve_at(at)
    launched = (on or when.date()) if status is Status.LAUNCHED else None
    if launched is not None and when > datetime.now(UTC) + timedelta(minutes=5):
        # the ledger takes no forecast made in the future: refuse before anything is written
        raise InputError(
            f"--at {when:%Y-%m-%d %H:%M} is in the future; nothing was changed",
            "Record a launch when it has happened.",
        )
    active = (Status.IDEA, Status.PLANNED, Status.BUILDING)
    with open_book(state) as book, open_bets(state) as repo:
        impact.check_may_settle(book, bet_id, by=who, today=when.date())
        record = repo.record(bet_id, events=False)
        if record.status in active:
            impact.settle_launch(book, bet_id, launched_on=launched, by=who, at=when)
            if launched is not None:
                impact.commit_impact(book, record, launched_on=launched, by=who, at=when)
        return repo.move(bet_id, status, by=who, at=when, on=on, reason=reason)


@bet.command("launch")
@click.argument("bet_id", metavar="ID")
@click.option("--on", "on", type=DATE, help="The launch date (default: --at's date).")
@recorded_change
def launch_cmd(
    state: AppState, /, bet_id: str, on: date | None, by: str, at: datetime, fmt: str
) -> None:
    """Record that bet ID launched (and resolve its launch commitment in the ledger: met; its
    P10-P90 impact range becomes a ledger forecast, tag "impact", that `impact measure`
    resolves)."""
    record = _settled(state, bet_id, Status.LAUNCHED, by, at, on=on)
    emit_data(
        portfolio.record_dict(record), fmt, text=f"Launched bet {bet_id} on {record.launched_on}"
    )


@bet.command("drop")
@click.argument("bet_id", metavar="ID")
@click.option("--reason", required=True, help="Why it is dropped.")
@recorded_change
def drop_cmd(state: AppState, /, bet_id: str, reason: str, by: str, at: datetime, fmt: str) -> None:
    """Drop bet ID (kept, with its history, out of every plan; its launch commitment in the
    ledger is withdrawn)."""
    record = _settled(state, bet_id, Status.DROPPED, by, at, reason=reason)
    emit_data(portfolio.record_dict(record), fmt, text=f"Dropped bet {bet_id}: {reason}")


@bet.command("list")
@click.option(
    "--status",
    "statuses",
    type=click.Choice(STATUSES),
    multiple=True,
    help="Only these statuses (repeatable).",
)
@FORMAT
@pass_state
def list_cmd(state: AppState, /, statuses: tuple[str, ...], fmt: str) -> None:
    """List the bets, oldest first."""
    with open_bets(state) as repo:
        records = repo.records([Status(s) for s in statuses] if statuses else None)
    text = "\n".join(_line(r) for r in records) if records else "No bets yet."
    emit_data([portfolio.record_dict(r) for r in records], fmt, text=text)


@bet.command("show")
@click.argument("bet_id", metavar="ID")
@FORMAT
@pass_state
def show_cmd(state: AppState, /, bet_id: str, fmt: str) -> None:
    """Show bet ID: its fields, every forecast (the frozen one marked) and every event."""
    with open_bets(state) as repo:
        r = repo.record(bet_id)
    lines = [_line(r), f"  owner {r.bet.owner or '-'}, prfaq {r.prfaq or '-'}"]
    if r.launched_on:
        lines.append(f"  launched on {r.launched_on}")
    lines.append("  forecasts:")
    for f in r.forecasts:
        mark = " (frozen when planned)" if f.id == r.baseline_forecast_id else ""
        kind = f"revision: {f.reason}" if f.revision else "forecast"
        lines.append(
            f"    {f.made_on} {kind}{mark}: {f.metric} {f.p10:g}/{f.p50:g}/{f.p90:g} x "
            f"{f.value_per_unit:g}, p={f.probability:.0%} (by {f.recorded_by})"
        )
    lines.append("  events:")
    for e in r.events:
        lines.append(f"    {e.at:%Y-%m-%d %H:%M} {e.who}: {e.action}")
    emit_data(portfolio.record_dict(r), fmt, text="\n".join(lines))


def check_metrics(state: AppState, portfolio_: Portfolio, wbr_config: Path | None) -> None:
    """Every bet's metric must be a metric of the WBR config (``--wbr``, else the workspace's
    ``wbr.config``; no check without either). Unknown metrics stop the command (exit 2)."""
    if wbr_config is None:
        ws = state.open_workspace(required=False)
        configured = ws.settings.section(wbr.WbrSettings).config
        if not configured:
            return
        wbr_config = ws.resolve(configured)
    problems = impact.check_bet_metrics(portfolio_, wbr_config)
    if problems:
        n = len(problems)
        raise ConfigError(
            f"{count(n, 'bet')} name{'s' if n == 1 else ''} a metric that "
            f"{wbr_config} does not have; nothing was done",
            problems,
        )
