"""Measuring a launch's effect: synthetic metrics with a known step, the demo's espresso launch,
and bad input."""

from __future__ import annotations

import datetime as dt
import math
import statistics
from pathlib import Path

import pytest

from backwards.cli import run
from backwards.errors import InputError
from backwards.impact import measure_daily, measure_metric
from tests.envelope import unwrap

from .synthetic import daily_metric

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "demo"
CONFIG = DEMO / "wbr" / "wbr.yaml"
DATA = DEMO / "wbr" / "daily.csv"
ESPRESSO = dt.date(2026, 10, 13)  # the demo's new blend: conversion x 1.06 from this day


def test_a_known_step_effect_is_measured_within_two_points() -> None:
    days, values, launch = daily_metric(0, effect=0.06)
    m = measure_daily("Orders", days, values, launch)
    e = m.effect
    assert e.relative is not None and e.relative_low is not None and e.relative_high is not None
    assert abs(e.relative - 0.06) <= 0.02
    assert e.relative_low <= 0.06 <= e.relative_high
    # absolute: per week, seven times the daily change; the interval scales with it
    assert e.low < e.absolute < e.high
    assert math.isclose(e.absolute / e.relative, 7 * statistics.fmean(
        w.counterfactual / 7 for w in m.weeks for _ in range(w.days)
    ), rel_tol=1e-9)  # fmt: skip
    assert m.pre_fit is not None and m.pre_fit.control and m.pre_fit.days == 364
    assert m.placebo_runs == 20 and m.placebo_false_positive_rate is not None


def test_the_interval_covers_a_known_effect_in_most_seeds() -> None:
    covered, relative = 0, []
    for seed in range(40):
        days, values, launch = daily_metric(seed, effect=0.06)
        e = measure_daily("Orders", days, values, launch, placebos=0).effect
        assert e.relative_low is not None and e.relative_high is not None
        covered += e.relative_low <= 0.06 <= e.relative_high
        relative.append(e.relative)
    assert covered >= 34, covered
    assert abs(statistics.median(r for r in relative if r is not None) - 0.06) < 0.005


def test_with_no_effect_the_interval_covers_zero_in_85_percent_of_40_seeds() -> None:
    covered = 0
    for seed in range(40):
        days, values, launch = daily_metric(seed, effect=0.0)
        covered += measure_daily("Orders", days, values, launch, placebos=0).effect.covers(0)
    assert covered >= 34, covered


def test_without_a_year_of_history_the_fit_has_no_control() -> None:
    days, values, launch = daily_metric(3, effect=0.1, days=200, post=40)
    m = measure_daily("Orders", days, values, launch)
    assert m.pre_fit is not None and not m.pre_fit.control
    assert any("prior-year" in n for n in m.notes)
    assert m.effect.relative is not None and m.effect.relative > 0


def test_a_metric_with_zeros_uses_the_linear_model() -> None:
    days, values, launch = daily_metric(4, effect=0.0, level=1.0, noise=0.2)
    values = [round(v) for v in values]  # counts, some of them 0
    assert 0 in values
    m = measure_daily("Returns", days, values, launch, placebos=0)
    assert m.effect.low < m.effect.high


def test_the_demo_espresso_launch_lifts_orders_about_six_percent() -> None:
    m = measure_metric("Orders", CONFIG, [DATA], launch=ESPRESSO)
    e = m.effect
    assert m.additive and m.method == "its"
    assert e.relative_low is not None and e.relative_high is not None
    assert e.relative_low <= 0.06 <= e.relative_high and e.low > 0
    conversion = measure_metric("Conversion", CONFIG, [DATA], launch=ESPRESSO)
    assert not conversion.additive  # a ratio: its week is not the sum of its days
    assert conversion.effect.relative_low is not None
    assert conversion.effect.relative_low <= 0.06 <= (conversion.effect.relative_high or 0)
    sessions = measure_metric("Sessions", CONFIG, [DATA], launch=ESPRESSO)
    assert sessions.effect.covers(0)  # the blend changed conversion, not traffic


def test_the_cli_prints_the_issue_s_json_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code = run(
        ["impact", "measure", str(CONFIG), "--data", str(DATA), "--metric", "Orders",
         "--launch", "2026-10-13", "--format", "json"]
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    doc = unwrap(out)
    effect = doc["effect"]
    assert effect["interval"][0] < effect["absolute"] < effect["interval"][1]
    low, high = effect["relative_interval"]
    assert low < effect["relative"] < high
    assert doc["method"] == "its"
    assert 0 <= doc["placebo_false_positive_rate"] <= 1
    assert doc["weeks"][0]["start"] == "2026-10-13"
    code = run(
        ["impact", "measure", str(CONFIG), "--data", str(DATA), "--metric", "Orders",
         "--launch", "2026-10-13", "--weeks", "2"]
    )  # fmt: skip
    out, _ = capsys.readouterr()
    assert code == 0 and "measured 2026-10-13 to 2026-10-26" in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--metric", "Ordres", "--launch", "2026-10-13"], "Did you mean 'Orders'?"),
        (["--metric", "Orders", "--launch", "2027-06-01"], "launch 2027-06-01 is outside"),
        (["--metric", "Orders", "--launch", "2026-11-20"], "--launch"),
        (["--metric", "Orders", "--launch", "2024-11-10"], "--launch"),
        (["--metric", "Orders", "--launch", "13/10/2026"], "--launch"),
        (["--metric", "Orders"], "--launch"),
        (["--launch", "2026-10-13"], "--metric"),
    ],
)
def test_bad_input_exits_2_naming_the_field(
    args: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(["impact", "measure", str(CONFIG), "--data", str(DATA), *args])
    _, err = capsys.readouterr()
    assert code == 2 and expected in err, err
    assert "Traceback" not in err


def test_the_launch_must_leave_data_on_both_sides() -> None:
    days, values, _ = daily_metric(1, days=120)
    with pytest.raises(InputError, match="outside the data"):
        measure_daily("Orders", days, values, days[10])
    with pytest.raises(InputError, match="outside the data"):
        measure_daily("Orders", days, values, days[-3])
