"""Admin in the browser: people (add, role, team, password, disable and enable), teams and
their leaders, API tokens (make one, shown once; revoke). Every change goes through
``backwards.people`` (its own audit events, with who and when). Admins only; anyone else gets
403. Anyone signed in makes and revokes their own API tokens on ``/tokens``."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from backwards.errors import BackwardsError, InputError
from backwards.people import Role
from backwards.web.guard import Principal, context_of, guarded, principal_of
from backwards.web.responses import error_page, page

__all__ = ["admin_action", "admin_page", "my_tokens_page", "token_action"]

ACTIONS = ("add", "role", "team", "password", "disable", "enable", "leader", "revoke")
MAX_TOKEN_DAYS = 365


def _refuse(request: Request, me: Principal) -> Response:
    error = InputError("only an admin manages people, teams and tokens")
    return error_page(request, error, title="Admin", status=403)


def _admin_page(request: Request, me: Principal, *, status: int = 200, **extra: Any) -> Response:
    directory = context_of(request).directory
    return page(
        request,
        "admin.html.j2",
        title="Admin: people, teams, tokens",
        status=status,
        principal=me,
        people=directory.people(include_disabled=True),
        teams=directory.teams(),
        tokens=directory.tokens(),
        roles=[r.value for r in Role],
        now=context_of(request).clock(),
        **extra,
    )


@guarded
async def admin_page(request: Request) -> Response:
    me = principal_of(request)
    if not me.person.is_admin:
        return _refuse(request, me)
    return await run_in_threadpool(lambda: _admin_page(request, me))


def _apply(request: Request, me: Principal, form: Any) -> str:
    """Carry out the form's ``action`` through the people directory; returns what was done."""
    directory, now = context_of(request).directory, context_of(request).clock()
    action = str(form.get("action", ""))
    name = str(form.get("name", "")).strip()
    team = str(form.get("team", "")).strip() or None
    if action == "add":
        password = str(form.get("password", "")) or None
        role = str(form.get("role", "member"))
        directory.add(name, role, team=team, password=password, by=me.name, at=now)
        return f"added {name}"
    if action == "role":
        directory.set_role(name, str(form.get("role", "")), by=me.name, at=now)
        return f"{name} is now {form.get('role')}"
    if action == "team":
        directory.set_team(name, team, by=me.name, at=now)
        return f"{name} is now in {team or 'no team'}"
    if action == "password":
        directory.set_password(name, str(form.get("password", "")), by=me.name, at=now)
        return f"new password for {name}"
    if action == "disable":
        if name == me.name:
            raise InputError("you cannot disable yourself", hint="Ask another admin.")
        directory.disable(name, by=me.name, at=now)
        context_of(request).sessions.delete_all(name)
        return f"disabled {name} (signed out everywhere, tokens revoked)"
    if action == "enable":
        directory.enable(name, by=me.name, at=now)
        return f"enabled {name}"
    if action == "leader":
        if team is None:
            raise InputError("team: which team?")
        directory.set_leader(team, name or None, by=me.name, at=now)
        return f"{name or 'nobody'} leads {team}"
    if action == "revoke":
        directory.revoke_token(str(form.get("token", "")), by=me.name, at=now)
        return "token revoked"
    raise InputError(f"unknown action {action!r}", hint="One of: " + ", ".join(ACTIONS))


@guarded
async def admin_action(request: Request) -> Response:
    me = principal_of(request)
    if not me.person.is_admin:
        return _refuse(request, me)
    form = await request.form()
    try:
        done = await run_in_threadpool(_apply, request, me, form)
    except BackwardsError as exc:
        error, hint = exc.message, exc.hint or ""
        return await run_in_threadpool(
            lambda: _admin_page(request, me, status=400, error=error, hint=hint)
        )
    return await run_in_threadpool(lambda: _admin_page(request, me, done=done))


def _tokens_page(request: Request, me: Principal, **extra: Any) -> Response:
    directory = context_of(request).directory
    return page(
        request,
        "tokens.html.j2",
        title="My API tokens",
        principal=me,
        tokens=directory.tokens(me.name),
        now=context_of(request).clock(),
        max_days=MAX_TOKEN_DAYS,
        **extra,
    )


@guarded
async def my_tokens_page(request: Request) -> Response:
    me = principal_of(request)
    return await run_in_threadpool(lambda: _tokens_page(request, me))


@guarded
async def token_action(request: Request) -> Response:
    """Make an API token for yourself (shown once) or revoke one of yours."""
    context, me = context_of(request), principal_of(request)
    form = await request.form()
    now = context.clock()

    def work() -> dict[str, str]:
        if form.get("action") == "revoke":
            token_id = str(form.get("token", ""))
            if token_id not in {t.id for t in context.directory.tokens(me.name)}:
                raise InputError("no such token of yours")
            context.directory.revoke_token(token_id, by=me.name, at=now)
            return {"done": "token revoked"}
        days_text = str(form.get("days", "90")).strip() or "90"
        if not days_text.isdigit() or not 1 <= int(days_text) <= MAX_TOKEN_DAYS:
            raise InputError(f"expires in: 1 to {MAX_TOKEN_DAYS} days")
        _, secret = context.directory.create_token(
            me.name,
            label=str(form.get("label", "")).strip()[:100],
            expires_at=now + timedelta(days=int(days_text)),
            by=me.name,
            at=now,
        )
        return {"secret": secret}

    try:
        extra = await run_in_threadpool(work)
    except BackwardsError as exc:
        extra = {"error": exc.message}
    return await run_in_threadpool(lambda: _tokens_page(request, me, **extra))
