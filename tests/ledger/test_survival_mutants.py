"""Tests that kill the mutants `make mutation` found alive in ``ledger/measures/survival.py``.

The curve is worked out by hand (and the step function checked against lifelines, the
reference library). See docs/testing.md, "Mutation testing".
"""

from __future__ import annotations

import pytest
from lifelines import KaplanMeierFitter

from backwards.ledger.measures.survival import kaplan_meier

# Durations 1, 2, 2 (censored), 3: at risk 4, 3, 1; S = 3/4, 3/4 * 2/3 = 1/2, 1/2 * 0 = 0.
DURATIONS = [1.0, 2.0, 2.0, 3.0]
OBSERVED = [True, True, False, True]


@pytest.mark.parametrize(
    ("t", "expected"),
    [(0.5, 1.0), (1.0, 0.75), (1.5, 0.75), (2.0, 0.5), (2.999, 0.5), (3.0, 0.0), (10.0, 0.0)],
)
def test_survival_at_is_right_continuous(t: float, expected: float) -> None:
    curve = kaplan_meier(DURATIONS, OBSERVED)
    assert curve.survival_at(t) == pytest.approx(expected)
    reference = KaplanMeierFitter().fit(DURATIONS, OBSERVED)
    assert float(reference.survival_function_at_times(t).iloc[0]) == pytest.approx(expected)


def test_to_dict_names_every_series_and_rounds_to_six_places() -> None:
    # Three items, all ended: S = 2/3, 1/3, 0.
    assert kaplan_meier([1, 2, 3], [True, True, True]).to_dict() == {
        "times": [1.0, 2.0, 3.0],
        "survival": [0.666667, 0.333333, 0.0],
        "at_risk": [3, 2, 1],
        "events": [1, 1, 1],
        "censored": [0, 0, 0],
    }
    assert kaplan_meier(DURATIONS, OBSERVED).to_dict() == {
        "times": [1.0, 2.0, 3.0],
        "survival": [0.75, 0.5, 0.0],
        "at_risk": [4, 3, 1],
        "events": [1, 1, 1],
        "censored": [0, 1, 0],
    }
