"""A saved similarity index, so that "which earlier mistakes look like this one?" stays fast.

Building the TF-IDF index of 10,000 mistakes takes seconds (it reads every character n-gram of
every mistake); loading a saved one takes a fraction of that. ``cached_index(docs, folder)``
returns the index of ``docs``, loading it from ``folder`` when a file saved for exactly these
documents exists, and building and saving it otherwise.

A saved index is named by a fingerprint of its documents (SHA-256 over every id, text,
category, tag, date and owner, and the format version), so any added or edited mistake makes a
new file and the old one is removed: a stale index is never used. A file is one JSON header
(each array's dtype, shape and place; the names as lists of text) followed by the arrays'
raw little-endian bytes, each at a multiple of 8; loading it is one read and a view per array
(no archive to unpack, no pickle: no code runs on load), and every place and size is checked
against the file. Files are written atomically; a file that cannot be read is ignored and
rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import math
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

FORMAT_VERSION = 4  # 2: by root cause (MistakeDoc.by_cause); 3: columns (CSC); 4: raw arrays
PREFIX = "similarity-"
SUFFIX = ".index"


def fingerprint(docs: Sequence[MistakeDoc]) -> str:
    """SHA-256 of everything the index depends on, in order."""
    digest = hashlib.sha256(f"backwards-similarity-{FORMAT_VERSION}".encode())
    for d in docs:
        occurred = d.occurred.isoformat() if d.occurred else ""
        fields = [str(d.id), d.text, d.category, "\x1f".join(d.tags), occurred, d.owner]
        digest.update("\x1e".join(fields).encode("utf-8", "surrogatepass"))
        digest.update(b"\x1d")
    return digest.hexdigest()


#: The first bytes of a saved index, then the header's length (8 bytes, little-endian).
MAGIC = b"backwards-similarity-index\n"
_LENGTH = 8
#: The only dtypes a saved array may have (little-endian, no objects).
_DTYPES = frozenset({"<i8", "<i4", "<u4", "<f8"})


def _little(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    return np.ascontiguousarray(array, dtype=array.dtype.newbyteorder("<"))


def save_index(index: SimilarityIndex, path: Path) -> None:
    """Write ``index`` to ``path`` (header and raw arrays, see above), atomically."""
    tags = sorted(index.tag_docs)
    tag_lengths = np.array([index.tag_docs[t].size for t in tags], dtype=np.int64)
    arrays: dict[str, npt.NDArray[Any]] = {
        "ids": index.ids,
        "alphabet": index.encoder.alphabet,
        "vocabulary": index.vocabulary,
        "idf": index.idf,
        "data": index.matrix.data,
        "indices": index.matrix.indices,
        "indptr": index.matrix.indptr,
        "category": index.category,
        "tag_ptr": np.concatenate(([0], np.cumsum(tag_lengths))).astype(np.int64),
        "tag_rows": (
            np.concatenate([index.tag_docs[t] for t in tags]) if tags else np.zeros(0, np.int64)
        ),
        "tag_count": index.tag_count,
        "occurred": index.occurred.astype("datetime64[D]").view(np.int64),
    }
    places: dict[str, list[Any]] = {}
    chunks: list[bytes] = []
    offset = 0
    for name, array in arrays.items():
        raw = _little(array).tobytes()
        places[name] = [_little(array).dtype.str, list(array.shape), offset, len(raw)]
        pad = -len(raw) % 8
        chunks.append(raw + b"\0" * pad)
        offset += len(raw) + pad
    header = {
        "format": FORMAT_VERSION,
        "shape": list(index.matrix.shape),
        "arrays": places,
        "category_names": [str(c) for c in index.category_names],
        "tag_names": tags,
        "owner": [str(o) for o in index.owner],
    }
    head = json.dumps(header, ensure_ascii=False).encode("utf-8", "surrogatepass")
    head += b" " * (-(len(MAGIC) + _LENGTH + len(head)) % 8)
    body = b"".join([MAGIC, len(head).to_bytes(_LENGTH, "little"), head, *chunks])
    write_atomic(path, body)


def _header(raw: bytes) -> tuple[dict[str, Any], int]:
    """The header of a saved index and where its arrays start."""
    if not raw.startswith(MAGIC):
        raise ValueError("no index header")
    at = len(MAGIC) + _LENGTH
    size = int.from_bytes(raw[len(MAGIC) : at], "little")
    if at + size > len(raw):
        raise ValueError("the header runs past the end of the file")
    header = json.loads(raw[at : at + size].decode("utf-8", "surrogatepass"))
    if not isinstance(header, dict):
        raise ValueError("the header is not an object")
    return header, at + size


def _arrays(raw: bytes, places: dict[str, Any], start: int) -> dict[str, npt.NDArray[Any]]:
    """A read-only view of each array, after checking its dtype, shape and place."""
    out = {}
    for name, (dtype, shape, offset, size) in places.items():
        if dtype not in _DTYPES:
            raise ValueError(f"array {name!r} has dtype {dtype!r}")
        kind = np.dtype(dtype)
        count = math.prod(int(n) for n in shape)
        if min(count, offset, size) < 0 or count * kind.itemsize != size:
            raise ValueError(f"array {name!r} has the wrong size")
        if start + offset + size > len(raw):
            raise ValueError(f"array {name!r} runs past the end of the file")
        flat = np.frombuffer(raw, dtype=kind, count=count, offset=start + offset)
        out[name] = flat.reshape([int(n) for n in shape])
    return out


def load_index(path: Path) -> SimilarityIndex:
    """Read an index written by ``save_index``; ``ValueError`` when it is not one."""
    problem = f"{path} is not a saved similarity index"
    try:
        raw = path.read_bytes()
        header, start = _header(raw)
    except (OSError, ValueError) as exc:  # UnicodeDecodeError and JSON errors are ValueErrors
        raise ValueError(f"{problem}: {exc}") from None
    if header.get("format") != FORMAT_VERSION:
        raise ValueError(f"{path} has format {header.get('format')!r}, not {FORMAT_VERSION}")
    try:
        a = _arrays(raw, header["arrays"], start)
        rows, columns = (int(n) for n in header["shape"])
        matrix = SparseColumns(a["data"], a["indices"], a["indptr"], (rows, columns))
        ptr, tag_rows = a["tag_ptr"], a["tag_rows"]
        tag_docs = {
            str(t): tag_rows[ptr[i] : ptr[i + 1]] for i, t in enumerate(header["tag_names"])
        }
        return SimilarityIndex(
            ids=a["ids"],
            alphabet=a["alphabet"],
            vocabulary=a["vocabulary"],
            idf=a["idf"],
            matrix=matrix,
            category_names=np.array(header["category_names"], dtype=str),
            category=a["category"],
            tag_docs=tag_docs,
            tag_count=a["tag_count"],
            occurred=a["occurred"].view("datetime64[D]"),
            owner=np.array(header["owner"], dtype=str),
        )
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise ValueError(f"{problem}: {exc!r}") from None


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
    path = folder / f"{PREFIX}{key[:32]}{SUFFIX}"
    if path.is_file():
        try:
            return load_index(path)
        except ValueError:
            pass  # unreadable: rebuild below
    index = SimilarityIndex.build(docs())
    folder.mkdir(parents=True, exist_ok=True)
    save_index(index, path)
    for old in folder.glob(f"{PREFIX}*"):  # older ones, and those of older formats (.npz)
        if old != path:
            old.unlink(missing_ok=True)
    return index
