"""Candidate repeats of a mistake: character n-gram TF-IDF cosine plus two label signals.

``sim(m, j) = w_text * cos_tfidf(m, j) + w_category * [category_m == category_j]
+ w_tags * jaccard(labels)``. The ledger scores *root causes* (``MistakeDoc.by_cause``): the
text is the whys and the root cause, the labels are the failure modes, and the category does
not count (``CAUSE_WEIGHTS``: 0.4 text, 0.6 failure modes). A prior mistake whose score reaches
the threshold (the setting ``ledger.repeat_threshold``) is a *candidate*; only a person
confirms a repeat.

The TF-IDF is the classic one, identical to scikit-learn's
``TfidfVectorizer(analyzer="char", ngram_range=(3, 5))`` on the normalised text (lower case,
runs of white space collapsed to one space): raw counts times
``idf = ln((1 + N) / (1 + df)) + 1``, each document scaled to unit length. It is computed here
with numpy alone: every n-gram of the whole collection is encoded as one 64-bit integer in a
few array operations (exact while the collection uses at most 4,095 distinct characters,
hashed beyond), the counts and columns come from one sort of their cell numbers
(``_unit_tfidf_columns``), and a query is one sparse matrix-vector product
(``SparseColumns``; see ``bench/ledger_measures.py``).

``SimilarityIndex.build`` precomputes the vocabulary, idf and posting lists once; ``similar``
scores one new text against every indexed mistake.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from backwards.ledger.measures.failure_modes import detect

if TYPE_CHECKING:
    from backwards.ledger.model import Mistake

__all__ = [
    "CAUSE_WEIGHTS",
    "Candidate",
    "MistakeDoc",
    "SimilarityIndex",
    "SimilarityWeights",
    "SparseColumns",
    "normalise_text",
]

NGRAMS = (3, 4, 5)
_SPACE = re.compile(r"\s+")
Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]


def normalise_text(text: str) -> str:
    """Lower case, white space runs collapsed to one space, trimmed."""
    return _SPACE.sub(" ", text.lower()).strip()


@dataclass(frozen=True, slots=True)
class SimilarityWeights:
    """The weights of the three signals; they should add up to 1."""

    text: float = 0.5
    category: float = 0.3
    tags: float = 0.2


#: Repeats by root cause: the cause's words and its failure modes; the category is left out
#: (a repeat is often filed under another category by another person).
CAUSE_WEIGHTS = SimilarityWeights(text=0.4, category=0.0, tags=0.6)


@dataclass(frozen=True, slots=True)
class MistakeDoc:
    """What the index needs of one mistake."""

    id: int
    text: str
    category: str = ""
    tags: tuple[str, ...] = ()
    occurred: date | None = None
    owner: str = ""

    @classmethod
    def from_mistake(cls, mistake: Mistake) -> MistakeDoc:
        """All its words, its category and its tags (the topic)."""
        return cls(
            id=mistake.id,
            text=mistake.text,
            category=str(mistake.category),
            tags=tuple(mistake.tags),
            occurred=mistake.occurred_on,
            owner=mistake.owner,
        )

    @classmethod
    def by_cause(cls, mistake: Mistake) -> MistakeDoc:
        """Its root cause: the whys and root cause as text, its failure modes as labels (the
        stored ones, else those the vocabulary finds in the cause)."""
        return cls(
            id=mistake.id,
            text=mistake.cause_text,
            category=str(mistake.category),
            tags=mistake.failure_modes or detect(mistake.cause_text),
            occurred=mistake.occurred_on,
            owner=mistake.owner,
        )


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible repeat: the prior mistake's id and how similar it is."""

    id: int
    score: float
    cosine: float
    same_category: bool
    tag_jaccard: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "score": round(self.score, 4),
            "text_similarity": round(self.cosine, 4),
            "same_category": self.same_category,
            "failure_mode_overlap": round(self.tag_jaccard, 4),
        }


@dataclass(frozen=True, slots=True)
class SparseColumns:
    """The unit TF-IDF rows (one per mistake) as a compressed sparse *column* matrix (the
    arrays of scipy's ``csc_matrix``): a query's product touches only the columns of its own
    n-grams, in numpy alone."""

    data: Floats
    indices: npt.NDArray[np.integer[Any]]  # the row of each value
    indptr: npt.NDArray[np.integer[Any]]  # where each column's values start
    shape: tuple[int, int]

    def times(self, terms: Ints, weights: Floats) -> Floats:
        """The matrix times the sparse vector with ``weights`` at columns ``terms``.

        One scaled add per column, in the order of ``terms``: a column holds each row at most
        once, so ``found[rows] += values * weight`` adds every value (a query has a few hundred
        terms; gathering all their values into one array first cost twice as much)."""
        found = np.zeros(self.shape[0], dtype=np.float64)
        indptr, indices, data = self.indptr, self.indices, self.data
        for term, weight in zip(terms.tolist(), weights.tolist(), strict=True):
            start, end = int(indptr[term]), int(indptr[term + 1])
            found[indices[start:end]] += data[start:end] * weight
        return found


