"""Every rule's own examples: each ``fails`` example is flagged, each ``passes`` one is not."""

from __future__ import annotations

import re
import tomllib
from importlib import resources

import pytest

from backwards.findings import Severity
from backwards.prfaq import RULES, review_text
from backwards.prfaq.rule import GROUPS, QUESTIONS, Rule

FAILS = [(r.code, i, ex) for r in RULES for i, ex in enumerate(r.fails)]
PASSES = [(r.code, i, ex) for r in RULES for i, ex in enumerate(r.passes)]


@pytest.mark.parametrize(
    ("code", "i", "example"), FAILS, ids=[f"{c}-fails-{i}" for c, i, _ in FAILS]
)
def test_fails_example_is_flagged(code: str, i: int, example: str) -> None:
    review = review_text(example, select=[code])
    assert [f.code for f in review.findings if f.code == code], f"{code} missed its example {i}"


@pytest.mark.parametrize(
    ("code", "i", "example"), PASSES, ids=[f"{c}-passes-{i}" for c, i, _ in PASSES]
)
def test_passes_example_is_clean(code: str, i: int, example: str) -> None:
    review = review_text(example, select=[code])
    assert [f for f in review.findings if f.code == code] == []


def test_catalogue_has_the_required_rules() -> None:
    codes = {r.code for r in RULES}
    starred_c = {"C01", "C02", "C03", "C04", "C05", "C06", "C07", "C08", "C10", "C11"}
    group_i = {f"I{n:02d}" for n in range(1, 11)}
    assert starred_c <= codes
    assert group_i <= codes
    assert {"F02", "S14"} <= codes
    assert len(codes) >= 40
    assert len(codes) == len(RULES)


def test_catalogue_names_are_the_catalogue_names() -> None:
    names = {r.code: r.name for r in RULES}
    assert names["C01"] == "problem-missing"
    assert names["C07"] == "skills-forward-phrasing"
    assert names["F02"] == "answer-not-first"
    assert names["S14"] == "template-residue"
    assert names["I10"] == "numbers-missing-in-business-answers"


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_is_complete(rule: Rule) -> None:
    assert re.fullmatch(r"[SCXQFIL]\d{2}", rule.code)
    assert rule.code[0] in GROUPS
    assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", rule.name)
    assert isinstance(rule.severity, Severity)
    assert rule.message.endswith((".", "?")) and "\n" not in rule.message
    assert len(rule.why) > 30
    assert rule.fails and rule.passes
    assert rule.question in (*QUESTIONS, None)


def test_every_table_of_texts_is_a_rule_of_its_module() -> None:
    families = {type(r).__module__ for r in RULES}
    for module in families:
        file = module.rpartition(".")[2] + ".toml"
        tables = tomllib.loads((resources.files("backwards.prfaq.rules") / file).read_text("utf-8"))
        assert set(tables) == {r.code for r in RULES if type(r).__module__ == module}, file


def test_a_rule_without_a_table_or_with_a_wrong_one_is_refused() -> None:
    module = "backwards.prfaq.rules.internal_faq"
    with pytest.raises(LookupError, match=r"internal_faq.toml \[I99\]: the rule has no table"):
        type("NoTable", (Rule,), {"code": "I99", "__module__": module})()
    # I01's table has the keys of a topic rule, which a plain rule does not read
    with pytest.raises(ValueError, match=r"\[I01\]: missing \[\], unknown \['ask', 'topic'\]"):
        type("PlainRule", (Rule,), {"code": "I01", "__module__": module})()
    with pytest.raises(ValueError, match=r"missing \['hint'\], unknown \['ask'\]"):
        type(
            "MoreTexts", (Rule,), {"code": "I01", "__module__": module, "texts": ("topic", "hint")}
        )()


def test_names_and_codes_are_unique() -> None:
    assert len({r.name for r in RULES}) == len(RULES)
    assert len({r.code for r in RULES}) == len(RULES)


