"""Shapes met in real PR/FAQs (issue 14's hand check), each on a text written for the test."""

from __future__ import annotations

from backwards.prfaq import review_text

_RELEASE = (
    "SEATTLE — March 3, 2031 — Ledgerly today launched Tally, a till for café owners that adds "
    "up an order in one tap and closes the day's books in a minute.\n\n"
    "Café owners spend an hour every night counting receipts by hand, and one in five tills is "
    "off by more than ten dollars at closing.\n\n"
)


def _fires(code: str, text: str, path: str = "t.md") -> bool:
    """Whether rule ``code`` finds anything in ``text``."""
    return any(f.code == code for f in review_text(text, path=path).findings)


def _silent_until(code: str, text: str, old: str, new: str) -> None:
    """Rule ``code`` is silent on ``text`` and fires once ``old`` is replaced by ``new``."""
    assert not _fires(code, text)
    assert _fires(code, text.replace(old, new))


def test_a_question_heading_with_a_note_after_it_is_a_question() -> None:
    text = (
        "# Tally closes a café's books in one minute\n\n" + _RELEASE + "## FAQ — the four risks\n\n"
        "### Valuable? (is this worth an owner's evening)\n\nYes: 40 owners asked for it.\n\n"
        "### Usable? (how fast is the first close)\n\nUnder a minute in our test with 12 cafés.\n\n"
        "### Feasible? (what could break)\n\nThe card reader's driver is the risk.\n\n"
        "### Viable? — what it costs us to run\n\nServers cost $200 a month.\n"
    )
    review = review_text(text, path="t.md")
    codes = {f.code for f in review.findings}
    assert "S03" not in codes, codes  # the four risks are the internal FAQ
    # Without the question marks the same headings are no questions.
    plain = text.replace("? (", " (").replace("? —", " —")
    assert _fires("S03", plain)


def test_a_press_release_and_frequently_asked_questions_title_opens_no_faq() -> None:
    text = (
        "# PRESS RELEASE & FREQUENTLY ASKED QUESTIONS\n\n"
        "## Tally closes a café's books in one minute\n\n" + _RELEASE + "## FAQ\n\n"
        "### How much does it cost?\n\n$20 a month.\n"
    )
    codes = {f.code for f in review_text(text, path="t.md").findings}
    assert "S01" not in codes, codes
    assert "C01" not in codes, codes


def test_a_problem_told_as_a_bad_trade_off_is_a_problem() -> None:
    problem = (
        "People who keep notes in the terminal have always faced a bad trade-off. Cloud apps "
        "are quick to write in but hold your notes hostage in their own format. Plain folders "
        "are portable but keep no history.\n\n"
    )
    head = (
        "# Jot keeps your terminal notes in git\n\n"
        "BERLIN — May 4, 2031 — Jot today released Jot 1.0, a notebook for the command line.\n\n"
    )
    tail = (
        "Jot saves every note as a Markdown file and commits it.\n\n"
        "## FAQ\n\n### Is it free?\n\nYes.\n"
    )
    codes = {f.code for f in review_text(head + problem + tail, path="t.md").findings}
    assert "C01" not in codes, codes
    neutral = problem.replace("have always faced a bad trade-off", "write notes").replace(
        "hold your notes hostage in their own format", "use their own format"
    )
    assert "C01" in {f.code for f in review_text(head + neutral + tail, path="t.md").findings}


def test_a_german_prfaq_keeps_structure_findings_that_read_no_english() -> None:
    text = (
        "# Mitgliederportal des Vereins\n\n## Pressemitteilung\n\n"
        "Der Verein stellt sein neues digitales Mitgliederportal vor. Die Webanwendung ersetzt "
        "die bisherige papierbasierte Verwaltung von Formularen und Dokumenten durch eine "
        "moderne Lösung. Ehrenamtliche können ab sofort ihre Abrechnungen im Browser ausfüllen "
        "und als PDF herunterladen, am [DATUM] in [STADT].\n"
    )
    review = review_text(text, path="t.md")
    codes = {f.code for f in review.findings}
    assert review.verdict.overall == "not English: reviewed for structure only"
    assert {"S02", "S16"} <= codes, codes  # no FAQ at all: true in any language
    assert not codes & {"S03", "S05", "S07"}, codes  # read from English words


