"""Sign in and out: the login form (fields ``username``, ``password``, ``csrf_token``),
throttled; sessions rotated at sign-in; log out here or everywhere; the health check."""

from __future__ import annotations

import secrets
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response

from backwards.web.events import record_event
from backwards.web.guard import context_of, guarded, principal_of, same_token
from backwards.web.oidc import OidcError
from backwards.web.responses import page
from backwards.web.sessions import COOKIE

__all__ = [
    "client_address",
    "health",
    "login_form",
    "login_submit",
    "logout",
    "logout_everywhere",
    "oidc_begin",
    "oidc_callback",
    "secure_cookies",
    "token_form",
]

LOGIN_CSRF_COOKIE = "backwards_login_csrf"
OIDC_COOKIE = "backwards_oidc"  # state, nonce and PKCE verifier until the provider sends back
OIDC_PATH = "/login/oidc"
OIDC_SECONDS = 600


def secure_cookies(request: Request) -> bool:
    return context_of(request).settings.secure_cookies or request.url.scheme == "https"


def client_address(request: Request) -> str:
    return request.client.host if request.client is not None else "unknown"


def token_form(
    request: Request,
    template: str,
    *,
    cookie: str,
    path: str,
    title: str,
    status: int = 200,
    **context: Any,
) -> Response:
    """A public form guarded by a double-submit token: the page's hidden ``csrf_token``
    (``form_csrf`` in the template) and a strict, HttpOnly cookie ``cookie`` on ``path``
    hold the same random value."""
    token = secrets.token_urlsafe(32)
    response = page(request, template, title=title, status=status, form_csrf=token, **context)
    response.set_cookie(
        cookie,
        token,
        httponly=True,
        samesite="strict",
        secure=secure_cookies(request),
        path=path,
    )
    return response


def _form_page(request: Request, *, status: int = 200, error: str = "", name: str = "") -> Response:
    return token_form(
        request,
        "login.html.j2",
        cookie=LOGIN_CSRF_COOKIE,
        path="/login",
        title="Sign in",
        status=status,
        error=error,
        username=name,
        oidc=context_of(request).settings.oidc,
    )


async def login_form(request: Request) -> Response:
    return _form_page(request)


async def login_submit(request: Request) -> Response:
    context = context_of(request)
    form = await request.form()
    name = str(form.get("username", "")).strip()[:200]
    password = str(form.get("password", ""))
    if not same_token(str(form.get("csrf_token", "")), request.cookies.get(LOGIN_CSRF_COOKIE, "")):
        return _form_page(request, status=403, error="The form expired: sign in again.", name=name)
    now = context.clock()
    address = client_address(request)
    if not await run_in_threadpool(context.throttle.allowed, name, address, at=now):
        minutes = int(context.settings.login_window.total_seconds() // 60)
        error = f"Too many failed sign-ins: wait {minutes} minutes and try again."
        return _form_page(request, status=429, error=error, name=name)
    person = await run_in_threadpool(context.directory.authenticate, name, password)
    await run_in_threadpool(context.throttle.record, name, address, ok=person is not None, at=now)
    if person is None:
        return _form_page(request, status=401, error="Wrong name or password.", name=name)
    return await _signed_in(request, person.name, "login")


async def _signed_in(request: Request, name: str, action: str) -> Response:
    """A new session for ``name`` (the one the browser brought is deleted), recorded as
    ``action``; the browser goes home."""
    context = context_of(request)
    now = context.clock()
    old = request.cookies.get(COOKIE)
    token = await run_in_threadpool(context.sessions.create, name, at=now, replacing=old)
    await run_in_threadpool(
        context.store.write,
        lambda c: record_event(c, who=name, action=action, subject=name, at=now),
    )
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(context.settings.session_absolute.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=secure_cookies(request),
        path="/",
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    response.delete_cookie(OIDC_COOKIE, path=OIDC_PATH)
    return response


def _redirect_uri(request: Request) -> str:
    return str(request.base_url).rstrip("/") + OIDC_PATH + "/callback"


async def oidc_begin(request: Request) -> Response:
    """Off to the OpenID Connect provider (404 when none is configured)."""
    client = context_of(request).oidc
    if client is None:
        return PlainTextResponse("No single sign-on is configured here.", status_code=404)
    try:
        begun = await run_in_threadpool(client.begin, _redirect_uri(request))
    except OidcError as exc:
        return _form_page(request, status=502, error=f"Single sign-on is unavailable: {exc}.")
    response = RedirectResponse(begun.location, status_code=303)
    response.set_cookie(
        OIDC_COOKIE,
        begun.cookie,
        max_age=OIDC_SECONDS,
        httponly=True,
        samesite="lax",  # the provider's redirect back is a top-level navigation
        secure=secure_cookies(request),
        path=OIDC_PATH,
    )
    return response


async def oidc_callback(request: Request) -> Response:
    """Back from the provider: the code exchanged, the ID token checked, the person found
    (by name, active), a session opened."""
    context = context_of(request)
    client = context.oidc
    if client is None:
        return PlainTextResponse("No single sign-on is configured here.", status_code=404)
    query = request.query_params
    if "error" in query:
        code = str(query.get("error", ""))[:40]
        shown = code if code.replace("_", "").isalnum() else "refused"
        return _form_page(request, status=401, error=f"Single sign-on failed: {shown}.")
    try:
        name = await run_in_threadpool(
            client.finish,
            cookie=request.cookies.get(OIDC_COOKIE, ""),
            state=str(query.get("state", "")),
            code=str(query.get("code", "")),
            redirect_uri=_redirect_uri(request),
        )
    except OidcError as exc:
        return _form_page(request, status=401, error=f"Single sign-on failed: {exc}.")
    person = await run_in_threadpool(context.directory.find, name)
    if person is None or not person.active:
        error = (
            f"Single sign-on says you are {name!r}, who has no active account here: "
            "ask an admin (backwards user add)."
        )
        return _form_page(request, status=403, error=error, name=name[:200])
    return await _signed_in(request, person.name, "login.oidc")


def _signed_out(request: Request) -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(
        COOKIE, path="/", httponly=True, samesite="lax", secure=secure_cookies(request)
    )
    return response


@guarded
async def logout(request: Request) -> Response:
    context, me = context_of(request), principal_of(request)
    now = context.clock()
    token = request.cookies.get(COOKIE, "")
    if token:
        await run_in_threadpool(context.sessions.delete, token)
    await run_in_threadpool(
        context.store.write,
        lambda c: record_event(c, who=me.name, action="logout", subject=me.name, at=now),
    )
    return _signed_out(request)


@guarded
async def logout_everywhere(request: Request) -> Response:
    context, me = context_of(request), principal_of(request)
    now = context.clock()
    ended = await run_in_threadpool(context.sessions.delete_all, me.name)
    await run_in_threadpool(
        context.store.write,
        lambda c: record_event(
            c, who=me.name, action="logout.everywhere", subject=me.name, at=now, sessions=ended
        ),
    )
    return _signed_out(request)


async def health(request: Request) -> Response:
    """Public: says the process is up (nothing about the data)."""
    return JSONResponse({"status": "ok"})
