"""Possible repeats of a mistake: the earlier mistakes with the same root cause.

``similar_mistakes(mistake, index, doc_of, threshold)`` scores ``mistake`` against every
earlier mistake by root cause (``similarity.MistakeDoc.by_cause``: the whys and the root cause,
and the failure modes of the vocabulary, not the story); ``Book.similar`` keeps the index saved
and reuses it until a mistake is added or changed (``index_cache``). Each candidate says why
it matched: the failure modes both name and the words both causes use. Only a person confirms
a repeat; confirmed ones are listed apart (``Book.confirmed_repeats``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from backwards.ledger.measures.failure_modes import label, matched_phrases, stems
from backwards.ledger.measures.similarity import Candidate, MistakeDoc, SimilarityIndex
from backwards.ledger.model import Mistake

__all__ = ["SimilarMistake", "similar_mistakes"]

#: Words too common to explain a match.
_COMMON = frozenset(
    {
        "the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "was", "were", "is",
        "are", "be", "been", "we", "our", "us", "it", "its", "that", "this", "with",
        "without", "by", "from", "at", "as", "not", "no", "never", "any", "nobody", "before",
        "after", "when", "which", "who", "what", "had", "has", "have", "did", "do", "does",
        "so", "there", "their", "they", "them", "only", "one", "all",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class SimilarMistake:
    """An earlier mistake that may be repeated, how similar it is, and why."""

    candidate: Candidate
    mistake: Mistake | None
    shared_modes: tuple[str, ...] = ()
    shared_words: tuple[str, ...] = ()

    @property
    def id(self) -> int:
        return self.candidate.id

    @property
    def score(self) -> float:
        return self.candidate.score

    @property
    def reason(self) -> str:
        """Why it matched, in words: the shared failure modes, then the shared words."""
        parts = []
        if self.shared_modes:
            parts.append("same failure mode: " + ", ".join(label(m) for m in self.shared_modes))
        if self.shared_words:
            parts.append("both causes say: " + ", ".join(self.shared_words))
        return "; ".join(parts) or "similar wording of the cause"

    def to_dict(self) -> dict[str, Any]:
        data = self.candidate.to_dict()
        data["shared_failure_modes"] = list(self.shared_modes)
        data["shared_words"] = list(self.shared_words)
        data["reason"] = self.reason
        if self.mistake is not None:
            data["title"] = self.mistake.title
            data["occurred_on"] = self.mistake.occurred_on.isoformat()
        return data


def _why(target: MistakeDoc, other: MistakeDoc) -> tuple[tuple[str, ...], tuple[str, ...]]:
    modes = tuple(m for m in target.tags if m in set(other.tags))
    phrases = {p for m in modes for p in matched_phrases(other.text, m)}
    phrases &= {p for m in modes for p in matched_phrases(target.text, m)}
    mine = {w for w in stems(target.text) if w not in _COMMON and len(w) > 3}
    words = [w for w in dict.fromkeys(stems(other.text)) if w in mine]
    return modes, tuple(sorted(phrases)) or tuple(words[:5])


def similar_mistakes(
    mistake: Mistake,
    index: SimilarityIndex,
    doc_of: Callable[[int], MistakeDoc | None],
    threshold: float,
    *,
    limit: int | None = 10,
) -> list[SimilarMistake]:
    """Earlier mistakes in ``index`` (of ``MistakeDoc.by_cause`` of every mistake) with the
    same root cause as ``mistake`` (score at ``threshold`` or above), best first, at most
    ``limit``; each says why (``doc_of(id)`` gives an indexed mistake's document), and its
    ``mistake`` is left for the caller to read (None)."""
    target = MistakeDoc.by_cause(mistake)
    out = []
    for c in index.similar_to_mistake(mistake, threshold=threshold, limit=limit):
        other = doc_of(c.id)
        modes, words = _why(target, other) if other is not None else ((), ())
        out.append(SimilarMistake(c, None, modes, words))
    return out