class _Encoder:
    """Maps characters to small ids and n-grams to exact 64-bit keys (hashed if too many)."""

    def __init__(self, alphabet: npt.NDArray[np.uint32]) -> None:
        """An encoder for the sorted distinct code points ``alphabet``."""
        self.alphabet = alphabet.astype(np.uint32)
        top = int(alphabet[-1]) + 1 if alphabet.size else 0
        self.table: Ints | None = None
        if top <= 1 << 17:
            # a lookup table: linear time for the usual (Latin, Cyrillic, Greek...) texts
            self.table = np.zeros(top, dtype=np.int64)
            self.table[self.alphabet] = np.arange(1, alphabet.size + 1, dtype=np.int64)
        self.bits = max(1, math.ceil(math.log2(alphabet.size + 1)))
        # exact keys: up to 5 characters of ``bits`` bits below the length tag at bit 60
        self.exact = self.bits * max(NGRAMS) <= 60

    @classmethod
    def of(cls, codes: npt.NDArray[np.uint32]) -> _Encoder:
        """The encoder of the characters in ``codes`` (code points)."""
        top = int(codes.max()) + 1 if codes.size else 0
        if top <= 1 << 17:
            alphabet = np.nonzero(np.bincount(codes, minlength=top))[0]
        else:
            alphabet = np.unique(codes)
        return cls(alphabet.astype(np.uint32))

    def ids(self, codes: npt.NDArray[np.uint32]) -> Ints:
        """1-based character ids; 0 for a character the index has never seen."""
        if not self.alphabet.size:
            return np.zeros(codes.size, dtype=np.int64)
        if self.table is not None:
            if not codes.size or int(codes.max()) < self.table.size:
                return self.table[codes]
            inside = codes < self.table.size
            return np.where(inside, self.table[np.where(inside, codes, 0)], 0).astype(np.int64)
        pos = np.searchsorted(self.alphabet, codes)
        pos_c = np.minimum(pos, self.alphabet.size - 1)
        found = self.alphabet[pos_c] == codes
        return np.where(found, pos_c + 1, 0).astype(np.int64)

    def keys(self, ids: Ints, lengths: Ints) -> tuple[Ints, Ints]:
        """(document number, n-gram key) of every n-gram; n-grams with unseen chars dropped.

        The key of an n-gram starting at ``i`` is built from the one of length ``n - 1`` by
        shifting in character ``i + n - 1``: whole-array operations on contiguous slices.
        """
        empty = np.empty(0, dtype=np.int64)
        if not lengths.size or not ids.size:
            return empty, empty
        total = int(ids.size)
        doc_of = np.repeat(np.arange(lengths.size, dtype=np.int64), lengths)
        ends = np.cumsum(lengths)
        remaining = np.repeat(ends, lengths) - np.arange(total, dtype=np.int64)
        # every character of an index is known; only a query can hold unseen ones (id 0)
        known = ids > 0 if not bool(ids.all()) else None
        docs: list[Ints] = []
        keys: list[Ints] = []
        key = ids.astype(np.int64) if self.exact else ids.astype(np.uint64)
        for n in range(2, max(NGRAMS) + 1):
            m = total - n + 1
            if m <= 0:
                break
            nxt = ids[n - 1 :]
            key = key[:m]  # in place: the previous n-grams were already copied out
            if self.exact:
                key <<= self.bits
                key |= nxt
            else:
                key *= np.uint64(1099511628211)
                key ^= nxt.astype(np.uint64)
            if known is not None:
                known = known[:m] & (nxt > 0)
            if n in NGRAMS:
                valid = remaining[:m] >= n
                if known is not None:
                    valid &= known
                docs.append(doc_of[:m][valid])
                chosen = key[valid]
                if self.exact:
                    chosen |= n << 60
                else:
                    chosen ^= np.uint64(n) << np.uint64(60)
                keys.append(chosen.view(np.int64))
        if not docs:
            return empty, empty
        return np.concatenate(docs), np.concatenate(keys)


