"""Tests that kill the mutants `make mutation` found alive in ``prfaq/anatomy.py``.

The parts of a press release: which text is the customer's side of a paragraph, how many pain
cues it has, which paragraphs are labelled as the problem, and which are body paragraphs. Every
expected value is worked out by hand in the comments. See docs/testing.md, "Mutation testing".
"""

from __future__ import annotations

import pytest

from backwards.prfaq.anatomy import (
    Anatomy,
    _after_lead_in,
    _body_paragraph,
    _headline_line,
    _is_problem,
    _labelled,
    _names,
    anatomy,
    customer_side,
    problem_score,
)
from backwards.prfaq.block import Block
from backwards.prfaq.document import parse

CASH = "Owners count cash by hand."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Two datelines go: a place in capitals, then a date (it has a digit).
        (f"SEATTLE — March 3, 2031 — {CASH}", CASH),
        # Only two: a third part before a dash stays, even with a number in it.
        (
            "SEATTLE — March 3, 2031 — 9 in 10 cafés - still count cash by hand.",
            "9 in 10 cafés - still count cash by hand.",
        ),
        # A part before a dash with no digit, bracket or word in capitals is no dateline.
        ("Owners like Ana — count cash by hand.", "Owners like Ana — count cash by hand."),
        # An announcing sentence goes and makes its first word a subject: "Tally counts coins"
        # goes too; the customer's sentence stays.
        (f"Tally launches today in Seattle. Tally counts coins. {CASH}", CASH),
        # Sentences that stay are joined by one space.
        (f"{CASH} It takes 40 minutes.", f"{CASH} It takes 40 minutes."),
        ("", ""),
    ],
)
def test_customer_side(text: str, expected: str) -> None:
    assert customer_side(text) == expected


def test_customer_side_drops_sentences_about_a_named_product() -> None:
    assert customer_side("Tally counts coins. Owners count cash.", frozenset({"Tally"})) == (
        "Owners count cash."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "one in five" is a frequency: 2 points and a strong cue; no cue word.
        ("One in five tills is off.", (2, True)),
        # strong "by hand" and "manually": 2 x 2; weak "every day": 1.
        ("Owners count cash by hand, manually, every day.", (5, True)),
        # weak "slow" only: 1 point, no strong cue.
        ("The till is slow.", (1, False)),
        # "launches today" is the announcement, not the weak cue "today".
        ("Tally launches today.", (0, False)),
    ],
)
def test_problem_score(text: str, expected: tuple[int, bool]) -> None:
    assert problem_score(text) == expected


def test_a_heading_of_six_words_labels_the_problem_and_seven_do_not() -> None:
    doc = parse(
        "## Why cafés lose an hour nightly\n\nOwners count cash.\n\n"
        "## Why cafés lose an hour every night\n\nOwners count cash.\n",
        "x.md",
    )
    six, first, seven, second = doc.blocks
    assert (_labelled(first, six), _labelled(second, seven)) == (True, False)


def test_the_text_after_a_lead_in_loses_the_lead_in_and_its_punctuation() -> None:
    doc = parse(
        "Problem: Xavier's café counts cash by hand every night.\n\n"
        "**The problem.** Owners count cash by hand.\n\nOwners count cash by hand.\n",
        "x.md",
    )
    assert [_after_lead_in(b) for b in doc.blocks] == [
        "Xavier's café counts cash by hand every night.",  # the "X" is the text's own
        "Owners count cash by hand.",
        "Owners count cash by hand.",
    ]


TWELVE = "Owners count cash by hand for forty minutes at every night's end."  # 12 words


def test_body_paragraphs_come_after_the_lede_with_twelve_words_and_no_emphasis() -> None:
    doc = parse(
        "# Tally\n\n"
        f"Tally lets café owners close the till in five minutes, from today on.\n\n"  # lede
        f"{TWELVE}\n\n"
        "Owners count cash by hand for forty minutes at every night.\n\n"  # 11 words
        f"**{TWELVE}**\n\n"
        f"_{TWELVE}_\n\n"
        f"*{TWELVE}*\n",
        "x.md",
    )
    _, lede, *rest = doc.blocks
    assert [b.words for b in (lede, *rest)] == [13, 12, 11, 12, 12, 12]
    assert [_body_paragraph(b, lede) for b in (lede, *rest)] == [
        False,  # the lede itself
        True,
        False,  # 11 words
        False,  # bold
        False,  # italic with "_"
        False,  # italic with "*"
    ]
    assert _body_paragraph(rest[0], None) is True  # no lede: every long paragraph counts


HEADLINE = "Tally lets café owners close the till fast"  # 8 words


