"""Every way a blocking (error-severity) rule can fire or stand down, one example each.

The blocking rules are C01 (problem-missing), S01 (pr-missing), S02 (faq-missing), S03
(internal-faq-missing) and S14 (template-residue). Each path through a rule has a document
that takes it; the paragraph under test carries few pain cues, so only the path named can make
the difference (a change to that path alone flips the outcome).
"""

from __future__ import annotations

import pytest

from backwards.findings import Severity
from backwards.prfaq import RULES, review_text

BLOCKING = {"C01", "S01", "S02", "S03", "S14"}

TITLE = "# Tally lets café owners close the till in five minutes\n\n"
LEDE = (
    "SEATTLE — March 3, 2031 — Acme announced Tally, an app for cafés that counts the till "
    "with a phone camera.\n\n"
)
# one weak pain cue ("slow") and no strong one: a problem only when labelled as one
MILD = "Owners count the coins in the till every night, which is slow."
FAQ = "\n## FAQ\n\n### How much does it cost?\n\n$5 a month.\n"


def codes(text: str) -> set[str]:
    return {f.code for f in review_text(text).findings}


def c01(body: str) -> bool:
    """Does C01 fire on a press release of the title, the lede and ``body``?"""
    return "C01" in codes(TITLE + LEDE + body + "\n")


def test_the_blocking_rules_are_the_ones_pinned_here() -> None:
    assert {r.code for r in RULES if r.severity is Severity.ERROR} == BLOCKING


# -- C01 problem-missing ------------------------------------------------------------------------


def test_c01_fires_without_any_problem() -> None:
    assert problem_score_of(MILD) == (1, False)
    assert c01(MILD)
    assert c01("Tally uses a camera and a model to count coins and notes.")


def problem_score_of(text: str) -> tuple[int, bool]:
    from backwards.prfaq.anatomy import problem_score

    return problem_score(text)


def test_c01_finding_points_at_the_lede() -> None:
    (hit,) = [f for f in review_text(TITLE + LEDE + MILD + "\n").findings if f.code == "C01"]
    assert hit.line == 3 and hit.severity is Severity.ERROR


def test_c01_stands_down_without_press_release_paragraphs() -> None:
    assert "C01" not in codes("# Tally\n" + FAQ)


@pytest.mark.parametrize(
    "lead_in",
    [
        "**The problem.**",
        "**Why this matters.**",
        "**Today:**",
        "**Why this matters to café owners.**",
    ],
)
def test_c01_stands_down_for_a_short_labelled_lead_in(lead_in: str) -> None:
    # "**Why this matters.**" is three words: a limit of two would wrongly block it
    assert not c01(f"{lead_in} {MILD}")


def test_c01_fires_for_a_lead_in_label_of_seven_words() -> None:
    # ("The problem" would itself count as a pain cue; "Why this matters" is none)
    assert problem_score_of("Why this matters to all café owners.") == (0, False)
    assert not c01("**Why this matters to café owners.** " + MILD)  # six words
    assert c01("**Why this matters to all café owners.** " + MILD)  # seven


def test_c01_stands_down_for_a_today_opener() -> None:
    assert not c01("Today, café owners count the coins in the till every night, which is slow.")
    assert not c01("Currently, café owners count the coins in the till every night, which is slow.")


def test_c01_stands_down_for_a_today_opener_that_is_the_lede() -> None:
    # no dateline paragraph: the "Today, ..." paragraph is the lede itself
    text = TITLE + "Today, café owners count the coins in the till every night, which is slow.\n"
    assert "C01" not in codes(text)


def test_c01_fires_when_today_opens_an_announcement() -> None:
    assert c01("Today, Acme announced Tally for café owners who count coins at a slow pace.")


def test_c01_stands_down_for_a_short_problem_heading() -> None:
    assert not c01("## The problem\n\n" + MILD)
    assert not c01("## Why owners struggle\n\n" + MILD)


def test_c01_fires_for_a_problem_heading_of_seven_words() -> None:
    assert c01("## Why this is a problem for owners\n\n" + MILD)  # seven words


def test_c01_fires_for_a_label_without_any_pain_cue() -> None:
    calm = "Owners of cafés close their shops at nine in the evening."
    assert problem_score_of(calm)[0] == 0
    assert c01("**Why this matters.** " + calm)
    assert not c01("**Why this matters.** " + MILD)


def test_c01_fires_for_a_labelled_paragraph_under_eight_words() -> None:
    assert c01("**The problem.** Counting is slow for owners.")  # seven words in all
    assert not c01("**The problem.** Counting coins is slow for café owners.")  # eight


def test_c01_fires_for_a_quotation() -> None:
    quote = "“Today, I count the coins in the till every night, which is slow,” said Ana."
    assert c01(quote)
    assert not c01(quote.replace("“", "").replace("”", ""))  # the same words, unquoted


STRONG = "Owners spend 40 minutes every night counting the coins in the till."


def test_c01_stands_down_for_four_pain_cue_points_without_a_label() -> None:
    # the lede itself, with no measure: only the count of cues (4, one strong) can save it
    four = "Owners still spend the evening counting the coins in the till, which is slow."
    three = "Owners spend the evening counting the coins in the till, which is slow."
    assert problem_score_of(four) == (4, True) and problem_score_of(three) == (3, True)
    assert "C01" not in codes(TITLE + four + "\n")
    assert "C01" in codes(TITLE + three + "\n")
    # four points of weak cues only are not enough: one cue must be strong
    weak = "Owners still count the coins in the till for hours every day, which is slow."
    assert problem_score_of(weak) == (4, False)
    assert "C01" in codes(TITLE + weak + "\n")