def _unit_tfidf_columns(
    doc: Ints, term: Ints, shape: tuple[int, int]
) -> tuple[SparseColumns, Floats]:
    """The unit TF-IDF rows of the (document, term) pairs ``doc``, ``term`` (one per n-gram
    occurrence) stored by columns, and the idf.

    One sort of the pairs' cell numbers, column by column, counts the repeated n-grams and
    leaves them in the columns' order with each column's rows ascending. Each row's squares
    are then summed in the order of its terms, as scipy's ``csr_matrix`` does: the same floats
    as ``csr_matrix(...).tocsc()`` (a test compares them)."""
    size, width = shape
    rows_per_term = max(size, 1)
    cells = np.sort(term * rows_per_term + doc)
    first = np.ones(cells.size, dtype=bool)
    np.not_equal(cells[1:], cells[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    counts = np.diff(np.append(starts, cells.size)).astype(np.float64)
    terms, rows = np.divmod(cells[starts], rows_per_term)
    df = np.bincount(terms, minlength=width)
    idf = np.log((1.0 + size) / (1.0 + df)) + 1.0
    values = counts * idf[terms]
    norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=size))
    values /= np.where(norms > 0, norms, 1.0)[rows]
    small = max(size, width, values.size) < 2**31  # int32 indices, as scipy would choose
    index_type: type[np.integer[Any]] = np.int32 if small else np.int64
    indptr = np.concatenate(([0], np.cumsum(df))).astype(index_type)
    return SparseColumns(values, rows.astype(index_type), indptr, shape), idf


def _codes(texts: Sequence[str]) -> tuple[npt.NDArray[np.uint32], Ints]:
    joined = "".join(texts)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    return codes, lengths


