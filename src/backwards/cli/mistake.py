"""``backwards mistake ...``: correction-of-errors records and the repeats a person confirms."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from backwards.cli.app import AppState, pass_state
from backwards.cli.ledger_args import (
    DATE,
    FORMAT,
    at_option,
    by_option,
    open_ledger,
    repeat_threshold,
    resolve_at,
    resolve_by,
)
from backwards.cli.output import emit_data
from backwards.errors import InputError

if TYPE_CHECKING:
    from backwards.ledger.model import ActionItem, Mistake

__all__ = ["mistake"]

CATEGORIES = (
    "estimation",
    "stakeholder_communication",
    "dependency",
    "quality",
    "scope",
    "data",
    "decision",
    "other",
)


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


def _parse_action(text: str) -> ActionItem:
    from backwards.ledger.model import ActionItem

    parts = text.split(":", 2)
    if len(parts) != 3 or not all(p.strip() for p in parts):
        raise InputError(
            f"--action {text!r} is not OWNER:YYYY-MM-DD:DESCRIPTION",
            "Example: --action 'ana:2026-03-01:add a legal gate to the launch checklist'",
        )
    owner, due_text, description = (p.strip() for p in parts)
    try:
        due = date.fromisoformat(due_text)
    except ValueError:
        raise InputError(
            f"--action {text!r}: {due_text!r} is not a date (YYYY-MM-DD)",
            "Example: --action 'ana:2026-03-01:add a legal gate to the launch checklist'",
        ) from None
    return ActionItem(0, 0, description, owner, due)


def mistake_dict(m: Mistake) -> dict[str, Any]:
    from backwards.ledger.export import mistake_dict as as_dict

    data = as_dict(m)
    for item, stored in zip(data["action_items"], m.action_items, strict=True):
        item["id"] = stored.id
    return data


def _mistake_line(m: Mistake) -> str:
    repeat = f"  REPEAT of {m.repeat_of}" if m.repeat_of is not None else ""
    open_items = sum(a.closed_on is None for a in m.action_items)
    actions = f"  ({open_items}/{len(m.action_items)} actions open)" if m.action_items else ""
    return f"{m.id:>5}  {m.occurred_on}  {m.owner}  [{m.category.value}] {m.title}{repeat}{actions}"


def _candidates(
    m: Mistake, everything: list[Mistake], threshold: float, cache: Path | None
) -> list[dict[str, Any]]:
    """Earlier mistakes similar to ``m``, scored by the measures' similarity index.

    The index over every mistake is saved in ``cache`` (the workspace's .backwards/cache) and
    reused until a mistake is added or changed.
    """
    from backwards.ledger.index_cache import cached_index
    from backwards.ledger.similarity import MistakeDoc, SimilarityIndex

    if len(everything) < 2:
        return []
    docs = [MistakeDoc.from_mistake(o) for o in everything]
    index = cached_index(docs, cache) if cache is not None else SimilarityIndex.build(docs)
    by_id = {o.id: o for o in everything}
    out = []
    for cand in index.similar_to_mistake(m, threshold=threshold):
        data = cand.to_dict()
        other = by_id.get(int(data["id"]))
        if other is not None:
            data["title"] = other.title
            data["occurred_on"] = other.occurred_on.isoformat()
        out.append(data)
    return out


def _cache_folder(state: AppState) -> Path | None:
    from backwards.config import environment_database_url

    ws = state.open_workspace(required=environment_database_url() is None)
    return ws.state_dir / "cache" if ws.settings_path is not None else None


def _candidates_text(cands: list[dict[str, Any]], mistake_id: int) -> str:
    if not cands:
        return "No earlier mistake looks similar."
    lines = ["Possible repeats (a person confirms with `backwards mistake confirm-repeat`):"]
    for c in cands:
        lines.append(
            f"  {c['id']:>5}  score {c['score']:.2f}  {c.get('occurred_on', '')}  "
            f"{c.get('title', '')}"
        )
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
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@click.option("--commitment", "commitment_ids", multiple=True, type=int, help="Linked commitment.")
@click.option("--action", "actions", multiple=True, help="OWNER:YYYY-MM-DD:DESCRIPTION.")
@by_option
@at_option
@FORMAT
@pass_state
def add_cmd(
    state: AppState,
    /,
    title: str,
    owner: str | None,
    occurred_on: date | None,
    category: str,
    actions: tuple[str, ...],
    by: str | None,
    at: datetime | None,
    fmt: str,
    **fields: Any,
) -> None:
    """Record a mistake (TITLE) and show earlier mistakes it may repeat."""
    from backwards.ledger.model import Mistake, MistakeCategory

    who, when = resolve_by(by), resolve_at(at)
    items = tuple(_parse_action(a) for a in actions)
    for key in ("five_whys", "tags", "commitment_ids"):
        fields[key] = tuple(fields[key])
    new = Mistake(
        id=0,
        owner=owner or who,
        title=title,
        occurred_on=occurred_on or when.date(),
        recorded_at=when,
        category=MistakeCategory(category),
        action_items=items,
        recorded_by=who,
        **fields,
    )
    with open_ledger(state) as repo:
        saved = repo.add_mistake(new, by=who, at=when)
        cands = _candidates(saved, repo.mistakes(), repeat_threshold(state), _cache_folder(state))
    data = mistake_dict(saved) | {"candidates": cands}
    text = f"Recorded mistake {saved.id}: {saved.title}\n" + _candidates_text(cands, saved.id)
    emit_data(data, fmt, text=text)


@mistake.command("similar")
@click.argument("mistake_id", metavar="ID", type=int)
@click.option("--threshold", type=click.FloatRange(0, 1), help="Default: ledger.repeat_threshold.")
@FORMAT
@pass_state
def similar_cmd(state: AppState, mistake_id: int, threshold: float | None, fmt: str) -> None:
    """Earlier mistakes that look like mistake ID (text, category and tags)."""
    with open_ledger(state) as repo:
        target = repo.mistake(mistake_id)
        chosen = threshold if threshold is not None else repeat_threshold(state)
        cands = _candidates(target, repo.mistakes(), chosen, _cache_folder(state))
    emit_data(cands, fmt, text=_candidates_text(cands, mistake_id))


@mistake.command("confirm-repeat")
@click.argument("mistake_id", metavar="ID", type=int)
@click.option("--of", "of", type=int, required=True, help="The earlier mistake it repeats.")
@by_option
@at_option
@FORMAT
@pass_state
def confirm_cmd(
    state: AppState, mistake_id: int, of: int, by: str | None, at: datetime | None, fmt: str
) -> None:
    """Confirm that mistake ID repeats the earlier mistake --of (a person's judgement)."""
    who, when = resolve_by(by), resolve_at(at)
    with open_ledger(state) as repo:
        saved = repo.confirm_repeat(mistake_id, of, by=who, at=when)
    emit_data(mistake_dict(saved), fmt, text=f"Mistake {mistake_id} confirmed as a repeat of {of}.")


@mistake.command("close-action")
@click.argument("action_id", metavar="ACTION_ID", type=int)
@click.option("--on", "closed_on", type=DATE, help="When it was done (default: --at).")
@click.option("--verification", default="", help="How we know it works.")
@by_option
@at_option
@FORMAT
@pass_state
def close_cmd(
    state: AppState,
    action_id: int,
    closed_on: date | None,
    verification: str,
    by: str | None,
    at: datetime | None,
    fmt: str,
) -> None:
    """Close a mistake's action item (ids: `backwards mistake list --format json`)."""
    who, when = resolve_by(by), resolve_at(at)
    with open_ledger(state) as repo:
        item = repo.close_action(
            action_id,
            closed_on=closed_on or when.date(),
            verification=verification,
            by=who,
            at=when,
        )
    emit_data(
        {"id": item.id, "mistake_id": item.mistake_id, "closed_on": str(item.closed_on)},
        fmt,
        text=f"Closed action item {item.id} of mistake {item.mistake_id} on {item.closed_on}.",
    )


@mistake.command("list")
@click.option("--owner", help="Only this owner's mistakes.")
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
    with open_ledger(state) as repo:
        everything = repo.mistakes()
    chosen = [
        m
        for m in everything
        if (owner is None or m.owner == owner)
        and (category is None or m.category.value == category)
        and (tag is None or tag in m.tags)
        and (not repeats or m.repeat_of is not None)
    ]
    text = "\n".join(_mistake_line(m) for m in chosen) or "No mistakes match."
    emit_data([mistake_dict(m) for m in chosen], fmt, text=text)