def headline_of(paragraph: str) -> tuple[str, str, int, int | None, tuple[int, ...]] | None:
    """What ``_headline_line`` makes of the second block (line 3) of a plain paragraph."""
    block = parse(f"Intro line.\n\n{paragraph}\n", "x.md").blocks[1]
    found = _headline_line(block)
    if found is None:
        return None
    assert found.lead_in is None
    return found.text, found.source, found.line, found.end_line, found.columns


def test_the_headline_line_of_a_paragraph_is_a_block_of_its_own() -> None:
    # Line 3 labels the release; line 4 is the headline, indented by three spaces (its column
    # is 0 + 3); line 5 dates it.
    para = f"FOR IMMEDIATE RELEASE\n   {HEADLINE}\nSeattle, WA – March 3, 2031"
    assert headline_of(para) == (HEADLINE, HEADLINE, 4, 4, (3,))


def test_a_one_line_headline_paragraph_is_returned_as_it_is() -> None:
    block = parse(f"Intro line.\n\n{HEADLINE}\n", "x.md").blocks[1]
    assert _headline_line(block) is block


@pytest.mark.parametrize(
    ("paragraph", "is_headline"),
    [
        ("Tally counts tills", True),  # 3 words
        ("Tally counts", False),  # 2 words
        (" ".join(["word"] * 25), True),
        (" ".join(["word"] * 26), False),
        (f"{HEADLINE}.", False),
        (f"{HEADLINE}?", False),
        (f"{HEADLINE}!", False),
        (f"{HEADLINE}:", False),
        (f"{HEADLINE},", False),
        (f"{HEADLINE};", False),
        # a sentence wrapped onto the next line is prose, not a headline
        (f"{HEADLINE}\nand count coins with a phone camera", False),
        (f"> {HEADLINE}", False),  # a quotation
    ],
)
def test_what_reads_as_a_headline_line(paragraph: str, is_headline: bool) -> None:
    assert (headline_of(paragraph) is not None) is is_headline


def test_a_document_whose_only_heading_labels_the_release_keeps_it_as_the_title() -> None:
    # No line after "FOR IMMEDIATE RELEASE" reads as a headline (one paragraph of 40 words), so
    # the title falls back to that heading (line 1).
    doc = parse("# FOR IMMEDIATE RELEASE\n\n" + "word " * 40 + "\n", "x.md")
    title = anatomy(doc).title
    assert title is not None
    assert (title.text, title.line) == ("FOR IMMEDIATE RELEASE", 1)


def block_of(text: str) -> Block:
    return parse(f"Intro line.\n\n{text}\n", "x.md").blocks[1]


def test_a_paragraph_rich_in_pain_cues_is_a_problem_from_twelve_words() -> None:
    # strong cues "by hand", "manually", "tedious": score 6. Paragraphs at the solution's start
    # (index = solution_start), so only the cue-rich rule can make them problems.
    twelve = block_of("Owners count cash by hand and manually every night, which is tedious.")
    eleven = block_of("Owners count cash by hand and manually every night, so tedious.")
    assert (twelve.words, eleven.words) == (12, 11)
    assert _is_problem(twelve, None, twelve.index, frozenset()) is True
    assert _is_problem(eleven, None, eleven.index, frozenset()) is False


def test_a_customer_side_problem_must_come_before_the_solution() -> None:
    # strong "spend" (score 2) and a measure ("40 minutes"): a problem only before the solution
    b = block_of("Owners spend 40 minutes counting cash at the end of the night.")
    assert [_is_problem(b, None, start, frozenset()) for start in (None, b.index + 1, b.index)] == [
        True,
        True,
        False,
    ]


def test_a_customer_side_problem_needs_eight_words_without_the_product() -> None:
    eight = block_of("Owners spend 40 minutes counting cash every night.")
    seven = block_of("Owners spend 40 minutes counting cash nightly.")
    assert (
        _is_problem(eight, None, None, frozenset()),
        _is_problem(seven, None, None, frozenset()),
    ) == (True, False)
    # The sentence is about the product "Tally": without it nothing is left.
    tally = block_of("Tally counts cash by hand in 40 minutes every night for owners.")
    assert _is_problem(tally, None, None, frozenset({"Tally"})) is False
    assert _is_problem(tally, None, None, frozenset()) is True


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("# Xylo: counts tills for cafés", {"Xylo"}),  # the colon goes, the "X" stays
        ("# `tally` counts tills for cafés", set()),  # lower case: not a name
        ("# Tally counts tills for cafés", {"Tally"}),
    ],
)
def test_the_title_s_first_word_may_name_the_product(title: str, expected: set[str]) -> None:
    assert _names(anatomy(parse(f"{title}\n\nOwners count cash.\n", "x.md"))) == expected


