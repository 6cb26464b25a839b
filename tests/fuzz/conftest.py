"""Hypothesis profiles for the fuzz tests.

``default``: the bounded run of ``make test`` (a few seconds per parser); derandomized under
CI=true so the run is the same every time. ``fuzz``: the long run of ``make fuzz``
(``BACKWARDS_FUZZ_EXAMPLES`` inputs per test, 1,000 unless set). No example database is
written (nothing appears in the working tree).
"""

from __future__ import annotations

import datetime as dt
import os

from hypothesis import HealthCheck, settings

from tests.ci import in_ci

_COMMON = {
    "database": None,
    # capsys is read before and after every example, so sharing it across examples is safe
    "suppress_health_check": [
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
    "print_blob": True,
}

settings.register_profile(
    "default",
    max_examples=int(os.environ.get("BACKWARDS_FUZZ_EXAMPLES", "15")),
    # generous: the machine running `make test` may be busy (an input takes well under a
    # second on an idle one); a hang runs far longer than this
    deadline=dt.timedelta(seconds=60),
    derandomize=in_ci(),
    **_COMMON,  # type: ignore[arg-type]
)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("BACKWARDS_FUZZ_EXAMPLES", "1000")),
    deadline=dt.timedelta(seconds=30),  # the limit for one input
    **_COMMON,  # type: ignore[arg-type]
)
settings.load_profile(os.environ.get("BACKWARDS_FUZZ_PROFILE", "default"))
