"""The plan file: the issue's example reads; every bad input is a finding at its file:line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from backwards.errors import ConfigError
from backwards.portfolio.model import Delay
from backwards.portfolio.planfile import read_plan

TODAY = date(2027, 1, 4)

GOOD = """\
horizon_weeks: 26
teams: {growth: {capacity: 4}, platform: {capacity: 3}}
bets:
  - id: checkout-api
    title: Checkout API
    team: platform
    people: 2
    weeks: 4
    impact: {metric: Orders, p10: 0, p50: 5, p90: 10}
    value_per_unit: 30
    probability: 0.9
  - id: saved-carts
    title: Saved carts for returning customers
    team: growth
    people: 2
    weeks: {p50: 6, p90: 10}
    impact: {metric: Orders, p10: 20, p50: 50, p90: 90}   # change per week, metric units
    value_per_unit: 30
    probability: 0.6
    requires: [checkout-api]      # optional
    exclusive: cart-scope         # optional: MVP vs full scope
    cost_of_delay: standard       # or {deadline: 2027-03-01} or {short_life: 8}
  - id: saved-carts-mvp
    team: growth
    people: 1
    weeks: 3
    impact: {metric: Orders, p10: 5, p50: 10, p90: 20}
    value_per_unit: 30
    probability: 0.7
    exclusive: cart-scope
    cost_of_delay: {deadline: 2027-03-01}
    rice: {reach: 100, impact: 2, confidence: 0.5, effort: 2}
    wsjf: 4.5
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_issue_example_reads(tmp_path: Path) -> None:
    p = read_plan(write(tmp_path, GOOD), today=TODAY)
    assert p.horizon == 26 and p.start == TODAY
    assert p.teams["growth"].capacity == 4
    carts = p.bet("saved-carts")
    assert (carts.weeks, carts.weeks_p90) == (6, 10)
    assert carts.impact.mean == pytest.approx(0.3 * 20 + 0.4 * 50 + 0.3 * 90)
    assert carts.weekly_value == pytest.approx(0.6 * 53 * 30)
    assert carts.requires == ("checkout-api",) and carts.exclusive == "cart-scope"
    mvp = p.bet("saved-carts-mvp")
    assert mvp.title == "saved-carts-mvp"
    assert mvp.cost_of_delay.kind is Delay.DEADLINE
    assert mvp.cost_of_delay.deadline == date(2027, 3, 1)
    assert mvp.rice is not None and mvp.rice.score == pytest.approx(100 * 2 * 0.5 / 2)
    assert mvp.wsjf is not None and mvp.wsjf.score == 4.5


def problems(tmp_path: Path, text: str) -> list[tuple[str, int | None, str]]:
    with pytest.raises(ConfigError) as info:
        read_plan(write(tmp_path, text), today=TODAY)
    assert "nothing was planned" in info.value.message or info.value.findings
    return [(f.code, f.line, f.message) for f in info.value.findings]


def line_of(text: str, needle: str, nth: int = 1) -> int:
    hits = [i + 1 for i, line in enumerate(text.splitlines()) if needle in line]
    return hits[nth - 1]


@pytest.mark.parametrize(
    ("old", "new", "code", "needle"),
    [
        ("people: 2\n    weeks: 4", "people: 5\n    weeks: 4", "PLN002", "people: 5"),
        ("p10: 20, p50: 50, p90: 90", "p10: 95, p50: 50, p90: 90", "PLN003", "p10: 95"),
        ("p10: 20, p50: 50, p90: 90", "p10: 20, p50: 99, p90: 90", "PLN003", "p50: 99"),
        ("team: platform", "team: platfrom", "PLN004", "platfrom"),
        ("requires: [checkout-api]", "requires: [checkout-apj]", "PLN005", "checkout-apj"),
        ("probability: 0.6", "probability: 60", "PLN006", "probability: 60"),
        ("p50: 6, p90: 10", "p50: 6, p90: 4", "PLN008", "p90: 4"),
        ("id: saved-carts-mvp", "id: saved-carts", "PLN007", "id: saved-carts\n"),
        ("value_per_unit: 30\n    probability: 0.9", "value_per_units: 30", "CFG002", "units"),
    ],
)
def test_bad_input_is_located(tmp_path: Path, old: str, new: str, code: str, needle: str) -> None:
    text = GOOD.replace(old, new, 1)
    assert text != GOOD
    found = problems(tmp_path, text)
    codes = [c for c, _, _ in found]
    assert code in codes, found
    line = next(li for c, li, _ in found if c == code)
    if needle.endswith("\n"):
        assert line == line_of(text, needle.strip(), 2)
    else:
        assert line == line_of(text, needle)


def test_unknown_team_suggests_the_nearest(tmp_path: Path) -> None:
    found = problems(tmp_path, GOOD.replace("team: platform", "team: platfrom", 1))
    assert any("platfrom" in m for _, _, m in found)
    with pytest.raises(ConfigError) as info:
        read_plan(write(tmp_path, GOOD.replace("team: platform", "team: platfrom", 1)), today=TODAY)
    assert info.value.findings[0].suggestion == "did you mean 'platform'?"


def test_a_requirement_cycle_is_found_once_at_its_first_bet(tmp_path: Path) -> None:
    text = GOOD.replace(
        "    value_per_unit: 30\n    probability: 0.9\n",
        "    value_per_unit: 30\n    probability: 0.9\n    requires: [saved-carts-mvp]\n",
        1,
    ).replace("exclusive: cart-scope\n    cost_of_delay: {deadline", "requires: [saved-carts]\n"
              "    exclusive: cart-scope\n    cost_of_delay: {deadline", 1)  # fmt: skip
    found = problems(tmp_path, text)
    cycles = [(li, m) for c, li, m in found if c == "PLN001"]
    assert len(cycles) == 1
    line, message = cycles[0]
    assert line == line_of(text, "requires: [saved-carts-mvp]")
    assert message.endswith("checkout-api -> saved-carts-mvp -> saved-carts -> checkout-api"), (
        message
    )


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = GOOD.replace("probability: 0.6", "probability: -1").replace(
        "team: platform", "team: nobody"
    )
    codes = {c for c, _, _ in problems(tmp_path, text)}
    assert {"PLN006", "PLN004"} <= codes


def test_not_yaml_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        read_plan(write(tmp_path, "bets: [\n"), today=TODAY)
    assert info.value.findings[0].code == "CFG001"
    with pytest.raises(ConfigError):
        read_plan(tmp_path / "missing.yaml", today=TODAY)
