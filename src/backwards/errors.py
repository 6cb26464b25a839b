"""The one exception tree of backwards.

Every failure that means "cannot continue" is a ``BackwardsError``: a one-line ``message`` saying
what went wrong and a ``hint`` saying how to fix it. Problems *in* a user's file that can all be
reported together are ``Finding`` values instead (see ``backwards.findings``); when they stop the
work they travel inside a ``ConfigError``.

::

    BackwardsError                  message + hint; exit code 2 at the CLI boundary
     ├── ConfigError                a settings or spec file has problems (carries every Finding)
     ├── WorkspaceError             no workspace, or a workspace path that cannot be used
     ├── InputError                 a user-supplied file or value cannot be read or used
     │    └── DataError             business data is malformed (missing column, bad cell, ...)
     ├── StoreError                 the database cannot be opened, migrated or written
     │    └── SchemaTooNewError     the database was written by a newer backwards
     └── StateError                 an operation is not valid in the current state
                                    (resolving a commitment twice, ...)

Adapters (CLI, web) have exactly one boundary each that turns these into a message, a hint and
an exit code or HTTP status. Nothing else catches them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backwards.findings import Finding

__all__ = [
    "BackwardsError",
    "ConfigError",
    "DataError",
    "InputError",
    "SchemaTooNewError",
    "StateError",
    "StoreError",
    "WorkspaceError",
]


class BackwardsError(Exception):
    """Base of every error backwards raises on purpose.

    ``message`` is one line saying what went wrong; ``hint`` says how to fix it.
    """

    default_hint = "Run the command with --debug to see the full traceback."

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint if hint is not None else self.default_hint

    def __str__(self) -> str:
        return self.message


class ConfigError(BackwardsError):
    """A configuration or spec file has one or more problems; ``findings`` holds all of them."""

    default_hint = "Fix the problems listed above, then run the command again."

    def __init__(
        self,
        message: str,
        findings: Sequence[Finding] = (),
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint)
        self.findings: tuple[Finding, ...] = tuple(findings)


class WorkspaceError(BackwardsError):
    """No workspace was found, or the given workspace folder cannot be used."""

    default_hint = (
        "Run `backwards init` in your project folder, or pass --workspace DIR "
        "pointing at a folder that holds backwards.yaml."
    )


class InputError(BackwardsError):
    """A file or value the user gave cannot be read or used."""

    default_hint = "Check the path and the file's contents, then try again."

    def __init__(
        self,
        message: str,
        hint: str | None = None,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message, hint)
        self.path = Path(path) if path is not None else None
        self.line = line
        self.column = column

    @property
    def location(self) -> str:
        """``file:line:column`` as far as it is known ('' when nothing is known)."""
        if self.path is None:
            return ""
        parts = [str(self.path)]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


class DataError(InputError):
    """Business data is malformed: a missing column, a non-numeric cell, a bad date, ..."""

    default_hint = "Fix the data file (or the config that names its columns) and build again."


class StoreError(BackwardsError):
    """The database cannot be opened, migrated or written."""

    default_hint = "Check database_url in backwards.yaml (or BACKWARDS_DATABASE_URL)."


class SchemaTooNewError(StoreError):
    """The database schema was written by a newer version of backwards."""

    default_hint = "Upgrade backwards (pip install -U backwards) before using this database."


class StateError(BackwardsError):
    """The operation is not valid in the current state of the thing it acts on."""

    default_hint = "Run the matching `show` command to see the current state."
