"""Arguments shared by ``backwards ledger``, ``mistake`` and ``db``: who, when, the store.

Who acts is ``--by`` (default: ``BACKWARDS_USER``, else the login name); when is ``--at``
(default: now). Both are read here, at the edge, and passed into the library.
"""

from __future__ import annotations

import functools
import getpass
import os
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from backwards import ledger
from backwards.cli.app import AppState, pass_state
from backwards.cli.completion import complete_owner
from backwards.cli.output import format_option
from backwards.settingsfile import environment_database_url

if TYPE_CHECKING:
    from backwards.ledger import Book, RepeatFinder
    from backwards.store import Store
    from backwards.workspace import Workspace

__all__ = [
    "DATE",
    "FORMAT",
    "PROBABILITY",
    "at_option",
    "by_option",
    "default_user",
    "open_book",
    "open_repeats",
    "open_store_for",
    "owner_filter",
    "resolve_at",
    "resolve_by",
]

F = TypeVar("F", bound=Callable[..., Any])


def default_user(env: dict[str, str] | None = None) -> str:
    """``BACKWARDS_USER``, ``USER`` or ``LOGNAME``, else the login name."""
    source = os.environ if env is None else env
    for name in ("BACKWARDS_USER", "USER", "LOGNAME"):
        value = source.get(name, "").strip()
        if value:
            return value
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - no passwd entry
        return "unknown"


class DateType(click.ParamType[date]):
    """A calendar date, YYYY-MM-DD."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2026-03-31", param, ctx)


class DateTimeType(click.ParamType[datetime]):
    """An ISO date or date-time; without a zone it is UTC."""

    name = "DATETIME"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime:
        if isinstance(value, datetime):
            return value
        text = str(value).strip()
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            self.fail(
                f"{value!r} is not a date or time; use e.g. 2026-03-31 or 2026-03-31T14:00Z",
                param,
                ctx,
            )
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


class ProbabilityType(click.ParamType[float]):
    """0.8, 80% or 80 % (``backwards.ledger.intake.parse_probability``: a bare number above 1
    is refused as ambiguous)."""

    name = "PROBABILITY"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        try:  # through the lazy front door: the intake models load only when used
            parsed = ledger.parse_probability(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)
        if parsed is None:
            self.fail("give a probability such as 0.8 or 80%", param, ctx)
        return parsed


DATE = DateType()
DATETIME = DateTimeType()
PROBABILITY = ProbabilityType()

FORMAT = format_option()


def by_option(func: F) -> F:
    return click.option(
        "--by",
        metavar="NAME",
        help="Who records this (default: $BACKWARDS_USER, else your login name).",
    )(func)


def at_option(func: F) -> F:
    return click.option(
        "--at",
        type=DATETIME,
        metavar="DATETIME",
        help="When it happened, as you claim it (ISO date or date-time, UTC by default; "
        "default: now). The ledger also keeps when it was entered; timing credit counts "
        "from that.",
    )(func)


def owner_filter(what: str) -> Callable[[F], F]:
    """``--owner NAME``: only this owner's ``what`` (owner names complete in the shell)."""
    return click.option("--owner", shell_complete=complete_owner, help=f"Only this owner's {what}.")


def _resolved(func: F) -> F:
    """``func`` called with ``by`` and ``at`` resolved (a name and an aware datetime)."""

    @functools.wraps(func)
    def run(*args: Any, by: str | None, at: datetime | None, **kwargs: Any) -> Any:
        return func(*args, by=resolve_by(by), at=resolve_at(at), **kwargs)

    return cast(F, run)


def recorded_change(func: F) -> F:
    """``--by``, ``--at`` and ``--format`` with the app state: what every command that records a
    change takes. The command gets ``by`` and ``at`` resolved (a name and an aware datetime)."""
    return cast(F, by_option(at_option(FORMAT(pass_state(_resolved(func))))))


def recorded_action(func: F) -> F:
    """:func:`recorded_change` for a command that prints one line (no ``--format``)."""
    return cast(F, by_option(at_option(pass_state(_resolved(func)))))


def resolve_at(at: datetime | None) -> datetime:
    """``--at`` or the current time: the one place the ledger CLI reads the clock."""
    return at if at is not None else datetime.now(UTC)


def resolve_by(by: str | None) -> str:
    return by.strip() if by and by.strip() else default_user()


def _workspace(state: AppState) -> Workspace:
    """The workspace; optional when ``BACKWARDS_DATABASE_URL`` names the database."""
    return state.open_workspace(required=environment_database_url() is None)


def open_store_for(state: AppState, *, upgrade: bool = True) -> Store:
    """The workspace's store (SQLite in .backwards/ unless database_url says otherwise);
    SQLAlchemy loads here, when a command opens it, not when ``--help`` is asked for."""
    from backwards.store import open_store

    return open_store(_workspace(state).database_url, upgrade=upgrade)


def open_book(state: AppState) -> Book:
    """The workspace's ledger, migrated on first use; use it in a ``with`` block. Its default
    person (who keeps a single-user ledger) is ``ledger.default_person``, else ``default_user``."""
    return ledger.open(_workspace(state), default_person=default_user())


def open_repeats(state: AppState) -> Book | RepeatFinder:
    """What ``mistake similar`` reads: a ``RepeatFinder`` straight from the SQLite file when the
    settings are plain and the schema current (neither SQLAlchemy nor pydantic is imported),
    else the book, which validates, migrates and explains as every command does."""
    required = environment_database_url() is None
    return ledger.open_finder(state.workspace, required=required) or open_book(state)
