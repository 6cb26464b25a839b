from __future__ import annotations

import pytest

from backwards.wording import count


@pytest.mark.parametrize(
    ("n", "singular", "plural", "expected"),
    [
        (0, "word", None, "0 words"),
        (1, "word", None, "1 word"),
        (2, "word", None, "2 words"),
        (1, "is", "are", "1 is"),
        (3, "is", "are", "3 are"),
        (1200, "commitment", None, "1,200 commitments"),
        (-1, "day", None, "-1 days"),
    ],
)
def test_count(n: int, singular: str, plural: str | None, expected: str) -> None:
    assert count(n, singular, plural) == expected
