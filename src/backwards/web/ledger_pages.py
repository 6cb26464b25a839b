"""The trust ledger in the browser: my commitments (overdue, due soon, later, resolved), add,
revise (with a reason), resolve; trust reports of my team side by side. Every write goes
through the ledger's front door with who (the signed-in person) and when (the clock)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from backwards import ledger
from backwards.errors import BackwardsError, InputError
from backwards.web.guard import Endpoint, Principal, context_of, guarded, principal_of
from backwards.web.paging import page_of
from backwards.web.responses import error_page, feature_page, form_action, page
from backwards.web.texts import checked_text

__all__ = [
    "add_commitment",
    "commit_mine",
    "commitments_page",
    "form_text",
    "owner_in_view",
    "owner_view",
    "resolve_commitment",
    "revise_commitment",
    "trust_page",
    "trust_report_page",
    "visible_owners",
]

DUE_SOON_DAYS = 14
OUTCOMES = [o.value for o in ledger.Outcome]


def visible_owners(request: Request, me: Principal) -> list[str]:
    """Whose ledger ``me`` may see: an admin everyone's, others their own and their team's."""
    directory = context_of(request).directory
    if me.person.is_admin:
        return [p.name for p in directory.people()]
    names = {me.name}
    if me.person.team is not None:
        names.update(p.name for p in directory.members(me.person.team))
    return sorted(names)


def form_text(form: FormData, field: str, *, limit: int = 2000, required: str = "") -> str:
    """The form's ``field``, stripped; InputError when longer than ``limit``, or empty when
    ``required`` (then it says what to write)."""
    return checked_text(str(form.get(field, "")), field, limit=limit, required=required)


def _date(form: FormData, field: str, *, required: bool) -> date | None:
    text = str(form.get(field, "")).strip()
    if not text:
        if required:
            raise InputError(f"{field}: a date is required", hint="Use YYYY-MM-DD.")
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{field}: {text!r} is not a date", hint="Use YYYY-MM-DD.") from None


def _probability(form: FormData) -> float | None:
    text = str(form.get("probability", "")).strip().rstrip("%")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"probability: {text!r} is not a number", hint="Use 0-100.") from None
    value = value / 100 if value > 1 else value
    if not 0 <= value <= 1:
        raise InputError("probability: must be between 0% and 100%")
    return value


GROUPS = ("overdue", "due soon", "later", "resolved")


def _grouped(
    records: list[ledger.CommitmentRecord], today: date, holidays: Collection[date] = ()
) -> list[dict[str, Any]]:
    """Each record with its group, status and due date in force, in the page's order: the
    groups in ``GROUPS``' order, by id within a group."""
    items: list[dict[str, Any]] = []
    overdue, soon = ledger.Status.OVERDUE, today + timedelta(days=DUE_SOON_DAYS)
    for record in records:
        status = record.status(today, holidays)
        due = record.due_as_of(today)
        if record.resolution is not None:
            key = "resolved"
        elif status is overdue:
            key = "overdue"
        elif due <= soon:
            key = "due soon"
        else:
            key = "later"
        items.append({"group": key, "record": record, "status": status.value, "due": due})
    return sorted(items, key=lambda item: GROUPS.index(item["group"]))  # stable: ids kept


def owner_in_view(request: Request, me: Principal, what: str) -> tuple[str, list[str]]:
    """``?owner=`` (default: ``me``) and the owners ``me`` may see; InputError when the owner
    is not one of them (``what``: the ledger, the mistakes... in the message)."""
    owners = visible_owners(request, me)
    owner = request.query_params.get("owner", me.name)
    if owner not in owners:
        raise InputError(f"you cannot see the {what} of {owner!r}")
    return owner, owners


#: What an owner's view shows: (request, me, owner, the owners me may see) -> the response.
OwnerShown = Callable[[Request, Principal, str, list[str]], Response]


def owner_view(what: str, title: str, *, api: bool = False) -> Callable[[OwnerShown], Endpoint]:
    """A guarded GET of ``?owner=``'s data (default: the reader's): ``shown`` runs in a thread
    once the owner is one the reader may see; else 403 (the error page ``title``, or JSON
    under the API). A ``BackwardsError`` from ``shown`` (say a bad ``?page=``) is 400."""

    def wrap(shown: OwnerShown) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            me = principal_of(request)
            try:
                owner, owners = await run_in_threadpool(owner_in_view, request, me, what)
            except BackwardsError as exc:
                if api:
                    return JSONResponse({"error": exc.message, "hint": exc.hint}, 403)
                return error_page(request, exc, title=title, status=403)
            try:
                return await run_in_threadpool(shown, request, me, owner, owners)
            except BackwardsError as exc:
                if api:
                    return JSONResponse({"error": exc.message, "hint": exc.hint}, 400)
                return error_page(request, exc, title=title)

        endpoint.__name__ = shown.__name__
        endpoint.__doc__ = shown.__doc__
        return guarded(endpoint)

    return wrap