class SimilarityIndex:
    """A TF-IDF index over prior mistakes (see the module docstring)."""

    def __init__(
        self,
        *,
        ids: Ints,
        alphabet: npt.NDArray[np.uint32],
        vocabulary: Ints,
        idf: Floats,
        matrix: SparseColumns,
        category_names: npt.NDArray[np.str_],
        category: Ints,
        tag_docs: dict[str, Ints],
        tag_count: Ints,
        occurred: npt.NDArray[np.datetime64],
        owner: npt.NDArray[np.str_],
    ) -> None:
        """An index from its parts; use ``build`` (or ``from_mistakes``) to make one."""
        self.ids = ids
        self.size = int(ids.size)
        self.encoder = _Encoder(alphabet)
        self.vocabulary = vocabulary
        self.idf = idf
        self.matrix = matrix
        self.category_names = category_names
        self.category = category
        self.tag_docs = tag_docs
        self.tag_count = tag_count
        self.occurred = occurred
        self.owner = owner

    @classmethod
    def build(cls, docs: Iterable[MistakeDoc]) -> SimilarityIndex:
        """Compute the index of ``docs``: vocabulary, idf, unit TF-IDF rows, categories, tags."""
        docs = list(docs)
        size = len(docs)
        texts = [normalise_text(d.text) for d in docs]
        codes, lengths = _codes(texts)
        encoder = _Encoder.of(codes)
        doc, key = encoder.keys(encoder.ids(codes), lengths)
        # vocabulary by one plain sort, then term ids by binary search: much faster than
        # np.unique(return_inverse=True), whose indirect sort dominates on millions of n-grams
        ordered = np.sort(key)
        first = np.ones(ordered.size, dtype=bool)
        np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
        vocabulary = ordered[first]
        term = np.searchsorted(vocabulary, key).astype(np.int64)
        shape = (size, int(vocabulary.size))
        matrix, idf = _unit_tfidf_columns(doc, term, shape)
        # category and tags, as integer codes
        names, cat_codes = np.unique(
            np.array([d.category for d in docs], dtype=str), return_inverse=True
        )
        tag_lists: dict[str, list[int]] = {}
        for i, d in enumerate(docs):
            for tag in {t.lower() for t in d.tags}:
                tag_lists.setdefault(tag, []).append(i)
        return cls(
            ids=np.fromiter((d.id for d in docs), dtype=np.int64, count=size),
            alphabet=encoder.alphabet,
            vocabulary=vocabulary,
            idf=idf,
            matrix=matrix,
            category_names=names,
            category=np.asarray(cat_codes, dtype=np.int64).reshape(-1),
            tag_docs={t: np.array(v, dtype=np.int64) for t, v in tag_lists.items()},
            tag_count=np.fromiter(
                (len({t.lower() for t in d.tags}) for d in docs), dtype=np.int64, count=size
            ),
            occurred=np.array(
                [
                    np.datetime64(d.occurred, "D") if d.occurred else np.datetime64("NaT")
                    for d in docs
                ],
                dtype="datetime64[D]",
            ),
            owner=np.array([d.owner for d in docs], dtype=str),
        )

    @classmethod
    def from_mistakes(cls, mistakes: Iterable[Mistake]) -> SimilarityIndex:
        """The index of ``mistakes`` by root cause (``MistakeDoc.by_cause``)."""
        return cls.build(MistakeDoc.by_cause(m) for m in mistakes)

    def vector(self, text: str) -> tuple[Ints, Floats]:
        """The unit TF-IDF vector of ``text`` over the index's vocabulary (terms, weights)."""
        codes, lengths = _codes([normalise_text(text)])
        _, key = self.encoder.keys(self.encoder.ids(codes), lengths)
        if not key.size or not self.vocabulary.size:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
        pos = np.minimum(np.searchsorted(self.vocabulary, key), self.vocabulary.size - 1)
        known = self.vocabulary[pos] == key
        terms, counts = np.unique(pos[known], return_counts=True)
        weights = counts * self.idf[terms]
        norm = float(np.sqrt(np.sum(weights * weights)))
        return terms.astype(np.int64), (weights / norm if norm > 0 else weights)

    def cosine(self, text: str) -> Floats:
        """Cosine similarity of ``text`` with every indexed mistake, in index order."""
        terms, weights = self.vector(text)
        if not terms.size:
            return np.zeros(self.size, dtype=np.float64)
        return self.matrix.times(terms, weights)

    def tag_jaccard(self, tags: Iterable[str]) -> Floats:
        """Jaccard overlap of ``tags`` with every indexed mistake's tags (0 when both empty)."""
        wanted = {t.lower() for t in tags}
        inter = np.zeros(self.size, dtype=np.float64)
        for tag in wanted:
            docs = self.tag_docs.get(tag)
            if docs is not None:
                inter[docs] += 1.0
        union = self.tag_count + len(wanted) - inter
        safe = np.where(union > 0, union, 1.0).astype(np.float64)
        return np.where(union > 0, inter / safe, 0.0).astype(np.float64)

    def similar(
        self,
        text: str,
        *,
        category: str = "",
        tags: Iterable[str] = (),
        threshold: float = 0.34,
        limit: int | None = 10,
        exclude_id: int | None = None,
        before: date | None = None,
        window_days: int | None = None,
        owner: str | None = None,
        weights: SimilarityWeights | None = None,
    ) -> list[Candidate]:
        """Indexed mistakes scoring at least ``threshold``, best first.

        ``before`` and ``window_days`` keep mistakes that occurred in
        ``[before - window_days, before]``; ``owner`` keeps one owner's mistakes.
        """
        w = weights or SimilarityWeights()
        cos = self.cosine(text)
        same = np.zeros(self.size, dtype=bool)
        if category:
            hit = np.nonzero(self.category_names == str(category))[0]
            if hit.size:
                same = self.category == int(hit[0])
        jac = self.tag_jaccard(tags)
        score = w.text * cos + w.category * same + w.tags * jac
        keep = score >= threshold - 1e-12
        if exclude_id is not None:
            keep &= self.ids != exclude_id
        if before is not None:
            day = np.datetime64(before, "D")
            known = ~np.isnat(self.occurred)
            keep &= ~known | (self.occurred <= day)
            if window_days is not None:
                keep &= ~known | (self.occurred >= day - np.timedelta64(window_days, "D"))
        if owner is not None:
            keep &= self.owner == owner
        found = np.nonzero(keep)[0]
        found = found[np.lexsort((self.ids[found], -score[found]))]
        if limit is not None:
            found = found[:limit]
        return [
            Candidate(
                id=int(self.ids[i]),
                score=float(score[i]),
                cosine=float(cos[i]),
                same_category=bool(same[i]),
                tag_jaccard=float(jac[i]),
            )
            for i in found
        ]

    def similar_to_mistake(
        self,
        mistake: Mistake,
        *,
        threshold: float = 0.34,
        limit: int | None = 10,
        window_days: int | None = None,
        same_owner: bool = False,
    ) -> list[Candidate]:
        """Candidate repeats of ``mistake`` among the indexed mistakes before it, by root
        cause (an index built with ``MistakeDoc.by_cause``)."""
        doc = MistakeDoc.by_cause(mistake)
        return self.similar(
            doc.text,
            category=doc.category,
            tags=doc.tags,
            threshold=threshold,
            limit=limit,
            exclude_id=mistake.id,
            before=mistake.occurred_on,
            window_days=window_days,
            owner=mistake.owner if same_owner else None,
            weights=CAUSE_WEIGHTS,
        )
