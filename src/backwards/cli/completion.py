"""Shell completion of values that live in the workspace: owner and person names.

Click calls these while the user presses TAB (``_BACKWARDS_COMPLETE``, see docs/install.md).
They read the workspace named by ``--workspace`` (or found upward from here) without migrating
or creating anything, and never fail: a missing workspace or database completes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from click.shell_completion import CompletionItem

from backwards import ledger, people
from backwards.cli.app import AppState

__all__ = ["complete_owner", "complete_person"]


def _state(ctx: click.Context) -> AppState:
    workspace = ctx.find_root().params.get("workspace")
    return AppState(workspace=Path(workspace) if workspace else None)


def _database_exists(url: str) -> bool:
    """A SQLite file that is not there yet would be created by connecting: not for a TAB."""
    prefix = "sqlite:///"
    return not url.startswith(prefix) or Path(url.removeprefix(prefix)).is_file()


def _matching(names: set[str], incomplete: str) -> list[CompletionItem]:
    wanted = incomplete.casefold()
    return [
        CompletionItem(n)
        for n in sorted(names, key=str.casefold)
        if n.casefold().startswith(wanted)
    ]


def _names(ctx: click.Context, *, owners: bool) -> set[str]:
    names: set[str] = set()
    try:
        workspace = _state(ctx).open_workspace(required=False)
        if not _database_exists(workspace.database_url):
            return names
        if owners:
            with ledger.open(workspace, upgrade=False) as book:
                names.update(book.owners())
        with people.open(workspace, upgrade=False) as directory:
            names.update(p.name for p in directory.people(include_disabled=True))
    except Exception:
        return names
    return names


def complete_owner(ctx: click.Context, param: Any, incomplete: str) -> list[CompletionItem]:
    """Owners in the ledger and people in the directory, matched in any letter case."""
    return _matching(_names(ctx, owners=True), incomplete)


def complete_person(ctx: click.Context, param: Any, incomplete: str) -> list[CompletionItem]:
    """People in the directory, matched in any letter case."""
    return _matching(_names(ctx, owners=False), incomplete)
