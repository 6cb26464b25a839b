"""How the CLI prints: colour rules, errors, findings and data in text or JSON."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from typing import IO, Any, TypeVar

import click

from backwards.errors import BackwardsError, ConfigError, InputError
from backwards.findings import Finding, format_json, format_text

__all__ = [
    "FORMAT_OPTION_HELP",
    "JSON_VERSION",
    "emit_data",
    "emit_findings",
    "envelope",
    "envelope_parts",
    "error_json",
    "fail_on_option",
    "format_option",
    "print_error",
    "print_internal_error",
    "use_color",
    "wants_json",
]

FORMAT_OPTION_HELP = "Output format: human-readable text or JSON for scripts."

#: The version of the JSON envelope every command prints under ``--format json``.
JSON_VERSION = 1

F = TypeVar("F", bound=Callable[..., Any])


def format_option(
    choices: Sequence[str] = ("text", "json"),
    *,
    default: str | None = None,
    help: str = FORMAT_OPTION_HELP,
) -> Callable[[F], F]:
    """The ``--format`` option every data-printing command shares (passed as ``fmt``)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default or choices[0],
        show_default=True,
        help=help,
    )


def fail_on_option(func: F) -> F:
    """The ``--fail-on`` option every command that reports findings shares (``fail_on``)."""
    option = click.option(
        "--fail-on",
        type=click.Choice(["error", "warning", "info"]),
        default="error",
        show_default=True,
        help="Exit 1 when a finding is at or above this severity.",
    )
    return option(func)


def use_color(stream: IO[str], *, disabled: bool = False) -> bool:
    """Colour only on a terminal, never with ``NO_COLOR`` set (https://no-color.org)."""
    if disabled or os.environ.get("NO_COLOR", "") != "":
        return False
    if os.environ.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _style(text: str, color: bool, **kwargs: Any) -> str:
    return click.style(text, **kwargs) if color else text


def print_error(exc: BackwardsError, *, color: bool) -> None:
    """``Error: ...`` and ``Hint: ...`` on stderr, with every finding a ConfigError carries."""
    if isinstance(exc, ConfigError) and exc.findings:
        click.echo(format_text(exc.findings, color=color), err=True, color=color)
    message = exc.message
    if isinstance(exc, InputError) and exc.location and exc.location not in message:
        message = f"{exc.location}: {message}"
    click.echo(_style("Error: ", color, fg="red", bold=True) + message, err=True, color=color)
    if exc.hint:
        click.echo(_style("Hint: ", color, fg="cyan") + exc.hint, err=True, color=color)


def wants_json(args: Sequence[str]) -> bool:
    """Whether the command line asks for ``--format json`` (then errors are JSON too)."""
    for i, arg in enumerate(args):
        if arg == "--":
            return False
        if arg == "--format=json" or (arg == "--format" and args[i + 1 : i + 2] == ["json"]):
            return True
    return False


def error_json(exc: BaseException) -> str:
    """An error as the JSON envelope scripts read on stdout under ``--format json``::

        {"version": 1, "kind": "error",
         "error": {"message": ..., "hint": ..., "location": ..., "findings": [...]}}

    ``location`` is ``file:line:column`` as far as known ("" when not); ``findings`` lists a
    ``ConfigError``'s problems (empty otherwise). A bug is reported with its kind only.
    """
    if isinstance(exc, BackwardsError):
        message, hint = exc.message, exc.hint
    elif isinstance(exc, click.ClickException):
        message, hint = exc.format_message(), "Run the command with --help to see its usage."
    else:
        message = f"internal error ({type(exc).__name__})"
        hint = "This is a bug in backwards. Run again with --debug and report the traceback."
    location = exc.location if isinstance(exc, InputError) else ""
    findings = list(exc.findings) if isinstance(exc, ConfigError) else []
    if findings and not location and findings[0].file:
        location = findings[0].location
    error = {
        "message": message,
        "hint": hint,
        "location": location,
        "findings": json.loads(format_json(findings))["findings"] if findings else [],
    }
    return json.dumps({"version": 1, "kind": "error", "error": error}, indent=2)


def print_internal_error(exc: BaseException, *, color: bool) -> None:
    """A bug, not a user mistake: say so briefly and point at --debug."""
    kind = type(exc).__name__
    click.echo(
        _style("Error: ", color, fg="red", bold=True) + f"internal error ({kind}): {exc}",
        err=True,
        color=color,
    )
    click.echo(
        _style("Hint: ", color, fg="cyan")
        + "This is a bug in backwards. Run again with --debug and report the traceback.",
        err=True,
        color=color,
    )


def command_kind() -> str:
    """The running command's path without the program name, dotted: ``ledger.list``."""
    ctx = click.get_current_context(silent=True)
    words = ctx.command_path.split()[1:] if ctx is not None else []
    return ".".join(words) or "backwards"


def envelope(data: Any, kind: str | None = None) -> dict[str, Any]:
    """The one JSON envelope of every command: ``{"version", "kind", "data"}``.

    ``kind`` names what ``data`` is (the command path by default, e.g. ``ledger.list``);
    errors use the same shape with ``kind: "error"`` and an ``error`` object instead of data.
    """
    return {"version": JSON_VERSION, "kind": kind or command_kind(), "data": data}


def envelope_parts(kind: str | None = None) -> tuple[str, str]:
    """The text before and after ``data`` in the envelope, for data streamed in pieces."""
    head = json.dumps(envelope(None, kind), ensure_ascii=False)
    cut = head.rindex("null")
    return head[:cut], head[cut + len("null") :]


def emit_findings(findings: Sequence[Finding], fmt: str, *, color: bool, **extra: Any) -> None:
    """Print findings in ``fmt`` (text or json) on stdout; JSON in the envelope, its data the
    findings document (``findings``, ``summary`` and ``extra``)."""
    if fmt == "json":
        doc = json.loads(format_json(findings, **extra))
        doc.pop("version", None)
        click.echo(json.dumps(envelope(doc), indent=2, ensure_ascii=False))
        return
    if findings:
        click.echo(format_text(findings, color=color), color=color)


def emit_data(data: Any, fmt: str, *, text: str | None = None) -> None:
    """Print ``data`` as JSON in the envelope, or ``text`` (its human form) for text."""
    if fmt == "json":
        click.echo(json.dumps(envelope(data), indent=2, ensure_ascii=False, default=str))
    else:
        click.echo(text if text is not None else str(data))
