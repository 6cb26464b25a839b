"""Tests that kill the mutants `make mutation` found alive in ``prfaq/rules/problem.py``.

C01's confidence, C02's location and message, and C06's two thresholds (at least two we/our,
and more we/our than words for the customer), each on a document whose counts are worked out by
hand in the comments. See docs/testing.md, "Mutation testing".
"""

from __future__ import annotations

import pytest

from backwards.findings import Finding
from backwards.prfaq import review_text

TITLE = "# Tally lets café owners close the till fast\n\n"


def found(code: str, text: str) -> list[Finding]:
    return [f for f in review_text(text).findings if f.code == code]


def test_a_missing_problem_is_flagged_as_cue_based() -> None:
    text = (
        "# Tally is a till app for cafés\n\nSEATTLE — March 3, 2031 — Acme announced Tally, an "
        "app that counts the till.\n\nTally uses a camera and a model to count coins and notes.\n"
    )
    [c01] = found("C01", text)
    assert dict(c01.extra) == {"confidence": "cue-based"}


def test_the_product_named_in_the_problem_is_pointed_at_where_it_first_appears() -> None:
    # Line 3 is "**The problem.** Without Tally, ...": the first "Tally" spans columns 26-31.
    body = (
        "**The problem.** Without Tally, café owners spend 40 minutes every night counting cash "
        "by hand. Tally could help.\n"
    )
    [c02] = found("C02", TITLE + body)
    assert (c02.message, c02.line, c02.column, c02.end_line, c02.end_column) == (
        "The problem paragraph mentions 'Tally'.",
        3,
        26,
        3,
        31,
    )


CASH = "spend 40 minutes every night counting cash by hand"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        # we, our: 2; the customer: cafés: 1 -> fires.
        (f"We know our cafés {CASH}.", "says we/our 2 times and names the customer 1 times."),
        # we, our: 2; cafés, they: 2 -> not more than the customer: stands down.
        (f"We know our cafés {CASH}, and they hate it.", None),
        # We, our, us: 3; cafés, they: 2 -> fires.
        (
            f"We know our cafés {CASH}, and they hate it and us.",
            "says we/our 3 times and names the customer 2 times.",
        ),
        # We: 1; nobody: 0 -> one we/our is not enough.
        ("We count cash by hand for 40 minutes every night, which is slow.", None),
    ],
)
def test_the_builder_voice_needs_two_we_and_more_we_than_customer(
    body: str, message: str | None
) -> None:
    hits = found("C06", TITLE + "**The problem.** " + body + "\n")
    if message is None:
        assert hits == []
    else:
        assert [f.message for f in hits] == [f"The problem paragraph {message}"]
    assert found("C01", TITLE + "**The problem.** " + body + "\n") == []  # it is the problem


def test_any_of_several_product_names_is_found() -> None:
    # Two names: "Tally" (the headline's first word) and "Quill" (launched in the lede); the
    # problem names the second one, at columns 26-31 of line 5.
    text = (
        TITLE + "SEATTLE — March 3, 2031 — Acme launches Quill, an app for cafés that counts the "
        "till with a phone camera.\n\n**The problem.** Without Quill, café owners spend 40 "
        "minutes every night counting cash by hand.\n"
    )
    [c02] = found("C02", text)
    assert (c02.message, c02.line, c02.column, c02.end_column) == (
        "The problem paragraph mentions 'Quill'.",
        5,
        26,
        31,
    )
