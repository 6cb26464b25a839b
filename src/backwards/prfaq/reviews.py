"""The front door: review PR/FAQ files with a workspace's settings, a baseline and an output format.

``review(path)`` reviews one file and returns its ``Review``; ``review_many(paths)`` reviews files
and folders and returns ``Reviews``: every review, the findings that are new against the baseline,
and the output formats (``text``, ``json``, ``sarif``, ``github``). Both take the settings from
``workspace`` (its ``prfaq:`` section) or ``settings``; ``profile``, ``select`` and ``ignore``
override them (``select`` replaces the configured selection, ``ignore`` adds to it).

::

    from backwards import prfaq
    run = prfaq.review_many(["docs/"], profile="dev-tool")
    print(run.render("text"))
    failed = run.fails("error")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from backwards.errors import ConfigError, InputError
from backwards.findings import Finding, Severity, format_json
from backwards.prfaq.baseline import load_baseline, write_baseline
from backwards.prfaq.engine import Review, run_paths
from backwards.prfaq.formats import FORMATS
from backwards.prfaq.github import to_github
from backwards.prfaq.plan import RulePlan, plan
from backwards.prfaq.sarif import to_sarif
from backwards.prfaq.settings import PrfaqSettings
from backwards.prfaq.source import find_documents
from backwards.prfaq.text import format_reviews
from backwards.workspace import Workspace

__all__ = ["FORMATS", "Reviews", "review", "review_many", "rule_plan"]

#: The output formats of ``Reviews.render``.


@dataclass(frozen=True, slots=True)
class Reviews:
    """Reviews of many files: each ``Review``, and its findings that are not in the baseline."""

    reviews: tuple[Review, ...]
    new: tuple[tuple[Finding, ...], ...]  # per review, the findings the baseline does not know
    known: int  # findings hidden because the baseline knows them
    plan: RulePlan

    @property
    def findings(self) -> list[Finding]:
        """Every new finding, file by file."""
        return [f for group in self.new for f in group]

    def fails(self, threshold: Severity | str) -> bool:
        """True when a new finding is at or above ``threshold``."""
        level = threshold if isinstance(threshold, Severity) else Severity.parse(threshold)
        return any(f.severity >= level for f in self.findings)

    def to_text(self, *, color: bool = False) -> str:
        return format_reviews(self.reviews, self.new, self.known, color=color)

    def to_json(self) -> str:
        reviews = [r.to_dict() for r in self.reviews]
        return format_json(self.findings, reviews=reviews, baselined=self.known)

    def to_sarif(self) -> str:
        shown = [replace(r, findings=list(n)) for r, n in zip(self.reviews, self.new, strict=True)]
        return to_sarif(shown, self.plan.catalogue)

    def to_github(self) -> str:
        return to_github(self.findings)

    def render(self, fmt: str, *, color: bool = False) -> str:
        """The run in one of ``FORMATS`` ("" when there is nothing to print)."""
        if fmt == "text":
            return self.to_text(color=color)
        renderers: dict[str, Callable[[], str]] = {
            "json": self.to_json,
            "sarif": self.to_sarif,
            "github": self.to_github,
        }
        if fmt not in renderers:
            raise InputError(
                f"unknown output format {fmt!r}", hint=f"Choose one of: {', '.join(FORMATS)}."
            )
        return renderers[fmt]()

    def write_baseline(self, path: Path | str) -> int:
        """Record every finding of every review in ``path`` (atomically); returns how many."""
        return write_baseline(path, self.reviews)


def _settings(workspace: Workspace | None, settings: PrfaqSettings | None) -> PrfaqSettings:
    if settings is not None:
        return settings
    return workspace.settings.section(PrfaqSettings) if workspace is not None else PrfaqSettings()


def rule_plan(
    *,
    workspace: Workspace | None = None,
    settings: PrfaqSettings | None = None,
    profile: str | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> RulePlan:
    """The rules a review runs: the settings' plan with ``profile``/``select``/``ignore`` on top.

    A setting that names no rule (or an option a rule does not have) is a ``ConfigError`` that
    says where the settings came from.
    """
    conf = _settings(workspace, settings)
    try:
        return plan(
            profile or conf.profile,
            select or tuple(conf.select),
            (*conf.ignore, *ignore),
            dict(conf.severity),
            {k: dict(v) for k, v in conf.rules.items()},
        )
    except ConfigError as exc:
        path = workspace.settings_path if workspace is not None and settings is None else None
        where = f" (from the options or {path})" if path else ""
        raise ConfigError(exc.message + where, exc.findings, exc.hint) from None


def review(
    path: Path | str,
    *,
    workspace: Workspace | None = None,
    settings: PrfaqSettings | None = None,
    profile: str | None = None,
    today: dt.date | None = None,
) -> Review:
    """Review one PR/FAQ file (Markdown or plain text). ``today`` enables the launch-date check."""
    ran = rule_plan(workspace=workspace, settings=settings, profile=profile)
    return run_paths([path], ran, today=today, jobs=1)[0]


def _baseline_file(
    baseline: Path | str | bool, workspace: Workspace | None, conf: PrfaqSettings
) -> Path | None:
    if baseline is False:
        return None
    if baseline is not True:
        return Path(baseline)
    if conf.baseline is None:
        return None
    return workspace.resolve(conf.baseline) if workspace is not None else Path(conf.baseline)


def review_many(
    paths: Sequence[Path | str],
    *,
    workspace: Workspace | None = None,
    settings: PrfaqSettings | None = None,
    profile: str | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    baseline: Path | str | bool = True,
    today: dt.date | None = None,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> Reviews:
    """Review files and folders (searched for .md and .txt files).

    ``baseline``: True uses the settings' baseline file if there is one, False none, a path that
    file; findings it records are counted in ``known``, not in ``new``. ``jobs`` worker
    processes share many files (default: the CPU count); ``progress(n)`` is called as each
    document is done. Every file is read before any is reviewed.
    """
    files = find_documents(paths)
    ran = rule_plan(
        workspace=workspace, settings=settings, profile=profile, select=select, ignore=ignore
    )
    reviews = tuple(run_paths(files, ran, today=today, jobs=jobs, progress=progress))
    known_file = _baseline_file(baseline, workspace, _settings(workspace, settings))
    if known_file is None:
        return Reviews(reviews, tuple(tuple(r.findings) for r in reviews), 0, ran)
    base = load_baseline(known_file)
    splits = [base.split(r) for r in reviews]
    new = tuple(tuple(n) for n, _ in splits)
    return Reviews(reviews, new, sum(len(old) for _, old in splits), ran)
