"""Responses: every HTML the web app sends goes through ``backwards.page`` (the one Jinja2
environment, autoescape on, and the one policy builder). Pages extend
``backwards.web/layout.html.j2``; htmx fragments are templates of the same environment; pages
a feature renders whole (a deck, a trust report) are sent with their own policy."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from backwards.errors import BackwardsError
from backwards.page import environment, render_page
from backwards.web.guard import Endpoint, Principal, guarded, principal_of
from backwards.web.ready import feature_headers

__all__ = ["error_page", "feature_page", "feature_view", "form_action", "fragment", "page"]

#: A form's handler: does the work and says where the browser goes next.
FormHandler = Callable[[Request, Principal, FormData], Awaitable[str]]


def page(
    request: Request,
    template: str,
    *,
    title: str,
    status: int = 200,
    principal: Principal | None = None,
    **context: Any,
) -> HTMLResponse:
    """A page of the web app: ``backwards.web/<template>`` rendered with the signed-in person
    and their CSRF token (for the forms), under the served-page policy."""
    text = render_page(
        f"backwards.web/{template}",
        title=title,
        served=True,
        frames=["'self'"],
        me=principal.person if principal is not None else None,
        csrf_token=principal.csrf_token if principal is not None else "",
        path=request.url.path,
        **context,
    )
    return HTMLResponse(text, status_code=status)


def error_page(
    request: Request, error: BackwardsError, *, title: str, status: int = 400
) -> HTMLResponse:
    """The error page (with the signed-in person, when there is one). An error class may set
    its own status (``http_status``: 404 for what the reader may not see or does not exist)."""
    principal = getattr(request.state, "principal", None)
    return page(
        request,
        "error.html.j2",
        title=title,
        principal=principal,
        status=getattr(error, "http_status", status),
        error=error,
    )


def form_action(title: str, *, status: int = 400) -> Callable[[FormHandler], Endpoint]:
    """A guarded POST endpoint of a page: ``handler(request, me, form)`` does the work and
    returns the path to go to next (303); a ``BackwardsError`` is the error page ``title``."""

    def wrap(handler: FormHandler) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            form = await request.form()
            try:
                target = await handler(request, principal_of(request), form)
            except BackwardsError as exc:
                return error_page(request, exc, title=title, status=status)
            return RedirectResponse(target, status_code=303)

        endpoint.__name__ = handler.__name__
        endpoint.__doc__ = handler.__doc__
        return guarded(endpoint)

    return wrap


def fragment(template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    """A piece of a page for htmx to swap in (autoescaped like every page)."""
    text = environment().get_template(f"backwards.web/{template}").render(**context)
    return HTMLResponse(text, status_code=status)


def feature_page(text: str) -> HTMLResponse:
    """A whole page rendered by a feature: sent with the policy written in its own <meta>
    (framable by the web app's pages only)."""
    return HTMLResponse(text, headers=feature_headers(text))


async def feature_view(request: Request, work: Callable[[], str], *, title: str) -> Response:
    """A feature's whole page, made by ``work`` in a thread; a ``BackwardsError`` is the
    error page ``title``."""
    try:
        text = await run_in_threadpool(work)
    except BackwardsError as exc:
        return error_page(request, exc, title=title)
    return feature_page(text)