def _x02(text: str, profile: str = "product") -> list[str]:
    review = review_text(text, path="t.md", profile=profile)
    return [f.message for f in review.findings if f.code == "X02"]


def test_a_standard_with_its_number_is_a_name_not_jargon() -> None:
    text = (
        "# Keyring signs releases with any USB stick\n\n"
        "Keyring speaks PKCS#11 and follows RFC 9807, so release managers keep one key per "
        "stick. Later the PKCS module and the RFC test vectors ship with it. It needs a TPM.\n"
    )
    found = _x02(text)
    assert not any("PKCS" in m or "RFC" in m for m in found), found
    assert any("'TPM'" in m for m in found), found  # a bare acronym is still jargon


def test_an_acronym_starting_a_name_in_the_title_is_the_subject() -> None:
    text = "# MCP Audit finds risky servers\n\nMCP Audit scans every MCP server on a laptop.\n"
    assert _x02(text) == []
    assert _x02(text.replace("# MCP Audit finds", "# Audit finds")) != []


def test_an_acronym_spelled_out_without_brackets_is_defined() -> None:
    text = (
        "# Keyring\n\nHardware Security Modules guard root keys. But a certified HSM costs "
        "$10,000, so small teams keep keys on disk.\n"
    )
    assert _x02(text) == []
    assert _x02(text.replace("Hardware Security Modules", "Vaults")) != []


def test_the_headline_is_the_bold_line_under_the_press_release_heading() -> None:
    text = (
        "# PR-FAQ — map embeds\n\n"
        "Working notes for the embed feature, written from the interview loop and the ledger of "
        "decisions we keep for the team; building waits for the gate described in the FAQ.\n\n"
        "## Press release\n\n"
        "**Maps now embed anywhere with one snippet and no per-view bill**\n\n" + _RELEASE
    )
    codes = {f.code for f in review_text(text, path="t.md").findings}
    assert "S05" not in codes, codes
    assert "S05" in {
        f.code
        for f in review_text(
            text.replace("**Maps", "Maps").replace("bill**", "bill."), path="t.md"
        ).findings
    }


def _s05(text: str) -> list[str]:
    return [f.message for f in review_text(text, path="t.txt").findings if f.code == "S05"]


def test_a_plain_text_headline_under_a_label_line_is_found() -> None:
    # A plain-text file: a label and the headline in one first paragraph.
    text = "Amazon-Style PRFAQ\nTally Lets Café Owners Close the Books in One Minute\n\n" + _RELEASE
    assert _s05(text) == []
    # The headline as the next paragraph after "FOR IMMEDIATE RELEASE" and a dateline.
    text = "FOR IMMEDIATE RELEASE\nSeattle, WA – March 3, 2031\n\nTally Is a Till\n\n" + _RELEASE
    assert _s05(text) == [
        "The headline is missing or only a name; it does not say what a customer gets."
    ]
    # A hard-wrapped sentence is no headline: the paragraph goes on.
    wrapped = "# Press Release\n\nNow café owners can close the books in one minute\nwith Tally.\n"
    review = review_text(wrapped + "\n" + _RELEASE, path="t.md")
    assert "C01" not in {f.code for f in review.findings}


def test_an_overlong_or_hyped_headline_is_named_as_such() -> None:
    long_title = (
        "# Ledgerly Announces Tally: a Till for Cafés, Bakeries, Food Trucks and Bars That Adds "
        "Up Orders, Closes the Books, Tracks Tips and Prints Receipts\n\n"
    )
    (message,) = _s05(long_title + _RELEASE)
    assert message.startswith("The headline has 24 words (at most 20)"), message
    (message,) = _s05("# Tally revolutionizes how café owners close the books\n\n" + _RELEASE)
    assert "'revolutionizes'" in message, message


