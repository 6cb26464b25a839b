"""Team decks in and decks out: uploading a team deck (a WBR config and a CSV or Parquet file,
``uploads.py``), taking one down, and share links to a published week (``shares.py``): made and
revoked by leaders and admins, opened by anyone holding the link (and its password)."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from backwards.errors import BackwardsError, InputError
from backwards.people import Role
from backwards.web.catalog import WORKSPACE_DECK, DeckRef, workspace_deck
from backwards.web.decks import DeckNotFound, parse_week, resolve_deck
from backwards.web.guard import Principal, context_of, guarded, principal_of, same_token
from backwards.web.login import client_address, token_form
from backwards.web.responses import error_page, form_action, page
from backwards.web.shares import MAX_DAYS, Share
from backwards.web.uploads import MAX_CONFIG_BYTES, UploadRejected, stage_upload

__all__ = [
    "UPLOAD_PATH",
    "remove_deck",
    "revoke_share",
    "share_create",
    "share_unlock",
    "share_view",
    "upload_form",
    "upload_limit",
    "upload_submit",
]

UPLOAD_PATH = "/decks/upload"
SHARE_COOKIE = "backwards_share_csrf"


def upload_limit(max_data_bytes: int) -> int:
    """The largest request body ``/decks/upload`` takes: both files and the form's fields."""
    return max_data_bytes + MAX_CONFIG_BYTES + 64 * 1024


def _teams_for(request: Request) -> list[str]:
    """The teams ``me`` may upload a deck for: an admin any team, others their own."""
    context, me = context_of(request), principal_of(request)
    if me.person.is_admin:
        return [t.name for t in context.directory.teams()]
    return [me.person.team] if me.person.team else []


def _upload_page(
    request: Request, *, status: int = 200, problems: list[str] | None = None, title: str = ""
) -> Response:
    context = context_of(request)
    return page(
        request,
        "decks_upload.html.j2",
        title="Upload a team deck",
        status=status,
        principal=principal_of(request),
        teams=_teams_for(request),
        problems=problems or [],
        deck_title=title,
        max_mb=context.settings.max_upload_bytes / 1_000_000,
    )


@guarded
async def upload_form(request: Request) -> Response:
    return await run_in_threadpool(_upload_page, request)


@guarded
async def upload_submit(request: Request) -> Response:
    context, me = context_of(request), principal_of(request)
    form = await request.form()
    title = str(form.get("title", "")).strip()[:200]
    problems: list[str] = []
    teams = await run_in_threadpool(_teams_for, request)
    team = str(form.get("team", "")).strip() or (me.person.team or "")
    if not title:
        problems.append("title: name the deck (e.g. Checkout WBR)")
    if not teams:
        problems.append("you are in no team: an admin adds you to one first")
    elif team not in teams:
        problems.append(f"team: you may upload a deck for {', '.join(teams)} only")
    if problems:
        return _upload_page(request, status=400, problems=problems, title=title)
    staging = context.workspace.state_dir / "web" / "uploads"
    try:
        staged = await stage_upload(form, staging, max_data_bytes=context.settings.max_upload_bytes)
    except UploadRejected as exc:
        return _upload_page(request, status=400, problems=exc.problems, title=title)
    ref = await run_in_threadpool(
        lambda: context.catalog.add(
            staged.folder,
            title=title,
            team=team,
            config_name=staged.config_name,
            data_name=staged.data_name,
            data_kind=staged.data_kind,
            in_rollup=form.get("rollup") == "on",
            by=me.name,
            at=context.clock(),
        )
    )
    return RedirectResponse(ref.base, status_code=303)


@form_action("Decks", status=403)
async def remove_deck(request: Request, me: Principal, form: FormData) -> str:
    """Take a team deck down: its team's leader, who uploaded it, or an admin."""
    context = context_of(request)
    ref = await run_in_threadpool(resolve_deck, request, me)
    leads = me.person.role is Role.LEADER and me.person.team == ref.team
    if not (me.person.is_admin or leads or ref.created_by == me.name):
        raise InputError("only the team's leader, who uploaded it, or an admin removes it")
    assert ref.id is not None
    await run_in_threadpool(
        lambda: context.catalog.remove(ref.id or 0, by=me.name, at=context.clock())
    )
    context.decks.clear()
    return "/decks"


