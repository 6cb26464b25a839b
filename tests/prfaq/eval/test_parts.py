"""Finding the parts (issue 14, class 2): hand-written documents, expectations from reading them."""

from __future__ import annotations

from backwards.prfaq import review_text
from backwards.prfaq.anatomy import anatomy
from backwards.prfaq.document import parse

RELEASE_NOTE = (
    "# PR/FAQ: Quill\n\n## Press release\n\n**FOR IMMEDIATE RELEASE**\n\n"
    "### Quill lets technical writers preview Markdown in a native window\n\n"
    "Most Markdown editors force a choice: native and bare, or complete and slow, with 400 MB "
    "of memory for one file.\n\nQuill is native and complete.\n"
)
FOUR_RISKS = (
    "# Atlas maps embed anywhere\n\nUntil today, map makers exported a flat image and lost "
    "the layers; four in ten readers never opened the shared link.\n\n"
    "Atlas gives every map an embed snippet.\n\n## FAQ\n\n"
    "**Who is this for?** Map makers who publish on their own sites.\n\n"
    "**Is it valuable?** Forty users asked for it in the last quarter.\n\n"
    "**Is it usable?** One click copies the snippet.\n\n"
    "**Is it feasible?** The viewer already renders read-only maps.\n\n"
    "**Is it viable: what does it cost us to run?** About 40 dollars a month in bandwidth.\n"
)


def test_the_headline_is_found_under_for_immediate_release() -> None:
    title = anatomy(parse(RELEASE_NOTE)).title
    assert title is not None and title.text.startswith("Quill lets technical writers")
    codes = {f.code for f in review_text(RELEASE_NOTE).findings}
    assert "S05" not in codes  # the headline says who gets what
    assert "C01" not in codes  # the problem is told through today's alternatives


def test_the_four_risks_under_a_plain_faq_heading_are_an_internal_faq() -> None:
    codes = {f.code for f in review_text(FOUR_RISKS).findings}
    assert "S03" not in codes


def test_common_acronyms_need_no_spelling_out() -> None:
    text = "# Quill\n\nQuill reads PDF files from a USB drive; see the PRFAQ and the URL.\n"
    assert "X02" not in {f.code for f in review_text(text).findings}
