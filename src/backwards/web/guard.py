"""Who is asking, and may they: the one gate every route but ``PUBLIC`` passes through.

``guarded(endpoint)`` resolves the principal (a session cookie, or ``Authorization: Bearer``
with an API token), refuses a request without one (a page redirects to /login, the API answers
401), and on every state-changing method of a session checks the CSRF token (the form field
``csrf_token`` or the ``X-CSRF-Token`` header) against the session's: a mismatch is 403 and
the endpoint never runs. API tokens need no CSRF token (no cookie is involved).

``SecurityHeaders`` adds a Content-Security-Policy (the pages' own, from ``backwards.page``),
``X-Frame-Options``, ``Referrer-Policy``, ``X-Content-Type-Options`` and ``Cache-Control`` to
every response that has none.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backwards.page import content_security_policy
from backwards.people import Person, Role
from backwards.web.sessions import COOKIE, Session

if TYPE_CHECKING:
    from backwards.web.context import WebContext

__all__ = [
    "PUBLIC",
    "SAFE_METHODS",
    "BodyLimit",
    "Endpoint",
    "Principal",
    "SecurityHeaders",
    "context_of",
    "guarded",
    "principal_of",
    "same_token",
]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: Paths that need no session: the login form and single sign-on (``/login/...``), the health
#: check, the vendored static files, and share links (each needs its own unguessable token, and
#: maybe a password).
PUBLIC = ("/login", "/login/", "/health", "/static/", "/share/")
#: The policy of every page the web app renders itself (pages may tighten it in a <meta>).
PAGE_POLICY = content_security_policy(bundle=False, served=True, frames=["'self'"])

Endpoint = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True, slots=True)
class Principal:
    person: Person
    via: str  # "session" or "token"
    session: Session | None = None

    @property
    def name(self) -> str:
        return self.person.name

    @property
    def csrf_token(self) -> str:
        return self.session.csrf_token if self.session is not None else ""

    def may_see(self, owner: str, team_of_owner: str | None) -> bool:
        """A person sees their own data, their team's (members and leaders alike), and an
        admin everything."""
        if self.person.role is Role.ADMIN or owner == self.person.name:
            return True
        return team_of_owner is not None and team_of_owner == self.person.team


def context_of(request: Request) -> WebContext:
    context: WebContext = request.app.state.context
    return context


def principal_of(request: Request) -> Principal:
    principal: Principal = request.state.principal
    return principal


def same_token(given: str | None, expected: str) -> bool:
    return (
        bool(given)
        and bool(expected)
        and hmac.compare_digest(str(given).encode("utf-8"), expected.encode("utf-8"))
    )


def _resolve(context: WebContext, request: Request) -> Principal | None:
    now = context.clock()
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        person = context.directory.check_token(header[7:].strip(), at=now)
        return Principal(person, "token") if person is not None else None
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    session = context.sessions.get(token, at=now)
    if session is None:
        return None
    person = context.directory.find(session.person)
    if person is None or not person.active:
        return None
    return Principal(person, "session", session)


async def _csrf_given(request: Request) -> str | None:
    header = request.headers.get("x-csrf-token")
    if header:
        return header
    kind = request.headers.get("content-type", "")
    if kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get("csrf_token")
        return value if isinstance(value, str) else None
    return None


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def guarded(endpoint: Endpoint) -> Endpoint:
    """``endpoint`` behind the gate (see the module's docstring)."""

    async def gate(request: Request) -> Response:
        try:
            return await _gate(request)
        finally:
            await request.close()  # the form's uploaded files, spooled to disk, are closed

    async def _gate(request: Request) -> Response:
        context = context_of(request)
        principal = await run_in_threadpool(_resolve, context, request)
        if principal is None:
            if _is_api(request) or request.method not in SAFE_METHODS:
                return JSONResponse(
                    {"error": "sign in, or send Authorization: Bearer <token>"},
                    status_code=401,
                    headers={"WWW-Authenticate": "Bearer"},
                )
            return RedirectResponse("/login", status_code=303)
        unsafe = principal.via == "session" and request.method not in SAFE_METHODS
        if unsafe and not same_token(await _csrf_given(request), principal.csrf_token):
            return PlainTextResponse(
                "CSRF token missing or wrong: reload the page and try again.", status_code=403
            )
        request.state.principal = principal
        return await endpoint(request)

    gate.__name__ = getattr(endpoint, "__name__", "gate")
    gate.__doc__ = endpoint.__doc__
    gate.guarded = True  # type: ignore[attr-defined]
    return gate


class SecurityHeaders:
    """Pure ASGI middleware: the security headers on every response (see the module doc)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault(
                    "Content-Security-Policy", PAGE_POLICY + "; frame-ancestors 'none'"
                )
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Referrer-Policy", "same-origin")
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
                if not scope["path"].startswith("/static/"):
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Pure ASGI middleware: a request body larger than ``limit`` bytes (``larger[path]`` for
    the paths named there, e.g. an upload) is refused with 413 (by its Content-Length, or while
    it streams in), before any endpoint reads it."""

    def __init__(self, app: ASGIApp, *, limit: int, larger: dict[str, int] | None = None) -> None:
        self.app = app
        self.limit = limit
        self.larger = dict(larger or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.larger.get(scope["path"], self.limit)
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > limit:
            await PlainTextResponse("The request is too large.", status_code=413)(
                scope, receive, send
            )
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except TooLarge:
            await PlainTextResponse("The request is too large.", status_code=413)(
                scope, receive, send
            )


class TooLarge(Exception):
    """A request body went over the limit while streaming in."""
