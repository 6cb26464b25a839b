"""A bet's launch in the trust ledger, and its impact forecasts in the trust report.

- **The launch is a commitment.** When a bet is planned, ``commit_launch`` records in the
  ledger "Launch <title> (bet <id>)": its owner's, due on the planned launch, with the bet's
  probability of success as the stated probability, tagged ``launch`` and linked ``bet:<id>``
  (audience: the bet's team, who may resolve it too). ``settle_launch`` resolves it when the
  bet launches (met, on the launch date: say/do counts a late launch as late) or is dropped
  (withdrawn). Both are idempotent: a bet has one launch commitment.
- **The impact range is a forecast resolved by the measurement.** When the bet launches,
  ``commit_impact`` records in the ledger "Impact of bet <id>: <metric> <P10> to <P90> a week
  (P50 <P50>)": the forecast frozen when the bet was planned (else the one in force), a target
  commitment (metric, target value the P50) with the stated chance ``RANGE_PROBABILITY`` (an
  honest P10-P90 range holds the truth 4 times in 5), tagged ``impact`` and linked
  ``bet:<id>``, due ``MEASURE_WITHIN_WEEKS`` weeks after the launch. ``resolve_impact``
  resolves it with the bet's first stored measurement: met when the range held it, else
  missed, the measured effect as its actual value. Say/do and calibration score it as they
  score every commitment with a stated chance (a measurement after the due date is late).
  The trust report's rows: the frozen forecast meets the latest measurement (``review_bets``);
  ``impact_section`` turns an owner's measured bets into the trust report's "Impact forecasts"
  rows (how many P10-P90 ranges held the measurement, against the 80 % an honest range earns;
  the median realisation, measured / P50) and ``trust_report`` adds them to the ledger's
  report through ``TrustReport.joined_with``.

Only front doors are used: ``backwards.ledger`` (a ``Book``) and ``backwards.portfolio``
(the bets and measurements in the same database).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from backwards import ledger, portfolio
from backwards.impact.calibration import BetReview, review_bets
from backwards.wording import count

if TYPE_CHECKING:
    from backwards.ledger import Book, CommitmentRecord, JoinedSection, TrustReport
    from backwards.portfolio import Bet, BetRecord, BetRepository, MeasuredEffect

__all__ = [
    "IMPACT_TAG",
    "LAUNCH_TAG",
    "MEASURE_WITHIN_WEEKS",
    "RANGE_PROBABILITY",
    "check_may_settle",
    "commit_impact",
    "commit_launch",
    "impact_forecast",
    "impact_section",
    "launch_commitment",
    "planned_launch",
    "resolve_impact",
    "settle_launch",
    "trust_report",
]

#: The ledger tag of launch commitments; each is linked ``bet:<id>``.
LAUNCH_TAG = "launch"

#: The ledger tag of impact forecasts (a launched bet's P10-P90 range), linked ``bet:<id>``.
IMPACT_TAG = "impact"

#: The stated chance that a P10-P90 range holds the measured effect.
RANGE_PROBABILITY = 0.8

#: An impact forecast's measurement is due this many weeks after the launch.
MEASURE_WITHIN_WEEKS = 8


def _link(bet_id: str) -> str:
    return f"bet:{bet_id}"


def _linked(book: Book, bet_id: str, tag: str, today: date) -> CommitmentRecord | None:
    for record in book.commitments(as_of=today, tag=tag):
        if _link(bet_id) in record.commitment.links:
            return record
    return None


def launch_commitment(book: Book, bet_id: str, *, today: date) -> CommitmentRecord | None:
    """The ledger commitment to launch bet ``bet_id``, if there is one."""
    return _linked(book, bet_id, LAUNCH_TAG, today)


def impact_forecast(book: Book, bet_id: str, *, today: date) -> CommitmentRecord | None:
    """The ledger forecast of bet ``bet_id``'s impact range, if there is one."""
    return _linked(book, bet_id, IMPACT_TAG, today)