def test_the_now_you_can_paragraph_is_the_solution_not_the_problem() -> None:
    text = (
        "# Tally closes a café's books in one minute\n\n" + _RELEASE + "Now you can. Open Tally, "
        "tap Close and the day's 40 receipts are added up; no more retyping into a sheet.\n"
    )
    c02 = [f for f in review_text(text, path="t.md").findings if f.code == "C02"]
    assert c02 == []


def test_the_users_of_the_customer_are_not_the_customer() -> None:
    text = (
        "# Keyless keeps passwords off Java servers\n\nKeyless enables Java services to "
        "authenticate users without storing the user's password.\n"
    )
    _silent_until("C05", text, "Java services to authenticate users", "users to log in")


def test_a_dateline_date_or_a_claimed_saving_is_no_measure_of_the_problem() -> None:
    text = (
        "# Tally closes a café's books fast\n\nSEATTLE - March 3, 2031 - Ledgerly today launched "
        "Tally. Café owners waste far too long counting receipts by hand and often get it "
        "wrong.\n\nOwners can expect:\n\n- 90% reduction in time spent counting receipts\n"
    )
    assert _fires("C03", text)


def _topics(faq: str) -> set[str]:
    text = (
        "# Tally closes a café's books in one minute\n\n" + _RELEASE + "## Internal FAQ\n\n" + faq
    )
    return {f.code for f in review_text(text, path="t.md").findings if f.code in _TOPIC_CODES}


_TOPIC_CODES = frozenset({"I01", "I02", "I03", "I04", "I05"})


def test_topics_are_judged_by_what_the_answers_say() -> None:
    # Each question names another topic; past the first sentence, only the answers' content
    # (a named dependency, the hard part and its test, a risk and its mitigation, a count of
    # customers) covers I02-I05.
    faq = (
        "### What will it cost to run?\n\n$40 a month for hosting. Ongoing maintenance is "
        "dependency updates (BouncyCastle, framework versions).\n\n"
        "### How will we measure success?\n\n500 paying cafés by March 2032. The hard part is "
        "reading faded receipts; a two-week probe tests 500 of them. The risk is a wrong total, "
        "so we pilot in 10 cafés first.\n\n"
        "### What is out of scope?\n\nPayroll. There are about 38,000 independent cafés in the "
        "UK.\n"
    )
    assert _topics(faq) == set()
    # The same questions with only their first sentences: the topics are missing.
    empty = (
        "### What will it cost to run?\n\n$40 a month for hosting.\n\n"
        "### How will we measure success?\n\n500 paying cafés by March 2032. We aim for 2,000 "
        "cafés using it by May 2033.\n\n"
        "### What is out of scope?\n\nPayroll.\n"
    )
    assert _topics(empty) == {"I02", "I03", "I04", "I05"}


def test_a_topic_finding_says_what_content_it_looked_for() -> None:
    text = (
        "# Tally closes a café's books in one minute\n\n" + _RELEASE + "## Internal FAQ\n\n"
        "### Who builds it?\n\nThe till team.\n"
    )
    (i03,) = [f for f in review_text(text, path="t.md").findings if f.code == "I03"]
    assert "or an answer that gives a library, service, team or partner it relies on" in (
        i03.message
    ), i03.message


def test_a_phrase_cited_in_a_list_item_is_not_an_unattributed_quote() -> None:
    text = (
        "# Tally closes a café's books in one minute\n\n" + _RELEASE + "Why now:\n\n"
        "- The old plan's own rationale rules out — “a till that talks to the bank, which "
        "nobody asked for” — but not a faster close.\n"
    )
    _silent_until("Q02", text, "- The old plan's own rationale rules out — ", "- ")


def test_plain_text_list_lines_are_not_paragraphs_of_the_release() -> None:
    lines = "".join(f"Receipts from till number {n}\n\n" for n in range(14))
    text = "# Tally closes a café's books in one minute\n\n" + _RELEASE + "It reads:\n\n" + lines
    assert not _fires("S10", text, "t.txt")
    sentences = lines.replace("\n\n", ".\n\n")
    text = text.replace(lines, sentences)
    assert _fires("S10", text, "t.txt")