def test_c01_stands_down_for_a_measured_strong_cue_before_the_solution() -> None:
    score, strong = problem_score_of(STRONG)
    assert score < 4 and strong
    assert not c01(STRONG)


def test_c01_stands_down_for_a_measured_strong_cue_in_the_lede() -> None:
    # the lede's customer side counts too (its announcing sentences set aside)
    assert "C01" not in codes(TITLE + STRONG + "\n")


def test_c01_fires_when_the_measured_pain_is_told_in_the_builders_voice() -> None:
    assert c01(STRONG.replace("Owners spend", "We spend"))


def test_c01_fires_for_an_unfilled_template_slot() -> None:
    assert not c01(STRONG)
    assert c01("TBD: " + STRONG)


def test_c01_fires_for_a_measured_strong_cue_after_the_solution() -> None:
    assert c01("**How it works.** Point the phone at the till.\n\n" + STRONG)


def test_c01_fires_for_a_measured_strong_cue_that_announces() -> None:
    assert c01(STRONG.replace("Owners spend", "Acme launches Tally as owners spend"))


def test_c01_fires_for_a_strong_cue_without_a_measure() -> None:
    vague = "Owners spend far too long counting the coins in the till at closing."
    assert problem_score_of(vague)[1]
    assert c01(vague)


# -- S01 pr-missing -----------------------------------------------------------------------------


def test_s01_fires_below_25_words_of_press_release() -> None:
    words = " ".join(["word"] * 24) + "."
    assert "S01" in codes("# Tally\n\n" + words + "\n" + FAQ)
    assert "S01" not in codes("# Tally\n\n" + words + " more.\n" + FAQ)
    assert "S01" in codes(FAQ)


# -- S02 faq-missing / S03 internal-faq-missing ------------------------------------------------

PR = TITLE + LEDE + "**The problem.** " + MILD + "\n"
INTERNAL = "\n## Internal FAQ\n\n### What will it cost us?\n\n$40,000.\n"


def test_s02_fires_without_any_faq() -> None:
    assert {"S02", "S03"} <= codes(PR)


def test_s02_stands_down_for_either_faq() -> None:
    assert "S02" not in codes(PR + FAQ)
    assert "S02" not in codes(PR + INTERNAL)


def test_s03_fires_without_an_internal_faq_at_the_external_one() -> None:
    (hit,) = [f for f in review_text(PR + FAQ).findings if f.code == "S03"]
    assert hit.line == PR.count("\n") + 2  # the "## FAQ" heading


def test_s03_fires_at_the_end_without_any_faq() -> None:
    (hit,) = [f for f in review_text(PR).findings if f.code == "S03"]
    assert hit.line == PR.count("\n") + 1  # the line after the last one


def test_s03_stands_down_for_an_internal_faq_section() -> None:
    assert "S03" not in codes(PR + FAQ + INTERNAL)


def test_s03_stands_down_for_internal_questions_in_a_plain_faq() -> None:
    questions = "".join(
        f"\n### {q}\n\nAn answer.\n"
        for q in ("What will it cost us?", "What are our risks?", "Why now?")
    )
    assert "S03" not in codes(PR + "\n## FAQ\n" + questions)
    # two internal-voice questions are not enough to make an internal FAQ
    two = "".join(
        f"\n### {q}\n\nAn answer.\n" for q in ("What will it cost us?", "What are our risks?")
    )
    assert "S03" in codes(PR + "\n## FAQ\n" + two)


# -- S14 template-residue -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "residue",
    [
        "Tally costs [PRICE] a month.",
        "Tally ships to [target customer] first.",
        "The price is TBD.",
        "The price is XXXX.",
        "Ask {{ owner }} for the numbers.",
        "Ask <team lead> for the numbers.",
        "TODO: the numbers.",
    ],
)
def test_s14_fires_for_a_placeholder(residue: str) -> None:
    assert "S14" in codes(PR + "\n" + residue + "\n" + FAQ)


@pytest.mark.parametrize(
    "text",
    [
        "See [the guide](https://example.org) for the numbers.",
        "Tally works on a phone.<br>It needs no till.",
        "```\nprice: TBD\n```",
        "<!-- backwards: ignore S05 -->",
        "Describe the till to a friend and they will nod.",
    ],
)
def test_s14_stands_down_for_text_that_only_looks_like_residue(text: str) -> None:
    assert "S14" not in codes(PR + "\n" + text + "\n" + FAQ)


def test_s14_fires_for_guidance_in_an_html_comment() -> None:
    assert "S14" in codes(PR + "\n<!-- Describe the customer here. -->\n" + FAQ)
    assert "S14" in codes(PR + "\n<!-- price: TBD -->\n" + FAQ)


def test_s14_fires_for_a_placeholder_in_a_table() -> None:
    table = "| Plan | Price |\n|---|---|\n| Basic | [PRICE] |\n"
    hits = [f for f in review_text(PR + "\n" + table + FAQ).findings if f.code == "S14"]
    assert [h.line for h in hits] == [PR.count("\n") + 4]


@pytest.mark.parametrize(
    "instruction",
    ["> Describe the customer's problem here.", "*Write the headline here.*", "(Insert a quote)"],
)
def test_s14_fires_for_an_instruction_set_apart(instruction: str) -> None:
    assert "S14" in codes(PR + "\n" + instruction + "\n" + FAQ)
