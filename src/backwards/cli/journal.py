"""``backwards journal ...``: the 60-second habit after a meeting, document, message or decision."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from backwards import growth
from backwards.atomicfile import write_atomic
from backwards.cli.app import AppState, pass_state
from backwards.cli.completion import complete_person
from backwards.cli.ledger_args import DATE, at_option, by_option, resolve_at, resolve_by
from backwards.cli.output import emit_data, format_option
from backwards.cli.params import FILE
from backwards.growth import CHECKS, Kind
from backwards.wording import count

if TYPE_CHECKING:
    from backwards.growth import Entry, GrowthBook

__all__ = ["journal", "open_growth"]

F = TypeVar("F", bound=Callable[..., Any])
FORMAT = format_option()
KINDS = [k.value for k in Kind]
FLAGS = {
    "answered_first": "answered-first",
    "gave_number": "gave-number",
    "owned_problem": "owned-problem",
    "pushed_back": "pushed-back",
}


def open_growth(state: AppState) -> GrowthBook:
    """The workspace's growth records (the workspace names the people): ``with open_growth(state)
    as book:`` closes them on the way out."""
    return growth.open(state.open_workspace())


@click.group()
def journal() -> None:
    """The 60-second journal: after a meeting, document, message or decision, grade the
    attributes you exercised (1-5), answer four yes/no checks and note what would make it one
    point better. Entries are private to their author unless shared.

    \b
    Examples:
      backwards journal add --kind meeting --title "Pricing review" \\
          --grade communicate=4 --grade "push back effectively=3" \\
          --answered-first --gave-number --return-on-time 4 --better "send the numbers first"
      backwards journal add                 asks for what is missing (on a terminal)
      backwards journal list --since 2027-01-01
      backwards journal search pricing
      backwards journal edit 3 --grade communicate=3 --share
      backwards journal streak
      backwards journal export --format csv -o journal.csv
      backwards journal import journal.csv
    """


def entry_options(func: F) -> F:
    """The options ``journal add`` and ``journal edit`` share."""
    options = [
        click.option("--kind", type=click.Choice(KINDS), help="What it was."),
        click.option("--title", help="A title (what the meeting, document or message was)."),
        click.option("--link", help="A link to it."),
        click.option(
            "--grade",
            "grades",
            multiple=True,
            metavar="ATTRIBUTE=1..5",
            help="An attribute you exercised and your grade (repeatable; id or name).",
        ),
        *(
            click.option(f"--{flag}/--not-{flag}", name, default=None, help=CHECKS[name])
            for name, flag in FLAGS.items()
        ),
        click.option(
            "--return-on-time", type=int, help="For a meeting: was it worth the time? 1-5."
        ),
        click.option("--better", help="What would have made it one point better."),
        click.option("--tag", "tags", multiple=True, help="A tag (repeatable)."),
        click.option("--on", "occurred_on", type=DATE, help="When it happened (default: today)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _line(e: Entry) -> str:
    grades = ", ".join(f"{a} {g}" for a, g in e.grades.items())
    lock = "" if e.shared else " (private)"
    return f"{e.id:>5}  {e.occurred_on}  {e.kind.value:<8}  {e.title}  [{grades}]{lock}"


def _show(e: Entry) -> str:
    lines = [
        f"#{e.id} {e.kind.value}: {e.title}",
        f"  by {e.author} on {e.occurred_on}" + ("" if e.shared else ", private"),
    ]
    if e.link:
        lines.append(f"  link: {e.link}")
    names = {a.id: a.name for a in growth.catalogue()}
    lines.extend(f"  {names[a]}: {g}/5" for a, g in e.grades.items())
    for key, question in CHECKS.items():
        answer = e.checks.get(key)
        if answer is not None:
            lines.append(f"  {question} {'yes' if answer else 'no'}")
    if e.return_on_time is not None:
        lines.append(f"  return on time: {e.return_on_time}/5")
    if e.better:
        lines.append(f"  one point better: {e.better}")
    if e.tags:
        lines.append("  tags: " + ", ".join(e.tags))
    return "\n".join(lines)


def _interactive(o: dict[str, Any]) -> None:
    """Ask for what the flags left out: a short prompt, 60 seconds."""
    if o["kind"] is None:
        o["kind"] = click.prompt("Kind", type=click.Choice(KINDS), default="meeting")
    if not o["title"]:
        o["title"] = click.prompt("Title or link")
    if not o["grades"]:
        text = click.prompt("Attributes and grades (e.g. communicate=4, execute=3)")
        o["grades"] = tuple(p.strip() for p in text.split(";" if ";" in text else ",") if p.strip())
    for name, question in CHECKS.items():
        if o[name] is None:
            answer = click.prompt(
                f"{question} (y/n, enter to skip)", default="", show_default=False
            )
            o[name] = {"y": True, "yes": True, "n": False, "no": False}.get(answer.strip().lower())
    if o["kind"] == "meeting" and o["return_on_time"] is None:
        answer = click.prompt("Worth the time? 1-5 (enter to skip)", default="", show_default=False)
        o["return_on_time"] = int(answer) if answer.strip().isdigit() else None
    if o["better"] is None:
        o["better"] = click.prompt("One point better would be", default="", show_default=False)


def _grades(texts: tuple[str, ...]) -> dict[str, int]:
    out: dict[str, int] = {}
    for text in texts:
        attribute, grade = growth.parse_grade(text)
        out[attribute] = grade
    return out


def _checks(o: dict[str, Any]) -> dict[str, bool | None]:
    return {name: o[name] for name in CHECKS if o.get(name) is not None}


@journal.command("add")
@entry_options
@click.option("--share", is_flag=True, help="Let others in the workspace see it.")
@click.option("-i", "--interactive", is_flag=True, help="Ask for every part left out.")
@by_option
@at_option
@FORMAT
@pass_state
def add_cmd(state: AppState, /, by: str | None, at: datetime | None, fmt: str, **o: Any) -> None:
    """Write a journal entry (asks for what is missing on a terminal)."""
    who, when = resolve_by(by), resolve_at(at)
    missing = o["kind"] is None or not o["title"] or not o["grades"]
    if o["interactive"] or (missing and sys.stdin.isatty()):
        _interactive(o)
    for name, flag in (("kind", "--kind"), ("title", "--title"), ("grades", "--grade")):
        if not o[name]:
            raise click.UsageError(f"{flag} is required (or run on a terminal to be asked)")
    draft = growth.EntryDraft(
        kind=Kind(o["kind"]),
        title=o["title"],
        grades=_grades(o["grades"]),
        occurred_on=o["occurred_on"] or when.date(),
        link=o["link"],
        checks=_checks(o),
        return_on_time=o["return_on_time"],
        better=o["better"] or "",
        tags=tuple(o["tags"]),
        shared=o["share"],
    )
    with open_growth(state) as book:
        entry = book.add_entry(draft, author=who, at=when)
    emit_data(growth.entry_dict(entry), fmt, text=f"Added journal entry #{entry.id}: {entry.title}")


@journal.command("edit")
@click.argument("entry_id", metavar="ID", type=int)
@entry_options
@click.option("--share/--private", "shared", default=None, help="Share it, or make it private.")
@by_option
@at_option
@FORMAT
@pass_state
def edit_cmd(
    state: AppState, /, entry_id: int, by: str | None, at: datetime | None, fmt: str, **o: Any
) -> None:
    """Change an entry of yours: the options given replace those parts (grades merge)."""
    changes: dict[str, Any] = {}
    for key in ("title", "link", "return_on_time", "better", "occurred_on", "shared"):
        if o[key] is not None:
            changes[key] = o[key]
    if o["kind"] is not None:
        changes["kind"] = Kind(o["kind"])
    if o["grades"]:
        changes["grades"] = _grades(o["grades"])
    if o["tags"]:
        changes["tags"] = tuple(o["tags"])
    if _checks(o):
        changes["checks"] = _checks(o)
    with open_growth(state) as book:
        entry = book.edit_entry(entry_id, by=resolve_by(by), at=resolve_at(at), **changes)
    emit_data(growth.entry_dict(entry), fmt, text=_show(entry))


def person_option(func: F) -> F:
    return click.option(
        "--person",
        shell_complete=complete_person,
        help="Whose entries (default: yours; another's only when shared).",
    )(func)


@journal.command("list")
@person_option
@click.option("--since", type=DATE, help="Entries on or after this date.")
@click.option("--until", type=DATE, help="Entries on or before this date.")
@click.option("--attribute", help="Only entries grading this attribute.")
@click.option("--tag", help="Only entries with this tag.")
@by_option
@FORMAT
@pass_state
def list_cmd(
    state: AppState, /, person: str | None, by: str | None, fmt: str, **filters: Any
) -> None:
    """List journal entries, oldest first."""
    with open_growth(state) as book:
        found = book.entries(viewer=resolve_by(by), author=person, **filters)
    text = "\n".join(_line(e) for e in found) or "No journal entries."
    emit_data([growth.entry_dict(e) for e in found], fmt, text=text)


@journal.command("show")
@click.argument("entry_id", metavar="ID", type=int)
@by_option
@FORMAT
@pass_state
def show_cmd(state: AppState, /, entry_id: int, by: str | None, fmt: str) -> None:
    """Show one entry (yours, or a shared one)."""
    with open_growth(state) as book:
        entry = book.entry(entry_id, viewer=resolve_by(by))
    emit_data(growth.entry_dict(entry), fmt, text=_show(entry))


@journal.command("search")
@click.argument("text")
@person_option
@by_option
@FORMAT
@pass_state
def search_cmd(state: AppState, /, text: str, person: str | None, by: str | None, fmt: str) -> None:
    """Entries whose title, link, "one point better" or tags hold every word of TEXT."""
    with open_growth(state) as book:
        found = book.search(text, viewer=resolve_by(by), author=person)
    body = "\n".join(_line(e) for e in found) or f"No journal entries match {text!r}."
    emit_data([growth.entry_dict(e) for e in found], fmt, text=body)


@journal.command("streak")
@person_option
@by_option
@at_option
@FORMAT
@pass_state
def streak_cmd(
    state: AppState, /, person: str | None, by: str | None, at: datetime | None, fmt: str
) -> None:
    """This week's entries against the weekly target, and the streak of weeks that met it."""
    viewer = resolve_by(by)
    with open_growth(state) as book:
        h = book.habit(person or viewer, viewer=viewer, today=resolve_at(at).date())
    text = (
        f"This week: {h.this_week} of {count(h.target, 'entry', 'entries')}. "
        f"Streak: {count(h.streak, 'week')} at the target."
    )
    emit_data(h.to_dict(), fmt, text=text)