def planned_launch(
    repo: BetRepository, bet_id: str, *, today: date, time_limit: float = 2.0
) -> date:
    """When the plan of the store's active bets launches bet ``bet_id``: the first day of the
    week it finishes (week 0 is the week of ``today``); a bet the plan leaves out launches
    after the weeks of work of its chain of requirements."""
    week0 = today - timedelta(days=today.weekday())
    bets = repo.portfolio(horizon=portfolio.DEFAULT_HORIZON, start=week0)
    index = bets.index
    if bet_id not in index:  # not active (launched or dropped): no plan to ask
        return week0 + timedelta(weeks=repo.record(bet_id, events=False).bet.weeks)
    plan = portfolio.plan_portfolio(bets, time_limit=time_limit, draws=0, with_sensitivity=False)
    finish = {s.id: s.finish for s in plan.schedule}.get(bet_id)
    if finish is None:
        finish = _chain_weeks(bets.bets, bet_id)
    return week0 + timedelta(weeks=finish)


def _chain_weeks(bets: Iterable[Bet], bet_id: str) -> int:
    """The weeks of work of a bet and the longest chain of bets it requires."""
    by_id = {b.id: b for b in bets}

    def weeks(i: str, trail: frozenset[str]) -> int:
        b = by_id.get(i)
        if b is None or i in trail:
            return 0
        return b.weeks + max((weeks(r, trail | {i}) for r in b.requires), default=0)

    return weeks(bet_id, frozenset())


def commit_launch(
    book: Book, record: BetRecord, *, due: date, by: str, at: datetime
) -> CommitmentRecord:
    """Record the commitment to launch the bet by ``due`` (once: an existing one is kept)."""
    found = launch_commitment(book, record.bet.id, today=at.date())
    if found is not None:
        return found
    bet = record.bet
    return book.commit(
        f"Launch {bet.title} (bet {bet.id})",
        due=due,
        by=by,
        at=at,
        owner=bet.owner or by,
        audience=bet.team,
        probability=bet.probability,
        tags=(LAUNCH_TAG,),
        links=(_link(bet.id),),
    )


def check_may_settle(
    book: Book, bet_id: str, *, by: str, today: date, tag: str = LAUNCH_TAG
) -> None:
    """Raise ``InputError`` (before anything is written) when ``by`` may not resolve the bet's
    launch commitment (with ``tag=IMPACT_TAG``: its impact forecast) by ``backwards.ledger``'s
    access rule; nothing to check without one, or when it is resolved already."""
    found = _linked(book, bet_id, tag, today)
    if found is not None and found.resolution is None:
        book.may_change(found.commitment.id, by, "resolve")


def settle_launch(
    book: Book, bet_id: str, *, launched_on: date | None, by: str, at: datetime
) -> CommitmentRecord | None:
    """Resolve the bet's launch commitment: met on ``launched_on`` (the launch; a late one
    counts as late), else withdrawn (the bet is dropped). Call it before the bet's own change:
    the ledger checks the dates first, so a refusal leaves both unchanged. Nothing to do (None)
    without a commitment, or when it is resolved already."""
    found = launch_commitment(book, bet_id, today=at.date())
    if found is None or found.resolution is not None:
        return found
    if launched_on is not None:
        return book.resolve(
            found.commitment.id,
            "met",
            by=by,
            resolved_on=launched_on,
            evidence=f"bet {bet_id} launched on {launched_on}",
        )
    return book.resolve(
        found.commitment.id,
        "withdrawn",
        by=by,
        resolved_on=at.date(),
        evidence=f"bet {bet_id} dropped",
    )


def _range(record: BetRecord) -> tuple[str, float, float, float]:
    """The metric and P10/P50/P90 of the forecast frozen when the bet was planned (else the
    one in force): the range the ledger forecast states."""
    f = record.baseline or record.forecast
    return f.metric, f.p10, f.p50, f.p90


