"""Tests that kill the mutants `make mutation` found alive in ``prfaq/rules/internal_faq.py``.

The topic rules are classes made by ``_topic`` when the module is imported, before mutmut forks
the process that runs a mutant, so only a direct call of the factory can see its mutants. The
expected attributes are written out by hand. See docs/testing.md, "Mutation testing".
"""

from __future__ import annotations

from backwards.findings import Severity
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
