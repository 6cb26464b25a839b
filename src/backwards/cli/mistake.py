"""``backwards mistake ...``: correction-of-errors records and the repeats a person confirms."""

from __future__ import annotations

import contextlib
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import click

from backwards import ledger
from backwards.cli.app import AppState, pass_state
from backwards.cli.collector import gc_paused
from backwards.cli.ledger_args import (
    DATE,
    FORMAT,
    by_option,
    open_book,
    open_repeats,
    owner_filter,
    recorded_change,
    resolve_by,
)
from backwards.cli.output import emit_data
from backwards.ledger import MistakeCategory, failure_modes

if TYPE_CHECKING:
    from backwards.ledger import Mistake, SimilarMistake

__all__ = ["mistake"]

CATEGORIES = [c.value for c in MistakeCategory]


@click.group()
def mistake() -> None:
    """Mistakes as correction-of-errors records; find and confirm repeats.

    \b
    Examples:
      backwards mistake add "Promised a date before legal review" --category estimation \\
          --why "no legal step in the checklist" --root-cause "checklist lacks a legal gate" \\
          --action "ana:2026-03-01:add a legal gate to the launch checklist"
      backwards mistake similar 7
      backwards mistake confirm-repeat 9 --of 7
      backwards mistake list --owner ana
    """


def _mistake_line(m: Mistake) -> str:
    repeat = f"  REPEAT of {m.repeat_of}" if m.repeat_of is not None else ""
    open_items = sum(a.closed_on is None for a in m.action_items)
    actions = f"  ({open_items}/{len(m.action_items)} actions open)" if m.action_items else ""
    return f"{m.id:>5}  {m.occurred_on}  {m.owner}  [{m.category.value}] {m.title}{repeat}{actions}"


def _candidates_text(
    cands: list[SimilarMistake],
    mistake_id: int,
    confirmed: list[Mistake] = (),  # type: ignore[assignment]
    limit: int | None = None,
) -> str:
    lines = []
    if confirmed:
        lines.append("Confirmed repeats (by a person):")
        for m in confirmed:
            how = (
                "repeats"
                if m.repeat_of is not None and m.repeat_of != mistake_id
                else "repeated by"
            )
            lines.append(f"  {m.id:>5}  {m.occurred_on}  {how}: {m.title}")
    if not cands:
        lines.append("No earlier mistake has the same root cause.")
        return "\n".join(lines)
    lines.append("Possible repeats, by root cause (a person confirms with `confirm-repeat`):")
    for c in cands:
        earlier = c.mistake
        when, title = (earlier.occurred_on.isoformat(), earlier.title) if earlier else ("", "")
        lines.append(f"  {c.id:>5}  score {c.score:.2f}  {when}  {title}")
        lines.append(f"         why: {c.reason}")
    if limit is not None and len(cands) == limit:
        lines.append(f"Showing the best {limit}; pass --limit to see more.")
    lines.append(f"Confirm with: backwards mistake confirm-repeat {mistake_id} --of ID")
    return "\n".join(lines)


@mistake.command("add")
@click.argument("title")
@click.option("--owner", help="Whose mistake (default: --by).")
@click.option("--occurred", "occurred_on", type=DATE, help="When it happened (default: --at).")
@click.option("--detected", "detected_on", type=DATE, help="When it was noticed.")
@click.option("--category", type=click.Choice(CATEGORIES), default="other", show_default=True)
@click.option("--what", "what_happened", default="", help="What happened, with data.")
@click.option("--impact", "customer_impact", default="", help="Customer and business impact.")
@click.option("--why", "five_whys", multiple=True, help="One 'why' (repeat, in order).")
@click.option("--root-cause", default="", help="The root cause: a process or system cause.")
@click.option(
    "--failure-mode",
    "failure_modes",
    multiple=True,
    type=click.Choice([m.key for m in failure_modes()]),
    help="Why it happened, from the vocabulary (repeatable; default: found in the whys and "
    "root cause).",
)
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@click.option("--commitment", "commitment_ids", multiple=True, type=int, help="Linked commitment.")
@click.option("--action", "actions", multiple=True, help="OWNER:YYYY-MM-DD:DESCRIPTION.")
@recorded_change
def add_cmd(
    state: AppState,
    /,
    title: str,
    owner: str | None,
    occurred_on: date | None,
    category: str,
    actions: tuple[str, ...],
    failure_modes: tuple[str, ...],
    by: str,
    at: datetime,
    fmt: str,
    **fields: Any,
) -> None:
    """Record a mistake (TITLE) and show earlier mistakes with the same root cause.

    The failure modes (why it happened) are suggested from the whys and the root cause and
    stored; pass --failure-mode to choose them yourself.
    """
    with open_book(state) as book:
        saved = book.add_mistake(
            title,
            by=by,
            at=at,
            owner=owner,
            occurred_on=occurred_on,
            category=category,
            actions=actions,
            failure_modes=failure_modes or None,
            **fields,
        )
        cands = book.similar(saved)
    data = ledger.stored_mistake_dict(saved) | {"candidates": [c.to_dict() for c in cands]}
    found = ", ".join(ledger.failure_label(m) for m in saved.failure_modes) or "none recognised"
    chose = "chosen" if failure_modes else "found in the cause; --failure-mode to choose"
    text = (
        f"Recorded mistake {saved.id}: {saved.title}\n"
        f"Failure modes ({chose}): {found}\n" + _candidates_text(cands, saved.id)
    )
    emit_data(data, fmt, text=text)


