"""A saved similarity index gives the same answers, and is never used when stale."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from backwards.ledger.measures.index_cache import (
    FORMAT_VERSION,
    cached_index,
    fingerprint,
    load_index,
    save_index,
)
from backwards.ledger.measures.similarity import MistakeDoc, SimilarityIndex

DOCS = [
    MistakeDoc(1, "Launch date promised before the legal review", "scope", ("legal", "launch"),
               date(2025, 1, 5), "ana"),
    MistakeDoc(2, "Data pipeline broke; dashboards stale for two days", "data", ("data",),
               date(2025, 2, 5), "bo"),
    MistakeDoc(3, "Promised the launch before legal had reviewed it 🚀", "scope", (),
               None, "ana"),
]  # fmt: skip
QUERY = "we promised a launch date before legal review"


def _same_answers(a: SimilarityIndex, b: SimilarityIndex) -> None:
    assert np.array_equal(a.cosine(QUERY), b.cosine(QUERY))
    kwargs = {"category": "scope", "tags": ("Legal",), "threshold": 0.0}
    assert a.similar(QUERY, **kwargs) == b.similar(QUERY, **kwargs)  # type: ignore[arg-type]
    windowed = {"threshold": 0.0, "before": date(2025, 1, 31), "window_days": 60, "owner": "ana"}
    assert a.similar(QUERY, **windowed) == b.similar(QUERY, **windowed)  # type: ignore[arg-type]


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    index = SimilarityIndex.build(DOCS)
    save_index(index, tmp_path / "i.npz")
    _same_answers(index, load_index(tmp_path / "i.npz"))
    empty = SimilarityIndex.build([])
    save_index(empty, tmp_path / "e.npz")
    assert load_index(tmp_path / "e.npz").similar(QUERY, threshold=0.0) == []


def test_cached_index_reuses_only_an_identical_collection(tmp_path: Path) -> None:
    first = cached_index(DOCS, tmp_path / "cache")
    files = list((tmp_path / "cache").glob("similarity-*.npz"))
    assert len(files) == 1
    again = cached_index(DOCS, tmp_path / "cache")
    _same_answers(first, again)
    assert list((tmp_path / "cache").glob("similarity-*.npz")) == files
    # an edited mistake changes the fingerprint: a new file replaces the old one
    edited = [*DOCS[:2], MistakeDoc(3, "Something else entirely", "scope")]
    assert fingerprint(edited) != fingerprint(DOCS)
    fresh = cached_index(edited, tmp_path / "cache")
    now = list((tmp_path / "cache").glob("similarity-*.npz"))
    assert len(now) == 1 and now != files
    _same_answers(fresh, SimilarityIndex.build(edited))


def test_unreadable_files_are_rebuilt_not_trusted(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    cached_index(DOCS, folder)
    (path,) = folder.glob("similarity-*.npz")
    path.write_bytes(b"not a zip file")
    with pytest.raises(ValueError, match="not a saved similarity index"):
        load_index(path)
    _same_answers(cached_index(DOCS, folder), SimilarityIndex.build(DOCS))
    np.savez(path, format=np.array([99]))
    with pytest.raises(ValueError, match="format 99"):
        load_index(path)
    np.savez(path, format=np.array([FORMAT_VERSION]))
    with pytest.raises(ValueError, match="not a saved similarity index"):
        load_index(path)
