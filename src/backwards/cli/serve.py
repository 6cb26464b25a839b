"""``backwards serve``: the web app under uvicorn.

The CLI does not import the web app (they are sibling adapters): it checks the workspace and
its database, passes the settings to the worker processes through the environment
(``BACKWARDS_WORKSPACE``, ``BACKWARDS_WEB_*``) and gives uvicorn the app factory by name.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from backwards.cli.app import AppState, pass_state
from backwards.errors import InputError

__all__ = ["APP_FACTORY", "KEEP_ALIVE_SECONDS", "serve"]

APP_FACTORY = "backwards.web:app_from_environment"
F = TypeVar("F", bound=Callable[..., Any])
#: Seconds an idle keep-alive connection stays open (uvicorn's default is 5: a person who reads
#: a page for longer finds the connection closing just as the next click reuses it, an error
#: for a client that does not retry). 75 is nginx's default; a load balancer in front should
#: time out first (AWS's default idle timeout is 60 s).
KEEP_ALIVE_SECONDS = 75


def _require_web_extra() -> None:
    missing = [
        m for m in ("starlette", "uvicorn", "multipart") if importlib.util.find_spec(m) is None
    ]
    if missing:
        raise InputError(
            f"the web app needs {', '.join(missing)}, which is not installed",
            hint="Install the extra: pip install 'backwards[web]'",
        )


def _lifetime(flag: str, default: int, unit: str, meaning: str) -> Callable[[F], F]:
    """An option giving how long a session lives, a whole number of ``unit`` from 1."""
    return click.option(
        flag,
        type=click.IntRange(min=1),
        default=default,
        show_default=True,
        metavar=unit,
        help=meaning,
    )


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--workspace",
    "-w",
    "folder",
    type=click.Path(path_type=Path, file_okay=False),
    help="Workspace to serve (default: the global --workspace, else found upward from here).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Worker processes (sessions live in the database, so any worker serves anyone).",
)
@click.option(
    "--proxy",
    "forwarded",
    metavar="ADDRESSES",
    help="Trust X-Forwarded-For/-Proto from these proxy addresses (comma-separated), so "
    "cookies are Secure behind HTTPS and throttling sees the client's address.",
)
@click.option("--secure-cookies", is_flag=True, help="Always mark cookies Secure (HTTPS only).")
@_lifetime("--session-idle", 30, "MINUTES", "Sign out after this long without a request.")
@_lifetime("--session-max", 12, "HOURS", "Sign out this long after signing in, whatever happens.")
@pass_state
def serve(
    state: AppState,
    host: str,
    port: int,
    folder: Path | None,
    workers: int,
    forwarded: str | None,
    secure_cookies: bool,
    session_idle: int,
    session_max: int,
) -> None:
    """Serve the workspace as a web app: decks by week, the PR/FAQ editor, the ledger.

    People sign in with the names and passwords of `backwards user`; the JSON API under
    /api/v1/ also takes `backwards token` tokens. Works offline. Stop with Ctrl-C.

    \b
    Examples:
      backwards serve --workspace examples/demo
      backwards serve --host 0.0.0.0 --port 8080 --workers 4 --proxy 127.0.0.1
    """
    _require_web_extra()
    if folder is not None:
        state.workspace = folder
    workspace = state.open_workspace()
    from backwards.store import open_store  # SQLAlchemy: only when serving, not for --help

    with open_store(workspace.database_url):  # migrated now, once, before the workers start
        pass
    os.environ.update(
        {
            "BACKWARDS_WORKSPACE": str(workspace.root),
            "BACKWARDS_WEB_SESSION_IDLE_MINUTES": str(session_idle),
            "BACKWARDS_WEB_SESSION_HOURS": str(session_max),
            "BACKWARDS_WEB_SECURE_COOKIES": "1" if secure_cookies else "0",
        }
    )
    import uvicorn  # the web extra: loaded only here

    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Serving {workspace.name} at http://{shown}:{port}/ (Ctrl-C stops)", err=True)
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=forwarded is not None,
        forwarded_allow_ips=forwarded or "127.0.0.1",
        server_header=False,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        log_level="info",
    )
