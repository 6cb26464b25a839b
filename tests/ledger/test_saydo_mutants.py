"""Tests that kill the mutants `make mutation` found alive in ``ledger/measures/saydo.py``.

The dictionary the trust report and ``--format json`` read is pinned key by key, written out
by hand. See docs/testing.md, "Mutation testing".
"""

from __future__ import annotations

import pytest

from backwards.ledger.measures.rates import Rate
from backwards.ledger.measures.saydo import SayDo, SayDoPolicy

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
