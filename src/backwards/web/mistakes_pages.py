"""The correction-of-errors form in the browser: what happened, the customer impact, five whys,
the root cause, actions with owners and due dates; while you type, the similar earlier
mistakes (``Book.similar`` on the draft, through the ledger's front door) of the people you may
see. The list shows your mistakes and, read-only, a teammate's."""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from backwards import ledger
from backwards.errors import BackwardsError, InputError
from backwards.web.guard import Principal, context_of, guarded, principal_of
from backwards.web.ledger_pages import form_text, owner_view, visible_owners
from backwards.web.responses import form_action, fragment, page

__all__ = [
    "ACTION_ROWS",
    "add_mistake",
    "api_mistakes",
    "mistakes_page",
    "similar_fragment",
]

WHYS = 5
ACTION_ROWS = 3
MAX_TEXT = 4000
CATEGORIES = [c.value for c in ledger.MistakeCategory]


def _text(form: FormData, field: str, limit: int = MAX_TEXT) -> str:
    return form_text(form, field, limit=limit)


def _day(form: FormData, field: str) -> date | None:
    text = str(form.get(field, "")).strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{field}: {text!r} is not a date", hint="Use YYYY-MM-DD.") from None


def _category(form: FormData) -> str:
    value = str(form.get("category", "other")).strip() or "other"
    if value not in CATEGORIES:
        raise InputError(f"category: one of {', '.join(CATEGORIES)}")
    return value


def _whys(form: FormData) -> list[str]:
    return [w for w in (_text(form, f"why{i}", 1000) for i in range(1, WHYS + 1)) if w]


def _actions(form: FormData) -> list[Any]:
    """The filled action rows as the ledger's action items (owner, due date, description)."""
    items = []
    for i in range(1, ACTION_ROWS + 1):
        owner = _text(form, f"action{i}_owner", 64)
        due = _day(form, f"action{i}_due")
        what = _text(form, f"action{i}_text", 1000)
        if not (owner or due or what):
            continue
        if not (owner and due and what):
            raise InputError(f"action {i}: give its owner, due date and what is to be done")
        items.append(ledger.ActionItem(id=0, mistake_id=0, description=what, owner=owner, due=due))
    return items


def _tags(form: FormData) -> list[str]:
    return [t.strip() for t in str(form.get("tags", "")).split(",") if t.strip()][:20]


def _draft(request: Request, me: Principal, form: FormData) -> Any:
    """The mistake as typed so far (not stored), for the similarity search."""
    now = context_of(request).clock()
    return ledger.Mistake(
        id=0,
        owner=me.name,
        title=_text(form, "title", 300) or "(draft)",
        occurred_on=_day(form, "occurred_on") or now.date(),
        recorded_at=now,
        category=ledger.MistakeCategory(_category(form)),
        what_happened=_text(form, "what_happened"),
        customer_impact=_text(form, "customer_impact"),
        five_whys=tuple(_whys(form)),
        root_cause=_text(form, "root_cause", 1000),
        tags=tuple(_tags(form)),
    )


def _similar(request: Request, me: Principal, form: FormData) -> list[Any]:
    """Similar earlier mistakes of the people ``me`` may see, best first."""
    draft = _draft(request, me, form)
    if not (draft.five_whys or draft.root_cause or draft.what_happened):
        return []
    owners = set(visible_owners(request, me))
    found = context_of(request).book().similar(draft, limit=10)
    return [s for s in found if s.mistake is not None and s.mistake.owner in owners][:5]


@guarded
async def similar_fragment(request: Request) -> Response:
    me = principal_of(request)
    form = await request.form()
    try:
        similar = await run_in_threadpool(_similar, request, me, form)
    except BackwardsError as exc:
        return fragment("mistakes_similar.html.j2", similar=[], error=exc.message)
    return fragment("mistakes_similar.html.j2", similar=similar, error="")


@owner_view("mistakes", "Mistakes")
def mistakes_page(request: Request, me: Principal, owner: str, owners: list[str]) -> Response:
    context = context_of(request)
    found = context.book().mistakes(owner=owner)
    return page(
        request,
        "mistakes.html.j2",
        title=f"Mistakes of {owner}",
        principal=me,
        owner=owner,
        owners=owners,
        mistakes=list(reversed(found)),
        mine=owner == me.name,
        categories=CATEGORIES,
        whys=WHYS,
        action_rows=ACTION_ROWS,
        today=context.clock().date(),
    )


@form_action("Mistakes")
async def add_mistake(request: Request, me: Principal, form: FormData) -> str:
    context = context_of(request)
    title = form_text(form, "title", limit=300, required="one line on what went wrong")
    now = context.clock()
    await run_in_threadpool(
        lambda: context.book().add_mistake(
            title,
            by=me.name,
            at=now,
            owner=me.name,
            occurred_on=_day(form, "occurred_on"),
            category=_category(form),
            what_happened=_text(form, "what_happened"),
            customer_impact=_text(form, "customer_impact"),
            five_whys=_whys(form),
            root_cause=_text(form, "root_cause", 1000),
            tags=_tags(form),
            actions=_actions(form),
        )
    )
    return "/ledger/mistakes"


@owner_view("mistakes", "Mistakes", api=True)
def api_mistakes(request: Request, me: Principal, owner: str, owners: list[str]) -> Response:
    """The mistakes of ``?owner=`` (default: you), for the people you may see."""
    found = context_of(request).book().mistakes(owner=owner)
    return JSONResponse([ledger.stored_mistake_dict(m) for m in found])