@mistake.command("similar")
@click.argument("mistake_id", metavar="ID", type=int)
@click.option("--threshold", type=click.FloatRange(0, 1), help="Default: ledger.repeat_threshold.")
@click.option(
    "--limit", type=click.IntRange(min=1), default=10, show_default=True, help="At most this many."
)
@FORMAT
@pass_state
def similar_cmd(
    state: AppState, mistake_id: int, threshold: float | None, limit: int, fmt: str
) -> None:
    """Earlier mistakes with the same root cause as mistake ID, and the confirmed repeats.

    Compares the whys, the root cause and the failure modes, not the story; each candidate
    says why it matched.
    """
    with contextlib.ExitStack() as stack:
        stack.enter_context(gc_paused())  # much of the time is importing numpy
        finder = open_repeats(state)
        stack.enter_context(finder)
        target = finder.mistake(mistake_id)
        cands = finder.similar(target, threshold=threshold, limit=limit)
        confirmed = finder.confirmed_repeats(target)
    data = {
        "confirmed": [ledger.stored_mistake_dict(m) for m in confirmed],
        "candidates": [c.to_dict() for c in cands],
    }
    emit_data(data, fmt, text=_candidates_text(cands, mistake_id, confirmed, limit))


@mistake.command("confirm-repeat")
@click.argument("mistake_id", metavar="ID", type=int)
@click.option("--of", "of", type=int, required=True, help="The earlier mistake it repeats.")
@by_option
@FORMAT
@pass_state
def confirm_cmd(state: AppState, mistake_id: int, of: int, by: str | None, fmt: str) -> None:
    """Confirm that mistake ID repeats the earlier mistake --of (a person's judgement)."""
    with open_book(state) as book:
        saved = book.confirm_repeat(mistake_id, of, by=resolve_by(by))
    emit_data(
        ledger.stored_mistake_dict(saved),
        fmt,
        text=f"Mistake {mistake_id} confirmed as a repeat of {of}.",
    )


@mistake.command("close-action")
@click.argument("action_id", metavar="ACTION_ID", type=int)
@click.option("--on", "closed_on", type=DATE, help="When it was done (default: today).")
@click.option("--verification", default="", help="How we know it works.")
@by_option
@FORMAT
@pass_state
def close_cmd(
    state: AppState,
    action_id: int,
    closed_on: date | None,
    verification: str,
    by: str | None,
    fmt: str,
) -> None:
    """Close a mistake's action item (ids: `backwards mistake list --format json`)."""
    with open_book(state) as book:
        item = book.close_action(
            action_id, closed_on=closed_on, verification=verification, by=resolve_by(by)
        )
    emit_data(
        {"id": item.id, "mistake_id": item.mistake_id, "closed_on": str(item.closed_on)},
        fmt,
        text=f"Closed action item {item.id} of mistake {item.mistake_id} on {item.closed_on}.",
    )


@mistake.command("list")
@owner_filter("mistakes")
@click.option("--category", type=click.Choice(CATEGORIES), help="Only this category.")
@click.option("--tag", help="Only mistakes with this tag.")
@click.option("--repeats", is_flag=True, help="Only confirmed repeats.")
@FORMAT
@pass_state
def list_cmd(
    state: AppState,
    owner: str | None,
    category: str | None,
    tag: str | None,
    repeats: bool,
    fmt: str,
) -> None:
    """List mistakes, newest last."""
    with open_book(state) as book:
        chosen = book.mistakes(owner=owner, category=category, tag=tag, repeats=repeats)
    text = "\n".join(_mistake_line(m) for m in chosen) or "No mistakes match."
    emit_data([ledger.stored_mistake_dict(m) for m in chosen], fmt, text=text)
