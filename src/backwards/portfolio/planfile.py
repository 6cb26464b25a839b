"""The plan file (YAML) to a ``Portfolio``, every problem a finding at its file:line.

The shape (``docs/portfolio.md`` has the full reference)::

    horizon_weeks: 26
    start: 2027-01-04                 # optional: the date of week 0 (default: today)
    teams: {growth: {capacity: 4}, platform: {capacity: 3}}
    bets:
      - id: saved-carts
        title: Saved carts for returning customers
        team: growth
        people: 2
        weeks: 6                      # or {p50: 6, p90: 10}
        impact: {metric: Orders, p10: 20, p50: 50, p90: 90}
        value_per_unit: 30
        probability: 0.6
        requires: [checkout-api]
        exclusive: cart-scope
        cost_of_delay: standard       # or {deadline: 2027-03-01} or {short_life: 8}

Shape errors (unknown keys with did-you-mean, wrong types, missing keys) come from
``backwards.config.validate``; the checks here add the model's own rules: a requirement cycle,
a team's capacity below a bet's people, P10 > P90 (or P50 outside them), an unknown team or
required bet, a probability outside 0..1, duplicate ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from backwards.config import (
    LocatedYaml,
    StrictModel,
    did_you_mean,
    load_yaml,
    load_yaml_text,
    validate,
)
from backwards.errors import ConfigError
from backwards.findings import Finding
from backwards.portfolio.model import Bet, Impact, Portfolio, Team, headcount
from backwards.wording import count

__all__ = ["CODES", "PlanFile", "bet_to_yaml", "parse_plan", "parse_plan_text", "read_plan"]

MAX_BETS = 5000
MAX_HORIZON = 520

#: Finding codes of the plan file's own rules (shape errors use the CFG codes).
CODES: Mapping[str, str] = {
    "PLN001": "requirement-cycle",
    "PLN002": "capacity-below-people",
    "PLN003": "impact-range",
    "PLN004": "unknown-team",
    "PLN005": "unknown-requirement",
    "PLN006": "probability-range",
    "PLN007": "duplicate-bet",
    "PLN008": "weeks-range",
    "PLN009": "too-many-bets",
}


class TeamSpec(StrictModel):
    capacity: float = Field(gt=0)


class WeeksSpec(StrictModel):
    p50: int = Field(ge=1)
    p90: int | None = Field(default=None, ge=1)


class ImpactSpec(StrictModel):
    metric: str = Field(min_length=1)
    p10: float
    p50: float
    p90: float
    relative: bool = False


class DeadlineSpec(StrictModel):
    deadline: date


class ShortLifeSpec(StrictModel):
    short_life: int = Field(ge=1)


class RiceSpec(StrictModel):
    reach: float = Field(ge=0)
    impact: float = Field(ge=0)
    confidence: float = Field(ge=0)
    effort: float = Field(gt=0)


class WsjfSpec(StrictModel):
    business_value: float = Field(ge=0)
    time_criticality: float = Field(ge=0)
    risk_reduction: float = Field(ge=0)
    job_size: float = Field(gt=0)


class BetSpec(StrictModel):
    id: str = Field(min_length=1, max_length=200)
    title: str = ""
    owner: str = ""
    team: str
    people: float = Field(gt=0)
    weeks: int | WeeksSpec
    impact: ImpactSpec
    value_per_unit: float
    probability: float
    requires: list[str] = Field(default_factory=list)
    exclusive: str | None = None
    cost_of_delay: Literal["standard"] | DeadlineSpec | ShortLifeSpec = "standard"
    rice: float | RiceSpec | None = None
    wsjf: float | WsjfSpec | None = None
    # Bookkeeping carried by `portfolio export` (not used by the planner).
    prfaq: str | None = None
    status: Literal["idea", "planned", "building", "launched", "dropped"] | None = None
    forecast_made: date | None = None
    launched: date | None = None


class PlanFile(StrictModel):
    horizon_weeks: int = Field(ge=1, le=MAX_HORIZON)
    start: date | None = None
    teams: dict[str, TeamSpec]
    bets: list[BetSpec] = Field(default_factory=list)


def read_plan(path: Path | str, *, today: date) -> Portfolio:
    """Read and check a plan file; ``ConfigError`` with every finding when it has problems."""
    return parse_plan(load_yaml(path), today=today)


def parse_plan_text(text: str, file: str, *, today: date) -> Portfolio:
    """``read_plan`` for text already in memory (``file`` names it in findings)."""
    return parse_plan(load_yaml_text(text, file), today=today)


def parse_plan(doc: LocatedYaml, *, today: date) -> Portfolio:
    """Check a parsed plan file (see the module docstring) and build the ``Portfolio``."""
    bets = doc.data.get("bets") if isinstance(doc.data, dict) else None
    if isinstance(bets, list) and len(bets) > MAX_BETS:
        finding = doc.finding(
            ("bets",),
            "PLN009",
            CODES["PLN009"],
            f"{len(bets)} bets; a plan holds at most {MAX_BETS}",
        )
        raise ConfigError(f"{doc.file} has too many bets", [finding])
    spec, findings = validate(PlanFile, doc)
    if spec is not None:
        findings.extend(_check(spec, doc))
    if findings or spec is None:
        n = len(findings)
        raise ConfigError(f"{doc.file} has {count(n, 'problem')}; nothing was planned", findings)
    return _build(spec, today, doc)


def _check(spec: PlanFile, doc: LocatedYaml) -> list[Finding]:
    out: list[Finding] = []

    def add(
        path: tuple[str | int, ...], code: str, message: str, suggestion: str | None = None
    ) -> None:
        out.append(doc.finding(path, code, CODES[code], message, suggestion=suggestion))

    seen: dict[str, int] = {}
    for i, b in enumerate(spec.bets):
        if b.id in seen:
            add(
                ("bets", i, "id"),
                "PLN007",
                f"bet id {b.id!r} is used twice (first at bet {seen[b.id] + 1})",
                "Give every bet its own id.",
            )
        seen.setdefault(b.id, i)
    teams = list(spec.teams)
    for i, b in enumerate(spec.bets):
        where: tuple[str | int, ...] = ("bets", i)
        team = spec.teams.get(b.team)
        if team is None:
            guess = did_you_mean(b.team, teams)
            add(
                (*where, "team"),
                "PLN004",
                f"bet {b.id!r}: unknown team {b.team!r}",
                f"did you mean {guess!r}?" if guess else f"teams: {', '.join(teams)}",
            )
        elif b.people > team.capacity:
            add(
                (*where, "people"),
                "PLN002",
                f"bet {b.id!r} needs {headcount(b.people)} but team {b.team!r} has a "
                f"capacity of {team.capacity:g}",
                "Lower the bet's people or raise the team's capacity.",
            )
        imp = b.impact
        if imp.p10 > imp.p90:
            add(
                (*where, "impact", "p10"),
                "PLN003",
                f"bet {b.id!r}: impact P10 ({imp.p10:g}) is above P90 ({imp.p90:g})",
                "P10 is the low end of the range: swap the two values.",
            )
        elif not imp.p10 <= imp.p50 <= imp.p90:
            add(
                (*where, "impact", "p50"),
                "PLN003",
                f"bet {b.id!r}: impact P50 ({imp.p50:g}) is outside its P10-P90 "
                f"({imp.p10:g} to {imp.p90:g})",
                "Put P50 between P10 and P90.",
            )
        if not 0.0 <= b.probability <= 1.0:
            add(
                (*where, "probability"),
                "PLN006",
                f"bet {b.id!r}: probability {b.probability:g} is outside 0..1",
                "Write the chance of success as a fraction: 0.6 for 60 %.",
            )
        if isinstance(b.weeks, WeeksSpec) and b.weeks.p90 is not None and b.weeks.p90 < b.weeks.p50:
            add(
                (*where, "weeks", "p90"),
                "PLN008",
                f"bet {b.id!r}: weeks P90 ({b.weeks.p90}) is below P50 ({b.weeks.p50})",
                "P90 is the pessimistic duration: at least P50.",
            )
        for k, req in enumerate(b.requires):
            if req not in seen:
                guess = did_you_mean(req, list(seen))
                add(
                    (*where, "requires", k),
                    "PLN005",
                    f"bet {b.id!r} requires unknown bet {req!r}",
                    f"did you mean {guess!r}?" if guess else "List it in bets.",
                )
    out.extend(_cycles(spec, doc))
    return out


def _cycles(spec: PlanFile, doc: LocatedYaml) -> list[Finding]:
    """One finding per requirement cycle, at the first bet of the cycle in file order."""
    position = {b.id: i for i, b in reversed(list(enumerate(spec.bets)))}
    graph = {b.id: [r for r in b.requires if r in position] for b in spec.bets}
    state: dict[str, int] = {}
    found: list[Finding] = []
    reported: set[frozenset[str]] = set()

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt) :]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    first = min(cycle, key=lambda x: position[x])
                    k = cycle.index(first)
                    ordered = [*cycle[k:], *cycle[:k], first]
                    i = position[first]
                    found.append(
                        doc.finding(
                            ("bets", i, "requires"),
                            "PLN001",
                            CODES["PLN001"],
                            "requirements form a cycle: " + " -> ".join(ordered),
                            suggestion="A bet cannot (indirectly) require itself: remove one "
                            "of these requirements.",
                        )
                    )
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for b in spec.bets:
        if b.id not in state:
            visit(b.id, [])
    return found


def _build(spec: PlanFile, today: date, doc: LocatedYaml) -> Portfolio:
    """The portfolio to plan: launched and dropped bets are history, not planned (a
    requirement on one of them is met)."""
    teams = {name: Team(name, t.capacity) for name, t in spec.teams.items()}
    active = [b for b in spec.bets if b.status not in ("launched", "dropped")]
    ids = {b.id for b in active}
    bets = [replace(_bet(b), requires=tuple(r for r in b.requires if r in ids)) for b in active]
    locations = {}
    for i, b in enumerate(spec.bets):
        loc = doc.locate(("bets", i, "impact", "metric"))
        locations[b.id] = (doc.file, loc.line if loc else None)
    return Portfolio(spec.horizon_weeks, teams, bets, spec.start or today, locations)


def _bet(b: BetSpec) -> Bet:
    if isinstance(b.weeks, WeeksSpec):
        weeks, weeks_p90 = b.weeks.p50, b.weeks.p90
    else:
        weeks, weeks_p90 = b.weeks, None
    spec = b.cost_of_delay
    fields = {
        "id": b.id,
        "title": b.title or b.id,
        "team": b.team,
        "owner": b.owner,
        "people": b.people,
        "weeks": weeks,
        "weeks_p90": weeks_p90,
        "requires": b.requires,
        "exclusive": b.exclusive,
        "deadline": spec.deadline if isinstance(spec, DeadlineSpec) else None,
        "life_weeks": spec.short_life if isinstance(spec, ShortLifeSpec) else None,
        "rice": _rice(b.rice),
        "wsjf": _wsjf(b.wsjf),
    }
    i = b.impact
    impact = Impact(i.metric, i.p10, i.p50, i.p90, i.relative)
    return Bet.from_fields(fields, impact, b.value_per_unit, b.probability)


def _rice(value: float | RiceSpec | None) -> float | None:
    """The RICE score: given, or reach x impact x confidence / effort."""
    if isinstance(value, RiceSpec):
        return value.reach * value.impact * value.confidence / value.effort
    return value


def _wsjf(value: float | WsjfSpec | None) -> float | None:
    """The WSJF score: given, or (value + time criticality + risk reduction) / job size."""
    if isinstance(value, WsjfSpec):
        v = value
        return (v.business_value + v.time_criticality + v.risk_reduction) / v.job_size
    return value


def bet_to_yaml(bet: Bet) -> dict[str, Any]:
    """One bet in the plan file's shape (for export)."""
    data: dict[str, Any] = {"id": bet.id, "title": bet.title}
    if bet.owner:
        data["owner"] = bet.owner
    data["team"] = bet.team
    data["people"] = bet.people
    data["weeks"] = bet.weeks if bet.weeks_p90 is None else {"p50": bet.weeks, "p90": bet.weeks_p90}
    i = bet.impact
    data["impact"] = {"metric": i.metric, "p10": i.p10, "p50": i.p50, "p90": i.p90}
    if i.relative:
        data["impact"]["relative"] = True
    data["value_per_unit"] = bet.value_per_unit
    data["probability"] = bet.probability
    if bet.requires:
        data["requires"] = list(bet.requires)
    if bet.exclusive is not None:
        data["exclusive"] = bet.exclusive
    data["cost_of_delay"] = bet.cost_of_delay.to_yaml()
    if bet.rice is not None:
        data["rice"] = bet.rice.score
    if bet.wsjf is not None:
        data["wsjf"] = bet.wsjf.score
    return data
