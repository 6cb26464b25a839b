"""Tests that kill the mutants `make mutation` found alive in ``ledger/measures/slip.py``.

The dictionary the trust report and ``--format json`` read is pinned key by key, written out
by hand. See docs/testing.md, "Mutation testing".
"""

from __future__ import annotations

from backwards.ledger.measures.slip import Slip
from backwards.ledger.measures.survival import kaplan_meier


def test_to_dict_names_every_field_and_its_unit() -> None:
    curve = kaplan_meier([1.0, 3.0], [True, False])
    numbers = {
        "delivered": 4,
        "censored": 2,
        "never_delivered": 1,
        "median": 1.0,
        "p80": 2.0,
        "p90": 3.0,
        "naive_median": 0.5,
        "naive_p80": 1.5,
        "naive_p90": 2.5,
        "mean_absolute": 1.25,
        "longest_observed": 6.0,
    }
    s = Slip(**numbers, curve=curve)
    assert s.count == 7
    # Two items: one ends at 1 (S = 1/2), one is still open at 3.
    km = {"times": [1.0, 3.0], "survival": [0.5, 0.5], "at_risk": [2, 1], "events": [1, 0]}
    assert s.to_dict() == {
        "unit": "business days",
        **numbers,
        "curve": {**km, "censored": [0, 1]},
    }
