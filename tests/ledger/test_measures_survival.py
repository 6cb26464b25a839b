"""Kaplan-Meier against a hand-worked example and lifelines."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from backwards.ledger.measures.survival import kaplan_meier


def test_kaplan_meier_by_hand() -> None:
    km = kaplan_meier([1, 2, 2, 3, 4], [True, True, False, True, False])
    assert list(km.times) == [1, 2, 3, 4]
    assert list(km.at_risk) == [5, 4, 2, 1]
    assert list(km.events) == [1, 1, 1, 0]
    assert list(km.censored) == [0, 1, 0, 1]
    assert km.survival == pytest.approx([0.8, 0.6, 0.3, 0.3])
    assert km.quantile(0.5) == 3.0
    assert km.quantile(0.3) == 2.0
    assert km.quantile(0.8) is None  # the curve never falls to 0.2
    assert km.survival_at(0.5) == 1.0
    assert km.survival_at(2.5) == pytest.approx(0.6)


def test_without_censoring_it_is_the_empirical_distribution() -> None:
    km = kaplan_meier([-2, 0, 0, 5], [True] * 4)
    assert km.survival == pytest.approx([0.75, 0.25, 0.0])
    assert km.quantile(0.5) == 0.0
    assert km.quantile(0.9) == 5.0
    assert kaplan_meier([], []).n == 0


def _lifelines_fit(durations: np.ndarray, observed: np.ndarray) -> object:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from lifelines import KaplanMeierFitter

        return KaplanMeierFitter().fit(durations, event_observed=observed)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_matches_lifelines(seed: int) -> None:
    rng = np.random.default_rng(seed)
    slip = rng.integers(-5, 30, size=200).astype(float)
    observed = rng.random(200) < 0.7
    ours = kaplan_meier(slip, observed)
    shift = 10.0  # lifelines wants positive durations
    kmf = _lifelines_fit(slip + shift, observed)
    table = kmf.survival_function_  # type: ignore[attr-defined]
    ref = table.iloc[:, 0]
    for t, s in zip(ours.times, ours.survival, strict=True):
        assert s == pytest.approx(float(ref.loc[t + shift]), abs=1e-12)
    assert ours.quantile(0.5) == pytest.approx(kmf.median_survival_time_ - shift)  # type: ignore[attr-defined]
    for q in (0.8, 0.9):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "approximating": exact on our integer times
            theirs = float(kmf.percentile(1 - q)) - shift  # type: ignore[attr-defined]
        mine = ours.quantile(q)
        if np.isinf(theirs):
            assert mine is None
        else:
            assert mine == pytest.approx(theirs)


def test_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="same 1-D shape"):
        kaplan_meier([1, 2], [True])
    with pytest.raises(ValueError, match="finite"):
        kaplan_meier([np.nan], [True])
    with pytest.raises(ValueError, match="between 0 and 1"):
        kaplan_meier([1], [True]).quantile(1.0)
