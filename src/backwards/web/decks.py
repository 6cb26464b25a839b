"""The weekly business review as a meeting: decks by week (built on request, cached), the
"Needs explanation" list with each owner's explanation, and who is prepared."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from backwards.errors import BackwardsError, InputError
from backwards.web.context import BuiltDeck
from backwards.web.explanations import Explanation, latest_explanations, write_explanation
from backwards.web.guard import context_of, guarded, principal_of
from backwards.web.responses import feature_page, page

__all__ = [
    "Flagged",
    "deck_page",
    "decks_page",
    "explain",
    "flagged_variances",
    "parse_week",
    "preparedness",
]

WEEKS_SHOWN = 12


@dataclass(frozen=True, slots=True)
class Flagged:
    variance: Any  # a backwards.wbr deck's Variance
    explanation: Explanation | None


def parse_week(text: str | None) -> date | None:
    if text is None or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"{text!r} is not a week ending date", hint="Use YYYY-MM-DD.") from None


def flagged_variances(
    built: BuiltDeck, explained: dict[tuple[str, str], Explanation]
) -> list[Flagged]:
    return [Flagged(v, explained.get((v.metric, v.basis))) for v in built.deck.needs_explanation]


def preparedness(flagged: list[Flagged]) -> tuple[int, int, list[tuple[str, int, int]]]:
    """(owners prepared, owners, [(owner, explained, flagged)]): an owner is prepared when each
    of their flagged variances has an explanation."""
    by_owner: dict[str, list[bool]] = {}
    for item in flagged:
        owner = item.variance.owner or "(no owner)"
        by_owner.setdefault(owner, []).append(item.explanation is not None)
    rows = [(owner, sum(done), len(done)) for owner, done in sorted(by_owner.items())]
    prepared = sum(1 for _, done, total in rows if done == total)
    return prepared, len(rows), rows


async def _built(request: Request, week: date | None) -> BuiltDeck:
    return await run_in_threadpool(context_of(request).decks.get, week)


@guarded
async def decks_page(request: Request) -> Response:
    context, me = context_of(request), principal_of(request)
    if not context.has_wbr:
        return page(request, "decks_none.html.j2", title="Decks", principal=me)
    try:
        week = parse_week(request.query_params.get("week"))
        built = await _built(request, week)
        latest = (await _built(request, None)).deck.week_ending
    except BackwardsError as exc:
        return page(request, "error.html.j2", title="Decks", principal=me, status=400, error=exc)
    explained = await run_in_threadpool(latest_explanations, context.store, built.deck.week_ending)
    flagged = flagged_variances(built, explained)
    prepared, owners, rows = preparedness(flagged)
    weeks = [latest - timedelta(days=7 * i) for i in range(WEEKS_SHOWN)]
    return page(
        request,
        "decks.html.j2",
        title=f"{built.deck.title}: week ending {built.deck.week_ending:%d %b %Y}",
        principal=me,
        deck=built.deck,
        week=built.deck.week_ending,
        weeks=weeks,
        flagged=flagged,
        prepared=prepared,
        owners=owners,
        owner_rows=rows,
    )


@guarded
async def deck_page(request: Request) -> Response:
    try:
        built = await _built(request, parse_week(request.path_params["week"]))
    except BackwardsError as exc:
        me = principal_of(request)
        return page(request, "error.html.j2", title="Deck", principal=me, status=400, error=exc)
    return feature_page(built.html)


@guarded
async def explain(request: Request) -> Response:
    context, me = context_of(request), principal_of(request)
    form = await request.form()
    try:
        week = parse_week(request.path_params["week"])
        if week is None:
            raise InputError("no week given")
        built = await _built(request, week)
        metric, basis = str(form.get("metric", "")), str(form.get("basis", ""))
        if not any(v.metric == metric and v.basis == basis for v in built.deck.needs_explanation):
            raise InputError(
                f"{metric!r} ({basis}) is not flagged in the week ending {week.isoformat()}"
            )
        await run_in_threadpool(
            lambda: write_explanation(
                context.store,
                week_ending=week,
                metric=metric,
                basis=basis,
                text=str(form.get("text", "")),
                author=me.name,
                at=context.clock(),
            )
        )
    except BackwardsError as exc:
        return page(request, "error.html.j2", title="Decks", principal=me, status=400, error=exc)
    return RedirectResponse(f"/decks?week={week.isoformat()}", status_code=303)