def test_no_title_no_name() -> None:
    assert _names(Anatomy(title=None)) == frozenset()


def test_the_anatomy_is_worked_out_once_per_document() -> None:
    doc = parse(f"# {HEADLINE}\n\nOwners count cash.\n", "x.md")
    assert anatomy(doc) is anatomy(doc)


def test_the_press_release_paragraphs_include_list_items() -> None:
    a = anatomy(parse(f"# {HEADLINE}\n\nOwners count cash.\n\n- One item here\n", "x.md"))
    assert [(b.kind, b.text) for b in a.pr_paragraphs] == [
        ("paragraph", "Owners count cash."),
        ("item", "One item here"),
    ]


@pytest.mark.parametrize(
    ("first", "is_subheading"),
    [
        ("## Owners close the till in five minutes", True),  # a heading
        ("_" + " ".join(["word"] * 40) + "_", True),  # italic, 40 words
        ("_" + " ".join(["word"] * 41) + "_", False),  # 41 words: too long for a subheading
        ("Owners close the till in five minutes.", False),  # plain
    ],
)
def test_the_subheading_is_a_short_heading_or_italic_line_under_the_title(
    first: str, is_subheading: bool
) -> None:
    a = anatomy(parse(f"# {HEADLINE}\n\n{first}\n\nOwners count cash.\n", "x.md"))
    assert (a.subheading is not None and a.subheading.line == 3) is is_subheading


LONG = " ".join(["Owners"] + ["count"] * 39) + "."  # 40 words: prose, no headline
BOLD = "Tally lets café owners close the till in five minutes."


def parts(text: str) -> tuple[tuple[str, int] | None, int | None, int | None]:
    """(title text and line, the lede's line, the solution's first block index)."""
    a = anatomy(parse(text, "x.md"))
    title = (a.title.text.strip(), a.title.line) if a.title is not None else None
    return title, a.lede.line if a.lede is not None else None, a.solution_start


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A bold line is a headline even with a full stop (a plain line is not), in ** or __.
        (f"**{BOLD}**\n\n{LONG}\n", ((BOLD, 1), 3, None)),
        (f"__{BOLD}__\n\n{LONG}\n", ((BOLD, 1), 3, None)),
        # Bold over two lines is a paragraph, and a 40-word paragraph ends the search.
        (
            "**Tally lets café owners\nclose the till in five minutes.**\n\n" + LONG + "\n",
            (None, 4, None),
        ),
        # Under a "Press release" heading, the first line that reads as a headline (line 5),
        # not the "PR/FAQ: Tally" title.
        (
            "# PR/FAQ: Tally\n\n## Press release\n\nTally lets café owners close the till fast\n\n"
            + LONG
            + "\n",
            (("Tally lets café owners close the till fast", 5), 7, None),
        ),
        # A paragraph of 30 words does not end the search for a headline; one of 31 does.
        (" ".join(["word"] * 29) + f" end.\n\n**{BOLD}**\n", ((BOLD, 3), None, None)),
        (" ".join(["word"] * 30) + f" end.\n\n**{BOLD}**\n", (None, 1, None)),
    ],
)
def test_the_headline_of_a_document_without_a_heading(
    text: str, expected: tuple[tuple[str, int] | None, int | None, int | None]
) -> None:
    assert parts(text) == expected


H1 = "# Tally lets café owners close the till fast\n\n"


@pytest.mark.parametrize(
    ("body", "lede_line"),
    [
        # the lede is the first paragraph of at least twelve words (line 5 here)
        (f"Short para.\n\n{TWELVE}\n", 5),
        # a quotation of twelve words may be the lede; the italic subheading never is
        (f"> {TWELVE}\n\n{TWELVE}\n", 3),
        (f"_Owners close up in five minutes_\n\n{TWELVE}\n", 5),
    ],
)
def test_the_lede(body: str, lede_line: int) -> None:
    assert parts(H1 + body)[1] == lede_line


def test_a_body_paragraph_that_starts_with_the_product_s_name_starts_the_solution() -> None:
    # Blocks: 0 the title, 1 the lede, 2 the problem, 3 "Tally counts ..." (the title's first
    # word, a body paragraph after the lede): the solution starts at block 3.
    text = (
        H1 + "SEATTLE — March 3, 2031 — Acme launches Tally today for independent cafés across "
        "the country.\n\nOwners spend 40 minutes counting cash at the end of the night.\n\n"
        "Tally counts the till with a phone camera in five minutes flat, every night.\n"
    )
    assert parts(text)[2] == 3
    assert [b.line for b in anatomy(parse(text, "x.md")).problems] == [5]
