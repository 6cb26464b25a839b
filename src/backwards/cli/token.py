"""``backwards token ...``: API tokens for the web app's JSON API (``/api/v1/``)."""

from __future__ import annotations

from datetime import datetime, timedelta

import click

from backwards.cli.app import AppState, pass_state
from backwards.cli.ledger_args import FORMAT, recorded_action, recorded_change, resolve_at
from backwards.cli.output import emit_data
from backwards.cli.user import open_directory
from backwards.people import Token

__all__ = ["token"]


def _line(x: Token, now: datetime) -> str:
    if x.revoked_at is not None:
        state = "revoked"
    elif not x.usable(now):
        state = "expired"
    else:
        state = f"expires {x.expires_at:%Y-%m-%d}" if x.expires_at else "no expiry"
    used = f"last used {x.last_used_at:%Y-%m-%d %H:%M}" if x.last_used_at else "never used"
    return f"{x.id}  {x.person:<20} {x.label or '-':<20} {state}, {used}"


@click.group()
def token() -> None:
    """API tokens: `Authorization: Bearer <token>` on /api/v1/ acts as that user.

    A token is printed once, when it is created; only its SHA-256 is stored.

    \b
    Examples:
      backwards token create ana --label "weekly export" --expires-in 90
      backwards token list
      backwards token revoke 3f9a0c12b4de
    """


@token.command("create")
@click.argument("name")
@click.option("--label", default="", help="What the token is for.")
@click.option(
    "--expires-in",
    type=click.IntRange(min=1),
    metavar="DAYS",
    help="Days until it expires (default: never).",
)
@recorded_change
def create_cmd(
    state: AppState,
    name: str,
    label: str,
    expires_in: int | None,
    by: str,
    at: datetime,
    fmt: str,
) -> None:
    """Create an API token for user NAME and print it (the only time it is shown)."""
    now = at
    expires = now + timedelta(days=expires_in) if expires_in else None
    with open_directory(state) as directory:
        record, secret = directory.create_token(
            name, label=label, expires_at=expires, by=by, at=now
        )
    text = f"{secret}\nToken {record.id} for {record.person}: store it now, it is not shown again."
    emit_data({**record.to_dict(), "token": secret}, fmt, text=text)


@token.command("list")
@click.argument("name", required=False)
@FORMAT
@pass_state
def list_cmd(state: AppState, name: str | None, fmt: str) -> None:
    """List API tokens (never their secrets), of user NAME if given."""
    with open_directory(state) as directory:
        found = directory.tokens(name)
    now = resolve_at(None)
    text = "\n".join(_line(x, now) for x in found) or "No API tokens."
    emit_data([x.to_dict() for x in found], fmt, text=text)


@token.command("revoke")
@click.argument("token_id", metavar="ID")
@recorded_action
def revoke_cmd(state: AppState, token_id: str, by: str, at: datetime) -> None:
    """Revoke the API token ID (the first part shown by `token list`)."""
    with open_directory(state) as directory:
        record = directory.revoke_token(token_id, by=by, at=at)
    click.echo(f"Revoked token {record.id} of {record.person}.")
