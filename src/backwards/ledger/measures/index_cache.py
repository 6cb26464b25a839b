"""A saved similarity index, so that "which earlier mistakes look like this one?" stays fast.

Building the TF-IDF index of 10,000 mistakes takes seconds (it reads every character n-gram of
every mistake); loading a saved one takes a fraction of that. ``cached_index(docs, folder)``
returns the index of ``docs``, loading it from ``folder`` when a file saved for exactly these
documents exists, and building and saving it otherwise.

A saved index is named by a fingerprint of its documents (SHA-256 over every id, text,
category, tag, date and owner, and the format version), so any added or edited mistake makes a
new file and the old one is removed: a stale index is never used. Files are plain NumPy
``.npz`` archives loaded without pickle (no code runs on load), written atomically. A file that
cannot be read is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from backwards.atomicfile import write_atomic
from backwards.ledger.measures.similarity import MistakeDoc, SimilarityIndex, SparseColumns

__all__ = [
    "FORMAT_VERSION",
    "cached_index",
    "cached_index_for",
    "fingerprint",
    "load_index",
    "save_index",
]

FORMAT_VERSION = 3  # 2: documents by root cause (MistakeDoc.by_cause); 3: columns (CSC)
PREFIX = "similarity-"


def fingerprint(docs: Sequence[MistakeDoc]) -> str:
    """SHA-256 of everything the index depends on, in order."""
    digest = hashlib.sha256(f"backwards-similarity-{FORMAT_VERSION}".encode())
    for d in docs:
        occurred = d.occurred.isoformat() if d.occurred else ""
        fields = [str(d.id), d.text, d.category, "\x1f".join(d.tags), occurred, d.owner]
        digest.update("\x1e".join(fields).encode("utf-8", "surrogatepass"))
        digest.update(b"\x1d")
    return digest.hexdigest()


def save_index(index: SimilarityIndex, path: Path) -> None:
    """Write ``index`` to ``path`` (an ``.npz`` archive), atomically."""
    tags = sorted(index.tag_docs)
    tag_lengths = np.array([index.tag_docs[t].size for t in tags], dtype=np.int64)
    arrays: dict[str, npt.NDArray[Any]] = {
        "format": np.array([FORMAT_VERSION], dtype=np.int64),
        "ids": index.ids,
        "alphabet": index.encoder.alphabet,
        "vocabulary": index.vocabulary,
        "idf": index.idf,
        "data": index.matrix.data,
        "indices": index.matrix.indices,
        "indptr": index.matrix.indptr,
        "shape": np.array(index.matrix.shape, dtype=np.int64),
        "category_names": index.category_names.astype(str),
        "category": index.category,
        "tag_names": np.array(tags, dtype=str),
        "tag_ptr": np.concatenate(([0], np.cumsum(tag_lengths))).astype(np.int64),
        "tag_rows": (
            np.concatenate([index.tag_docs[t] for t in tags]) if tags else np.zeros(0, np.int64)
        ),
        "tag_count": index.tag_count,
        "occurred": index.occurred.astype("datetime64[D]").view(np.int64),
        "owner": index.owner.astype(str),
    }
    buffer = io.BytesIO()
    np.savez(buffer, allow_pickle=False, **arrays)
    write_atomic(path, buffer.getvalue())


def load_index(path: Path) -> SimilarityIndex:
    """Read an index written by ``save_index``; ``ValueError`` when it is not one."""
    try:
        with np.load(path, allow_pickle=False) as z:
            a = {name: z[name] for name in z.files}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        raise ValueError(f"{path} is not a saved similarity index: {exc}") from None
    try:
        if int(a["format"][0]) != FORMAT_VERSION:
            raise ValueError(f"{path} has format {int(a['format'][0])}, not {FORMAT_VERSION}")
        shape = (int(a["shape"][0]), int(a["shape"][1]))
        matrix = SparseColumns(a["data"], a["indices"], a["indptr"], shape)
        ptr, rows = a["tag_ptr"], a["tag_rows"]
        tag_docs = {
            str(t): rows[ptr[i] : ptr[i + 1]].astype(np.int64) for i, t in enumerate(a["tag_names"])
        }
        return SimilarityIndex(
            ids=a["ids"].astype(np.int64),
            alphabet=a["alphabet"].astype(np.uint32),
            vocabulary=a["vocabulary"].astype(np.int64),
            idf=a["idf"].astype(np.float64),
            matrix=matrix,
            category_names=a["category_names"],
            category=a["category"].astype(np.int64),
            tag_docs=tag_docs,
            tag_count=a["tag_count"].astype(np.int64),
            occurred=a["occurred"].astype(np.int64).view("datetime64[D]"),
            owner=a["owner"],
        )
    except (KeyError, IndexError, TypeError) as exc:
        raise ValueError(f"{path} is not a saved similarity index: {exc!r}") from None


def cached_index(docs: Iterable[MistakeDoc], folder: Path) -> SimilarityIndex:
    """The index of ``docs``: loaded from ``folder`` if saved for exactly these, else built.

    A newly built index is saved in ``folder`` (created if needed) and older saved indexes
    there are removed.
    """
    items = list(docs)
    return cached_index_for(fingerprint(items), lambda: items, folder)


def cached_index_for(
    key: str, docs: Callable[[], Sequence[MistakeDoc]], folder: Path
) -> SimilarityIndex:
    """``cached_index`` when the caller has a fingerprint ``key`` of the documents already
    (say, of the rows they are read from): ``docs`` is called only when none is saved."""
    path = folder / f"{PREFIX}{key[:32]}.npz"
    if path.is_file():
        try:
            return load_index(path)
        except ValueError:
            pass  # unreadable: rebuild below
    index = SimilarityIndex.build(docs())
    folder.mkdir(parents=True, exist_ok=True)
    save_index(index, path)
    for old in folder.glob(f"{PREFIX}*.npz"):
        if old != path:
            old.unlink(missing_ok=True)
    return index
