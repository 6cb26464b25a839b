"""``backwards ledger ...``: record commitments, revise and resolve them, list, show, trust."""

from __future__ import annotations

import contextlib
import itertools
import sys
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from backwards import ledger as ledger_api
from backwards.atomicfile import write_atomic
from backwards.cli.app import AppState, pass_state
from backwards.cli.collector import gc_paused
from backwards.cli.ledger_args import (
    DATE,
    FORMAT,
    PROBABILITY,
    by_option,
    open_book,
    owner_filter,
    recorded_change,
    resolve_at,
    resolve_by,
)
from backwards.cli.ledger_trust import trust
from backwards.cli.output import emit_data, envelope_parts, format_option
from backwards.cli.params import FILE
from backwards.cli.progress import progress_bar
from backwards.ledger import Kind, Outcome, Status
from backwards.wording import count

if TYPE_CHECKING:
    from backwards.ledger import CommitmentRecord, Event

__all__ = ["ledger"]

OUTCOMES = [o.value for o in Outcome]
#: Rows per page of `ledger list` on a terminal.
PAGE = 50


@click.group()
def ledger() -> None:
    """The trust ledger: commitments as forecasts, their revisions and outcomes.

    \b
    Examples:
      backwards ledger commit "Ship checkout v2 to EU" --due 2026-03-31 --probability 80%
      backwards ledger revise 12 --due 2026-04-14 --reason "payments API slipped"
      backwards ledger resolve 12 met --on 2026-04-10 --evidence "release 4.2"
      backwards ledger correct 12 --on 2026-04-09 --reason "typed the wrong day"
      backwards ledger list --owner ana --overdue
      backwards ledger show 12
      backwards ledger trust --owner ana --since 2026-01-01
    """


def _record_text(record: CommitmentRecord, as_of: date, holidays: tuple[date, ...]) -> str:
    c = record.commitment
    chance = f" p={c.probability:.0%}" if c.probability is not None else ""
    due = record.due_as_of(as_of)
    moved = f" (was {c.due})" if due != c.due else ""
    tags = f" [{', '.join(c.tags)}]" if c.tags else ""
    return (
        f"{c.id:>5}  {record.status(as_of, holidays).value:<13} due {due}{moved}  {c.owner}: "
        f"{c.statement}{chance}{tags}"
    )


@ledger.command("commit")
@click.argument("statement")
@click.option("--due", type=DATE, required=True, help="The due date promised (frozen forever).")
@click.option("--owner", help="Who made the commitment (default: --by).")
@click.option("--audience", default="", help="With whom the expectation was set.")
@click.option(
    "--kind",
    type=click.Choice([k.value for k in Kind]),
    default="date",
    show_default=True,
    help="A date, a metric target, or a scope promise.",
)
@click.option("--aspirational", is_flag=True, help="A stretch goal, not a firm commitment.")
@click.option("--probability", type=PROBABILITY, help="Chance of meeting it: 0.8 or 80%.")
@click.option("--p50", "p50_due", type=DATE, help="Date by which it is 50% likely done.")
@click.option("--p90", "p90_due", type=DATE, help="Date by which it is 90% likely done.")
@click.option("--metric", help="The metric of a target commitment.")
@click.option("--target", "target_value", type=float, help="The target value of that metric.")
@click.option("--weight", type=float, default=1.0, show_default=True, help="Effort or value.")
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@click.option("--link", "links", multiple=True, help="A link: roadmap item, PR/FAQ (repeatable).")
@recorded_change
def commit_cmd(
    state: AppState,
    /,
    statement: str,
    by: str,
    at: datetime,
    fmt: str,
    owner: str | None,
    **fields: Any,
) -> None:
    """Record a commitment: STATEMENT, due by --due, made --at (default now).

    \b
    Example:
      backwards ledger commit "Ship SSO for enterprise" --due 2026-03-31 \\
          --audience "enterprise sales" --probability 70% --tag sso
    """
    with open_book(state) as book:
        record = book.commit(statement, by=by, at=at, owner=owner, **fields)
    saved = record.commitment
    emit_data(
        ledger_api.record_dict(record, at.date()),
        fmt,
        text=f"Recorded commitment {saved.id}: {saved.statement} (due {saved.due})",
    )