def test_quarter_labels_are_not_acronyms() -> None:
    text = "# Quill lets developers fix builds\n\nThe roadmap is full until Q3 and FY2027.\n"
    assert review_text(text, select=["X02"]).findings == []


def test_how_many_is_not_a_weasel() -> None:
    text = "# T\n\n## FAQ\n\n**How many developers would use it?**\n\n12,000 a month.\n"
    assert review_text(text, select=["L01"]).findings == []


def test_free_answers_a_how_much_question() -> None:
    text = "# T\n\nBody.\n\n## FAQ\n\n**Q: How much does it cost?**\nA: Nothing; it is free.\n"
    assert review_text(text, select=["F02"]).findings == []


@pytest.mark.parametrize(
    ("question", "answer", "flagged"),
    [
        ("Is there a night service?", "Yes, until 2 a.m.", False),
        ("Is there a night service?", "Night buses run until 2 a.m., and yes, they show.", True),
        ("Does it track me?", "It does not.", False),
        ("Does it track me?", "Lumen does not store any location.", True),
        ("When will it ship?", "In May 2031.", False),
        ("When will it ship?", "Screens cost about £4,000 each, so we go stop by stop.", True),
        ("How much does it cost?", "Nothing; it is free.", False),
        ("How much does it cost?", "Freelancers never see a fee deducted.", True),
        ("Q3. Will it work offline?", "No. It needs a connection.", False),
        ("Is the card charged?", "After the two-week trial, yes, the card is charged.", False),
        ("Will v3 keep old links?", "Old links keep working until v4, so no, not in v3.", False),
        ("How soon do orders arrive?", "Within 48 hours for 90% of orders.", False),
        ("How quickly do I get my money?", "The next working day, into any bank.", False),
    ],
)
def test_answer_first_opening(question: str, answer: str, flagged: bool) -> None:
    text = f"# T\n\nBody.\n\n## FAQ\n\n### {question}\n\n{answer}\n"
    assert bool(review_text(text, select=["F02"]).findings) is flagged


def test_perfect_tense_is_not_ingredients_language() -> None:
    ok = "# T\n\nWe have spent a year with 40 cafés. We have to move fast.\n"
    assert review_text(ok, select=["C07"]).findings == []
    bad = "# T\n\nWe have the data, so we built an app.\n"
    assert [f.code for f in review_text(bad, select=["C07"]).findings] == ["C07"]


def test_hype_in_quoted_speech_is_left_to_q03() -> None:
    text = (
        "# Tally lets café owners count cash\n\n"
        "“It is a game-changer and truly revolutionary for my café,” said Sam Lee, owner of "
        "Lee's Café. Tally is seamless.\n"
    )
    review = review_text(text, select=["L02", "Q03"])
    assert [(f.code, f.message) for f in review.findings] == [
        ("Q03", "The quote says 'game-changer'."),
        ("L02", "'seamless' is hype."),
    ]


def test_unlabelled_problem_paragraph_with_a_number() -> None:
    text = (
        "# Lockbox lets village shops take every parcel\n\n"
        "SHIPTON — 2 May 2027 — Lockbox today launched a parcel locker wall for village shops.\n\n"
        "Village shops turn away about 40 parcels a week because they have no room to store "
        "them, and each refused parcel means a 12-mile drive to the depot for the customer.\n\n"
        "Lockbox puts a locker wall in the shop.\n"
    )
    assert review_text(text, select=["C01"]).findings == []


def test_plain_text_first_line_is_the_headline() -> None:
    text = (
        "Harbor Notes lets ship chandlers reorder stock in two taps\n\n"
        "SOUTHAMPTON - 4 March 2031 - Ship chandlers can now reorder rope and paint from "
        "their phone in two taps.\n"
    )
    review = review_text(text, select=["S05", "C04"])
    assert review.findings == []


def test_customer_quote_with_a_named_day_is_concrete() -> None:
    text = (
        "# T\n\n“I used to lose my Friday afternoons to the stock count; now I am done by "
        'lunch," said Priya Shah, owner of Shah Marine.\n'
    )
    assert review_text(text, select=["Q04"]).findings == []
