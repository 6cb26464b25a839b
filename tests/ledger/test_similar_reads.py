"""``mistake similar`` reads only root causes (``storage.mistake_causes``) and queries a saved
index without scipy (``SparseColumns``): the same answers as from the whole mistakes, on both
backends, and a changed mistake is never answered from a stale index."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pytest
from scipy.sparse import csr_matrix

import backwards.ledger as ledger
from backwards.ledger.measures.similarity import MistakeDoc, SimilarityIndex
from backwards.ledger.storage.mistake_causes import load_causes

AT = datetime(2026, 1, 5, 9, tzinfo=UTC)


def _mistakes(book: ledger.Book) -> list[int]:
    ids = [
        book.add_mistake(
            "Checkout down on Black Friday",
            by="ana",
            at=AT,
            category="dependency",
            occurred_on=date(2025, 10, 1),
            five_whys=["the payments vendor throttled us", "nobody checked their rate limits"],
            root_cause="never checked the vendor's API quota before the sale",
            tags=["checkout"],
        ).id,
        book.add_mistake(  # no whys, no root cause: the title and the story stand for them
            "Carrier API limits hit at the peak",
            by="bo",
            at=AT,
            occurred_on=date(2025, 11, 2),
            what_happened="Labels failed for an hour — the carrier's quota ran out 🚚",
        ).id,
        book.add_mistake(  # failure modes chosen, not found
            "Pricing page shipped without sign-off",
            by="cy",
            at=AT,
            root_cause="no review",
            failure_modes=["missing_signoff"],
        ).id,
        book.add_mistake("Nothing to say", by="cy", at=AT, failure_modes=[]).id,
    ]
    return ids


def test_the_causes_read_are_by_cause_of_the_whole_mistakes(database_url: str) -> None:
    with ledger.open_url(database_url) as book:
        _mistakes(book)
        with book.store.read() as conn:
            causes = load_causes(conn)
        expected = [MistakeDoc.by_cause(m) for m in book.mistakes()]
        assert causes.docs() == expected
        assert [causes.doc(d.id) for d in expected] == expected
        assert causes.doc(999) is None
        before = causes.fingerprint()
        book.confirm_repeat(2, 1, by="lea")  # not part of a cause: same index
        with book.store.read() as conn:
            assert load_causes(conn).fingerprint() == before


def test_similar_through_the_book_uses_a_fresh_index_and_lists_confirmed_repeats(
    database_url: str, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    with ledger.open_url(database_url, cache_dir=cache) as book:
        first, second, *_ = _mistakes(book)
        found = book.similar(second, threshold=0.0, limit=None)
        assert found and found[0].id == first  # same failure mode, other words, other person
        assert found[0].mistake is not None and found[0].mistake.title.startswith("Checkout")
        assert "third-party" in found[0].reason
        assert book.similar(second, threshold=0.0, limit=None) == found  # from the saved index
        saved = list(cache.iterdir())
        third = book.add_mistake(
            "Maps quota ran out",
            by="dee",
            at=AT,
            root_cause="the maps vendor throttled us: rate limits never checked",
        )
        later = book.similar(third.id, threshold=0.0, limit=None)
        assert {first, second} <= {c.id for c in later}
        assert list(cache.iterdir()) != saved  # a new mistake: a new index, never the old
        assert book.confirmed_repeats(second) == []
        book.confirm_repeat(second, first, by="lea")
        book.confirm_repeat(third.id, second, by="lea")
        assert [m.id for m in book.confirmed_repeats(second)] == [first, third.id]
        assert [m.id for m in book.confirmed_repeats(first)] == [second]


def test_the_column_product_equals_scipys() -> None:
    rng = np.random.default_rng(5)
    texts = [" ".join(rng.choice(["vendor", "quota", "review", "limits", "ran", "out"], 6))
             for _ in range(40)]  # fmt: skip
    index = SimilarityIndex.build(MistakeDoc(i, t) for i, t in enumerate(texts, start=1))
    m = index.matrix
    rows = csr_matrix((m.data, m.indices, m.indptr), shape=m.shape[::-1]).T  # CSC as CSR of T
    for query in ("vendor quota limits", "review ran out", "nothing alike", ""):
        terms, weights = index.vector(query)
        dense = np.zeros(m.shape[1])
        dense[terms] = weights
        assert index.cosine(query) == pytest.approx(rows @ dense, abs=1e-12)


def test_the_columns_are_scipys_csr_to_csc_exactly() -> None:
    """The index is built in numpy alone: the same arrays, to the bit, as scipy's sparse
    matrix of the n-gram counts turned into unit TF-IDF rows and then columns."""
    rng = np.random.default_rng(8)
    words = ["vendor", "quota", "review", "limits", "ran", "out", "rollback", "überall", "日本"]
    texts = ["", *(" ".join(rng.choice(words, rng.integers(1, 9))) for _ in range(60))]
    index = SimilarityIndex.build(MistakeDoc(i, t) for i, t in enumerate(texts, start=1))
    m = index.matrix
    doc, key = index.encoder.keys(*_encoded(index, texts))
    term = np.searchsorted(index.vocabulary, key)
    counts = csr_matrix((np.ones(key.size), (doc, term)), shape=m.shape)
    counts.sum_duplicates()
    df = np.bincount(counts.indices, minlength=m.shape[1])
    assert np.array_equal(index.idf, np.log((1 + len(texts)) / (1 + df)) + 1)
    values = counts.data * index.idf[counts.indices]
    rows = np.repeat(np.arange(len(texts)), np.diff(counts.indptr))
    norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=len(texts)))
    counts.data = values / np.where(norms > 0, norms, 1.0)[rows]
    expected = counts.tocsc()
    assert np.array_equal(m.indptr, expected.indptr)
    assert np.array_equal(m.indices, expected.indices)
    assert np.array_equal(m.data, expected.data)  # bit for bit, not approximately


def _encoded(index: SimilarityIndex, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    from backwards.ledger.measures.similarity import _codes, normalise_text

    codes, lengths = _codes([normalise_text(t) for t in texts])
    return index.encoder.ids(codes), lengths
