"""Tests that kill the mutants `make mutation` found alive in ``prfaq/rules/internal_faq.py``.

The topic rules are classes made by ``_topic`` when the module is imported, before mutmut forks
the process that runs a mutant, so only a direct call of the factory can see its mutants. The
expected attributes (from ``internal_faq.toml``) are written out by hand. See docs/testing.md,
"Mutation testing".
"""

from __future__ import annotations

from backwards.findings import Severity
from backwards.prfaq import review_text
from backwards.prfaq.document import parse
from backwards.prfaq.rules.internal_faq import _answers, _topic, _topic_texts, _TopicRule

PR = "# Tally lets café owners close the till fast\n\nOwners count cash by hand.\n\n"
BASE_Q = "## Internal FAQ\n\n### Who builds it?\n\nThe till team.\n\n"


def test_the_factory_makes_a_named_topic_rule_with_the_texts_of_its_table() -> None:
    rule = _topic("TopicMarketSizeCheck", "I02")()
    assert type(rule).__name__ == "TopicMarketSizeCheck"
    assert type(rule).__module__ == "backwards.prfaq.rules.internal_faq"
    assert isinstance(rule, _TopicRule)
    assert (rule.code, rule.name, rule.topic, rule.severity, rule.question) == (
        "I02",
        "topic-market-size",
        "market_size",
        Severity.WARNING,
        "big_idea",
    )
    assert (rule.message, rule.ask) == (
        "The internal FAQ does not say how many customers there are.",
        "How many customers have this problem, and how do we know?",
    )
    assert rule.options == {"words": []}
    assert rule.fails == (PR + BASE_Q,)
    assert rule.passes == (
        PR + BASE_Q + "### How many cafés could use it?\n\nAbout 38,000 independent cafés in the "
        "US, by count.\n",
    )


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


def findings(text: str, code: str) -> list[tuple[int | None, int | None, str]]:
    return [(f.line, f.column, f.message) for f in review_text(PR + text, select=[code]).findings]


NON_GOALS = (
    "The internal FAQ does not say what is out of scope. Looked for a question or answer about "
    "'non-goal', 'non goal', 'out of scope', 'not in scope'... in the internal FAQ; none found."
)


def test_a_will_we_question_answered_no_states_a_non_goal() -> None:
    # "Will we ...? No." is scope: it covers I07 although no non-goal word is written.
    assert (
        findings(
            "## Internal FAQ\n\n### Will we launch in the US this year?\n\nNo. "
            "We start with UK cafés only.\n",
            "I07",
        )
        == []
    )
    # Answered yes, it says nothing about scope; the internal FAQ heading is line 5.
    assert findings(
        "## Internal FAQ\n\n### Will we launch in the US this year?\n\nYes. "
        "We start with UK cafés and then the US.\n",
        "I07",
    ) == [(5, 1, NON_GOALS)]
    # An answer that starts with "Not" to a question that is not "will we ...?" is no scope.
    assert findings(
        "## Internal FAQ\n\n### Who else is affected?\n\nNot the payments team. "
        "Only the till team.\n",
        "I07",
    ) == [(5, 1, NON_GOALS)]


RISK_TEXT = "Miscounts could erode trust, so we pilot in 10 cafés first."


def test_an_internal_heading_that_is_not_a_question_names_its_topic() -> None:
    # A "Risks" heading before the first question covers I05; under "Notes" the same paragraph
    # (no risk word, not an answer to any question) covers nothing.
    after = "\n\n### Who builds it?\n\nThe till team.\n"
    assert findings(f"## Internal FAQ\n\n### Risks\n\n{RISK_TEXT}{after}", "I05") == []
    [(line, column, message)] = findings(
        f"## Internal FAQ\n\n### Notes\n\n{RISK_TEXT}{after}", "I05"
    )
    assert (line, column) == (5, 1)
    assert message.startswith("The internal FAQ does not discuss risks")


def test_an_internal_faq_written_as_prose_is_read_whole() -> None:
    # No question at all: the paragraphs are what the topics are looked for in, by word (I08:
    # "measure", "success") and by content (I01: "three engineer-months" is an amount of effort).
    prose = (
        "## Internal FAQ\n\nWe will measure success by the share of cafés that close in ten "
        "minutes.\n"
    )
    assert findings(prose, "I08") == []
    assert findings("## Internal FAQ\n\nWe build it in three engineer-months.\n", "I01") == []


