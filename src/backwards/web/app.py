"""The app factory: ``create_app(settings)`` builds the Starlette app; ``app_from_environment``
is what ``backwards serve`` hands uvicorn (by import string, so several workers each build
their own). The route table is ``routes()``: every route but ``guard.PUBLIC`` goes through
``guard.guarded`` (a test walks it)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from starlette.applications import Starlette
from starlette.convertors import Convertor, register_url_convertor
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from backwards.web import (
    admin_pages,
    api,
    decks,
    growth_pages,
    ledger_pages,
    login,
    mistakes_pages,
    prfaq_pages,
    publishing,
)
from backwards.web.context import WebContext
from backwards.web.guard import (
    BodyLimit,
    SecurityHeaders,
    context_of,
    guarded,
    principal_of,
)
from backwards.web.responses import page
from backwards.web.settings import WebSettings

__all__ = ["app_from_environment", "create_app", "routes"]


def _now() -> datetime:
    return datetime.now(UTC)


@guarded
async def home(request: Request) -> Response:
    context, me = context_of(request), principal_of(request)
    return page(
        request,
        "home.html.j2",
        title=context.workspace.name,
        principal=me,
        workspace=context.workspace.name,
    )


class IdConvertor(Convertor[int]):
    """``{id:id}``: a row id, 1 to 18 digits (a longer number matches no route: 404, never
    an integer the database cannot hold)."""

    regex = "[0-9]{1,18}"

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        return str(value)


register_url_convertor("id", IdConvertor())


async def no_route(request: Request, exc: Exception) -> Response:
    """A path or method the route table does not have: JSON under /api/, else plain text."""
    status = getattr(exc, "status_code", 404)
    what = "no such route" if status == 404 else "method not allowed here"
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": what, "hint": "See /api/v1/openapi.json."}, status)
    return PlainTextResponse(what.capitalize() + ".", status)


def routes() -> list[BaseRoute]:
    static = Path(str(resources.files("backwards.web").joinpath("static")))
    return [
        Route("/health", login.health, methods=["GET"]),
        Route("/login", login.login_form, methods=["GET"]),
        Route("/login", login.login_submit, methods=["POST"]),
        Route("/login/oidc", login.oidc_begin, methods=["GET"]),
        Route("/login/oidc/callback", login.oidc_callback, methods=["GET"]),
        Route("/logout", login.logout, methods=["POST"]),
        Route("/logout/everywhere", login.logout_everywhere, methods=["POST"]),
        Route("/", home, methods=["GET"]),
        Route("/decks", decks.decks_page, methods=["GET"]),
        Route(publishing.UPLOAD_PATH, publishing.upload_form, methods=["GET"]),
        Route(publishing.UPLOAD_PATH, publishing.upload_submit, methods=["POST"]),
        Route("/decks/shares/revoke", publishing.revoke_share, methods=["POST"]),
        Route("/decks/{week}/deck.html", decks.deck_page, methods=["GET"]),
        Route("/decks/{week}/deck.pdf", decks.deck_pdf, methods=["GET"]),
        Route("/decks/{week}/explanations", decks.explain, methods=["POST"]),
        Route("/decks/{week}/share", publishing.share_create, methods=["POST"]),
        Route("/decks/team/{id:id}", decks.decks_page, methods=["GET"]),
        Route("/decks/team/{id:id}/remove", publishing.remove_deck, methods=["POST"]),
        Route("/decks/team/{id:id}/{week}/deck.html", decks.deck_page, methods=["GET"]),
        Route("/decks/team/{id:id}/{week}/deck.pdf", decks.deck_pdf, methods=["GET"]),
        Route("/decks/team/{id:id}/{week}/explanations", decks.explain, methods=["POST"]),
        Route("/decks/team/{id:id}/{week}/share", publishing.share_create, methods=["POST"]),
        Route("/share/{token}", publishing.share_view, methods=["GET"]),
        Route("/share/{token}", publishing.share_unlock, methods=["POST"]),
        Route("/prfaq", prfaq_pages.editor_page, methods=["GET"]),
        Route("/prfaq/review", prfaq_pages.review_fragment, methods=["POST"]),
        Route("/prfaq/docs", prfaq_pages.documents_page, methods=["GET"]),
        Route("/prfaq/docs", prfaq_pages.create_document, methods=["POST"]),
        Route("/prfaq/docs/{id:id}", prfaq_pages.document_page, methods=["GET"]),
        Route("/prfaq/docs/{id:id}/versions", prfaq_pages.save_version, methods=["POST"]),
        Route("/prfaq/docs/{id:id}/comments", prfaq_pages.add_comment, methods=["POST"]),
        Route("/ledger", ledger_pages.commitments_page, methods=["GET"]),
        Route("/ledger/commitments", ledger_pages.add_commitment, methods=["POST"]),
        Route(
            "/ledger/commitments/{id:id}/revise", ledger_pages.revise_commitment, methods=["POST"]
        ),
        Route(
            "/ledger/commitments/{id:id}/resolve",
            ledger_pages.resolve_commitment,
            methods=["POST"],
        ),
        Route("/ledger/mistakes", mistakes_pages.mistakes_page, methods=["GET"]),
        Route("/ledger/mistakes", mistakes_pages.add_mistake, methods=["POST"]),
        Route("/ledger/mistakes/similar", mistakes_pages.similar_fragment, methods=["POST"]),
        Route("/ledger/trust", ledger_pages.trust_page, methods=["GET"]),
        Route("/ledger/trust/report.html", ledger_pages.trust_report_page, methods=["GET"]),
        Route("/growth", growth_pages.growth_page, methods=["GET"]),
        Route("/growth/journal", growth_pages.add_entry, methods=["POST"]),
        Route("/growth/report.html", growth_pages.growth_report_page, methods=["GET"]),
        Route("/portfolio", growth_pages.portfolio_page, methods=["GET"]),
        Route("/portfolio/plan.html", growth_pages.plan_page, methods=["GET"]),
        Route("/people", api.people_page, methods=["GET"]),
        Route("/admin", admin_pages.admin_page, methods=["GET"]),
        Route("/admin", admin_pages.admin_action, methods=["POST"]),
        Route("/tokens", admin_pages.my_tokens_page, methods=["GET"]),
        Route("/tokens", admin_pages.token_action, methods=["POST"]),
        Route("/api/v1/openapi.json", api.api_openapi, methods=["GET"]),
        Route("/api/v1/me", api.api_me, methods=["GET"]),
        Route("/api/v1/people", api.api_people, methods=["GET"]),
        Route("/api/v1/commitments", api.api_commitments, methods=["GET"]),
        Route("/api/v1/commitments", api.api_create_commitment, methods=["POST"]),
        Route("/api/v1/commitments/{id:id}/resolve", api.api_resolve, methods=["POST"]),
        Route("/api/v1/trust", api.api_trust, methods=["GET"]),
        Route("/api/v1/mistakes", mistakes_pages.api_mistakes, methods=["GET"]),
        Route("/api/v1/decks", api.api_deck, methods=["GET"]),
        Route("/api/v1/decks/catalog", api.api_deck_catalog, methods=["GET"]),
        Route("/api/v1/prfaq", api.api_documents, methods=["GET"]),
        Route("/api/v1/prfaq/{id:id}", api.api_document, methods=["GET"]),
        Mount("/static", app=StaticFiles(directory=static), name="static"),
    ]


def create_app(settings: WebSettings, *, clock: Callable[[], datetime] = _now) -> Starlette:
    """The web app over ``settings.workspace``: opens (and migrates) its database now, so a
    broken workspace fails at start, not at the first request. ``clock`` gives "now"."""
    context = WebContext(settings, clock=clock)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        context.close()

    app = Starlette(
        routes=routes(),
        lifespan=lifespan,
        exception_handlers={404: no_route, 405: no_route},
    )
    app.state.context = context
    larger = {publishing.UPLOAD_PATH: publishing.upload_limit(settings.max_upload_bytes)}
    app.add_middleware(BodyLimit, limit=settings.max_form_bytes, larger=larger)
    app.add_middleware(SecurityHeaders)  # added last: the outermost, so every answer has them
    return app


def app_from_environment() -> Starlette:
    """The app for ``backwards serve`` (``BACKWARDS_WORKSPACE`` and ``BACKWARDS_WEB_*``)."""
    return create_app(WebSettings.from_env())
