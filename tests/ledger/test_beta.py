"""The pure-Python Beta CDF and quantile against scipy (the reference library, a test
dependency only) to a relative 1e-9, over the parameters the ledger's intervals use and beyond."""

from __future__ import annotations

import ast
import math
import random
import subprocess
import sys
from pathlib import Path

import pytest
from scipy.special import betainc, betaincinv

from backwards.ledger.measures.beta import beta_cdf, beta_ppf
from backwards.ledger.measures.rates import beta_interval, beta_posterior, jeffreys_interval

TAILS = (1e-9, 0.005, 0.025, 0.05, 0.1, 0.2, 0.5, 0.8, 0.9, 0.95, 0.975, 0.995, 1 - 1e-9)
#: Jeffreys Beta(k + 1/2, n - k + 1/2) and the Beta(4, 1) prior's posterior, at the sizes a
#: trust report meets: a bin of a few forecasts up to everyone's 100,000 commitments.
USED = [
    (0.5, 0.5),
    (0.5, 1.5),
    (4.0, 1.0),
    (5.0, 2.0),
    (76.5, 328.5),
    (661.0, 1485.0),
    (3245.5, 12609.5),
    (25199.0, 60486.0),
    (100_004.0, 1.0),
    (0.5, 100_000.5),
    (100_000.5, 0.5),
]


def _close(got: float, ref: float, rel: float = 1e-9) -> bool:
    return abs(got - ref) <= rel * abs(ref)


@pytest.mark.parametrize(("a", "b"), USED)
def test_the_quantiles_the_reports_use_match_scipy(a: float, b: float) -> None:
    for p in TAILS:
        ref = float(betaincinv(a, b, p))
        assert _close(beta_ppf(a, b, p), ref), (a, b, p, beta_ppf(a, b, p), ref)
        assert _close(beta_cdf(a, b, ref), float(betainc(a, b, ref))), (a, b, ref)


def test_random_parameters_match_scipy() -> None:
    rng = random.Random(16)
    for _ in range(1500):
        k = rng.choice([rng.uniform(0, 5), rng.uniform(0, 300), rng.uniform(0, 100_000)])
        n = k + rng.choice([rng.uniform(0, 5), rng.uniform(0, 300), rng.uniform(0, 100_000)])
        a, b = rng.choice([(k + 0.5, n - k + 0.5), (k + 4, n - k + 1)])
        if rng.random() < 0.3:  # small and wide parameters, down to 0.02 and up to 2 million
            a = math.exp(rng.uniform(math.log(0.02), math.log(2e6)))
            b = math.exp(rng.uniform(math.log(0.02), math.log(2e6)))
        p = rng.choice([rng.random(), 10 ** rng.uniform(-12, -1), 1 - 10 ** rng.uniform(-12, -1)])
        ref = float(betaincinv(a, b, p))
        if not 1e-300 < ref < 1 - 1e-15:  # the float's own resolution, not the method's
            continue
        assert _close(beta_ppf(a, b, p), ref), (a, b, p, beta_ppf(a, b, p), ref)


def test_closed_forms_and_edges() -> None:
    # Beta(a, 1) has CDF x^a; Beta(1, 1) is uniform; Beta(1/2, 1/2) is the arcsine law
    for a in (0.3, 2.0, 7.5):
        assert beta_ppf(a, 1.0, 0.3) == pytest.approx(0.3 ** (1 / a), rel=1e-12)
        assert beta_cdf(a, 1.0, 0.6) == pytest.approx(0.6**a, rel=1e-12)
    assert beta_ppf(1.0, 1.0, 0.37) == pytest.approx(0.37, rel=1e-12)
    assert beta_cdf(0.5, 0.5, 0.25) == pytest.approx(2 / math.pi * math.asin(0.5), rel=1e-12)
    assert (beta_ppf(2.0, 3.0, 0.0), beta_ppf(2.0, 3.0, 1.0)) == (0.0, 1.0)
    assert (beta_cdf(2.0, 3.0, 0.0), beta_cdf(2.0, 3.0, 1.0)) == (0.0, 1.0)
    with pytest.raises(ValueError, match="positive"):
        beta_ppf(0.0, 1.0, 0.5)
    with pytest.raises(ValueError, match="between 0 and 1"):
        beta_ppf(1.0, 1.0, 1.5)


def test_the_intervals_use_it() -> None:
    assert beta_interval(25199.0, 60486.0) == pytest.approx(
        tuple(betaincinv(25199.0, 60486.0, [0.025, 0.975])), rel=1e-9
    )
    assert jeffreys_interval(3, 10, 0.8) == pytest.approx(
        tuple(betaincinv(3.5, 7.5, [0.1, 0.9])), rel=1e-9
    )
    post = beta_posterior(30, 40)
    assert (post.low, post.high) == pytest.approx(
        tuple(betaincinv(34.0, 11.0, [0.025, 0.975])), rel=1e-9
    )


def test_the_ledger_never_imports_scipy() -> None:
    code = (
        "import sys, backwards.ledger.measures, backwards.ledger.measures.rates, "
        "backwards.ledger.measures.similarity, backwards.ledger.reports.trust_report\n"
        "from backwards.ledger.measures.rates import beta_posterior, jeffreys_interval\n"
        "from backwards.ledger.measures.similarity import SimilarityIndex, MistakeDoc\n"
        "beta_posterior(3, 4); jeffreys_interval(2, 9)\n"
        "SimilarityIndex.build([MistakeDoc(1, 'no rollback plan', 'process', ())])\n"
        "print(sorted(m for m in sys.modules if m == 'scipy' or m.startswith('scipy.')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_no_ledger_module_imports_scipy() -> None:
    """scipy is a test dependency only (issue 15, point 1): not one import of it in ledger/."""
    package = Path(__file__).resolve().parents[2] / "src" / "backwards" / "ledger"
    found = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            found += [f"{path.name}:{node.lineno}" for n in names if n.split(".")[0] == "scipy"]
    assert found == []
