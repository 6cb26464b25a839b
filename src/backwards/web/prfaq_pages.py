"""The PR/FAQ editor: the document in a textarea, its review beside it, updated as you type
(htmx posts the text after a pause; the review is a fragment swapped in)."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from backwards import prfaq
from backwards.web.guard import context_of, guarded, principal_of
from backwards.web.responses import fragment, page

__all__ = ["MAX_DOCUMENT", "editor_page", "review_fragment"]

MAX_DOCUMENT = 200_000  # characters


def _profile(request: Request) -> str:
    return str(context_of(request).workspace.settings.section(prfaq.PrfaqSettings).profile)


@guarded
async def editor_page(request: Request) -> Response:
    me = principal_of(request)
    profile = _profile(request)
    text = prfaq.template(profile)
    review = await run_in_threadpool(
        lambda: prfaq.review_text(text, path="draft.md", profile=profile)
    )
    return page(
        request,
        "prfaq.html.j2",
        title="PR/FAQ editor",
        principal=me,
        text=text,
        review=review,
        profile=profile,
        limit=MAX_DOCUMENT,
    )


@guarded
async def review_fragment(request: Request) -> Response:
    form = await request.form()
    text = str(form.get("text", ""))
    if len(text) > MAX_DOCUMENT:
        return fragment("prfaq_too_long.html.j2", status=413, limit=MAX_DOCUMENT)
    profile = _profile(request)
    today = context_of(request).clock().date()
    review = await run_in_threadpool(
        lambda: prfaq.review_text(text, path="draft.md", profile=profile, today=today)
    )
    return fragment("prfaq_review.html.j2", review=review)