@journal.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True
)
@click.option("-o", "--output", type=FILE, help="File.")
@by_option
@pass_state
def export_cmd(state: AppState, /, fmt: str, output: Path | None, by: str | None) -> None:
    """Write the entries you may see (yours and shared ones) as JSON or CSV."""
    with open_growth(state) as book:
        found = book.all_entries(viewer=resolve_by(by))
    text = growth.write_entries(found, fmt)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)
        wrote = count(len(found), "journal entry", "journal entries")
        click.echo(f"Wrote {wrote} to {output}", err=True)


@journal.command("import")
@click.argument("file", type=FILE)
@by_option
@at_option
@FORMAT
@pass_state
def import_cmd(
    state: AppState, /, file: Path, by: str | None, at: datetime | None, fmt: str
) -> None:
    """Add the entries of a JSON or CSV journal file (all or, on a bad row, none).

    An entry already in the journal (same author, kind, title and day) is skipped, so
    importing the same file twice adds nothing.
    """
    drafts = growth.read_entries(file)
    with open_growth(state) as book:
        imported = book.add_entries(drafts, by=resolve_by(by), at=resolve_at(at))
    ids = list(imported.ids)
    text = f"Imported {count(len(ids), 'journal entry', 'journal entries')}"
    if imported.skipped:
        held = count(imported.skipped, "entry", "entries")
        text += f"; skipped {held} already in the journal (same author, kind, title and day)"
    emit_data({"added": len(ids), "ids": ids, "skipped": imported.skipped}, fmt, text=text)
