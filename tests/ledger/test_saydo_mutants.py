"""Tests that kill the mutants `make mutation` found alive in ``ledger/measures/saydo.py``.

The dictionary the trust report and ``--format json`` read is pinned key by key, written out
by hand. See docs/testing.md, "Mutation testing".
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest
from scipy import stats

from backwards.ledger.measures.commitment_frame import CommitmentFrame
from backwards.ledger.measures.rates import Rate
from backwards.ledger.measures.saydo import (
    SayDo,
    SayDoPolicy,
    in_period,
    notice_lead_days,
    say_do,
)

COUNTS = ("due", "met_on_time", "met_any_time", "delivered", "misses", "surprises")
# Each rate field of SayDo and the key it has in the dictionary, by hand.
RATES = (
    ("by_count", "say_do"),
    ("weighted", "weighted_say_do"),
    ("trust_weighted", "trust_weighted_say_do"),
    ("completion", "completion_rate"),
    ("on_time", "on_time_rate"),
    ("surprise_miss", "surprise_miss_rate"),
    ("aspirational", "aspirational"),
    ("shrunk", "say_do_shrunk"),
)


def one_rate(k: float) -> Rate:
    """A distinct rate per field, so a key swapped for another shows."""
    return Rate(k, 10.0, k / 10, 0.0, 1.0, "wilson", 0.95, 10)


def rate_dict(k: float) -> dict[str, object]:
    keys = ("successes", "total", "count", "estimate", "low", "high", "method", "confidence")
    return dict(zip(keys, (k, 10.0, 10, k / 10, 0.0, 1.0, "wilson", 0.95), strict=True))


def test_to_dict_names_every_field() -> None:
    counts = dict(zip(COUNTS, (10, 7, 8, 9, 2, 1), strict=True))
    rates = {field: one_rate(i) for i, (field, _) in enumerate(RATES, 1)}
    s = SayDo(**counts, renegotiated_early=3, revised=5, notice_lead_median=4.5, **rates)
    assert s.to_dict() == {
        **counts,
        "renegotiated_early": 3,
        "revised": 5,
        "notice_lead_median_business_days": 4.5,
        **{key: rate_dict(i) for i, (_, key) in enumerate(RATES, 1)},
    }


def test_the_policy_refuses_bad_knobs_by_name() -> None:
    assert SayDoPolicy(alpha=0.0).alpha == 0.0 and SayDoPolicy(alpha=1.0).alpha == 1.0
    for kwargs, message in (
        ({"grace_days": -1}, "grace_days must not be negative"),
        ({"alpha": -0.1}, "alpha must be between 0 and 1"),
        ({"alpha": 1.1}, "alpha must be between 0 and 1"),
        ({"half_life_days": 0}, "half_life_days must be positive"),
    ):
        with pytest.raises(ValueError) as caught:
            SayDoPolicy(**kwargs)
        assert str(caught.value) == message


# -- ledgers built for one condition each (March 2026: Mondays are the 2nd, 9th, 16th, 23rd
# and 30th; today is Tuesday the 31st). Every expected value is worked out by hand. ----------

TODAY = date(2026, 3, 31)


def march(day: int) -> date:
    return date(2026, 3, day)


def with_holidays(frame: CommitmentFrame, *days: int) -> CommitmentFrame:
    return replace(frame, holidays=np.array([march(d) for d in days], dtype="datetime64[D]"))


def revised_and_met(*, due: int, revised_on: int, revised_to: int, met_on: int) -> CommitmentFrame:
    """One commitment due on March ``due``, revised on ``revised_on`` to ``revised_to``, met."""
    return CommitmentFrame.build(
        due=[march(due)],
        outcome=["met"],
        resolved=[march(met_on)],
        latest_due=[march(revised_to)],
        first_revision=[march(revised_on)],
    )


def test_half_lives_shorter_than_two_days_are_allowed() -> None:
    assert SayDoPolicy(half_life_days=0.5).half_life_days == 0.5
    assert SayDoPolicy(half_life_days=1).half_life_days == 1


def test_an_open_item_counts_the_first_business_day_after_its_due_date() -> None:
    # Due Monday the 30th, open on Tuesday: 1 business day past due > no grace.
    frame = CommitmentFrame.build(due=[march(30)], outcome=["open"])
    assert in_period(frame, TODAY).tolist() == [True]
    assert in_period(frame, TODAY, grace_days=1).tolist() == [False]


def test_the_period_starts_on_since_and_ends_today() -> None:
    # Due on since (in), due after today though already met (out), due before since (out).
    frame = CommitmentFrame.build(
        due=[march(16), date(2026, 4, 6), march(13)],
        outcome=["met", "met", "met"],
        resolved=[march(16), march(20), march(13)],
    )
    assert in_period(frame, TODAY, since=march(16)).tolist() == [True, False, False]


def test_the_grace_is_counted_in_business_days_without_holidays() -> None:
    # Due Friday the 27th, open; Monday the 30th a holiday: 1 business day past due (Friday),
    # within a grace of 1. Without the holiday: 2 (Friday, Monday), past it.
    frame = CommitmentFrame.build(due=[march(27)], outcome=["open"])
    assert in_period(frame, TODAY, grace_days=1).tolist() == [True]
    assert in_period(with_holidays(frame, 30), TODAY, grace_days=1).tolist() == [False]


def test_the_notice_lead_skips_holidays() -> None:
    # Revised Monday the 9th, due Friday the 20th: 9 business days; Friday the 13th off: 8.
    frame = CommitmentFrame.build(due=[march(20)], outcome=["open"], first_revision=[march(9)])
    assert notice_lead_days(frame).tolist() == [9]
    assert notice_lead_days(with_holidays(frame, 13)).tolist() == [8]


def test_a_resolution_after_today_is_not_known_today() -> None:
    # Due the 20th, met on 2 April: on the 31st it is an open item past due, a surprise miss.
    frame = CommitmentFrame.build(due=[march(20)], outcome=["met"], resolved=[date(2026, 4, 2)])
    sd = say_do(frame, TODAY)
    assert (sd.due, sd.met_any_time, sd.delivered, sd.misses, sd.surprises) == (1, 0, 0, 1, 1)
    assert sd.completion.estimate == 0.0


def test_early_notice_is_counted_in_business_days_without_holidays() -> None:
    # Due Friday the 20th, revised Friday the 13th to the 27th, met the 26th. Lead without
    # holidays: 13, 16, 17, 18, 19 = 5 days, early enough (notice_days 5): half credit.
    # With Monday the 16th off: 4 days, too late: no credit.
    frame = revised_and_met(due=20, revised_on=13, revised_to=27, met_on=26)
    assert say_do(frame, TODAY).trust_weighted.estimate == 0.5
    sd = say_do(with_holidays(frame, 16), TODAY)
    assert sd.renegotiated_early == 0 and sd.trust_weighted.estimate == 0.0


def test_a_reset_is_honoured_by_business_days_without_holidays() -> None:
    # Due Friday the 13th, revised on the 2nd (9 days early) to Tuesday the 24th, met Thursday
    # the 26th: 2 business days after the new date (24, 25), past a grace of 1; with Wednesday
    # the 25th off, 1 day: honoured, half credit. Late against the original date either way.
    frame = revised_and_met(due=13, revised_on=2, revised_to=24, met_on=26)
    policy = SayDoPolicy(grace_days=1)
    assert say_do(frame, TODAY, policy=policy).trust_weighted.estimate == 0.0
    sd = say_do(with_holidays(frame, 25), TODAY, policy=policy)
    assert sd.met_on_time == 0 and sd.renegotiated_early == 1
    assert sd.trust_weighted.estimate == 0.5


def test_a_delivered_fraction_is_clipped_to_zero_and_one() -> None:
    frame = CommitmentFrame.build(
        due=[march(2), march(2)],
        outcome=["partially_met", "partially_met"],
        resolved=[march(2), march(2)],
        fraction=[-0.2, 1.5],
    )
    assert say_do(frame, TODAY).weighted.estimate == 0.5  # (0 + 1) / 2


def test_recency_weights_reach_every_rate() -> None:
    # Half-life 10 days. Due the 2nd, met on time (age 29 days, weight 2); due the 20th, met the
    # 26th, 4 days late (age 11, weight 1). Recency weights r1 = 0.5 ** 2.9, r2 = 0.5 ** 1.1.
    frame = CommitmentFrame.build(
        due=[march(2), march(20)],
        outcome=["met", "met"],
        resolved=[march(2), march(26)],
        weight=[2, 1],
    )
    r1, r2 = 0.5**2.9, 0.5**1.1
    sd = say_do(frame, TODAY, policy=SayDoPolicy(half_life_days=10))
    assert sd.by_count.estimate == pytest.approx(r1 / (r1 + r2), rel=1e-12)
    assert sd.on_time.estimate == pytest.approx(r1 / (r1 + r2), rel=1e-12)  # of the delivered
    assert sd.weighted.estimate == pytest.approx(2 * r1 / (2 * r1 + r2), rel=1e-12)


def test_an_aspirational_miss_on_its_due_date_is_not_on_time() -> None:
    frame = CommitmentFrame.build(
        due=[march(2), march(9)],
        outcome=["missed", "met"],
        resolved=[march(2), march(9)],
        committed=[False, False],
    )
    assert say_do(frame, TODAY).aspirational.successes == 1.0


def test_every_rate_keeps_the_policy_method_and_confidence() -> None:
    # 1 of 2 on time (the other missed), 1 aspirational met; Jeffreys at 80 % from scipy:
    # Beta(1.5, 1.5); the shrunk rate: Beta(1 + 4, 1 + 1).
    frame = CommitmentFrame.build(
        due=[march(2), march(9), march(16)],
        outcome=["met", "missed", "met"],
        resolved=[march(2), march(9), march(16)],
        committed=[True, True, False],
    )
    sd = say_do(frame, TODAY, policy=SayDoPolicy(method="jeffreys", confidence=0.8))
    for field, _ in RATES:
        got = getattr(sd, field)
        expected = "beta(4,1)" if field == "shrunk" else "jeffreys"
        assert (field, got.method, got.confidence) == (field, expected, 0.8)
    low, high = stats.beta(1.5, 1.5).ppf([0.1, 0.9])
    for got in (sd.by_count, sd.weighted, sd.completion):
        assert (got.low, got.high) == pytest.approx((low, high), rel=1e-9)
    low, high = stats.beta(5, 2).ppf([0.1, 0.9])
    assert (sd.shrunk.low, sd.shrunk.high) == pytest.approx((low, high), rel=1e-9)
    low, high = stats.beta(1.5, 0.5).ppf([0.1, 0.9])  # the aspirational one: 1 of 1
    assert (sd.aspirational.low, sd.aspirational.high) == pytest.approx((low, high), rel=1e-9)
