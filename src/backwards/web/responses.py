"""Responses: every HTML the web app sends goes through ``backwards.page`` (the one Jinja2
environment, autoescape on, and the one policy builder). Pages extend
``backwards.web/layout.html.j2``; htmx fragments are templates of the same environment; pages
a feature renders whole (a deck, a trust report) are sent with their own policy."""

from __future__ import annotations

import html
import re
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse

from backwards.page import content_security_policy, environment, render_page
from backwards.web.guard import Principal

__all__ = ["feature_page", "fragment", "page"]

_META_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


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


def fragment(template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    """A piece of a page for htmx to swap in (autoescaped like every page)."""
    text = environment().get_template(f"backwards.web/{template}").render(**context)
    return HTMLResponse(text, status_code=status)


def feature_page(text: str) -> HTMLResponse:
    """A whole page rendered by a feature: sent with the policy written in its own <meta>
    (framable by the web app's pages only)."""
    found = _META_POLICY.search(text)
    policy = html.unescape(found.group(1)) if found else content_security_policy(bundle=False)
    headers = {
        "Content-Security-Policy": policy + "; frame-ancestors 'self'",
        "X-Frame-Options": "SAMEORIGIN",
    }
    return HTMLResponse(text, headers=headers)