@ledger.command("revise")
@click.argument("commitment_id", metavar="ID", type=int)
@click.option("--reason", required=True, help="Why the expectation changes (required).")
@click.option("--due", "due", type=DATE, help="The new due date.")
@click.option("--target", "target_value", type=float, help="The new target value.")
@click.option("--scope", "scope", help="The new scope, in words.")
@click.option("--probability", "probability", type=PROBABILITY, help="The new probability.")
@recorded_change
def revise_cmd(
    state: AppState,
    /,
    commitment_id: int,
    by: str,
    at: datetime,
    fmt: str,
    **changes: Any,
) -> None:
    """Reset the expectation of open commitment ID (appended; the original stays).

    Revising early earns credit: the notice lead time is the due date minus the day you told.

    \b
    Example:
      backwards ledger revise 12 --due 2026-04-14 --reason "payments API slipped two weeks"
    """
    with open_book(state) as book:
        rev = book.revise(commitment_id, by=by, at=at, **changes)
        notice = book.business_days(rev.counted_at.date(), rev.previous_due)
    told = f"{notice} business days before it was due" if notice > 0 else "with no warning"
    claimed = (
        f"; dated {rev.made_at:%Y-%m-%d} but entered {rev.counted_at:%Y-%m-%d}, "
        "so the notice counts from the entry"
        if rev.claimed_earlier
        else ""
    )
    emit_data(
        ledger_api.revision_dict(rev),
        fmt,
        text=f"Revised commitment {commitment_id} ({told}{claimed}): {rev.reason}",
    )


@ledger.command("resolve")
@click.argument("commitment_id", metavar="ID", type=int)
@click.argument("outcome", type=click.Choice([*OUTCOMES, "partially-met"]))
@click.option(
    "--on",
    "resolved_on",
    type=DATE,
    help="Delivery or decision date (default: today; never in the future).",
)
@click.option("--actual", "actual_value", type=float, help="The measured value (targets).")
@click.option("--fraction", "delivered_fraction", type=float, help="Share of scope delivered, 0-1.")
@click.option("--evidence", default="", help="A link or note proving the outcome.")
@by_option
@FORMAT
@pass_state
def resolve_cmd(
    state: AppState,
    /,
    commitment_id: int,
    outcome: str,
    resolved_on: date | None,
    by: str | None,
    fmt: str,
    **extra: Any,
) -> None:
    """Record how commitment ID ended: met, partially_met, missed or withdrawn (once).

    A wrong date or outcome is fixed with `backwards ledger correct`, never by editing.

    \b
    Example:
      backwards ledger resolve 12 met --on 2026-04-10 --evidence https://status/rel-4.2
    """
    who = resolve_by(by)
    with open_book(state) as book:
        record = book.resolve(commitment_id, outcome, resolved_on=resolved_on, by=who, **extra)
        res = record.resolution
        assert res is not None
        slip = book.business_days(record.commitment.due, res.resolved_on)
    late = "" if not slip or slip <= 0 else f", {slip} business days after the original due date"
    emit_data(
        ledger_api.record_dict(record, res.resolved_on),
        fmt,
        text=f"Resolved commitment {commitment_id}: {res.outcome.value}{late}",
    )


@ledger.command("correct")
@click.argument("commitment_id", metavar="ID", type=int)
@click.option("--on", "resolved_on", type=DATE, help="The right resolution date.")
@click.option(
    "--outcome", type=click.Choice([*OUTCOMES, "partially-met"]), help="The right outcome."
)
@click.option("--statement", help="The statement without the typo.")
@click.option("--reason", required=True, help="Why the record was wrong (required).")
@by_option
@FORMAT
@pass_state
def correct_cmd(
    state: AppState,
    /,
    commitment_id: int,
    resolved_on: date | None,
    outcome: str | None,
    statement: str | None,
    reason: str,
    by: str | None,
    fmt: str,
) -> None:
    """Correct commitment ID's resolution date, outcome or statement, with a reason.

    The correction is appended (who, when, the old and the new value); reports use the
    corrected value and say it was corrected. A due date changes by `revise`, not here.

    \b
    Example:
      backwards ledger correct 12 --on 2026-04-09 --reason "resolved without --on"
    """
    changes = [
        (name, value)
        for name, value in (
            ("resolved_on", None if resolved_on is None else resolved_on.isoformat()),
            ("outcome", outcome),
            ("statement", statement),
        )
        if value is not None
    ]
    if len(changes) != 1:
        raise click.UsageError("Give exactly one of --on, --outcome or --statement.")
    field, value = changes[0]
    with open_book(state) as book:
        record = book.correct(commitment_id, field, value, reason=reason, by=resolve_by(by))
    fix = record.corrections[-1]
    emit_data(
        ledger_api.record_dict(record, fix.recorded_at.date()),
        fmt,
        text=f"Corrected commitment {commitment_id}: {field} {fix.old_value} -> {fix.new_value}"
        f" ({fix.reason})",
    )


