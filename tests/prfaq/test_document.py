"""The document model: sections, Q&A shapes, sentences, quotes and line numbers."""

from __future__ import annotations

from backwards.prfaq.document import parse
from backwards.prfaq.sentence import split


def _sections(text: str) -> list[tuple[str, str]]:
    doc = parse(text)
    _ = doc.questions
    return [(b.plain, b.section) for b in doc.blocks]


def test_title_with_prfaq_does_not_start_an_faq() -> None:
    text = "# Noda — PR/FAQ\n\nNoda helps nurses.\n\n## FAQ\n\n### Is it free?\n\nYes.\n"
    secs = dict(_sections(text))
    assert secs["Noda — PR/FAQ"] == "press-release"
    assert secs["Noda helps nurses."] == "press-release"
    assert secs["Yes."] == "external-faq"


def test_internal_and_external_headings() -> None:
    text = (
        "# T\n\nBody text here.\n\n## Customer FAQ\n\n### Q one?\n\nA.\n\n"
        "## Internal FAQ\n\n### Q two?\n\nB.\n\n## Appendix\n\nNotes.\n"
    )
    secs = dict(_sections(text))
    assert secs["A."] == "external-faq"
    assert secs["B."] == "internal-faq"
    assert secs["Notes."] == "other"


def test_subheadings_inside_an_faq_do_not_end_it() -> None:
    text = "# T\n\nBody.\n\n## Internal FAQ\n\n### Risks\n\nWe might fail.\n"
    assert dict(_sections(text))["We might fail."] == "internal-faq"


def test_plain_text_faq_line_acts_as_heading() -> None:
    text = "Tally\n\nBody text of the release.\n\nInternal FAQ\n\nWhat does it cost?\n\n$5.\n"
    doc = parse(text)
    qas = doc.questions
    assert [q.question for q in qas] == ["What does it cost?"]
    assert qas[0].section == "internal-faq"
    assert qas[0].answer_text == "$5."


def test_question_shapes() -> None:
    text = (
        "# T\n\nBody.\n\n## FAQ\n\n"
        "### How much is it?\n\n$5.\n\n"
        "**Does it work offline?**\n\nYes, fully.\n\n"
        "Q: Who is it for?\nA: Café owners.\n\n"
        "**Q:** Where is it sold?\n\n**A:** Online.\n\n"
        "C1. When does it launch?\n\nIn May.\n\n"
        "1. Can I cancel?\n\n   Yes, any time.\n\n"
        "Is there a trial?\n\nNo.\n"
    )
    qas = parse(text).questions
    got = [(q.question.strip("*_ "), q.shape, q.answer_text.strip("*_ ")) for q in qas]
    assert got == [
        ("How much is it?", "heading", "$5."),
        ("Does it work offline?", "bold", "Yes, fully."),
        ("Who is it for?", "label", "Café owners."),
        ("Where is it sold?", "label", "Online."),
        ("When does it launch?", "label", "In May."),
        ("Can I cancel?", "item", "Yes, any time."),
        ("Is there a trial?", "plain", "No."),
    ]


def test_question_lines() -> None:
    text = "# T\n\nBody.\n\n## FAQ\n\n### How much is it?\n\n$5 a month.\n"
    qa = parse(text).questions[0]
    assert qa.line == 7
    assert qa.answer_sentences[0].position() == (9, 1)


def test_generic_faq_is_split_by_voice() -> None:
    text = (
        "# T\n\nBody.\n\n## FAQ\n\n### How much does it cost?\n\n$5.\n\n"
        "### What are our risks?\n\nFew.\n\n### What is the TAM?\n\n38,000.\n\n"
        "### Why should we build it?\n\nFees.\n"
    )
    qas = parse(text).questions
    assert [q.section for q in qas] == [
        "external-faq",
        "internal-faq",
        "internal-faq",
        "internal-faq",
    ]


