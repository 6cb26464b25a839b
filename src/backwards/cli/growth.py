"""``backwards growth ...``: the attributes, the ladder, a level's focus."""

from __future__ import annotations

import click

from backwards.cli.app import AppState, pass_state
from backwards.cli.output import emit_data, format_option
from backwards.growth import GrowthSettings, Ladder, catalogue, ladder_of

__all__ = ["growth", "workspace_ladder"]

FORMAT = format_option()


@click.group()
def growth() -> None:
    """The fourteen attributes of a strong product manager, the career ladder and what to
    work on at each level.

    \b
    Examples:
      backwards growth attributes
      backwards growth ladder --format json
      backwards growth focus --level new
      backwards growth focus --level senior
    """


def workspace_ladder(state: AppState) -> Ladder:
    """The ladder in force: the workspace's ``growth: ladder:``, else the default one."""
    ws = state.open_workspace(required=False)
    return ladder_of(ws.settings.section(GrowthSettings).ladder_spec)


@growth.command("attributes")
@FORMAT
def attributes_cmd(fmt: str) -> None:
    """List the fourteen attributes: what each means, behaviours, prompts, evidence."""
    cat = catalogue()
    lines: list[str] = []
    for a in cat:
        lines.append(f"{a.name}  ({a.id})")
        lines.append(f"  {a.description}")
        lines.extend(f"  - {b}" for b in a.behaviours)
        lines.extend(f"  ? {p}" for p in a.prompts)
        lines.append("  evidence: " + (", ".join(a.evidence) if a.evidence else "people only"))
    emit_data({"attributes": [a.to_dict() for a in cat]}, fmt, text="\n".join(lines))


@growth.command("ladder")
@FORMAT
@pass_state
def ladder_cmd(state: AppState, fmt: str) -> None:
    """Show the ladder: the expected level (1-5) of each attribute at each level."""
    ladder = workspace_ladder(state)
    width = max(len(a.name) for a in catalogue())
    head = f"{'attribute':<{width}}  " + "  ".join(f"{lv.id:>12}" for lv in ladder.levels)
    rows = [head]
    for a in catalogue():
        cells = []
        for lv in ladder.levels:
            mark = "*" if a.id in lv.focus else " "
            cells.append(f"{lv.expected[a.id]:>11}{mark}")
        rows.append(f"{a.name:<{width}}  " + "  ".join(cells))
    rows.append("* a focus attribute at that level")
    emit_data(ladder.to_dict(), fmt, text="\n".join(rows))


@growth.command("focus")
@click.option(
    "--level",
    required=True,
    help="A level id or name; `new` is the entry level, `senior` the senior PM level.",
)
@FORMAT
@pass_state
def focus_cmd(state: AppState, level: str, fmt: str) -> None:
    """What to work on at a level: its focus attributes, heaviest first, with prompts."""
    ladder = workspace_ladder(state)
    lv = ladder.level(level, field="--level")
    focus = ladder.focus(lv)
    lines = [f"Focus for {lv.name} ({lv.id}):"]
    for f in focus:
        lines.append(f"  {f.attribute.name}  weight {f.weight:g}, expected {f.expected}/5")
        lines.extend(f"    ? {p}" for p in f.attribute.prompts)
    data = {"level": lv.id, "name": lv.name, "focus": [f.to_dict() for f in focus]}
    emit_data(data, fmt, text="\n".join(lines))
