"""``backwards db ...``: the workspace's database schema."""

from __future__ import annotations

import click

from backwards.cli.app import AppState, pass_state
from backwards.cli.ledger_args import FORMAT, open_store_for
from backwards.cli.output import emit_data

__all__ = ["db"]


@click.group()
def db() -> None:
    """The database: SQLite in .backwards/ by default, or database_url (PostgreSQL).

    \b
    Examples:
      backwards db status
      backwards db upgrade
      BACKWARDS_DATABASE_URL=postgresql://pm@db/backwards backwards db upgrade
    """


@db.command("upgrade")
@FORMAT
@pass_state
def upgrade_cmd(state: AppState, fmt: str) -> None:
    """Apply every pending migration (commands also do this on first use).

    A database written by a newer backwards is refused and left untouched.
    """
    with open_store_for(state, upgrade=False) as store:
        applied = store.upgrade()
        status = store.status()
    text = (
        f"Applied {len(applied)} migration(s) to {store.display_url}: {', '.join(applied)}"
        if applied
        else f"{store.display_url} is up to date."
    )
    emit_data(
        {"database": store.display_url, "applied": applied, "current": list(status.current)},
        fmt,
        text=text,
    )


@db.command("status")
@FORMAT
@pass_state
def status_cmd(state: AppState, fmt: str) -> None:
    """Show the database in use and its schema revisions against this version's."""
    with open_store_for(state, upgrade=False) as store:
        status = store.status()
    pending = sorted(set(status.heads) - set(status.current))
    state_text = "up to date" if status.up_to_date else f"{len(pending)} migration(s) pending"
    data = {
        "database": store.display_url,
        "backend": store.dialect,
        "current": list(status.current),
        "heads": list(status.heads),
        "pending": pending,
        "up_to_date": status.up_to_date,
    }
    lines = [
        f"Database: {store.display_url} ({store.dialect})",
        f"Schema:   {', '.join(status.current) or '(empty)'}",
        f"Status:   {state_text}",
    ]
    if pending:
        lines.append("Run `backwards db upgrade` (or any ledger command) to apply them.")
    emit_data(data, fmt, text="\n".join(lines))