def test_questions_without_faq_heading_start_an_faq() -> None:
    text = (
        "# T\n\nBody text.\n\n**What is it?**\n\nAn app.\n\n**Who is it for?**\n\nCafés.\n\n"
        "**What does it cost?**\n\n$5.\n"
    )
    qas = parse(text).questions
    assert len(qas) == 3
    assert all(q.section == "external-faq" for q in qas)


def test_code_tables_and_html_are_not_prose() -> None:
    text = (
        "# T\n\n```\nwill will will\n```\n\n| a | b |\n|---|---|\n| x | y |\n\n<div>\nhi\n</div>\n"
    )
    doc = parse(text)
    kinds = [b.kind for b in doc.blocks]
    assert kinds == ["heading", "code", "table", "html"]
    assert [b.kind for b in doc.prose()] == ["heading"]


def test_markup_is_masked_but_offsets_kept() -> None:
    doc = parse("# T\n\nSee **bold** and `code` and [a link](https://x.org/AAA).\n")
    b = doc.blocks[1]
    assert "AAA" not in b.text and "code" not in b.text
    assert len(b.text) == len(b.source)
    assert b.position(b.text.index("bold")) == (3, 7)


def test_columns_in_lists_and_quotes() -> None:
    doc = parse("# T\n\n- first item\n  continues here\n\n> quoted text\n")
    item = doc.blocks[1]
    assert item.position(item.text.index("continues")) == (4, 3)
    quote = doc.blocks[2]
    assert quote.quoted
    assert quote.position(0) == (6, 3)


def test_front_matter_keeps_line_numbers() -> None:
    doc = parse("---\ntitle: X\n---\n\n# Heading here\n")
    assert doc.front_matter.startswith("---")
    assert doc.blocks[0].line == 5


def test_sentences_respect_abbreviations_and_decimals() -> None:
    doc = parse("# T\n\nDr. Lee paid $4.2 million. It worked, e.g. at night. Done!\n")
    texts = [s.text for s in split(doc.blocks[1])]
    assert texts == ["Dr. Lee paid $4.2 million.", "It worked, e.g. at night.", "Done!"]


def test_quotes_and_attribution() -> None:
    doc = parse(
        "# T\n\n“We built this because owners closed after midnight,” "
        "said Ana Ruiz, CEO of Acme.\n\n"
        "Sam Lee, owner of Lee's Café, said: “I used to count for forty minutes every night.”\n\n"
        "“This is a quote nobody said out loud at any point in time.”\n"
    )
    quotes = doc.quotes
    assert [(q.speaker, q.kind) for q in quotes] == [
        ("Ana Ruiz", "leader"),
        ("Sam Lee", "customer"),
        (None, "customer"),
    ]
    assert quotes[0].block.position(quotes[0].start)[0] == 3


def test_headline_skips_a_title_that_names_the_document() -> None:
    doc = parse(
        "# Quill — PR/FAQ\n\n## Press Release\n\n**Quill finds the line that broke your build**\n\n"
        "Developers find the failing line in ten seconds.\n"
    )
    assert doc.title is not None
    assert doc.title.plain == "Quill finds the line that broke your build"


def test_straight_quotes_pair_only_at_word_edges() -> None:
    doc = parse(
        '# T\n\nThey search for "error", and scroll; the first "error" is often a red herring '
        "from a flaky test that nobody owns.\n"
    )
    assert doc.quotes == []


def test_quote_attribution_across_lines_and_continued_quotes() -> None:
    doc = parse(
        '# T\n\n"I used to count coins for forty minutes every single night," said Maggie\n'
        "Chen, a pilot subscriber in Bangor. \"It's a total change. Now I lock up at nine\n"
        'and go home to my kids."\n\n'
        '"Our subscribers pay us to never think about coffee at all, ever," said\n'
        "Luis Ortega, founder and head roaster of Rivertown.\n"
    )
    got = [(q.speaker, q.kind, q.role_text) for q in doc.quotes]
    assert got == [
        ("Maggie Chen", "customer", "a pilot subscriber in Bangor"),
        ("Maggie Chen", "customer", "a pilot subscriber in Bangor"),
        ("Luis Ortega", "leader", "founder and head roaster of Rivertown"),
    ]