@guarded
async def share_create(request: Request) -> Response:
    """A leader or an admin publishes a week of a deck they see: the link is shown once."""
    context, me = context_of(request), principal_of(request)
    form = await request.form()
    try:
        if me.person.role not in (Role.LEADER, Role.ADMIN):
            raise InputError("only a leader or an admin publishes a week")
        ref = await run_in_threadpool(resolve_deck, request, me)
        week = parse_week(request.path_params["week"])
        built = await run_in_threadpool(context.decks.get, week, ref)
        days_text = str(form.get("days", "7")).strip() or "7"
        if not days_text.isdigit():
            raise InputError(f"expires in: {days_text!r} is not a number of days")
        token = await run_in_threadpool(
            lambda: context.shares.create(
                deck=ref.key,
                week_ending=built.deck.week_ending,
                password=str(form.get("password", "")),
                days=int(days_text),
                by=me.name,
                at=context.clock(),
            )
        )
    except BackwardsError as exc:
        return error_page(request, exc, title="Share")
    link = str(request.base_url).rstrip("/") + f"/share/{token}"
    return page(
        request,
        "share_created.html.j2",
        title="Share link",
        principal=me,
        link=link,
        ref=ref,
        week=built.deck.week_ending,
        max_days=MAX_DAYS,
    )


@guarded
async def revoke_share(request: Request) -> Response:
    context, me = context_of(request), principal_of(request)
    form = await request.form()
    share_id = str(form.get("share", ""))[:64]
    share = await run_in_threadpool(context.shares.get, share_id)
    if share is None or not (me.person.is_admin or share.created_by == me.name):
        error = InputError("no such share link of yours")
        return error_page(request, error, title="Share", status=403)
    await run_in_threadpool(lambda: context.shares.revoke(share_id, by=me.name, at=context.clock()))
    ref = _share_deck(request, share)
    base = ref.base if ref is not None else "/decks"
    return RedirectResponse(f"{base}?week={share.week_ending.isoformat()}", status_code=303)


def _share_deck(request: Request, share: Share) -> DeckRef | None:
    context = context_of(request)
    if share.deck == WORKSPACE_DECK:
        return workspace_deck(context.workspace.name) if context.has_wbr else None
    if share.deck.startswith("team-") and share.deck[5:].isdigit():
        return context.catalog.get(int(share.deck[5:]))
    return None


def _gone(request: Request) -> Response:
    error = DeckNotFound("this link does not exist, has expired or was revoked")
    return error_page(request, error, title="Shared deck", status=404)


def _password_page(request: Request, *, status: int = 200, error: str = "") -> Response:
    return token_form(
        request,
        "share_password.html.j2",
        cookie=SHARE_COOKIE,
        path=request.url.path,
        title="Shared deck",
        status=status,
        error=error,
    )


async def _deck_of_share(request: Request, share: Share) -> Response:
    context = context_of(request)
    ref = await run_in_threadpool(_share_deck, request, share)
    if ref is None:
        return _gone(request)
    try:
        built = await run_in_threadpool(context.decks.get, share.week_ending, ref)
    except BackwardsError:
        return _gone(request)
    response = built.page.response(request.headers.get("accept-encoding", ""))
    response.headers["X-Robots-Tag"] = "noindex"
    return response


async def share_view(request: Request) -> Response:
    """Public: the shared week's deck, or the password form."""
    context = context_of(request)
    share = await run_in_threadpool(
        context.shares.find, request.path_params["token"], at=context.clock()
    )
    if share is None:
        return _gone(request)
    if share.has_password:
        return _password_page(request)
    return await _deck_of_share(request, share)


async def share_unlock(request: Request) -> Response:
    """Public: the password of a shared week (throttled like sign-in)."""
    context = context_of(request)
    now = context.clock()
    share = await run_in_threadpool(context.shares.find, request.path_params["token"], at=now)
    if share is None:
        return _gone(request)
    form = await request.form()
    if not same_token(str(form.get("csrf_token", "")), request.cookies.get(SHARE_COOKIE, "")):
        return _password_page(request, status=403, error="The form expired: try again.")
    name, address = f"share:{share.id[:16]}", client_address(request)
    if not await run_in_threadpool(context.throttle.allowed, name, address, at=now):
        return _password_page(request, status=429, error="Too many wrong passwords: wait.")
    ok = await run_in_threadpool(context.shares.password_ok, share, str(form.get("password", "")))
    await run_in_threadpool(context.throttle.record, name, address, ok=ok, at=now)
    if not ok:
        return _password_page(request, status=401, error="Wrong password.")
    return await _deck_of_share(request, share)
