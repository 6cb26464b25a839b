"""The root ``backwards`` command group, its global options and the command registry.

Feature command groups are registered in ``COMMANDS`` by import path with their one-line help,
and imported only when used, so ``backwards --help`` starts without loading DuckDB, SQLAlchemy or
markdown-it. Add a feature by adding one line here and a section in ``docs/cli.md``.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from backwards.cli.output import use_color
from backwards.version import __version__

if TYPE_CHECKING:
    from backwards.workspace import Workspace

__all__ = ["COMMANDS", "AppState", "LazyGroup", "main", "pass_state"]

#: name -> ("module:attribute", one-line help). Only commands that work are listed.
COMMANDS: dict[str, tuple[str, str]] = {
    "config": ("backwards.cli.config_cmd:config", "Check and show the workspace settings."),
    "init": ("backwards.cli.config_cmd:init", "Create a backwards.yaml in a folder."),
    "wbr": ("backwards.cli.wbr:wbr", "Check WBR configs and data; build weekly business reviews."),
    "prfaq": ("backwards.cli.prfaq:prfaq", "Review PR/FAQs: problem first, internal FAQ covered."),
    "ledger": ("backwards.cli.ledger:ledger", "Commitments as forecasts: record, resolve, trust."),
    "mistake": ("backwards.cli.mistake:mistake", "Mistakes (correction of errors) and repeats."),
    "db": ("backwards.cli.db:db", "The database: schema status and upgrade."),
    "portfolio": ("backwards.cli.portfolio:portfolio", "Plan bets for the most expected value."),
    "bet": ("backwards.cli.bet:bet", "Bets: record, revise, launch, drop, list, show."),
    "user": ("backwards.cli.user:user", "People who may sign in: roles, teams, passwords."),
    "token": ("backwards.cli.token:token", "API tokens for the web app's JSON API."),
    "serve": ("backwards.cli.serve:serve", "Serve the workspace as a web app (backwards[web])."),
    "impact": ("backwards.cli.impact:impact", "Measure what a launch did to its metric."),
    "growth": ("backwards.cli.growth:growth", "Growth: the 14 attributes, ladder, focus, report."),
    "journal": ("backwards.cli.journal:journal", "The 60-second journal after every meeting."),
}


@dataclass
class AppState:
    """Global options, shared with every command through ``click.Context.obj``."""

    workspace: Path | None = None
    debug: bool = False
    no_color: bool = False
    quiet: bool = False

    @property
    def color_stdout(self) -> bool:
        return use_color(sys.stdout, disabled=self.no_color)

    @property
    def color_stderr(self) -> bool:
        return use_color(sys.stderr, disabled=self.no_color)

    def open_workspace(self, *, required: bool = True) -> Workspace:
        """The workspace named by --workspace, or found upward from the current folder, with
        every feature's settings section."""
        from backwards.features import open_workspace  # pydantic and the features: not for --help

        return open_workspace(self.workspace, required=required)


pass_state = click.make_pass_decorator(AppState, ensure=True)


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def __init__(
        self, *args: object, lazy: dict[str, tuple[str, str]] | None = None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy:
            target, _ = self.lazy[cmd_name]
            module_name, attr = target.split(":")
            command = getattr(importlib.import_module(module_name), attr)
            if not isinstance(command, click.Command):  # pragma: no cover - registry bug
                raise TypeError(f"{target} is not a click command")
            return command
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            if name in self.lazy:
                rows.append((name, self.lazy[name][1]))
            else:
                cmd = super().get_command(ctx, name)
                if cmd is not None and not cmd.hidden:
                    rows.append((name, cmd.get_short_help_str(limit=80)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(cls=LazyGroup, lazy=COMMANDS, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", "-V", prog_name="backwards")
@click.option(
    "--workspace",
    "-w",
    type=click.Path(path_type=Path, file_okay=False),
    envvar="BACKWARDS_WORKSPACE",
    help="Workspace folder (holding backwards.yaml). Default: found upward from here.",
)
@click.option("--debug", is_flag=True, help="Show full tracebacks for errors.")
@click.option("--no-color", is_flag=True, help="Never colour the output (NO_COLOR also works).")
@click.option(
    "--quiet", "-q", is_flag=True, help="No progress bars on stderr (never shown on a pipe)."
)
@click.pass_context
def main(
    ctx: click.Context, workspace: Path | None, debug: bool, no_color: bool, quiet: bool
) -> None:
    """backwards: work backwards from the customer, review the business weekly from real data,
    and earn trust by setting and meeting expectations.

    \b
    Examples:
      backwards init                     create backwards.yaml here
      backwards config check             validate the workspace settings
    """
    state = ctx.ensure_object(AppState)
    state.workspace = workspace
    state.debug = debug
    state.no_color = no_color
    state.quiet = quiet
