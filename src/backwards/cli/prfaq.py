"""``backwards prfaq ...``: review PR/FAQs, list and explain the rules, start a new document.

Each command parses its arguments, calls the PR/FAQ front door (``backwards.prfaq``) and prints.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from backwards import impact
from backwards import prfaq as front
from backwards.cli.app import AppState, pass_state
from backwards.cli.output import envelope, fail_on_option, format_option
from backwards.cli.params import DATE, FILE
from backwards.cli.progress import progress_bar
from backwards.findings import Severity, format_text
from backwards.wording import count

if TYPE_CHECKING:
    pass

__all__ = ["prfaq"]

F = TypeVar("F", bound=Callable[..., Any])


@click.group()
def prfaq() -> None:
    """Review PR/FAQ documents: problem first, customer named, internal FAQ covered.

    \b
    Examples:
      backwards prfaq review prfaq.md
      backwards prfaq review docs/ --format sarif > prfaq.sarif
      backwards prfaq explain C01
      backwards prfaq new -o prfaq.md
    """


def _complete_rules(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[click.shell_completion.CompletionItem]:
    """Shell completion of rule codes and names (and, for --select/--ignore, groups), completing
    the last item of a comma-separated list."""
    head, _, last = incomplete.rpartition(",")
    prefix = f"{head}," if head else ""
    items = [(r.code, r.name) for r in front.RULES] + [(r.name, r.code) for r in front.RULES]
    if isinstance(param, click.Option):
        items += [(name, "group") for name in sorted({r.group for r in front.RULES})]
    return [
        click.shell_completion.CompletionItem(prefix + value, help=help_text)
        for value, help_text in items
        if value.lower().startswith(last.lower())
    ]


def _rules_option(flag: str, help_text: str) -> Callable[[F], F]:
    """A repeatable option that names rules (codes, names or groups), completed in the shell."""
    return click.option(
        flag, multiple=True, metavar="RULES", shell_complete=_complete_rules, help=help_text
    )


@prfaq.command("review")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@format_option(
    front.FORMATS,
    help="text for people, json for scripts, sarif for code scanning, github for annotations.",
)
@click.option(
    "--profile",
    type=click.Choice(front.PROFILE_NAMES),
    help="Review profile (default: prfaq.profile in backwards.yaml, else product).",
)
@fail_on_option
@_rules_option("--select", "Only these rules (codes, names or groups; repeat or comma-separate).")
@_rules_option("--ignore", "Skip these rules.")
@click.option(
    "--baseline",
    type=FILE,
    help="Findings recorded in this baseline file do not fail the review.",
)
@click.option(
    "--write-baseline",
    type=FILE,
    help="Record every current finding in this file (then exit 0).",
)
@click.option(
    "--as-of",
    type=DATE,
    help="Judge launch dates as of this day (default: today).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    help="Worker processes for many files (default: the CPU count).",
)
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Exit 0 even when there are findings (advisory mode); 2 still means it could not run.",
)
@pass_state
def review(
    state: AppState,
    paths: tuple[Path, ...],
    fmt: str,
    profile: str | None,
    fail_on: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    baseline: Path | None,
    write_baseline: Path | None,
    as_of: dt.date | None,
    jobs: int | None,
    exit_zero: bool,
) -> None:
    """Review PR/FAQ files (Markdown or plain text; folders are searched for .md/.txt).

    Prints each finding with file:line:column, then the verdict on the three review questions
    (big idea, should we, plan to succeed) and why the findings matter.

    Exit codes: 0 no findings at or above --fail-on, 1 some, 2 could not run.

    \b
    Examples:
      backwards prfaq review prfaq.md
      backwards prfaq review prfaq.md --profile dev-tool --fail-on warning
      backwards prfaq review prfaq.md --ignore language --select C,I
      backwards prfaq review docs/ --format github
      backwards prfaq review prfaq.md --write-baseline .prfaq-baseline.json
      backwards prfaq review prfaq.md --baseline .prfaq-baseline.json
    """
    ws = state.open_workspace(required=False)
    files = front.find_documents(paths)
    with progress_bar("Reviewing", len(files), quiet=state.quiet, unit="files") as bar:
        run = front.review_many(
            files,
            workspace=ws,
            profile=profile,
            select=select,
            ignore=ignore,
            baseline=False if write_baseline else (baseline or True),
            today=as_of or dt.date.today(),
            jobs=jobs,
            progress=bar.advance if bar.shown else None,
        )
    if write_baseline is not None:
        n = run.write_baseline(write_baseline)
        click.echo(f"Wrote {count(n, 'finding')} to {write_baseline}", err=True)
        return
    # the join with the workspace's WBR: an impact forecast naming an unknown metric, or a P50
    # outside its own range (IMP005, IMP006), beside the document's own findings
    warnings = impact.prfaq_impact_findings(files, workspace=ws) if files else []
    out = run.render(fmt, color=state.color_stdout)
    if fmt == "json":  # the review document, in the envelope every command prints
        doc = json.loads(out) | {"impact": [f.to_dict() for f in warnings]}
        out = json.dumps(envelope(doc), indent=2, ensure_ascii=False)
    if out:
        click.echo(out, color=state.color_stdout)
    if warnings and fmt != "json":  # text on stdout; beside SARIF/GitHub output, on stderr
        text = "Impact forecasts:\n" + format_text(warnings, color=state.color_stdout)
        click.echo(text, err=fmt != "text", color=state.color_stdout)
    level = Severity.parse(fail_on)
    failing = run.fails(fail_on) or any(f.severity >= level for f in warnings)
    if not exit_zero and failing:
        raise click.exceptions.Exit(1)


def _profile_option(help_text: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """``--profile``, defaulting to the product profile."""
    return click.option(
        "--profile",
        type=click.Choice(front.PROFILE_NAMES),
        default=front.PROFILE_NAMES[0],
        show_default=True,
        help=help_text,
    )


@prfaq.command("rules")
@format_option(help="Output format: a table, or JSON for scripts.")
@_profile_option("Show severities and on/off as this profile sets them.")
def rules(fmt: str, profile: str) -> None:
    """List the rule catalogue: code, name, severity, review question and message.

    \b
    Examples:
      backwards prfaq rules
      backwards prfaq rules --profile dev-tool --format json
    """
    text = front.listing(profile, fmt)
    if fmt == "json":
        text = json.dumps(envelope(json.loads(text)), indent=2, ensure_ascii=False)
    click.echo(text)


@prfaq.command("explain")
@click.argument("rule", shell_complete=_complete_rules)
def explain(rule: str) -> None:
    """Explain one rule (by code or name): why it matters, a bad and a good example.

    \b
    Examples:
      backwards prfaq explain C01
      backwards prfaq explain answer-not-first
    """
    click.echo(front.explain(rule))


@prfaq.command("new")
@_profile_option("Which template: product, internal-initiative, dev-tool or rfc.")
@click.option(
    "-o",
    "--output",
    type=FILE,
    help="Write the template to this file (default: print it).",
)
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
def new(profile: str, output: Path | None, force: bool) -> None:
    """Start a PR/FAQ from a template that leads with the customer's problem.

    The placeholders in [brackets] are flagged by the review (S14) until you fill them in.

    \b
    Examples:
      backwards prfaq new -o prfaq.md
      backwards prfaq new --profile dev-tool -o docs/prfaq.md
    """
    if output is None:
        click.echo(front.template(profile), nl=False)
        return
    front.write_template(output, profile, force=force)
    click.echo(f"Wrote {output} ({profile} template). Start with the problem paragraph.", err=True)