@owner_view("ledger", "Ledger")
def commitments_page(request: Request, me: Principal, owner: str, owners: list[str]) -> Response:
    context = context_of(request)
    today = context.clock().date()
    book = context.book()
    items = _grouped(book.commitments(as_of=today, owner=owner), today, book.holidays)
    shown = page_of(request, items)
    groups: dict[str, list[Any]] = {group: [] for group in GROUPS}
    for item in shown.items:
        groups[item["group"]].append(item)
    counts = Counter(item["group"] for item in items)
    return page(
        request,
        "ledger.html.j2",
        title=f"Commitments of {owner}",
        principal=me,
        owner=owner,
        owners=owners,
        groups=groups,
        counts={group: counts[group] for group in GROUPS},
        pager=shown,
        outcomes=OUTCOMES,
        today=today,
        mine=owner == me.name,
    )


def commit_mine(
    request: Request, statement: str, due: date, probability: float | None
) -> ledger.CommitmentRecord:
    """A commitment of the signed-in person, made now (the page's form and the API)."""
    context, me = context_of(request), principal_of(request)
    text = statement.strip()
    if not text:
        raise InputError("statement: say what you commit to")
    return context.book().commit(
        text[:2000],
        due=due,
        probability=probability,
        owner=me.name,
        by=me.name,
        at=context.clock(),
    )


@form_action("Ledger")
async def add_commitment(request: Request, me: Principal, form: FormData) -> str:
    due = _date(form, "due", required=True)
    assert due is not None
    statement, probability = str(form.get("statement", "")), _probability(form)
    await run_in_threadpool(commit_mine, request, statement, due, probability)
    return "/ledger"


def _own_record(request: Request, me: Principal) -> int:
    """The commitment id of the path, when ``me`` owns it (or is an admin)."""
    try:
        commitment_id = int(request.path_params["id"])
    except ValueError:
        raise InputError("no such commitment") from None
    record = context_of(request).book().record(commitment_id)
    if record.commitment.owner != me.name and not me.person.is_admin:
        raise InputError(f"commitment {commitment_id} is not yours to change")
    return commitment_id


@form_action("Ledger")
async def revise_commitment(request: Request, me: Principal, form: FormData) -> str:
    context = context_of(request)
    commitment_id = await run_in_threadpool(_own_record, request, me)
    due = _date(form, "due", required=False)
    reason = form_text(form, "reason", required="say why the expectation changes")
    now = context.clock()
    await run_in_threadpool(
        lambda: context.book().revise(
            commitment_id,
            due=due,
            probability=_probability(form),
            reason=reason,
            by=me.name,
            at=now,
        )
    )
    return "/ledger"


@form_action("Ledger")
async def resolve_commitment(request: Request, me: Principal, form: FormData) -> str:
    context = context_of(request)
    commitment_id = await run_in_threadpool(_own_record, request, me)
    outcome = str(form.get("outcome", ""))
    if outcome not in OUTCOMES:
        raise InputError(f"outcome: {outcome!r} is not one of {', '.join(OUTCOMES)}")
    now = context.clock()
    await run_in_threadpool(
        lambda: context.book().resolve(
            commitment_id,
            outcome,
            resolved_on=now.date(),
            evidence=str(form.get("evidence", "")).strip()[:2000],
            by=me.name,
        )
    )
    return "/ledger"


def _chosen(request: Request, me: Principal) -> list[str]:
    owners = visible_owners(request, me)
    wanted = [n for n in request.query_params.getlist("owner") if n]
    chosen = wanted or [me.name]
    refused = [n for n in chosen if n not in owners]
    if refused:
        raise InputError(f"you cannot see the trust report of {', '.join(refused)}")
    return chosen[:6]


def _reports(request: Request, me: Principal) -> list[tuple[str, ledger.TrustReport]]:
    """The trust reports of the owners in the query (``me`` when none) that ``me`` may see."""
    context = context_of(request)
    now = context.clock()
    book = context.book()
    return [(o, book.trust_report(now=now, owner=o)) for o in _chosen(request, me)]


def trust_view(
    shown: Callable[[Request, Principal, list[tuple[str, ledger.TrustReport]]], Response],
) -> Endpoint:
    """A guarded page of the trust reports in the query: ``shown`` renders them; an owner
    ``me`` may not see is refused (403)."""

    async def endpoint(request: Request) -> Response:
        me = principal_of(request)
        try:
            reports = await run_in_threadpool(_reports, request, me)
        except BackwardsError as exc:
            return error_page(request, exc, title="Trust", status=403)
        return await run_in_threadpool(shown, request, me, reports)

    endpoint.__name__ = shown.__name__
    return guarded(endpoint)


@trust_view
def trust_page(
    request: Request, me: Principal, reports: list[tuple[str, ledger.TrustReport]]
) -> Response:
    chosen = [name for name, _ in reports]
    return page(
        request,
        "trust.html.j2",
        title="Trust: " + ", ".join(chosen),
        principal=me,
        reports=reports,
        owners=visible_owners(request, me),
        chosen=chosen,
        charts_url="/ledger/trust/report.html?" + urlencode([("owner", o) for o in chosen]),
    )


@trust_view
def trust_report_page(
    request: Request, me: Principal, reports: list[tuple[str, ledger.TrustReport]]
) -> Response:
    return feature_page(ledger.render_html([report for _, report in reports]))
