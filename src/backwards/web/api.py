"""The JSON API under ``/api/v1/``: the pages' data, with the same permission rules. Every
route needs a session (and, for writes, its CSRF token in ``X-CSRF-Token``) or an API token
(``Authorization: Bearer ...``, from ``backwards token create``). ``/api/v1/openapi.json``
describes them (``openapi.py``)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from backwards import ledger, wbr
from backwards.errors import BackwardsError, InputError
from backwards.people import Person, Role
from backwards.web.catalog import WORKSPACE_DECK, DeckRef, may_see_deck, workspace_deck
from backwards.web.decks import DeckNotFound, parse_week, visible_team_decks
from backwards.web.explanations import latest_explanations
from backwards.web.guard import Principal, context_of, guarded, principal_of
from backwards.web.ledger_pages import OUTCOMES, commit_mine, owner_view
from backwards.web.openapi import document
from backwards.web.paging import page_read
from backwards.web.prfaq_pages import visible_document
from backwards.web.responses import page

__all__ = [
    "api_commitments",
    "api_create_commitment",
    "api_deck",
    "api_deck_catalog",
    "api_document",
    "api_documents",
    "api_me",
    "api_openapi",
    "api_people",
    "api_resolve",
    "api_trust",
    "people_page",
    "people_visible",
]

MAX_JSON = 100_000


def _error(exc: BackwardsError, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": exc.message, "hint": exc.hint}, status_code=status)


async def _body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if len(raw) > MAX_JSON:
        raise InputError(f"the request body is larger than {MAX_JSON} bytes")
    try:
        data = json.loads(raw or b"{}")
    except ValueError:
        raise InputError("the request body is not JSON") from None
    if not isinstance(data, dict):
        raise InputError("the request body must be a JSON object")
    return data


@guarded
async def api_openapi(request: Request) -> Response:
    return JSONResponse(document())


@guarded
async def api_me(request: Request) -> Response:
    return JSONResponse(principal_of(request).person.to_dict())


def people_visible(request: Request) -> list[Person]:
    """An admin sees everyone, a leader their team, a member themselves."""
    context, me = context_of(request), principal_of(request)
    if me.person.role is Role.ADMIN:
        return context.directory.people(include_disabled=True)
    if me.person.role is Role.LEADER and me.person.team is not None:
        return context.directory.members(me.person.team)
    return [me.person]


@guarded
async def api_people(request: Request) -> Response:
    found = await run_in_threadpool(people_visible, request)
    return JSONResponse([p.to_dict() for p in found])


@guarded
async def people_page(request: Request) -> Response:
    found = await run_in_threadpool(people_visible, request)
    teams = await run_in_threadpool(context_of(request).directory.teams)
    return page(
        request,
        "people.html.j2",
        title="People",
        principal=principal_of(request),
        people=found,
        teams=teams,
    )


@owner_view("ledger", "Ledger", api=True)
def api_commitments(request: Request, me: Principal, owner: str, owners: list[str]) -> Response:
    today = context_of(request).clock().date()
    book = context_of(request).book()
    shown = page_read(
        request, lambda at, size: book.commitment_page(owner=owner, offset=at, limit=size)
    )
    days_off = book.holidays
    return JSONResponse(
        [ledger.record_dict(r, today, days_off) for r in shown.items], headers=shown.headers()
    )


@guarded
async def api_create_commitment(request: Request) -> Response:
    context = context_of(request)
    try:
        data = await _body(request)
        try:
            due = date.fromisoformat(str(data.get("due", "")))
        except ValueError:
            raise InputError("due: a date YYYY-MM-DD is required") from None
        probability = data.get("probability")
        if probability is not None and not isinstance(probability, (int, float)):
            raise InputError("probability: a number between 0 and 1")
        statement = str(data.get("statement", ""))
        record = await run_in_threadpool(commit_mine, request, statement, due, probability)
    except BackwardsError as exc:
        return _error(exc)
    today = context.clock().date()
    return JSONResponse(ledger.record_dict(record, today, context.book().holidays), status_code=201)


@guarded
async def api_resolve(request: Request) -> Response:
    context, me = context_of(request), principal_of(request)
    try:
        data = await _body(request)
        outcome = str(data.get("outcome", ""))
        if outcome not in OUTCOMES:
            raise InputError(f"outcome: one of {', '.join(OUTCOMES)}")
        commitment_id = int(request.path_params["id"])
        book = context.book()
        record = await run_in_threadpool(book.record, commitment_id)
        if record.commitment.owner != me.name and not me.person.is_admin:
            return _error(InputError(f"commitment {commitment_id} is not yours"), 403)
        now = context.clock()
        resolved = await run_in_threadpool(
            lambda: book.resolve(commitment_id, outcome, resolved_on=now.date(), by=me.name)
        )
    except BackwardsError as exc:
        return _error(exc)
    return JSONResponse(ledger.record_dict(resolved, now.date(), book.holidays))


@owner_view("ledger", "Trust", api=True)
def api_trust(request: Request, me: Principal, owner: str, owners: list[str]) -> Response:
    now = context_of(request).clock()
    return JSONResponse(context_of(request).book().trust_report(now=now, owner=owner).to_dict())


def _deck_ref(request: Request) -> DeckRef:
    """The deck of ``?deck=ID`` (a team deck ``me`` may see) or the workspace's."""
    context, me = context_of(request), principal_of(request)
    text = request.query_params.get("deck", "").strip()
    if not text or text == WORKSPACE_DECK:
        if not context.has_wbr:
            raise DeckNotFound("this workspace has no WBR config (wbr.config)")
        return workspace_deck(context.workspace.name)
    ref = context.catalog.get(int(text)) if text.isdigit() and len(text) <= 18 else None
    if ref is None or not may_see_deck(me.person, ref):
        raise DeckNotFound(f"there is no team deck {text!r} that you may see")
    return ref


