"""``backwards growth ...``: the attributes, the ladder, a level's focus, assessments and the
growth report."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import click

from backwards import growth as feature
from backwards.cli.app import AppState, LazyGroup, pass_state
from backwards.cli.journal import open_growth
from backwards.cli.ledger_args import DATE, by_option, recorded_change, resolve_by
from backwards.cli.output import emit_data, format_option
from backwards.errors import InputError
from backwards.growth import Rater
from backwards.wording import count

if TYPE_CHECKING:
    from backwards.growth import Ladder

__all__ = ["growth", "workspace_ladder"]

FORMAT = format_option()


#: Subcommands imported on first use: the report reads the ledger, PR/FAQs and the portfolio.
LAZY = {
    "report": ("backwards.cli.growth_report:report", "PERSON's growth report: text, JSON, HTML."),
}


@click.group(cls=LazyGroup, lazy=LAZY)
def growth() -> None:
    """The fourteen attributes of a strong product manager, the career ladder and what to
    work on at each level.

    \b
    Examples:
      backwards growth attributes
      backwards growth ladder --format json
      backwards growth focus --level new
      backwards growth focus --level senior
      backwards growth assess ana --rater manager --by bo --rating communicate=2
      backwards growth report ana --html out/ana.html
    """


def workspace_ladder(state: AppState) -> Ladder:
    """The ladder in force: the workspace's ``growth: ladder:``, else the default one."""
    ws = state.open_workspace(required=False)
    return feature.ladder_of(ws.settings.section(feature.GrowthSettings).ladder_spec)


@growth.command("attributes")
@FORMAT
def attributes_cmd(fmt: str) -> None:
    """List the fourteen attributes: what each means, behaviours, prompts, evidence."""
    cat = feature.catalogue()
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
    width = max(len(a.name) for a in feature.catalogue())
    head = f"{'attribute':<{width}}  " + "  ".join(f"{lv.id:>12}" for lv in ladder.levels)
    rows = [head]
    for a in feature.catalogue():
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


def _pairs(texts: tuple[str, ...], option: str) -> dict[str, list[str]]:
    """``ATTRIBUTE=TEXT`` options by attribute id (repeatable per attribute)."""
    out: dict[str, list[str]] = {}
    for text in texts:
        name, sep, value = text.partition("=")
        if not sep:
            raise InputError(f"{option} {text!r}: write ATTRIBUTE=TEXT")
        out.setdefault(feature.catalogue().find(name, field=option).id, []).append(value.strip())
    return out


@growth.command("assess")
@click.argument("person")
@click.option(
    "--rater",
    "kind",
    type=click.Choice([r.value for r in Rater]),
    required=True,
    help="Who rates: the person (self), their manager, or a peer.",
)
@click.option(
    "--rating",
    "ratings",
    multiple=True,
    required=True,
    metavar="ATTRIBUTE=1..5",
    help="A rating (repeatable; id or name).",
)
@click.option("--evidence", multiple=True, metavar="ATTRIBUTE=TEXT", help="Evidence for a rating.")
@click.option("--link", multiple=True, metavar="ATTRIBUTE=URL", help="A link for a rating.")
@click.option("--on", "assessed_on", type=DATE, help="The assessment's date (default: today).")
@recorded_change
def assess_cmd(
    state: AppState,
    /,
    person: str,
    kind: str,
    ratings: tuple[str, ...],
    evidence: tuple[str, ...],
    link: tuple[str, ...],
    assessed_on: date | None,
    by: str,
    at: datetime,
    fmt: str,
) -> None:
    """Rate PERSON's attributes (1-5) as yourself, their manager or a peer. The expectations
    of their level today are frozen into the assessment."""
    values = dict(feature.parse_grade(r, field="--rating") for r in ratings)
    notes, links = _pairs(evidence, "--evidence"), _pairs(link, "--link")
    for name in set(notes) | set(links):
        if name not in values:
            raise InputError(f"--evidence/--link {name}: rate {name} with --rating first")
    given = {
        a: feature.Rating(v, "; ".join(notes.get(a, [])), tuple(links.get(a, [])))
        for a, v in values.items()
    }
    with open_growth(state) as book:
        done = book.assess(
            person, given, rater=by, kind=Rater(kind), on=assessed_on or at.date(), at=at
        )
    emit_data(
        done.to_dict(),
        fmt,
        text=f"Recorded {kind} assessment #{done.id} of {person} by {by} "
        f"({count(len(values), 'rating')})",
    )


@growth.command("assessments")
@click.argument("person")
@by_option
@FORMAT
@pass_state
def assessments_cmd(state: AppState, /, person: str, by: str | None, fmt: str) -> None:
    """PERSON's assessments that you (--by) may see, and the self-vs-manager gap over time.

    PERSON and their managers (growth.people's manager, the leader of their team in
    `backwards user`) see every assessment; anyone else only the ones they gave."""
    with open_growth(state) as book:
        found = book.assessments_of(person, viewer=resolve_by(by))
    gaps = feature.self_vs_manager(found)
    lines = [
        f"#{a.id} {a.assessed_on} {a.kind.value:<7} by {a.rater} at {a.level}: "
        + ", ".join(f"{k} {r.value} (expected {a.expected[k]})" for k, r in a.ratings.items())
        for a in found
    ] or [f"No assessments of {person} that you may see."]
    lines += [
        f"self minus manager on {g.on}: mean {g.mean:+.2f} over "
        + count(len(g.by_attribute), "attribute")
        for g in gaps
        if g.mean is not None
    ]
    data = {
        "assessments": [a.to_dict() for a in found],
        "self_vs_manager": [g.to_dict() for g in gaps],
    }
    emit_data(data, fmt, text="\n".join(lines))
