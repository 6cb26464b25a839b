"""``backwards prfaq ...``: review PR/FAQs, list and explain the rules, start a new document."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from backwards.cli.app import AppState, pass_state
from backwards.cli.output import format_option
from backwards.prfaq import PrfaqSettings

if TYPE_CHECKING:
    from backwards.findings import Finding
    from backwards.prfaq.review import Review

__all__ = ["prfaq"]

PROFILE_NAMES = ("product", "internal-initiative", "dev-tool", "rfc")


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


def _github_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def _github(findings: Sequence[Finding]) -> str:
    level = {"error": "error", "warning": "warning", "info": "notice"}
    lines = []
    for f in findings:
        props = [f"file={_github_escape(f.file or '', prop=True)}"]
        if f.line:
            props.append(f"line={f.line}")
        if f.column:
            props.append(f"col={f.column}")
        if f.end_line:
            props.append(f"endLine={f.end_line}")
        props.append("title=" + _github_escape(f"{f.code} {f.name}", prop=True))
        msg = f.message + (f" Suggestion: {f.suggestion}" if f.suggestion else "")
        lines.append(f"::{level[f.severity.value]} {','.join(props)}::{_github_escape(msg)}")
    return "\n".join(lines)


def _verdict_text(review: Review, new: Sequence[Finding], color: bool) -> str:
    from backwards.prfaq.review import catalogue

    colours = {"ready": "green", "needs work": "yellow", "not ready": "red"}
    v = review.verdict
    head = click.style(v.overall, fg=colours[v.overall], bold=True) if color else v.overall
    out = [f"{review.path}: {head} (score {v.score}/100, {review.words} words)"]
    for part in v.parts:
        status = part.status
        shown = click.style(status, fg=colours[status]) if color else status
        codes = sorted({f.code for f in part.findings})
        tail = f"  {', '.join(codes)}" if codes else ""
        out.append(f"  {part.label:<29} {shown}{tail}")
    rules = {r.code: r for r in catalogue()}
    worth = sorted({f.code for f in new if f.severity.rank >= 1})
    if worth:
        out.append("  Why it matters:")
        for code in worth:
            r = rules[code]
            out.append(f"    {code} {r.name}: {r.why}")
    if review.suppressed:
        out.append(f"  ({review.suppressed} finding(s) suppressed inline)")
    return "\n".join(out)


@prfaq.command("review")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@format_option(
    ("text", "json", "sarif", "github"),
    help="text for people, json for scripts, sarif for code scanning, github for annotations.",
)
@click.option(
    "--profile",
    type=click.Choice(PROFILE_NAMES),
    help="Review profile (default: prfaq.profile in backwards.yaml, else product).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default="error",
    show_default=True,
    help="Exit 1 when a finding is at or above this severity.",
)
@click.option(
    "--select",
    multiple=True,
    metavar="RULES",
    help="Only these rules (codes, names or groups; repeat or comma-separate).",
)
@click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rules.")
@click.option(
    "--baseline",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Findings recorded in this baseline file do not fail the review.",
)
@click.option(
    "--write-baseline",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Record every current finding in this file (then exit 0).",
)
@click.option(
    "--as-of",
    type=click.DateTime(["%Y-%m-%d"]),
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
    as_of: dt.datetime | None,
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
    from backwards.errors import ConfigError
    from backwards.findings import Severity, format_json, format_text
    from backwards.prfaq.baseline import load_baseline
    from backwards.prfaq.baseline import write_baseline as save_baseline
    from backwards.prfaq.review import plan
    from backwards.prfaq.sarif import to_sarif
    from backwards.prfaq.source import expand

    ws = state.open_workspace(required=False)
    conf = ws.settings.section(PrfaqSettings)
    files = expand(list(paths))
    kwargs: dict[str, Any] = {
        "profile": profile or conf.profile,
        "select": select or tuple(conf.select),
        "ignore": (*conf.ignore, *ignore),
        "severity": dict(conf.severity),
        "options": {k: dict(v) for k, v in conf.rules.items()},
        "today": as_of.date() if as_of else dt.date.today(),
    }
    try:
        ran = plan(**{k: v for k, v in kwargs.items() if k != "today"})
    except ConfigError as exc:
        where = f" (from the options or {ws.settings_path})" if ws.settings_path else ""
        raise ConfigError(exc.message + where, exc.findings, exc.hint) from None
    reviews = _run(files, kwargs, jobs)
    if write_baseline is not None:
        n = save_baseline(write_baseline, reviews)
        click.echo(f"Wrote {n} finding(s) to {write_baseline}", err=True)
        return
    known_file = baseline or (ws.resolve(conf.baseline) if conf.baseline else None)
    base = load_baseline(known_file) if known_file else None
    new_by_review: list[list[Finding]] = []
    known = 0
    for r in reviews:
        if base is None:
            new_by_review.append(list(r.findings))
        else:
            new, old = base.split(r)
            new_by_review.append(new)
            known += len(old)
    new_all = [f for group in new_by_review for f in group]
    color = state.color_stdout
    if fmt == "json":
        click.echo(format_json(new_all, reviews=[r.to_dict() for r in reviews], baselined=known))
    elif fmt == "sarif":
        click.echo(
            to_sarif(
                [_only(r, n) for r, n in zip(reviews, new_by_review, strict=True)],
                [r for r, _, _ in ran.rules],
            )
        )
    elif fmt == "github":
        if new_all:
            click.echo(_github(new_all))
    else:
        for r, new in zip(reviews, new_by_review, strict=True):
            if new:
                click.echo(format_text(new, color=color), color=color)
            click.echo(_verdict_text(r, new, color), color=color)
        if known:
            click.echo(f"{known} known finding(s) in the baseline were not shown.")
    threshold = Severity.parse(fail_on)
    if not exit_zero and any(f.severity >= threshold for f in new_all):
        raise click.exceptions.Exit(1)


def _only(r: Review, findings: list[Finding]) -> Review:
    from dataclasses import replace

    return replace(r, findings=findings)


def _run(files: list[Path], kwargs: dict[str, Any], jobs: int | None) -> list[Review]:
    from backwards.prfaq.review import review_paths

    if len(files) < 20 or not sys.stderr.isatty():
        return review_paths(files, jobs=jobs, **kwargs)
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("Reviewing", total=len(files))
        return review_paths(files, jobs=jobs, progress=lambda n: bar.advance(task, n), **kwargs)


@prfaq.command("rules")
@format_option(help="Output format: a table, or JSON for scripts.")
@click.option(
    "--profile",
    type=click.Choice(PROFILE_NAMES),
    default="product",
    show_default=True,
    help="Show severities and on/off as this profile sets them.",
)
def rules(fmt: str, profile: str) -> None:
    """List the rule catalogue: code, name, severity, review question and message.

    \b
    Examples:
      backwards prfaq rules
      backwards prfaq rules --profile dev-tool --format json
    """
    from backwards.prfaq.profile import get_profile
    from backwards.prfaq.review import catalogue

    prof = get_profile(profile)
    rows = []
    for r in catalogue():
        sev = prof.severity.get(r.code, r.severity)
        rows.append(
            {
                "code": r.code,
                "name": r.name,
                "group": r.group,
                "severity": sev.value,
                "enabled": r.code not in prof.disabled,
                "question": r.question,
                "message": r.message,
                "why": r.why,
                "options": dict(r.options),
            }
        )
    if fmt == "json":
        click.echo(
            json.dumps(
                {"version": 1, "profile": profile, "rules": rows}, indent=2, ensure_ascii=False
            )
        )
        return
    for row in rows:
        off = "" if row["enabled"] else "  (off in this profile)"
        click.echo(f"{row['code']}  {row['name']:<38} {row['severity']:<8} {row['message']}{off}")


@prfaq.command("explain")
@click.argument("rule")
def explain(rule: str) -> None:
    """Explain one rule (by code or name): why it matters, a bad and a good example.

    \b
    Examples:
      backwards prfaq explain C01
      backwards prfaq explain answer-not-first
    """
    from backwards.prfaq.review import catalogue
    from backwards.prfaq.rule import resolve_selection
    from backwards.prfaq.verdict import LABELS

    rules_ = catalogue()
    codes = resolve_selection([rule], rules_)
    for r in rules_:
        if r.code not in codes:
            continue
        q = LABELS.get(r.question or "", "style (never changes a sub-verdict)")
        click.echo(f"{r.code} {r.name} ({r.severity.value}) - {q}\n")
        click.echo(f"{r.message}\n")
        click.echo(f"Why: {r.why}\n")
        if r.suggestion:
            click.echo(f"Fix: {r.suggestion}\n")
        click.echo("Bad (this is flagged):\n")
        click.echo(_indent(r.fails[0]))
        click.echo("Good (this passes):\n")
        click.echo(_indent(r.passes[0]))
        if r.options:
            opts = ", ".join(f"{k}={v!r}" for k, v in r.options.items())
            click.echo(f"Options (prfaq.rules.{r.code} in backwards.yaml): {opts}\n")


def _indent(text: str) -> str:
    return (
        "\n".join(("    " + line) if line else "" for line in text.rstrip("\n").split("\n")) + "\n"
    )


@prfaq.command("new")
@click.option(
    "--profile",
    type=click.Choice(PROFILE_NAMES),
    default="product",
    show_default=True,
    help="Which template: product, internal-initiative, dev-tool or rfc.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
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
    from importlib import resources

    from backwards.atomicfile import write_atomic
    from backwards.errors import InputError

    text = (resources.files("backwards.prfaq") / "templates" / f"{profile}.md").read_text("utf-8")
    if output is None:
        click.echo(text, nl=False)
        return
    if output.exists() and not force:
        raise InputError(
            f"{output} already exists",
            hint="Pass --force to overwrite it, or choose another file with -o.",
            path=output,
        )
    write_atomic(output, text)
    click.echo(f"Wrote {output} ({profile} template). Start with the problem paragraph.", err=True)