def test_only_internal_answers_that_say_something_count_by_content() -> None:
    # "It costs $20 a month" is an amount of money, but in the customers' FAQ: I01 still fires
    # at the internal FAQ heading (line 11).
    external = (
        "## FAQ\n\n### How much does it cost?\n\nIt costs $20 a month.\n\n"
        "## Internal FAQ\n\n### Who builds it?\n\nThe till team.\n"
    )
    assert [(line, column) for line, column, _ in findings(external, "I01")] == [(11, 1)]
    # The question names a topic (cost), so only the answer's first sentence counts by word;
    # the second sentence names a dependency by content ("We build on the payments team's").
    second = (
        "## Internal FAQ\n\n### What will it cost?\n\n$240,000 to build. We build on the "
        "payments team's till API.\n"
    )
    assert findings(second, "I03") == []


def test_internal_questions_under_a_plain_faq_heading_are_pointed_at_the_first_one() -> None:
    # No internal-FAQ section: the questions in the stakeholders' voice (lines 11, 15, 19) are
    # internal, and a missing topic points at the first of them, not at the customer question
    # on line 7.
    text = (
        "## FAQ\n\n### Does it work offline?\n\nYes, it counts offline.\n\n"
        "### What will it cost us to build?\n\n$240,000 over two quarters.\n\n"
        "### What are the biggest risks for us?\n\nMiscounts; we pilot in 10 cafés first.\n\n"
        "### Why should we build this now?\n\nCard fees rose 30% this year.\n"
    )
    assert [(line, column) for line, column, _ in findings(text, "I07")] == [(11, 1)]


def test_why_should_we_not_asks_for_risks_not_for_why_now() -> None:
    # "why should" is a why-now word, but "Why should we not do this?" asks for the risks.
    text = (
        "## Internal FAQ\n\n### Why should we not do this?\n\nMiscounts could cost trust; we "
        "pilot in 10 cafés first.\n"
    )
    assert findings(text, "I06") == [
        (
            5,
            1,
            "The internal FAQ does not say why now, or why us. Looked for a question or answer "
            "about 'why now', 'why us', 'why this team', 'why are we'... in the internal FAQ; "
            "none found.",
        )
    ]
    assert findings(text.replace("we not do", "we do"), "I06") == []


def test_a_topic_without_a_content_pattern_says_only_what_words_it_looked_for() -> None:
    # I08's words start 'metric*', 'kpi*', 'target*', 'measure*' (the '*' is a wildcard, not
    # shown); I08 has no content an answer could give instead.
    assert findings("## Internal FAQ\n\n### Who builds it?\n\nThe till team.\n", "I08") == [
        (
            5,
            1,
            "The internal FAQ does not say how success is measured. Looked for a question or "
            "answer about 'metric', 'kpi', 'target', 'measure'... in the internal FAQ; none "
            "found.",
        )
    ]


def test_money_market_and_metric_answers_need_a_number() -> None:
    # The answers on lines 19, 23 and 27 (after "Who builds it?", which is no business
    # question), in column 1. A question in the customers' FAQ (line 7) is never checked.
    text = (
        "## FAQ\n\n### What does it cost?\n\nNot much at all.\n\n"
        "## Internal FAQ\n\n### Who builds it?\n\nThe till team.\n\n"
        "### What will it cost us?\n\nNot much; the team is small.\n\n"
        "### How many cafés could use it?\n\nPlenty of them.\n\n"
        "### How will we measure success?\n\nBy how happy owners are.\n"
    )
    assert findings(text, "I10") == [
        (19, 1, "'What will it cost us?' is answered without a number."),
        (23, 1, "'How many cafés could use it?' is answered without a number."),
        (27, 1, "'How will we measure success?' is answered without a number."),
    ]


def test_an_answer_on_the_question_s_line_is_pointed_at_where_it_starts() -> None:
    # "Q: What will it cost us? A: Not much." - the answer starts at column 29.
    text = "## Internal FAQ\n\nQ: What will it cost us? A: Not much.\n"
    assert findings(text, "I10") == [
        (7, 29, "'What will it cost us?' is answered without a number.")
    ]


def test_topic_texts_and_answers_are_worked_out_once_per_document() -> None:
    doc = parse(PR + "## Internal FAQ\n\n### What will it cost?\n\n$240,000 to build.\n", "x.md")
    assert _topic_texts(doc) is _topic_texts(doc)
    assert _answers(doc) is _answers(doc)
    assert _answers(doc) == ["$240,000 to build."]


def test_topic_findings_belong_to_the_internal_faq() -> None:
    # A missing topic (at the internal FAQ heading) and a question asked but not answered (at
    # the question) are both findings of the internal FAQ section; in reading order.
    asked = "### What will it cost?\n\nWe will work this out later.\n"
    review = review_text(PR + BASE_Q + asked, select=["I01", "I02"])
    assert [(f.code, f.line, f.section) for f in review.findings] == [
        ("I02", 5, "internal-faq"),
        ("I01", 11, "internal-faq"),
    ]
