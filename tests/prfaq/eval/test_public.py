"""The public PR/FAQ list is well formed, and its scoring functions compute what they claim."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from tests.prfaq.eval.public import (
    LABELS,
    QUALITY_LABELS,
    Entry,
    Outcome,
    average_ranks,
    fill_cache,
    load_entries,
    missing_message,
    score,
    spearman,
    verdict_rank,
)


def test_the_list_has_thirty_rated_documents_from_distinct_repositories() -> None:
    entries = load_entries()
    rated = [e for e in entries if e.label in QUALITY_LABELS]
    assert len(rated) >= 30
    assert len({e.repo for e in entries}) == len(entries)
    assert {e.label for e in entries} <= set(LABELS)
    assert len({e.id for e in entries}) == len(entries)


def test_every_entry_is_a_location_with_a_short_reason_never_text() -> None:
    for entry in load_entries():
        assert re.fullmatch(r"[0-9a-f]{40}", entry.commit), entry.id
        assert re.fullmatch(r"[\w.-]+/[\w.-]+", entry.repo), entry.id
        assert entry.path.endswith(".md"), entry.id
        assert 0 < len(entry.reason) <= 260, entry.id
        assert entry.split in ("tuning", "heldout"), entry.id


def test_the_split_is_stratified_by_label() -> None:
    counts = Counter((e.label, e.split) for e in load_entries())
    for label in QUALITY_LABELS:
        assert abs(counts[label, "tuning"] - counts[label, "heldout"]) <= 1, label
    assert counts["strong", "heldout"] >= 3
    assert counts["weak", "heldout"] >= 8


def test_average_ranks_share_ties() -> None:
    assert average_ranks([10, 20, 20, 30]) == [1.0, 2.5, 2.5, 4.0]
    assert average_ranks([3, 1, 2]) == [3.0, 1.0, 2.0]


def test_spearman_on_hand_computed_cases() -> None:
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert spearman([1, 1, 1], [1, 2, 3]) == 0.0
    # ranks x = 1,2,3 and y = 1,3,2: rho = 1 - 6*(0+1+1)/(3*8) = 0.5
    assert spearman([1, 2, 3], [5, 9, 7]) == pytest.approx(0.5)
    with pytest.raises(ValueError):
        spearman([1, 2], [1])


def test_verdict_rank_puts_every_other_overall_at_the_bottom() -> None:
    assert [verdict_rank(v) for v in ("ready", "needs work", "not ready")] == [2, 1, 0]
    assert verdict_rank("not a PR/FAQ") == 0


def _entry(doc: str, label: str) -> Entry:
    return Entry(doc, f"o/{doc}", "PRFAQ.md", "0" * 40, 100, label, "heldout", "product", "r")


def test_score_counts_confusion_and_rule_precision_by_hand() -> None:
    entries = [
        _entry("a", "strong"),
        _entry("b", "mediocre"),
        _entry("c", "weak"),
        _entry("d", "weak"),
        _entry("e", "not-english"),
    ]
    outcomes = [
        Outcome("a", "ready", 90, frozenset({"L01"}), 1, 900),
        Outcome("b", "needs work", 60, frozenset({"L01", "C01"}), 2, 500),
        Outcome("c", "not ready", 30, frozenset({"C01"}), 5, 300),
        Outcome("d", "not ready", 40, frozenset(), 3, 200),
        Outcome("e", "not English", 0, frozenset(), 0, 100),
    ]
    figures = score(entries, outcomes)
    assert figures.documents == 4
    assert figures.rho_verdict == pytest.approx(spearman([2, 1, 0, 0], [2, 1, 0, 0]))
    assert figures.strong_not_ready == 0 and figures.strong == 1
    assert figures.weak_not_ready == 2 and figures.weak == 2
    assert figures.confusion["weak"]["not ready"] == 2
    assert figures.mean_score["weak"] == 35
    assert figures.others == [("e", "not-english", "not English")]
    # L01 fires on a (strong) and b: precision 1/2; it fires on no weak document
    assert figures.rules["L01"] == (2, 1, 0, 2)
    assert figures.rules["C01"] == (2, 2, 1, 2)


def test_missing_files_are_named_with_how_to_fill_them(tmp_path: Path) -> None:
    entry = _entry("p99", "weak")
    message = missing_message([entry], tmp_path)
    assert "p99.md" in message and "o/p99" in message and "--fill" in message
    assert fill_cache([entry], tmp_path / "no-snapshots", tmp_path / "cache") == ["p99"]
