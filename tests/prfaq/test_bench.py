"""The benchmark's document is a realistic 2,000-word PR/FAQ that the engine parses fully."""

from __future__ import annotations

from bench.prfaq import document

from backwards.prfaq import review_text


def test_bench_document_is_2000_words_with_both_faqs() -> None:
    text = document()
    assert 2000 <= len(text.split()) <= 2200
    review = review_text(text)
    assert review.words > 1900
    assert not any(f.code in {"S01", "S02", "S03", "C01"} for f in review.findings)