@ledger.command("list")
@owner_filter("commitments (any letter case)")
@click.option("--tag", help="Only commitments with this tag (any letter case).")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice([s.value for s in Status]),
    help="Repeatable.",
)
@click.option("--due-from", type=DATE, help="Due (date in force) on or after this date.")
@click.option("--due-to", type=DATE, help="Due (date in force) on or before this date.")
@click.option("--overdue", is_flag=True, help="Only open commitments past their due date.")
@click.option("--as-of", type=DATE, help="Status as of this date (default: today).")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    help=f"Show at most this many (default: {PAGE} on a terminal, all when piped).",
)
@click.option(
    "--offset", type=click.IntRange(min=0), default=0, help="Skip this many first (paging)."
)
@FORMAT
@pass_state
def list_cmd(
    state: AppState,
    owner: str | None,
    tag: str | None,
    statuses: tuple[str, ...],
    due_from: date | None,
    due_to: date | None,
    overdue: bool,
    as_of: date | None,
    limit: int | None,
    offset: int,
    fmt: str,
) -> None:
    """List commitments with their status, filtered, by id.

    \b
    Examples:
      backwards ledger list --owner ana --status open --status overdue
      backwards ledger list --due-from 2026-04-01 --due-to 2026-06-30 --format json
      backwards ledger list --limit 50 --offset 50          # the second page
    """
    today = as_of or resolve_at(None).date()
    wanted = (*statuses, "overdue") if overdue else statuses
    out = sys.stdout
    if limit is None and out.isatty():
        limit = PAGE
    end = None if limit is None else offset + limit
    filters: dict[str, Any] = {
        "as_of": today,
        "owner": owner,
        "tag": tag,
        "statuses": wanted,
        "due_from": due_from,
        "due_to": due_to,
    }
    with open_book(state) as book, contextlib.ExitStack() as stack:
        if fmt == "json":  # streamed in batches: memory stays flat however long the list
            stack.enter_context(gc_paused())
            found = book.iter_record_json(**filters)
            stack.callback(found.close)  # a page ends the read early: end its transaction now
            _write_json_list(out, itertools.islice(found, offset, end))
            return
        chosen = book.iter_commitments(**filters)
        stack.callback(chosen.close)
        holidays = book.holidays
        page, total = [], 0
        for i, record in enumerate(chosen):
            total += 1
            if i >= offset and (end is None or i < end):
                page.append(record)
    if not page:
        click.echo("No commitments match." if not total else f"No commitments past {offset}.")
        return
    click.echo("\n".join(_record_text(r, today, holidays) for r in page))
    if len(page) < total:
        shown = f"Showing {offset + 1}-{offset + len(page)} of {total:,}"
        more = offset + len(page) < total
        click.echo(f"{shown}" + (f"; next: --offset {offset + len(page)}" if more else "."))


def _write_json_list(out: Any, found: Iterable[str], chunk: int = 1_000) -> None:
    """A JSON list (of records' JSON texts) in the command envelope, one record a line,
    written ``chunk`` records at a time."""
    head, tail = envelope_parts()
    out.write(head + "[")
    lines: list[str] = []
    written = 0
    for text in found:
        lines.append(text)
        if len(lines) == chunk:
            out.write(("\n" if not written else ",\n") + ",\n".join(lines))
            written += len(lines)
            lines.clear()
    if lines:
        out.write(("\n" if not written else ",\n") + ",\n".join(lines))
        written += len(lines)
    out.write(("\n]" if written else "]") + tail + "\n")


def _entered(claimed: datetime, entered: datetime | None, imported: bool) -> str:
    """Both clocks when they differ by a day or more: ' (entered 2026-03-02)'."""
    if imported:
        return " (imported)"
    if entered is None or entered.date() == claimed.date():
        return ""
    return f" (entered {entered:%Y-%m-%d})"


def _event_line(e: Event) -> str:
    details = ", ".join(
        f"{k}={v}"
        for k, v in e.data.items()
        if v not in (None, "", []) and k not in ("recorded_by", "recorded_at", "commitment_id")
    )
    return f"  {e.at:%Y-%m-%d %H:%M}  {e.action:<8} by {e.who}: {details}"


