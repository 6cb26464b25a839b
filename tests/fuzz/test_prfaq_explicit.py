"""PR/FAQ inputs the fuzz run once broke, each pinned as an explicit case."""

from __future__ import annotations

from pathlib import Path

import pytest

from backwards.cli import run
from backwards.prfaq import review_text

# Nothing but question headings in an internal voice: the internal FAQ is known only from its
# questions, with no section of that kind (S04 once raised StopIteration here).
INTERNAL_QUESTIONS_ONLY = (
    "### How much will it cost us to build?\n\n"
    "### What are our risks?\n\n"
    "### How many engineers do we need?\n"
)


def test_internal_faq_questions_only_gives_s04_at_the_first_question() -> None:
    review = review_text(INTERNAL_QUESTIONS_ONLY, path="only.md")
    s04 = [f for f in review.findings if f.code == "S04"]
    assert [(f.line, f.severity.value) for f in s04] == [(1, "warning")]


def test_internal_faq_questions_only_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "only.md"
    doc.write_text("Intro.\n\n" + INTERNAL_QUESTIONS_ONLY, encoding="utf-8")
    assert run(["prfaq", "review", str(doc)]) == 1  # S01: no press release
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "internal error" not in out + err
    assert f"{doc}:3:1: warning S04" in out
