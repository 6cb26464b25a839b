"""The rule plan: which rules run, at which severity, with which options.

``plan(profile, select, ignore, severity, options)`` starts from the profile, applies the
selection and the overrides (severities and options name a rule by code or name), and returns a
``RulePlan``; a setting that names no rule, a group where one rule is needed or an option the rule
does not have is a ``ConfigError``. ``catalogue()`` is every rule, built once.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from backwards.errors import ConfigError
from backwards.findings import Severity
from backwards.prfaq import rules as catalogue_modules
from backwards.prfaq.profile import get_profile
from backwards.prfaq.rule import Rule, resolve_selection

__all__ = ["PlannedRule", "RulePlan", "catalogue", "plan"]


@functools.cache
def catalogue() -> tuple[Rule, ...]:
    """Every rule, one instance each (built on first use)."""
    return catalogue_modules.catalogue()


class PlannedRule(NamedTuple):
    """A rule as the plan runs it."""

    rule: Rule
    severity: Severity
    options: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class RulePlan:
    """The rules a review runs (in catalogue order) under the named profile."""

    profile: str
    rules: tuple[PlannedRule, ...]

    def questions(self) -> dict[str, tuple[str, ...]]:
        """Which of the three questions each planned rule informs under this plan."""
        return {p.rule.code: p.rule.questions for p in self.rules}

    @property
    def catalogue(self) -> tuple[Rule, ...]:
        """The planned rules themselves (for SARIF's rule descriptors)."""
        return tuple(p.rule for p in self.rules)


def _key(token: str, rules: Sequence[Rule]) -> str:
    codes = resolve_selection([token], rules)
    if len(codes) != 1:
        raise ConfigError(
            f"{token!r} names a group; name one rule by code or name",
            hint="Run `backwards prfaq rules` to list the codes.",
        )
    return next(iter(codes))


def _severities(
    base: Mapping[str, Severity], overrides: Mapping[str, str | Severity], rules: Sequence[Rule]
) -> dict[str, Severity]:
    sev = dict(base)
    for token, value in overrides.items():
        try:
            sev[_key(token, rules)] = (
                value if isinstance(value, Severity) else Severity.parse(value)
            )
        except ValueError as exc:
            raise ConfigError(f"severity for {token!r}: {exc}") from None
    return sev


def _options(
    base: Mapping[str, Mapping[str, Any]],
    overrides: Mapping[str, Mapping[str, Any]],
    rules: Sequence[Rule],
) -> dict[str, dict[str, Any]]:
    opts: dict[str, dict[str, Any]] = {code: dict(o) for code, o in base.items()}
    for token, values in overrides.items():
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
    return opts


def plan(
    profile: str = "product",
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    severity: Mapping[str, str | Severity] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> RulePlan:
    """Which rules run, at which severity, with which options."""
    rules = catalogue()
    prof = get_profile(profile)
    chosen = resolve_selection(select, rules) if select else {r.code for r in rules} - prof.disabled
    chosen -= resolve_selection(ignore, rules)
    sev = _severities(prof.severity, severity or {}, rules)
    opts = _options(prof.options, options or {}, rules)
    planned = tuple(
        PlannedRule(r, sev.get(r.code, r.severity), {**r.options, **opts.get(r.code, {})})
        for r in rules
        if r.code in chosen
    )
    return RulePlan(profile, planned)
