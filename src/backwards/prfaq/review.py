"""The review: parse a document, run the selected rules, apply suppressions, decide the verdict.

``review_text`` and ``review_path`` review one document; ``review_paths`` reviews many, using
worker processes (``jobs``) when there are enough documents to pay for them.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backwards.errors import ConfigError
from backwards.findings import Finding, Severity, sort_findings
from backwards.prfaq.document import parse
from backwards.prfaq.profile import get_profile
from backwards.prfaq.rule import Rule, resolve_selection
from backwards.prfaq.source import read_source
from backwards.prfaq.suppression import parse_suppressions
from backwards.prfaq.verdict import Verdict, decide

__all__ = ["Review", "catalogue", "review_path", "review_paths", "review_text"]


@functools.cache
def catalogue() -> tuple[Rule, ...]:
    """Every rule, one instance each (built on first use)."""
    from backwards.prfaq.rules import catalogue as build

    return build()


@dataclass(frozen=True, slots=True)
class Review:
    """The result of reviewing one document."""

    path: str
    profile: str
    findings: list[Finding]
    verdict: Verdict
    suppressed: int = 0
    words: int = 0
    lines: tuple[str, ...] = field(default=(), repr=False)

    def at_or_above(self, severity: Severity) -> list[Finding]:
        return [f for f in self.findings if f.severity >= severity]

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.path,
            "profile": self.profile,
            "words": self.words,
            "verdict": self.verdict.to_dict(),
            "findings": [f.to_dict() for f in self.findings],
            "suppressed": self.suppressed,
        }


@dataclass(frozen=True, slots=True)
class _Plan:
    profile: str
    rules: tuple[tuple[Rule, Severity, Mapping[str, Any]], ...]


def _key(token: str, rules: Sequence[Rule]) -> str:
    codes = resolve_selection([token], rules)
    if len(codes) != 1:
        raise ConfigError(
            f"{token!r} names a group; name one rule by code or name",
            hint="Run `backwards prfaq rules` to list the codes.",
        )
    return next(iter(codes))


def plan(
    profile: str = "product",
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    severity: Mapping[str, str | Severity] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> _Plan:
    """Which rules run, at which severity, with which options."""
    rules = catalogue()
    prof = get_profile(profile)
    chosen = resolve_selection(select, rules) if select else {r.code for r in rules} - prof.disabled
    chosen -= resolve_selection(ignore, rules)
    sev: dict[str, Severity] = dict(prof.severity)
    for token, value in (severity or {}).items():
        try:
            sev[_key(token, rules)] = (
                value if isinstance(value, Severity) else Severity.parse(value)
            )
        except ValueError as exc:
            raise ConfigError(f"severity for {token!r}: {exc}") from None
    opts: dict[str, dict[str, Any]] = {code: dict(o) for code, o in prof.options.items()}
    for token, values in (options or {}).items():
        code = _key(token, rules)
        rule = next(r for r in rules if r.code == code)
        for name, value in values.items():
            if name not in rule.options:
                known = ", ".join(sorted(rule.options)) or "none"
                raise ConfigError(
                    f"rule {code} ({rule.name}) has no option {name!r}",
                    hint=f"Options of {code}: {known}.",
                )
            current = opts.setdefault(code, {})
            if isinstance(value, list) and isinstance(current.get(name), list):
                current[name] = [*current[name], *value]
            else:
                current[name] = value
    planned = tuple(
        (r, sev.get(r.code, r.severity), {**r.options, **opts.get(r.code, {})})
        for r in rules
        if r.code in chosen
    )
    return _Plan(profile, planned)


def run_plan(text: str, path: str, p: _Plan, today: dt.date | None) -> Review:
    doc = parse(text, path)
    _ = doc.questions  # settles the generic-FAQ split before rules read sections
    found: list[Finding] = []
    for rule, severity, opts in p.rules:
        run_opts = {**opts, "today": today} if rule.code == "S08" else opts
        for hit in rule.check(doc, run_opts):
            found.append(
                Finding(
                    code=rule.code,
                    name=rule.name,
                    severity=severity,
                    message=hit.message or rule.message,
                    file=path,
                    line=hit.line,
                    column=hit.column,
                    end_line=hit.end_line,
                    end_column=hit.end_column,
                    suggestion=hit.suggestion,
                    section=hit.section or "other",
                    extra=dict(hit.extra),
                )
            )
    names = {r.code: r.name for r, _, _ in p.rules}
    kept, dropped = parse_suppressions(doc.lines).apply(found, names)
    kept = sort_findings(kept)
    questions = {r.code: r.questions for r, _, _ in p.rules}
    return Review(
        path, p.profile, kept, decide(kept, questions), dropped, doc.word_count, tuple(doc.lines)
    )


def review_text(
    text: str,
    *,
    path: str = "<input>",
    profile: str = "product",
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    severity: Mapping[str, str | Severity] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    today: dt.date | None = None,
) -> Review:
    """Review one document given as text. ``today`` enables the past-launch-date check."""
    return run_plan(text, path, plan(profile, select, ignore, severity, options), today)


def review_path(path: Path | str, **kwargs: Any) -> Review:
    """Review one file (Markdown or plain text); see ``review_text`` for the options."""
    return review_text(read_source(path), path=str(path), **kwargs)


def _work(args: tuple[str, str, _Plan, dt.date | None]) -> Review:
    return run_plan(*args)


def review_paths(
    paths: Sequence[Path | str],
    *,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
    **kwargs: Any,
) -> list[Review]:
    """Review many files, in ``jobs`` processes (default: the CPU count) when there are many.

    Every file is read (and checked) first, so an unreadable file stops the run before any
    work. ``progress(n)`` is called as each document is done.
    """
    p = plan(**{k: v for k, v in kwargs.items() if k != "today"})
    today = kwargs.get("today")
    texts = [(read_source(x), str(x)) for x in paths]
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(texts) < 8:
        out = []
        for t, name in texts:
            out.append(run_plan(t, name, p, today))
            if progress is not None:
                progress(1)
        return out
    import multiprocessing

    ctx = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    with ctx.Pool(min(jobs, len(texts))) as pool:
        chunk = max(1, min(16, len(texts) // (jobs * 4)))
        results = []
        for r in pool.imap(_work, [(t, name, p, today) for t, name in texts], chunksize=chunk):
            results.append(r)
            if progress is not None:
                progress(1)
        return results
