"""The PR/FAQ editor: the document in a textarea, its review beside it, updated as you type
(htmx posts the text after a pause; the review is a fragment swapped in), each finding linked
to its line and with "explain" (the rule's why, bad and good examples, from
``backwards.prfaq.explain``). Documents are saved as versions with who, when and the verdict,
and reviewers comment on a line (``documents.py``)."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from backwards import prfaq
from backwards.errors import BackwardsError, InputError
from backwards.web.documents import Document, Reviewed, Version, may_see_document
from backwards.web.guard import Principal, context_of, guarded, principal_of
from backwards.web.responses import error_page, form_action, fragment, page

__all__ = [
    "MAX_DOCUMENT",
    "add_comment",
    "create_document",
    "document_page",
    "documents_page",
    "editor_page",
    "review_fragment",
    "save_version",
    "visible_document",
]

MAX_DOCUMENT = 200_000  # characters


class DocumentNotFound(InputError):
    """No such document, or not one the reader may see (the same answer for both)."""

    http_status = 404


def _profile(request: Request) -> str:
    return str(context_of(request).workspace.settings.section(prfaq.PrfaqSettings).profile)


def _review(request: Request, text: str) -> Any:
    profile = _profile(request)
    today = context_of(request).clock().date()
    return prfaq.review_text(text, path="draft.md", profile=profile, today=today)


def explanations(review: Any) -> dict[str, str]:
    """Rule code -> its explanation, for the findings of ``review``."""
    return {code: prfaq.explain(code) for code in sorted({f.code for f in review.findings})}


def visible_document(request: Request, me: Principal) -> Document:
    """The document of the path when ``me`` may see it; else ``DocumentNotFound``."""
    document_id = int(request.path_params["id"])
    found = context_of(request).documents.get(document_id)
    if found is None or not may_see_document(me.person, found):
        raise DocumentNotFound(f"there is no PR/FAQ {document_id} that you may see")
    return found


def _text(form: Any) -> str:
    text = str(form.get("text", ""))
    if len(text) > MAX_DOCUMENT:
        raise InputError(f"the document is longer than {MAX_DOCUMENT} characters")
    return text


def _editor(request: Request, me: Principal, text: str, **extra: Any) -> Response:
    review = _review(request, text)
    return page(
        request,
        "prfaq.html.j2",
        title=extra.pop("title", "PR/FAQ editor"),
        principal=me,
        text=text,
        review=review,
        explain=explanations(review),
        profile=_profile(request),
        limit=MAX_DOCUMENT,
        **extra,
    )


@guarded
async def editor_page(request: Request) -> Response:
    """A new draft from the workspace profile's template."""
    me = principal_of(request)
    text = prfaq.template(_profile(request))
    return await run_in_threadpool(lambda: _editor(request, me, text, document=None))


@guarded
async def review_fragment(request: Request) -> Response:
    form = await request.form()
    text = str(form.get("text", ""))
    if len(text) > MAX_DOCUMENT:
        return fragment("prfaq_too_long.html.j2", status=413, limit=MAX_DOCUMENT)
    review = await run_in_threadpool(_review, request, text)
    return fragment("prfaq_review.html.j2", review=review, explain=explanations(review))


@guarded
async def documents_page(request: Request) -> Response:
    me = principal_of(request)
    found = await run_in_threadpool(context_of(request).documents.visible, me.person)
    return page(request, "prfaq_documents.html.j2", title="PR/FAQs", principal=me, documents=found)


def _reviewed(request: Request, form: FormData) -> tuple[str, Reviewed]:
    """The form's document text and what its version keeps of its review."""
    text = _text(form)
    review = _review(request, text)
    verdict = review.verdict
    score = int(verdict.score) if verdict.scored else None
    return text, Reviewed(str(verdict.overall), score, len(review.findings))


def _version(versions: list[Version], wanted: str) -> Version:
    """Version number ``wanted`` (text) of a document's ``versions``; InputError if none."""
    if not wanted.isdigit() or not 1 <= int(wanted) <= len(versions):
        raise InputError(f"version {wanted!r}: this document has 1 to {len(versions)}")
    return versions[int(wanted) - 1]


@form_action("PR/FAQ")
async def create_document(request: Request, me: Principal, form: FormData) -> str:
    context = context_of(request)
    text, reviewed = await run_in_threadpool(_reviewed, request, form)
    document = await run_in_threadpool(
        lambda: context.documents.create(
            str(form.get("title", "")),
            owner=me.person,
            text=text,
            reviewed=reviewed,
            at=context.clock(),
        )
    )
    return f"/prfaq/docs/{document.id}"


@guarded
async def document_page(request: Request) -> Response:
    context, me = context_of(request), principal_of(request)
    try:
        document = await run_in_threadpool(visible_document, request, me)
        versions = await run_in_threadpool(context.documents.versions, document.id)
        wanted = request.query_params.get("version", "")
        shown = _version(versions, wanted) if wanted else versions[-1]
    except BackwardsError as exc:
        return error_page(request, exc, title="PR/FAQ")
    comments = await run_in_threadpool(context.documents.comments, document.id)
    return await run_in_threadpool(
        lambda: _editor(
            request,
            me,
            shown.text,
            title=document.title,
            document=document,
            versions=versions,
            shown=shown,
            comments=comments,
        )
    )


@form_action("PR/FAQ")
async def save_version(request: Request, me: Principal, form: FormData) -> str:
    context = context_of(request)
    document = await run_in_threadpool(visible_document, request, me)
    text, reviewed = await run_in_threadpool(_reviewed, request, form)
    await run_in_threadpool(
        lambda: context.documents.save(
            document.id, text=text, reviewed=reviewed, author=me.name, at=context.clock()
        )
    )
    return f"/prfaq/docs/{document.id}"


@form_action("PR/FAQ")
async def add_comment(request: Request, me: Principal, form: FormData) -> str:
    context = context_of(request)
    document = await run_in_threadpool(visible_document, request, me)
    versions = await run_in_threadpool(context.documents.versions, document.id)
    version_text, line_text = str(form.get("version", "")), str(form.get("line", ""))
    lines = _version(versions, version_text).text.count("\n") + 1
    if not line_text.isdigit() or not 1 <= int(line_text) <= lines:
        raise InputError(f"line {line_text!r}: version {version_text} has lines 1 to {lines}")
    await run_in_threadpool(
        lambda: context.documents.comment(
            document.id,
            version=int(version_text),
            line=int(line_text),
            text=str(form.get("text", "")),
            author=me.name,
            at=context.clock(),
        )
    )
    return f"/prfaq/docs/{document.id}?version={version_text}#comments"
