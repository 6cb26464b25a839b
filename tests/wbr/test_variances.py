"""The "Needs explanation" list: owner, good_direction, target and variance_threshold."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.wbr.conftest import Case

WE = dt.date(2021, 9, 25)

CONFIG = """\
setup:
  week_ending: 25-SEP-2021
  week_number: 38
  title: T
metrics:
  Orders:
    column: orders
    aggf: sum
    owner: Ana
    good_direction: up
    target: OrdersTarget
    variance_threshold: {wow: 10, yoy: 5, target: 3}
  OrdersTarget:
    column: target
    aggf: sum
  Latency:
    column: latency
    aggf: mean
    owner: Bo
    good_direction: down
    target: 100
    variance_threshold: {wow: "20%", target: 50}
  Conversion:
    column: conv
    aggf: mean
    metric_comparison_method: bps
    variance_threshold: {wow: 50bps}
  Quiet:
    column: orders
    aggf: sum
deck:
  - block:
      ui_type: section
      title: S
"""


def test_thresholds_crossed(case: Case) -> None:
    last = WE - dt.timedelta(days=7)
    case.data(
        dt.date(2020, 6, 1),
        WE,
        {
            "orders": lambda d: 12 if d > last else 10,  # WOW +20 %, YOY +20 %
            "target": lambda d: 11,  # vs target +9.1 %
            "latency": lambda d: 130 if d > last else 120,  # WOW +8.3 % (< 20), vs 100: +30 %
            "conv": lambda d: 0.0560 if d > last else 0.0500,  # +60 bps
        },
    )
    case.config(CONFIG)
    items = case.deck().needs_explanation
    got = {(v.metric, v.basis): v for v in items}
    assert set(got) == {
        ("Orders", "wow"),
        ("Orders", "yoy"),
        ("Orders", "target"),
        ("Conversion", "wow"),
    }
    wow = got[("Orders", "wow")]
    assert (wow.owner, wow.current, wow.reference) == ("Ana", 84.0, 70.0)
    assert wow.change == pytest.approx(20.0)
    assert (wow.direction, wow.assessment, wow.unit, wow.threshold) == ("up", "good", "%", 10.0)
    assert got[("Orders", "target")].change == pytest.approx((84 / 77 - 1) * 100)
    conv = got[("Conversion", "wow")]
    assert conv.unit == "bps" and conv.change == pytest.approx(60.0)  # 0.006 x 10 000
    assert conv.assessment == "neutral"
    # latency: +30 % vs its target 100 is under the 50 % limit, +8 % WOW under 20 %
    assert not any(v.metric == "Latency" for v in items)


def test_bad_first(case: Case) -> None:
    last = WE - dt.timedelta(days=7)
    case.data(
        dt.date(2020, 6, 1),
        WE,
        {
            "orders": lambda d: 12 if d > last else 10,
            "target": lambda d: 12,
            "latency": lambda d: 200 if d > last else 120,  # +67 % WOW, +100 % vs target: bad
            "conv": lambda d: 0.05,
        },
    )
    case.config(CONFIG)
    items = case.deck().needs_explanation
    assert [(v.metric, v.basis, v.assessment) for v in items] == [
        ("Latency", "wow", "bad"),  # 3.3 x its limit
        ("Latency", "target", "bad"),  # 2 x its limit
        ("Orders", "yoy", "good"),  # +20 % is 4 x the 5 % limit
        ("Orders", "wow", "good"),  # 2 x the 10 % limit
    ]
