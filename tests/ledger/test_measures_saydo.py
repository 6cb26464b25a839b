"""Say/do family and slip on a hand-worked quarter (every number below is worked by hand).

Today is Tuesday 2026-03-31. Committed, due in March:

1. due Mon 03-02, met 03-02                          on time
2. due Fri 03-06, met Tue 03-10                      late by 2 business days (Fri, Mon)
3. due Fri 03-13, missed 03-20, never revised        surprise miss, censored at 5
4. due Fri 03-20, revised Mon 03-09 to 03-27,
   met 03-26                                          renegotiated 9 business days early
5. due Mon 03-23, still open                         surprise miss, censored at 6
6. due Wed 03-25, partially met (0.5) 03-25, weight 2
9. due Fri 03-27, withdrawn Mon 03-16                renegotiated (withdrawn) 9 days early
Also: 7 aspirational due 03-16 met 03-16; 8 due 04-10 (future, not counted).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from backwards.ledger.measures.commitment_frame import CommitmentFrame, busdays
from backwards.ledger.measures.saydo import SayDoPolicy, say_do
from backwards.ledger.measures.slip import slip

TODAY = date(2026, 3, 31)
D = date


def quarter() -> CommitmentFrame:
    return CommitmentFrame.build(
        due=[D(2026, 3, 2), D(2026, 3, 6), D(2026, 3, 13), D(2026, 3, 20), D(2026, 3, 23),
             D(2026, 3, 25), D(2026, 3, 16), D(2026, 4, 10), D(2026, 3, 27)],
        outcome=["met", "met", "missed", "met", "open", "partially_met", "met", "open",
                 "withdrawn"],
        resolved=[D(2026, 3, 2), D(2026, 3, 10), D(2026, 3, 20), D(2026, 3, 26), None,
                  D(2026, 3, 25), D(2026, 3, 16), None, D(2026, 3, 16)],
        committed=[True, True, True, True, True, True, False, True, True],
        latest_due=[None, None, None, D(2026, 3, 27), None, None, None, None, None],
        first_revision=[None, None, None, D(2026, 3, 9), None, None, None, None, None],
        weight=[1, 1, 1, 1, 1, 2, 1, 1, 1],
    )  # fmt: skip


def test_busdays_counts_monday_to_friday() -> None:
    start = np.array(["2026-03-06", "2026-03-20", "2026-03-10"], dtype="datetime64[D]")
    end = np.array(["2026-03-10", "2026-03-26", "2026-03-06"], dtype="datetime64[D]")
    assert list(busdays(start, end)) == [2, 4, -2]


def test_say_do_family_by_hand() -> None:
    sd = say_do(quarter(), TODAY)
    assert sd.due == 7
    assert sd.met_on_time == 1
    assert sd.by_count.estimate == pytest.approx(1 / 7)
    assert (sd.by_count.low, sd.by_count.high) == pytest.approx(
        proportion_confint(1, 7, alpha=0.05, method="wilson")
    )
    assert sd.completion.estimate == pytest.approx(3 / 7)  # 1, 2, 4
    assert sd.delivered == 4  # 1, 2, 4, 6
    assert sd.on_time.estimate == pytest.approx(2 / 4)  # 1 and 6 on their due date
    # weighted: (1*1 + 2*0.5) / (1+1+1+1+1+2+1)
    assert sd.weighted.estimate == pytest.approx(2 / 8)
    # trust-weighted: 1 (item 1) + 0.5 (item 4) + 0.5 (item 9), over 7
    assert sd.trust_weighted.estimate == pytest.approx(2 / 7)
    assert sd.renegotiated_early == 2
    assert sd.misses == 6
    assert sd.surprises == 4  # 2, 3, 5, 6
    assert sd.surprise_miss.estimate == pytest.approx(4 / 6)
    assert sd.revised == 1
    assert sd.notice_lead_median == 9.0
    assert sd.aspirational.estimate == 1.0 and sd.aspirational.total == 1
    # Beta(4, 1) prior: (1 + 4) / (7 + 5), interval of Beta(5, 7)
    assert sd.shrunk.estimate == pytest.approx(5 / 12)
    assert (sd.shrunk.low, sd.shrunk.high) == pytest.approx(
        tuple(stats.beta.ppf([0.025, 0.975], 5, 7))
    )


def test_grace_days_forgive_small_slips() -> None:
    sd = say_do(quarter(), TODAY, policy=SayDoPolicy(grace_days=2))
    assert sd.met_on_time == 2  # item 2 slipped exactly 2 business days
    assert sd.on_time.estimate == pytest.approx(3 / 4)


def test_late_notice_earns_no_credit() -> None:
    sd = say_do(quarter(), TODAY, policy=SayDoPolicy(notice_days=10, alpha=0.5))
    assert sd.trust_weighted.estimate == pytest.approx(1 / 7)
    sd = say_do(quarter(), TODAY, policy=SayDoPolicy(alpha=1.0))
    assert sd.trust_weighted.estimate == pytest.approx(3 / 7)


def test_since_and_as_of_restrict_the_period() -> None:
    sd = say_do(quarter(), TODAY, since=D(2026, 3, 14))
    assert sd.due == 4  # 4, 5, 6, 9
    # as of 03-12 only items 1 and 2 were due; item 2 was met on 03-10 (late)
    early = say_do(quarter(), D(2026, 3, 12))
    assert early.due == 2
    assert early.met_on_time == 1
    # as of 03-05 item 2 is not yet due, and resolutions after 03-05 are hidden
    assert say_do(quarter(), D(2026, 3, 5)).due == 1


def test_recency_weighting() -> None:
    frame = quarter()
    sd = say_do(frame, TODAY, policy=SayDoPolicy(half_life_days=10))
    ages = np.array([29, 25, 18, 11, 8, 6, 4])  # days from each due date to 03-31
    hits = np.array([1, 0, 0, 0, 0, 0, 0], dtype=float)
    w = 0.5 ** (ages / 10)  # halved every 10 days, written out here
    assert sd.by_count.estimate == pytest.approx(float((w * hits).sum() / w.sum()))
    # Kish's effective sample size: (sum w)^2 / sum w^2
    assert sd.by_count.total == pytest.approx(float(w.sum() ** 2 / (w**2).sum()))
    assert sd.by_count.count == 7


def test_slip_keeps_open_items_as_censored() -> None:
    s = slip(quarter(), TODAY)
    # delivered slips 0, 2, 4, 0; item 5 still open at 6 (censored); item 3 missed at 5 will
    # never arrive (edge b): it stays at risk beyond every observed time, here moved to 6
    assert (s.delivered, s.censored, s.never_delivered) == (4, 1, 1)
    assert list(s.curve.times) == [0, 2, 4, 6]
    assert s.curve.survival == pytest.approx([4 / 6, 0.5, 1 / 3, 1 / 3])
    assert s.median == 2.0
    assert s.p80 is None and s.p90 is None  # a third of items are still beyond 6 days
    assert (s.naive_median, s.naive_p80, s.naive_p90) == (0.0, 4.0, 4.0)
    assert s.mean_absolute == pytest.approx(1.5)
    assert s.longest_observed == 6.0


def test_empty_frame_gives_no_data() -> None:
    empty = CommitmentFrame.build(due=[], outcome=[])
    sd = say_do(empty, TODAY)
    assert sd.due == 0 and sd.by_count.estimate is None and sd.notice_lead_median is None
    s = slip(empty, TODAY)
    assert s.median is None and s.count == 0


def test_bad_frame_input_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown outcome"):
        CommitmentFrame.build(due=[TODAY], outcome=["done"])
    with pytest.raises(ValueError, match="expected 1"):
        CommitmentFrame.build(due=[TODAY], outcome=["met"], resolved=[TODAY, TODAY])
    with pytest.raises(ValueError, match="alpha"):
        SayDoPolicy(alpha=2)
