"""The growth and portfolio pages, through the features' front doors only.

Growth: the journal's 60-second entry form (kind, title, grades on the attributes, the yes/no
checks, what would be better, shared or private) and your entries; the growth report
(``backwards.evidence.growth_report``, the join with the ledger, PR/FAQs and portfolio) of
yourself, of the people you manage (``growth.people``'s ``manager``) or, for an admin, anyone.
A journal is its author's: others see only the entries shared (the journal's own rule).

Portfolio: the stored bets with their forecast in force and measured impact, and the plan
(``backwards.portfolio.plan_portfolio``) with its Gantt chart and leverage, as the portfolio's
own page."""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from backwards import evidence, growth, portfolio
from backwards.errors import InputError
from backwards.web.guard import Principal, context_of, guarded, principal_of
from backwards.web.responses import error_page, feature_view, form_action, page
from backwards.wording import count

__all__ = [
    "add_entry",
    "growth_page",
    "growth_report_page",
    "plan_page",
    "portfolio_page",
]

PLAN_HORIZON = 26  # weeks, as `backwards portfolio plan`
PLAN_SECONDS = 5.0


def _book(request: Request) -> Any:
    context = context_of(request)
    settings = context.workspace.settings.section(growth.GrowthSettings)
    return growth.GrowthBook(context.store, settings)


def _people(request: Request) -> dict[str, Any]:
    settings = context_of(request).workspace.settings.section(growth.GrowthSettings)
    return dict(settings.people)


def _reports_of(request: Request, me: Principal) -> list[str]:
    """Whose growth report ``me`` may open: their own, the people they manage, an admin's
    anyone's (the names of ``growth.people``)."""
    people = _people(request)
    if me.person.is_admin:
        return sorted(people)
    return sorted(n for n, spec in people.items() if n == me.name or spec.manager == me.name)


def _attributes(request: Request, me: Principal) -> list[tuple[Any, bool]]:
    """Every attribute, the focus of ``me``'s level first (marked)."""
    book = _book(request)
    focus = [f.attribute for f in book.ladder.focus(book.level_of(me.name))]
    ids = {a.id for a in focus}
    return [(a, True) for a in focus] + [(a, False) for a in growth.catalogue() if a.id not in ids]


@guarded
async def growth_page(request: Request) -> Response:
    context, me = context_of(request), principal_of(request)
    people = await run_in_threadpool(_people, request)
    if me.name not in people:
        return page(
            request,
            "growth_none.html.j2",
            title="Growth",
            principal=me,
            people_count=len(people),
            reports=await run_in_threadpool(_reports_of, request, me),
        )
    today = context.clock().date()

    def gather() -> dict[str, Any]:
        book = _book(request)
        habit = book.habit(me.name, viewer=me.name, today=today)
        return {
            "attributes": _attributes(request, me),
            "entries": list(reversed(book.entries(viewer=me.name, author=me.name)))[:20],
            "habit": habit,
            "target_entries": count(habit.target, "entry", "entries"),
        }

    found = await run_in_threadpool(gather)
    return page(
        request,
        "growth.html.j2",
        title="Growth journal",
        principal=me,
        kinds=[k.value for k in growth.Kind],
        checks=growth.CHECKS,
        today=today,
        reports=await run_in_threadpool(_reports_of, request, me),
        **found,
    )


def _grades(form: Any) -> dict[str, int]:
    grades = {}
    for attribute in growth.catalogue():
        text = str(form.get(f"grade_{attribute.id}", "")).strip()
        if text:
            if text not in {"1", "2", "3", "4", "5"}:
                raise InputError(f"grade {attribute.id}: 1 to 5")
            grades[attribute.id] = int(text)
    return grades


@form_action("Growth")
async def add_entry(request: Request, me: Principal, form: FormData) -> str:
    context = context_of(request)
    kind_text = str(form.get("kind", ""))
    if kind_text not in {k.value for k in growth.Kind}:
        raise InputError(f"kind: one of {', '.join(k.value for k in growth.Kind)}")
    day_text = str(form.get("occurred_on", "")).strip()
    try:
        occurred = date.fromisoformat(day_text) if day_text else context.clock().date()
    except ValueError:
        raise InputError(f"when: {day_text!r} is not a date", hint="Use YYYY-MM-DD.") from None
    checks: dict[str, bool | None] = {}
    for key in growth.CHECKS:
        answer = str(form.get(f"check_{key}", ""))
        checks[key] = {"yes": True, "no": False}.get(answer)
    title = str(form.get("title", "")).strip()[:300]
    link = str(form.get("link", "")).strip()[:500] or None
    draft = growth.EntryDraft(
        kind=growth.Kind(kind_text),
        title=title,
        grades=_grades(form),
        occurred_on=occurred,
        link=link,
        checks=checks,
        better=str(form.get("better", "")).strip()[:2000],
        shared=form.get("shared") == "on",
    )
    now = context.clock()
    await run_in_threadpool(lambda: _book(request).add_entry(draft, author=me.name, at=now))
    return "/growth"


@guarded
async def growth_report_page(request: Request) -> Response:
    context, me = context_of(request), principal_of(request)
    person = request.query_params.get("person", me.name)
    allowed = await run_in_threadpool(_reports_of, request, me)
    if person not in allowed:
        error = InputError(f"you cannot see the growth report of {person!r}")
        return error_page(request, error, title="Growth", status=403)

    def report() -> str:
        found = evidence.growth_report(
            context.workspace, person, viewer=me.name, now=context.clock()
        )
        return str(growth.render_html(found))

    return await feature_view(request, report, title="Growth")


def _bets(request: Request) -> tuple[list[Any], dict[str, Any]]:
    store = context_of(request).store
    return portfolio.BetRepository(store).records(), portfolio.MeasurementLog(store).latest()


@guarded
async def portfolio_page(request: Request) -> Response:
    me = principal_of(request)
    records, measured = await run_in_threadpool(_bets, request)
    return page(
        request,
        "portfolio.html.j2",
        title="Portfolio",
        principal=me,
        records=records,
        measured=measured,
    )


@guarded
async def plan_page(request: Request) -> Response:
    """The plan of the stored bets as the portfolio's own page (Gantt chart, leverage)."""
    context = context_of(request)

    def plan() -> str:
        repo = portfolio.BetRepository(context.store)
        bets = repo.portfolio(horizon=PLAN_HORIZON, start=context.clock().date())
        if not bets.bets:
            raise InputError("the workspace has no bets to plan")
        made = portfolio.plan_portfolio(bets, time_limit=PLAN_SECONDS, with_sensitivity=False)
        return str(portfolio.render_plan(made, "html"))

    return await feature_view(request, plan, title="Plan")
