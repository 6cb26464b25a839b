"""The ``backwards`` command line: a thin adapter over the library.

``run`` is the console-script entry point and the CLI's one error boundary: our errors become
``Error: ...`` / ``Hint: ...`` on stderr and exit code 2; ``--debug`` shows the traceback instead.
Under ``--format json`` the error is also printed on stdout as JSON (``output.error_json``), so a
script reading stdout never gets an empty or partial answer with exit 2.
Exit codes: 0 ok, 1 findings at or above ``--fail-on``, 2 could not run.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

import click

from backwards.cli.app import AppState, main
from backwards.cli.output import error_json, print_error, print_internal_error, wants_json
from backwards.errors import BackwardsError

__all__ = ["run"]


def run(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default: ``sys.argv[1:]``); returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    state = AppState()
    try:
        result = main.main(args=args, prog_name="backwards", standalone_mode=False, obj=state)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 130
    except click.ClickException as exc:
        exc.show()
        if wants_json(args):
            click.echo(error_json(exc))
        return 2
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return 1
    except Exception as exc:  # ours: Error/Hint; anything else is a bug
        if state.debug:
            raise
        if isinstance(exc, BackwardsError):
            print_error(exc, color=state.color_stderr)
        else:
            print_internal_error(exc, color=state.color_stderr)
        if wants_json(args):
            click.echo(error_json(exc))
        return 2
    return result if isinstance(result, int) else 0


def _silence_stdout() -> None:
    """After a closed pipe (``backwards ... | head``), stop Python complaining at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
