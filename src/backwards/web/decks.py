"""The weekly business review as a meeting: decks by week (built on request, cached), the
"Needs explanation" list with each owner's explanation, and who is prepared.

Two kinds of deck (``catalog.py``): the workspace's own (everyone) and team decks (uploaded;
their team and the admins). The workspace deck's page rolls up the flagged variances of every
team deck marked "roll up" that the reader may see, each with its owner chain (owner, team,
team leader): the cascade. Each deck exports as HTML, PDF (printed by headless Chromium through
``backwards.wbr``) and JSON, and a leader or admin can publish a week with a share link
(``shares.py``)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from backwards import wbr
from backwards.errors import BackwardsError, InputError
from backwards.people import Directory, Role
from backwards.web.catalog import DeckRef, may_see_deck, workspace_deck
from backwards.web.context import BuiltDeck
from backwards.web.explanations import Explanation, latest_explanations, write_explanation
from backwards.web.guard import Principal, context_of, guarded, principal_of
from backwards.web.responses import error_page, page

__all__ = [
    "Flagged",
    "deck_page",
    "deck_pdf",
    "decks_page",
    "explain",
    "flagged_variances",
    "owner_chain",
    "parse_week",
    "preparedness",
    "resolve_deck",
]

WEEKS_SHOWN = 12


class DeckNotFound(InputError):
    """No such deck, or not one the reader may see (the same answer for both)."""

    http_status = 404


@dataclass(frozen=True, slots=True)
class Flagged:
    variance: Any  # a backwards.wbr deck's Variance
    explanation: Explanation | None
    deck: DeckRef | None = None
    chain: tuple[str, ...] = ()


def parse_week(text: str | None) -> date | None:
    if text is None or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"{text!r} is not a week ending date", hint="Use YYYY-MM-DD.") from None


def flagged_variances(
    built: BuiltDeck,
    explained: dict[tuple[str, str], Explanation],
    ref: DeckRef | None = None,
    directory: Directory | None = None,
) -> list[Flagged]:
    """The deck's "Needs explanation" list with each explanation in force and, given the
    directory, each owner chain."""
    team = ref.team if ref is not None else None
    chains: dict[str | None, tuple[str, ...]] = {}  # one lookup per owner, not per variance
    if directory is not None:
        for v in built.deck.needs_explanation:
            if v.owner not in chains:
                chains[v.owner] = owner_chain(directory, v.owner, team)
    return [
        Flagged(v, explained.get((v.metric, v.basis)), ref, chains.get(v.owner, ()))
        for v in built.deck.needs_explanation
    ]


def owner_chain(directory: Directory, owner: str | None, team: str | None) -> tuple[str, ...]:
    """Who answers for a variance, upward: the owner, their team (the person's own team when
    the owner is a person of the directory, else the deck's), and that team's leader."""
    chain = [owner or "(no owner)"]
    person = directory.find(owner) if owner else None
    team_name = person.team if person is not None and person.team else team
    if team_name:
        chain.append(f"team {team_name}")
        found = directory.team(team_name)
        if found is not None and found.leader and found.leader != owner:
            chain.append(f"leader {found.leader}")
    return tuple(chain)


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


def resolve_deck(request: Request, me: Principal) -> DeckRef:
    """The deck of the path (``{id}``: a team deck; none: the workspace's), when ``me`` may
    see it; else ``DeckNotFound``."""
    context = context_of(request)
    deck_id = request.path_params.get("id")
    if deck_id is None:
        if not context.has_wbr:
            raise DeckNotFound("this workspace has no WBR config (wbr.config)")
        return workspace_deck(context.workspace.name)
    ref = context.catalog.get(int(deck_id))
    if ref is None or not may_see_deck(me.person, ref):
        raise DeckNotFound(f"there is no team deck {deck_id} that you may see")
    return ref


def visible_team_decks(request: Request, me: Principal) -> list[DeckRef]:
    return [r for r in context_of(request).catalog.team_decks() if may_see_deck(me.person, r)]


async def _built(request: Request, week: date | None, ref: DeckRef | None = None) -> BuiltDeck:
    return await run_in_threadpool(context_of(request).decks.get, week, ref)


def _rollup(
    request: Request, me: Principal, week: date
) -> tuple[list[Flagged], list[tuple[DeckRef, str]]]:
    """The flagged variances of the team decks rolled up into the workspace deck for ``week``
    (those ``me`` may see), and the team decks that could not be built for it (with why)."""
    context = context_of(request)
    flagged: list[Flagged] = []
    missing: list[tuple[DeckRef, str]] = []
    for ref in visible_team_decks(request, me):
        if not ref.in_rollup:
            continue
        try:
            built = context.decks.get(week, ref)
        except BackwardsError as exc:
            missing.append((ref, exc.message))
            continue
        explained = latest_explanations(context.store, week, ref.key)
        flagged.extend(flagged_variances(built, explained, ref, context.directory))
    return flagged, missing


def _deck_view(request: Request, me: Principal) -> dict[str, Any]:
    """The template context of a deck's page, made in one pass (one worker thread);
    BackwardsError if the deck or the week cannot be shown."""
    context = context_of(request)
    ref = resolve_deck(request, me)
    built = context.decks.get(parse_week(request.query_params.get("week")), ref)
    latest = context.decks.get(None, ref).deck.week_ending
    week_ending = built.deck.week_ending
    explained = latest_explanations(context.store, week_ending, ref.key)
    flagged = flagged_variances(built, explained, ref, context.directory)
    rolled: list[Flagged] = []
    missing: list[tuple[DeckRef, str]] = []
    if ref.id is None:
        rolled, missing = _rollup(request, me, week_ending)
    prepared, owners, rows = preparedness(flagged + rolled)
    now = context.clock()
    return {
        "title": f"{built.deck.title}: week ending {week_ending:%d %b %Y}",
        "ref": ref,
        "deck": built.deck,
        "week": week_ending,
        "weeks": [latest - timedelta(days=7 * i) for i in range(WEEKS_SHOWN)],
        "flagged": flagged,
        "rolled": rolled,
        "missing": missing,
        "prepared": prepared,
        "owners": owners,
        "owner_rows": rows,
        "shares": [s for s in context.shares.of_deck(ref.key, week_ending) if s.live(now)],
    }


@guarded
async def decks_page(request: Request) -> Response:
    context, me = context_of(request), principal_of(request)
    teams = await run_in_threadpool(visible_team_decks, request, me)
    if not context.has_wbr and request.path_params.get("id") is None:
        return page(request, "decks_none.html.j2", title="Decks", principal=me, team_decks=teams)
    try:
        view = await run_in_threadpool(_deck_view, request, me)
    except BackwardsError as exc:
        return error_page(request, exc, title="Decks")
    return page(
        request,
        "decks.html.j2",
        principal=me,
        team_decks=teams,
        may_publish=me.person.role in (Role.LEADER, Role.ADMIN),
        **view,
    )


async def _deck_for_path(request: Request) -> tuple[DeckRef, BuiltDeck]:
    me = principal_of(request)
    ref = await run_in_threadpool(resolve_deck, request, me)
    week = parse_week(request.path_params["week"])
    return ref, await _built(request, week, ref)


@guarded
async def deck_page(request: Request) -> Response:
    try:
        ref, built = await _deck_for_path(request)
    except BackwardsError as exc:
        return error_page(request, exc, title="Deck")
    response = built.page.response(request.headers.get("accept-encoding", ""))
    if request.query_params.get("download"):
        name = f"wbr-{ref.key}-{built.deck.week_ending.isoformat()}.html"
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def print_pdf(deck: wbr.Deck) -> bytes:
    """The deck as PDF, printed by headless Chromium through ``backwards.wbr``."""
    with tempfile.TemporaryDirectory(prefix="backwards-pdf-") as folder:
        path = Path(folder) / "deck.pdf"
        wbr.write(deck, "pdf", path)
        return path.read_bytes()


@guarded
async def deck_pdf(request: Request) -> Response:
    try:
        ref, built = await _deck_for_path(request)
        data = await run_in_threadpool(print_pdf, built.deck)
    except BackwardsError as exc:
        return error_page(request, exc, title="Deck")
    name = f"wbr-{ref.key}-{built.deck.week_ending.isoformat()}.pdf"
    return Response(
        data,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@guarded
async def explain(request: Request) -> Response:
    context, me = context_of(request), principal_of(request)
    form = await request.form()
    try:
        ref = await run_in_threadpool(resolve_deck, request, me)
        week = parse_week(request.path_params["week"])
        if week is None:
            raise InputError("no week given")
        built = await _built(request, week, ref)
        metric, basis = str(form.get("metric", "")), str(form.get("basis", ""))
        if not any(v.metric == metric and v.basis == basis for v in built.deck.needs_explanation):
            raise InputError(
                f"{metric!r} ({basis}) is not flagged in the week ending {week.isoformat()}"
            )
        await run_in_threadpool(
            lambda: write_explanation(
                context.store,
                deck=ref.key,
                week_ending=week,
                metric=metric,
                basis=basis,
                text=str(form.get("text", "")),
                author=me.name,
                at=context.clock(),
            )
        )
    except BackwardsError as exc:
        return error_page(request, exc, title="Decks")
    # back to the page the form was on: this deck's, or the workspace deck's roll-up
    back = "/decks" if form.get("back") == "/decks" else ref.base
    return RedirectResponse(f"{back}?week={week.isoformat()}", status_code=303)
