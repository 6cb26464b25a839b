"""``backwards user ...``: the people who may sign in to the web app, their teams and roles."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime

import click

from backwards import people
from backwards.cli.app import AppState, pass_state
from backwards.cli.ledger_args import FORMAT, recorded_action, recorded_change
from backwards.cli.ledger_args import open_store_for as _open_store
from backwards.cli.output import emit_data
from backwards.errors import InputError
from backwards.people import Person, Role

__all__ = ["open_directory", "read_password", "user"]

ROLES = [r.value for r in Role]


def open_directory(state: AppState) -> people.Directory:
    """The workspace's people (its database, migrated on first use); a ``with`` block."""
    return people.Directory(_open_store(state), owns_store=True)


def read_password(from_stdin: bool, *, required: bool) -> str | None:
    """The new password: the first line of standard input with ``--password-stdin``, else a
    hidden prompt (twice) on a terminal, else none (``required``: an error)."""
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise InputError(
                "--password-stdin read an empty line",
                hint="Pipe the password in, e.g. printf '%s\\n' \"$PASS\" | backwards user ...",
            )
        return line
    if sys.stdin.isatty():
        return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))
    if required:
        raise InputError(
            "no password given", hint="Use --password-stdin or run the command in a terminal."
        )
    return None


def _changed(state: AppState, change: Callable[[people.Directory], object], done: str) -> None:
    """Make one ``change`` to the directory, then say ``done``."""
    with open_directory(state) as directory:
        change(directory)
    click.echo(done)


def _line(p: Person) -> str:
    state = "" if p.active else "  (disabled)"
    login = "" if p.has_password else "  (no password)"
    return f"{p.name:<20} {p.role.value:<7} {p.team or '-':<20}{state}{login}".rstrip()


@click.group()
def user() -> None:
    """People who may sign in to `backwards serve`: names, roles, teams, passwords.

    A member works in their team; a leader also sees their team's people; an admin manages
    users. Passwords are stored as argon2 hashes, never printed.

    \b
    Examples:
      printf '%s\\n' "$PASS" | backwards user add ana --role member --team Checkout --password-stdin
      backwards user add lee --role leader --team Checkout
      backwards user list
      backwards user passwd ana
      backwards user disable ana
    """


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), default="member", show_default=True)
@click.option("--team", metavar="TEAM", help="Their team (created if new).")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from the first line of stdin."
)
@recorded_change
def add_cmd(
    state: AppState,
    name: str,
    role: str,
    team: str | None,
    password_stdin: bool,
    by: str,
    at: datetime,
    fmt: str,
) -> None:
    """Add a person NAME. A leader of a team without one becomes its leader.

    Without --password-stdin you are asked for a password on a terminal; elsewhere the user
    is added without one (set it later with `backwards user passwd`).
    """
    password = read_password(password_stdin, required=False)
    with open_directory(state) as directory:
        person = directory.add(name, role, team=team, password=password, by=by, at=at)
    team_text = f", team {person.team}" if person.team else ""
    text = f"Added {person.name} ({person.role.value}{team_text})."
    if not person.has_password:
        text += f"\nNo password yet: backwards user passwd {person.name}"
    emit_data(person.to_dict(), fmt, text=text)


@user.command("list")
@click.option("--all", "include_disabled", is_flag=True, help="Include disabled users.")
@click.option("--team", metavar="TEAM", help="Only this team.")
@FORMAT
@pass_state
def list_cmd(state: AppState, include_disabled: bool, team: str | None, fmt: str) -> None:
    """List people with their role and team, and the teams with their leaders."""
    with open_directory(state) as directory:
        found = directory.people(team=team, include_disabled=include_disabled)
        teams = directory.teams()
    lines = [_line(p) for p in found] or ["No users yet: backwards user add NAME --role admin"]
    if teams:
        lines.append("")
        lines.extend(f"team {x.name}: leader {x.leader or '(none)'}" for x in teams)
    data = {"users": [p.to_dict() for p in found], "teams": [x.to_dict() for x in teams]}
    emit_data(data, fmt, text="\n".join(lines))


@user.command("passwd")
@click.argument("name")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from the first line of stdin."
)
@recorded_action
def passwd_cmd(state: AppState, name: str, password_stdin: bool, by: str, at: datetime) -> None:
    """Set the password of NAME (asked twice on a terminal)."""
    password = read_password(password_stdin, required=True)
    assert password is not None
    _changed(
        state,
        lambda d: d.set_password(name, password, by=by, at=at),
        f"Password of {name} changed.",
    )


@user.command("disable")
@click.argument("name")
@recorded_action
def disable_cmd(state: AppState, name: str, by: str, at: datetime) -> None:
    """Disable NAME: no more sign-in; their API tokens are revoked. Their records stay."""
    _changed(
        state,
        lambda d: d.disable(name, by=by, at=at),
        f"Disabled {name}; their API tokens are revoked.",
    )


@user.command("enable")
@click.argument("name")
@recorded_action
def enable_cmd(state: AppState, name: str, by: str, at: datetime) -> None:
    """Enable NAME again (their old API tokens stay revoked)."""
    _changed(state, lambda d: d.enable(name, by=by, at=at), f"Enabled {name}.")
