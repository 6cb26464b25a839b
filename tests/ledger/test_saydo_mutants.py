"""Tests that kill the mutants `make mutation` found alive in ``ledger/measures/saydo.py``.

The dictionary the trust report and ``--format json`` read is pinned key by key, written out
by hand. See docs/testing.md, "Mutation testing".
"""

from __future__ import annotations

from backwards.ledger.measures.rates import Rate
from backwards.ledger.measures.saydo import SayDo


def one_rate(k: float) -> Rate:
    """A distinct rate per field, so a key swapped for another shows."""
    return Rate(k, 10.0, k / 10, 0.0, 1.0, "wilson", 0.95, 10)


def test_to_dict_names_every_field() -> None:
    s = SayDo(
        due=10,
        met_on_time=7,
        met_any_time=8,
        delivered=9,
        misses=2,
        surprises=1,
        renegotiated_early=3,
        by_count=one_rate(1),
        weighted=one_rate(2),
        trust_weighted=one_rate(3),
        completion=one_rate(4),
        on_time=one_rate(5),
        surprise_miss=one_rate(6),
        notice_lead_median=4.5,
        revised=5,
        aspirational=one_rate(7),
        shrunk=one_rate(8),
    )

    def rate_dict(k: float) -> dict[str, object]:
        return {
            "successes": k,
            "total": 10.0,
            "count": 10,
            "estimate": k / 10,
            "low": 0.0,
            "high": 1.0,
            "method": "wilson",
            "confidence": 0.95,
        }

    assert s.to_dict() == {
        "due": 10,
        "met_on_time": 7,
        "met_any_time": 8,
        "delivered": 9,
        "misses": 2,
        "surprises": 1,
        "renegotiated_early": 3,
        "revised": 5,
        "notice_lead_median_business_days": 4.5,
        "say_do": rate_dict(1),
        "say_do_shrunk": rate_dict(8),
        "weighted_say_do": rate_dict(2),
        "trust_weighted_say_do": rate_dict(3),
        "completion_rate": rate_dict(4),
        "on_time_rate": rate_dict(5),
        "surprise_miss_rate": rate_dict(6),
        "aspirational": rate_dict(7),
    }
