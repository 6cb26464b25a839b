"""Tests that kill the mutants `make mutation` found alive in ``prfaq/rules/internal_faq.py``.

The topic rules are classes made by ``_topic`` when the module is imported, before mutmut forks
the process that runs a mutant, so only a direct call of the factory can see its mutants. The
expected attributes are written out by hand. See docs/testing.md, "Mutation testing".
"""

from __future__ import annotations

from backwards.findings import Severity
from backwards.prfaq import review_text
from backwards.prfaq.rules.internal_faq import _topic, _TopicRule

PR = "# Tally lets café owners close the till fast\n\nOwners count cash by hand.\n\n"
BASE_Q = "## Internal FAQ\n\n### Who builds it?\n\nThe till team.\n\n"


def make(topic: str) -> type[_TopicRule]:
    return _topic(
        "I99",
        "topic-market-size-check",
        topic,
        Severity.INFO,
        "big_idea",
        "No count of customers.",
        "Because.",
        "How many?",
        "How many cafés?",
        "About 38,000.",
    )


def test_the_factory_makes_a_named_topic_rule() -> None:
    rule = make("market_size")
    assert rule.__name__ == "TopicMarketSizeCheck"
    assert issubclass(rule, _TopicRule)
    assert rule.__doc__ == "No count of customers."
    assert (rule.code, rule.name, rule.topic, rule.severity, rule.question) == (
        "I99",
        "topic-market-size-check",
        "market_size",
        Severity.INFO,
        "big_idea",
    )
    assert (rule.message, rule.why, rule.ask) == ("No count of customers.", "Because.", "How many?")
    assert rule.options == {"words": []}
    assert rule.counts_customers is True
    assert rule.fails == (PR + BASE_Q,)
    assert rule.passes == (PR + BASE_Q + "### How many cafés?\n\nAbout 38,000.\n",)


def test_only_the_market_size_topic_counts_customers() -> None:
    assert make("economics").counts_customers is False


def topic_findings(
    extra: str, options: dict[str, dict[str, list[str]]] | None = None
) -> list[tuple[str, str, int | None, str | None]]:
    review = review_text(PR + BASE_Q + extra, select=["I01", "I02"], options=options)
    return [(f.code, f.message, f.line, f.suggestion) for f in review.findings]


ECONOMICS = "The internal FAQ does not cover the economics: cost, price, revenue or investment."
ECONOMICS_ASK = (
    "Add a question such as: 'What will it cost to build and run, and what will it earn?'"
)
MARKET = "The internal FAQ does not say how many customers there are."
MARKET_ASK = "Add a question such as: 'How many customers have this problem, and how do we know?'"
ANSWER_IT = "Answer it: a number, a name or a date first, then the reasoning."


def test_a_missing_topic_names_what_was_looked_for_at_the_internal_faq() -> None:
    # Line 5 is the "## Internal FAQ" heading; the words are the first four of each topic's
    # list in wordlists/topics.yaml, without their trailing '*'; then the content an answer
    # may give instead (topics are judged by what the answers say).
    assert topic_findings("") == [
        (
            "I01",
            f"{ECONOMICS} Looked for a question or answer about 'cost', 'price', 'pricing', "
            "'margin'..., or an answer that gives an amount of money or effort, in the internal "
            "FAQ; none found.",
            5,
            ECONOMICS_ASK,
        ),
        (
            "I02",
            f"{MARKET} Looked for a question or answer about 'tam', 'sam', 'addressable', "
            "'market size'..., or an answer that gives a count of customers, in the internal "
            "FAQ; none found.",
            5,
            MARKET_ASK,
        ),
    ]


def test_a_topic_asked_but_not_answered_points_at_the_question() -> None:
    # Lines 11 and 15: the two questions asked with an evasive answer.
    found = topic_findings(
        "### What will it cost?\n\nWe will work this out later.\n\n"
        "### How many cafés could use it?\n\nTBD.\n"
    )
    assert found == [
        (
            "I01",
            f"{ECONOMICS} The question 'What will it cost?' is asked, but its answer says "
            "nothing yet.",
            11,
            ANSWER_IT,
        ),
        (
            "I02",
            f"{MARKET} The question 'How many cafés could use it?' is asked, but its answer says "
            "nothing yet.",
            15,
            ANSWER_IT,
        ),
    ]


def test_a_team_s_own_words_cover_a_topic() -> None:
    answer = "### Who pays?\n\nTuppence.\n"
    assert [code for code, *_ in topic_findings(answer)] == ["I01", "I02"]
    covered = topic_findings(answer, options={"I01": {"words": ["tuppence"]}})
    assert [code for code, *_ in covered] == ["I02"]
