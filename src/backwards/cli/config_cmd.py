"""``backwards init`` and ``backwards config ...``: create, check and show workspace settings."""

from __future__ import annotations

from pathlib import Path

import click

from backwards.cli.app import AppState, pass_state
from backwards.cli.output import emit_data, emit_findings, format_option
from backwards.errors import ConfigError

__all__ = ["config", "init"]

FORMAT = format_option()


@click.command()
@click.argument(
    "folder", type=click.Path(path_type=Path, file_okay=False), default=".", required=False
)
@click.option("--name", help="Display name of the workspace (default: the folder's name).")
def init(folder: Path, name: str | None) -> None:
    """Create a starter backwards.yaml in FOLDER (default: here)."""
    from backwards.features import init_workspace  # every feature's settings: only when run

    path = init_workspace(folder, name=name)
    click.echo(f"Created {path}")


@click.group()
def config() -> None:
    """Check and show the workspace settings (backwards.yaml)."""


@config.command("check")
@FORMAT
@pass_state
def check(state: AppState, fmt: str) -> None:
    """Validate backwards.yaml and report every problem with file:line.

    Exit code 0 when valid, 2 when it has problems.
    """
    from backwards.features import check_workspace  # every feature's settings: only when run

    try:
        ws = state.open_workspace()
        problems = check_workspace(ws)
        if problems:
            n = len(problems)
            where = problems[0].file
            raise ConfigError(f"{where} has {n} problem{'s' if n != 1 else ''}", problems)
    except ConfigError as exc:
        if fmt != "json":
            raise
        emit_findings(exc.findings, fmt, color=False, ok=False)
        raise click.exceptions.Exit(2) from None
    if fmt == "json":
        emit_findings([], fmt, color=False, ok=True, file=str(ws.settings_path))
    else:
        click.echo(f"{ws.settings_path}: OK")


@config.command("show")
@FORMAT
@pass_state
def show(state: AppState, fmt: str) -> None:
    """Print the effective settings, defaults included."""
    ws = state.open_workspace(required=False)
    data = {
        "workspace": str(ws.root),
        "settings_file": str(ws.settings_path) if ws.settings_path else None,
        "database_url": ws.database_url,
        "settings": ws.settings.model_dump(mode="json"),
    }
    import yaml

    emit_data(data, fmt, text=yaml.safe_dump(data, sort_keys=False).rstrip())
