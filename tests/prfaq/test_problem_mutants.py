"""Tests that kill the mutants `make mutation` found alive in ``prfaq/rules/problem.py``.

C01's confidence, C02's location and message, and C06's two thresholds (at least two we/our,
and more we/our than words for the customer), each on a document whose counts are worked out by
hand in the comments. See docs/testing.md, "Mutation testing".
"""

from __future__ import annotations

import pytest

from backwards.findings import Finding
from backwards.prfaq import review_text
from backwards.prfaq.document import parse
from backwards.prfaq.rules.problem import product_names

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


# C02's product names (``product_names``): the headline's first capitalised word unless it
# names the customer, a backticked word in the headline, a name after "introduces"; names of
# three letters or more. Each headline below decides one condition; the body never uses the
# headline's words in lower case unless the comment says so.
STAFF = "\n\nCafé staff spend 40 minutes every night counting cash by hand.\n"


def names(text: str) -> set[str]:
    return product_names(parse(text, "names.md"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A customer noun ("owners") and a generic customer ("users") are not products, even when
        # the body never says "owner" or "user" in lower case.
        ("# Owners close the till fast" + STAFF, set()),
        ("# Users close the till fast" + STAFF, set()),
        ("# Consumers close the till fast" + STAFF, set()),  # generic, not a customer noun
        # "Tally" does not end in "s": no singular to look for, so "tall" and a "XXXX" slot in
        # the body say nothing about it.
        ("# Tally closes the till fast" + STAFF + "The drawer is tall. Price: XXXX.\n", {"Tally"}),
        # "Compass" ends in "ss": not a plural, so "compass" in the body does not make it a
        # customer.
        ("# Compass finds the shortest route" + STAFF + "Staff carry a compass.\n", {"Compass"}),
        # The first word is lower case: no name from the first word (and "Tally" after it is not
        # taken instead).
        ("# the Tally app counts tills" + STAFF, set()),
        # No word at all in the headline.
        ("# 2031" + STAFF, set()),
        # A backticked command in the headline is a name, whatever its case.
        ("# `tally-cli` counts tills" + STAFF, {"tally-cli"}),
        # Three letters are a name; two are not.
        ("# Zed counts tills" + STAFF, {"Zed"}),
        ("# Qo counts tills" + STAFF, set()),
    ],
)
def test_product_names_come_from_the_headline(text: str, expected: set[str]) -> None:
    assert names(text) == expected


def test_a_problem_paragraph_that_starts_with_the_solution_is_pointed_at_its_first_column() -> None:
    text = (
        "# Tally counts the till\n\nThe new rules force café owners to count cash by hand for "
        "40 minutes every night, and one in five tills is off by more than $20.\n\n"
        "Tally counts the till.\n"
    )
    [c02] = found("C02", text)
    # "The new rules" (13 characters) opens line 3.
    assert (c02.message, c02.line, c02.column, c02.end_line, c02.end_column) == (
        "The problem paragraph mentions 'The new rules'.",
        3,
        1,
        3,
        14,
    )