def commit_impact(
    book: Book, record: BetRecord, *, launched_on: date, by: str, at: datetime
) -> CommitmentRecord:
    """Record the bet's impact range as a ledger forecast, due ``MEASURE_WITHIN_WEEKS`` weeks
    after ``launched_on`` (after ``at``'s day, for a launch recorded later; once: an existing
    one is kept)."""
    bet = record.bet
    found = impact_forecast(book, bet.id, today=at.date())
    if found is not None:
        return found
    metric, p10, p50, p90 = _range(record)
    return book.commit(
        f"Impact of bet {bet.id}: {metric} {p10:+,.6g} to {p90:+,.6g} a week (P50 {p50:+,.6g})",
        due=max(launched_on, at.date()) + timedelta(weeks=MEASURE_WITHIN_WEEKS),
        by=by,
        at=at,
        owner=bet.owner or by,
        audience=bet.team,
        kind="target",
        probability=RANGE_PROBABILITY,
        metric=metric,
        target_value=p50,
        tags=(IMPACT_TAG,),
        links=(_link(bet.id),),
    )


def resolve_impact(
    book: Book, record: BetRecord, measured: MeasuredEffect, *, by: str, at: datetime
) -> CommitmentRecord | None:
    """Resolve the bet's impact forecast with a measurement (on ``at``'s date): met when its
    P10-P90 range holds the measured effect, else missed; the effect is the actual value.
    Nothing to do (None) without a forecast, or when an earlier measurement resolved it."""
    found = impact_forecast(book, record.bet.id, today=at.date())
    if found is None or found.resolution is not None:
        return found
    _, p10, _, p90 = _range(record)
    held = p10 <= measured.absolute <= p90
    return book.resolve(
        found.commitment.id,
        "met" if held else "missed",
        by=by,
        resolved_on=at.date(),
        actual_value=measured.absolute,
        evidence=f"measured {measured.absolute:+,.6g} a week ({measured.method}); "
        f"the range {'held' if held else 'missed'} it",
    )


def impact_section(reviews: Iterable[BetReview]) -> JoinedSection:
    """The trust report's "Impact forecasts" rows for these measured bets."""
    items = list(reviews)
    n = len(items)
    covered = sum(r.covered for r in items)
    ratios = [x for x in (r.realisation for r in items) if x is not None]
    median = statistics.median(ratios) if ratios else None
    rows: list[ledger.JoinedRow] = [
        ledger.JoinedRow("measured launches", count(n, "bet")),
    ]
    if n:
        rows.append(
            ledger.JoinedRow(
                "P10-P90 range held the measurement",
                f"{covered} of {n} ({covered / n:.0%})",
                "an honest 80 % range holds it in about 4 launches of 5",
            )
        )
    rows.append(
        ledger.JoinedRow(
            "median realisation (measured / forecast P50)",
            "n/a" if median is None else f"{median:.2f}",
            "1 is as forecast; most ideas realise far less",
        )
    )
    data: dict[str, Any] = {
        "measured": n,
        "covered": covered,
        "coverage": covered / n if n else None,
        "median_realisation": median,
        "bets": [r.to_dict() for r in items],
    }
    return ledger.JoinedSection("impact_forecasts", "Impact forecasts", tuple(rows), data)


def _owned(records: Iterable[BetRecord], owner: str | None) -> list[BetRecord]:
    if owner is None:
        return list(records)
    who = owner.casefold()
    return [r for r in records if (r.bet.owner or "").casefold() == who]


def trust_report(
    book: Book,
    *,
    now: datetime,
    owner: str | None = None,
    tag: str | None = None,
    since: date | None = None,
    items: bool = False,
) -> TrustReport:
    """The ledger's trust report (``Book.trust_report``) with the owner's impact forecasts
    (bets of the same database, launched since ``since``) added; none with a ``tag`` other
    than ``launch`` or ``impact``, whose commitments are not bets."""
    report = book.trust_report(now=now, owner=owner, tag=tag, since=since, items=items)
    if tag is not None and tag.casefold() not in (LAUNCH_TAG, IMPACT_TAG):
        return report
    repo = portfolio.BetRepository(book.store)
    records = _owned(repo.records([portfolio.Status.LAUNCHED]), owner)
    reviews = review_bets(records, portfolio.MeasurementLog(book.store).latest(), since=since)
    return report.joined_with(impact_section(reviews))