@ledger.command("show")
@click.argument("commitment_id", metavar="ID", type=int)
@click.option("--as-of", type=DATE, help="Status as of this date (default: today).")
@FORMAT
@pass_state
def show_cmd(state: AppState, commitment_id: int, as_of: date | None, fmt: str) -> None:
    """Show commitment ID and its whole history: every event, who and when."""
    today = as_of or resolve_at(None).date()
    with open_book(state) as book:
        record = book.record(commitment_id)
        events = book.history(commitment_id)
        holidays = book.holidays
    c = record.commitment
    lines = [
        f"Commitment {c.id}: {c.statement}",
        f"  owner {c.owner}" + (f", set with {c.audience}" if c.audience else ""),
        f"  {'aspirational' if c.aspirational else 'committed'} {c.kind.value}, made "
        f"{c.made_at:%Y-%m-%d}{_entered(c.made_at, c.recorded_at, c.imported)}, originally due "
        f"{c.due}, due now {record.due_as_of(today)}",
        f"  status on {today}: {record.status(today, holidays).value}"
        + (f", probability {c.probability:.0%}" if c.probability is not None else ""),
    ]
    for rev in record.revisions:
        change = f"due {rev.previous_due} -> {rev.new_due}" if rev.new_due else "due unchanged"
        told = f"{rev.notice_days} days' notice" if rev.notice_days > 0 else "no warning"
        lines.append(
            f"  revised {rev.made_at:%Y-%m-%d}"
            f"{_entered(rev.made_at, rev.recorded_at, rev.imported)} ({told}): {change}; "
            f"{rev.reason}"
        )
    res = record.resolution
    if res is not None:
        evidence = f"; evidence: {res.evidence}" if res.evidence else ""
        lines.append(
            f"  resolved {res.resolved_on}: {res.outcome.value}{evidence} (entered "
            f"{res.recorded_at:%Y-%m-%d %H:%M} by {res.recorded_by or 'unknown'}"
            f"{', imported' if res.imported else ''})"
        )
    for fix in record.corrections:
        lines.append(
            f"  corrected {fix.field} {fix.old_value} -> {fix.new_value} by {fix.recorded_by} "
            f"on {fix.recorded_at:%Y-%m-%d %H:%M}: {fix.reason}"
        )
    lines += ["History (who did what, when):", *(_event_line(e) for e in events)]
    data = ledger_api.record_dict(record, today, holidays)
    data["history"] = [ledger_api.event_dict(e) for e in events]
    emit_data(data, fmt, text="\n".join(lines))


#: Seconds an import runs before its progress bar is drawn (tests set 0).
PROGRESS_DELAY = 1.0


@ledger.command("import")
@click.argument("file", type=FILE)
@by_option
@FORMAT
@pass_state
def import_cmd(state: AppState, file: Path, by: str | None, fmt: str) -> None:
    """Import commitments (and, from JSON, revisions, corrections and mistakes) from FILE.

    All or nothing: one bad record and nothing is imported. Idempotent: what the ledger already
    holds is skipped, so the same file twice changes nothing. Imported records are marked as
    imported. Ids in the file are references inside it and are renumbered. The format is
    described in docs/ledger.md.

    \b
    Example:
      backwards ledger import examples/demo/ledger/seed.json
    """
    with (
        open_book(state) as book,
        progress_bar("Importing", quiet=state.quiet, unit="records", delay=PROGRESS_DELAY) as bar,
    ):
        summary = book.import_file(
            file, by=resolve_by(by), progress=bar.advance if bar.shown else None
        )
    data = {
        "commitments": summary.commitments,
        "revisions": summary.revisions,
        "resolutions": summary.resolutions,
        "mistakes": summary.mistakes,
        "skipped": summary.skipped,
    }
    skipped = summary.skipped
    text = (
        f"Imported {count(summary.commitments, 'commitment')}, "
        f"{count(summary.revisions, 'revision')}, {count(summary.resolutions, 'outcome')} and "
        f"{count(summary.mistakes, 'mistake')} from {file}"
        + (f"; {count(skipped, 'record')} already in the ledger skipped" if skipped else "")
    )
    emit_data(data, fmt, text=text)


@ledger.command("export")
@format_option(("json", "csv"), help="JSON: everything, importable. CSV: one row per commitment.")
@click.option("--output", "-o", type=FILE, help="Default: stdout.")
@click.option("--as-of", type=DATE, help="Status column as of this date (CSV; default today).")
@click.option(
    "--lossy",
    is_flag=True,
    help="Allow a CSV that drops revisions, corrections and mistakes (refused otherwise).",
)
@pass_state
def export_cmd(
    state: AppState, fmt: str, output: Path | None, as_of: date | None, lossy: bool
) -> None:
    """Export the ledger as JSON (everything, importable) or CSV (one row per commitment).

    Export then import gives the same ledger in both formats; a CSV that would drop revisions,
    corrections or mistakes is refused unless you pass --lossy.

    \b
    Examples:
      backwards ledger export -o ledger.json
      backwards ledger export --format csv -o commitments.csv
    """
    with open_book(state) as book:
        exported = book.export(
            "csv" if fmt == "csv" else "json",
            as_of=as_of or resolve_at(None).date(),
            lossy=lossy,
        )
    if output is None:
        click.echo(exported.text, nl=False)
    else:
        write_atomic(output, exported.text)
        click.echo(f"Wrote {count(exported.commitments, 'commitment')} to {output}", err=True)


ledger.add_command(trust)