@guarded
async def api_deck(request: Request) -> Response:
    context = context_of(request)
    try:
        ref = await run_in_threadpool(_deck_ref, request)
    except BackwardsError as exc:
        return _error(exc, 404)
    try:
        week = parse_week(request.query_params.get("week"))
        built = await run_in_threadpool(context.decks.get, week, ref)
    except BackwardsError as exc:
        return _error(exc)
    explained = await run_in_threadpool(
        latest_explanations, context.store, built.deck.week_ending, ref.key
    )
    data = json.loads(wbr.render(built.deck, "json"))
    data["deck"] = {"key": ref.key, "title": ref.title, "team": ref.team}
    data["explanations"] = [
        {
            "metric": e.metric,
            "basis": e.basis,
            "text": e.text,
            "author": e.author,
            "written_at": e.written_at.isoformat(),
        }
        for e in explained.values()
    ]
    return JSONResponse(data)


@guarded
async def api_deck_catalog(request: Request) -> Response:
    """The decks the caller may see: the workspace's (when it has one) and team decks."""
    context, me = context_of(request), principal_of(request)
    found = await run_in_threadpool(visible_team_decks, request, me)
    items: list[dict[str, Any]] = []
    if context.has_wbr:
        items.append({"deck": WORKSPACE_DECK, "title": context.workspace.name, "team": None})
    items.extend(
        {
            "deck": ref.id,
            "title": ref.title,
            "team": ref.team,
            "in_rollup": ref.in_rollup,
            "created_by": ref.created_by,
            "created_at": ref.created_at.isoformat() if ref.created_at else None,
        }
        for ref in found
    )
    return JSONResponse(items)


@guarded
async def api_documents(request: Request) -> Response:
    """The PR/FAQs the caller may see, each with its latest version's verdict."""
    context, me = context_of(request), principal_of(request)

    def listing() -> list[dict[str, Any]]:
        return [
            {
                "id": d.id,
                "title": d.title,
                "owner": d.owner,
                "team": d.team,
                "versions": last.number,
                "verdict": last.verdict,
                "score": last.score,
            }
            for d, last in context.documents.visible(me.person)
        ]

    return JSONResponse(await run_in_threadpool(listing))


@guarded
async def api_document(request: Request) -> Response:
    """One PR/FAQ: every version (text, verdict, who, when) and every comment."""
    context, me = context_of(request), principal_of(request)
    try:
        document = await run_in_threadpool(visible_document, request, me)
    except BackwardsError as exc:
        return _error(exc, 404)
    versions = await run_in_threadpool(context.documents.versions, document.id)
    comments = await run_in_threadpool(context.documents.comments, document.id)
    return JSONResponse(
        {
            "id": document.id,
            "title": document.title,
            "owner": document.owner,
            "team": document.team,
            "created_at": document.created_at.isoformat(),
            "versions": [
                {
                    "number": v.number,
                    "text": v.text,
                    "verdict": v.verdict,
                    "score": v.score,
                    "findings": v.findings,
                    "author": v.author,
                    "saved_at": v.saved_at.isoformat(),
                }
                for v in versions
            ],
            "comments": [
                {
                    "version": c.version,
                    "line": c.line,
                    "text": c.text,
                    "author": c.author,
                    "written_at": c.written_at.isoformat(),
                }
                for c in comments
            ],
        }
    )
