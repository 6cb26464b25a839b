"""A saved similarity index gives the same answers, and is never used when stale."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from backwards.ledger.measures.index_cache import (
    FORMAT_VERSION,
    MAGIC,
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
    save_index(index, tmp_path / "i.index")
    _same_answers(index, load_index(tmp_path / "i.index"))
    empty = SimilarityIndex.build([])
    save_index(empty, tmp_path / "e.index")
    assert load_index(tmp_path / "e.index").similar(QUERY, threshold=0.0) == []


def test_cached_index_reuses_only_an_identical_collection(tmp_path: Path) -> None:
    first = cached_index(DOCS, tmp_path / "cache")
    files = list((tmp_path / "cache").glob("similarity-*.index"))
    assert len(files) == 1
    again = cached_index(DOCS, tmp_path / "cache")
    _same_answers(first, again)
    assert list((tmp_path / "cache").glob("similarity-*.index")) == files
    # an edited mistake changes the fingerprint: a new file replaces the old one
    edited = [*DOCS[:2], MistakeDoc(3, "Something else entirely", "scope")]
    assert fingerprint(edited) != fingerprint(DOCS)
    fresh = cached_index(edited, tmp_path / "cache")
    now = list((tmp_path / "cache").glob("similarity-*.index"))
    assert len(now) == 1 and now != files
    _same_answers(fresh, SimilarityIndex.build(edited))


def test_unreadable_files_are_rebuilt_not_trusted(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    cached_index(DOCS, folder)
    (path,) = folder.glob("similarity-*.index")
    good = path.read_bytes()
    path.write_bytes(b"not an index file")
    with pytest.raises(ValueError, match="not a saved similarity index"):
        load_index(path)
    _same_answers(cached_index(DOCS, folder), SimilarityIndex.build(DOCS))
    assert path.read_bytes() == good  # rebuilt and saved again


def _with_header(raw: bytes, change: Callable[[dict[str, Any]], None]) -> bytes:
    """``raw`` (a saved index) with its JSON header changed by ``change``."""
    at = len(MAGIC) + 8
    size = int.from_bytes(raw[len(MAGIC) : at], "little")
    header = json.loads(raw[at : at + size])
    change(header)
    head = json.dumps(header).encode()
    head += b" " * (size - len(head)) if len(head) <= size else b""
    assert len(head) == size, "the test keeps the header's length"
    return raw[:at] + head + raw[at + size :]


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(header: dict[str, Any]) -> None:
        target = header
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_set(["format"], 99), "format 99, not"),
        (_set(["format"], FORMAT_VERSION - 1), f"format {FORMAT_VERSION - 1}, not"),
        (_set(["arrays", "data", 0], "|O"), "dtype '\\|O'"),
        (_set(["arrays", "data", 0], ">f8"), "dtype '>f8'"),
        (_set(["arrays", "ids", 1], [4]), "'ids' has the wrong size"),
        (_set(["arrays", "ids", 2], 10**9), "'ids' runs past the end"),
        (_set(["arrays", "ids", 3], 16), "'ids' has the wrong size"),
        (_set(["arrays", "ids", 2], -8), "'ids' has the wrong size"),
        (lambda h: h["arrays"].pop("idf"), "KeyError"),
        (lambda h: h.pop("owner"), "KeyError"),
    ],
)
def test_a_damaged_header_is_refused_with_what_is_wrong(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], message: str
) -> None:
    path = tmp_path / "i.index"
    save_index(SimilarityIndex.build(DOCS), path)
    # room for the changed values: the header is padded with spaces to a multiple of 8
    raw = path.read_bytes()
    at = len(MAGIC) + 8
    size = int.from_bytes(raw[len(MAGIC) : at], "little")
    roomy = json.dumps(json.loads(raw[at : at + size])).encode() + b" " * 64
    roomy += b" " * (-(at + len(roomy)) % 8)
    shift = len(roomy) - size
    assert shift % 8 == 0
    path.write_bytes(
        raw[: len(MAGIC)] + len(roomy).to_bytes(8, "little") + roomy + raw[at + size :]
    )
    assert shift and load_index(path).size == 3  # the padding alone changes nothing
    path.write_bytes(_with_header(path.read_bytes(), change))
    with pytest.raises(ValueError, match=message):
        load_index(path)


def test_a_header_longer_than_the_file_or_not_an_object_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "i.index"
    path.write_bytes(MAGIC + (1000).to_bytes(8, "little") + b"{}")
    with pytest.raises(ValueError, match="runs past the end of the file"):
        load_index(path)
    path.write_bytes(MAGIC + (2).to_bytes(8, "little") + b"[]")
    with pytest.raises(ValueError, match="not an object"):
        load_index(path)
    path.write_bytes(MAGIC + (2).to_bytes(8, "little") + b"\xff\xfe")
    with pytest.raises(ValueError, match="not a saved similarity index"):
        load_index(path)


def test_an_older_npz_index_is_removed_when_the_new_one_is_saved(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / "similarity-0123456789abcdef0123456789abcdef.npz").write_bytes(b"PK old format")
    cached_index(DOCS, folder)
    assert [p.suffix for p in folder.iterdir()] == [".index"]


def test_arrays_are_stored_little_endian_at_multiples_of_eight(tmp_path: Path) -> None:
    path = tmp_path / "i.index"
    index = SimilarityIndex.build(DOCS)
    save_index(index, path)
    raw = path.read_bytes()
    at = len(MAGIC) + 8
    size = int.from_bytes(raw[len(MAGIC) : at], "little")
    assert (at + size) % 8 == 0
    header = json.loads(raw[at : at + size])
    assert header["shape"] == list(index.matrix.shape)
    dtype, shape, offset, length = header["arrays"]["idf"]
    assert offset % 8 == 0 and dtype == "<f8" and shape == [index.vocabulary.size]
    start = at + size + offset
    assert np.frombuffer(raw[start : start + length], "<f8").tolist() == index.idf.tolist()
