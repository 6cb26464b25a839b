"""Possible repeats of a mistake: the earlier mistakes with the same root cause.

``similar_mistakes(mistake, everything, threshold, cache_dir)`` scores ``mistake`` against every
earlier mistake by root cause (``similarity.MistakeDoc.by_cause``: the whys and the root cause,
and the failure modes of the vocabulary, not the story); with a ``cache_dir`` the index is saved
there and reused until a mistake is added or changed (``index_cache``). Each candidate says why
it matched: the failure modes both name and the words both causes use. Only a person confirms
a repeat; confirmed ones are listed apart (``confirmed_repeats``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backwards.ledger.measures.failure_modes import label, matched_phrases, stems
from backwards.ledger.measures.index_cache import cached_index
from backwards.ledger.measures.similarity import Candidate, MistakeDoc, SimilarityIndex
from backwards.ledger.model import Mistake

__all__ = ["SimilarMistake", "confirmed_repeats", "similar_mistakes"]

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
    everything: Sequence[Mistake],
    threshold: float,
    cache_dir: Path | None,
    *,
    limit: int | None = 10,
) -> list[SimilarMistake]:
    """Earlier mistakes in ``everything`` with the same root cause as ``mistake`` (score at
    ``threshold`` or above), best first, at most ``limit``."""
    if len(everything) < 2:
        return []
    docs = [MistakeDoc.by_cause(o) for o in everything]
    index = cached_index(docs, cache_dir) if cache_dir is not None else SimilarityIndex.build(docs)
    by_id = {o.id: o for o in everything}
    doc_of = {d.id: d for d in docs}
    target = MistakeDoc.by_cause(mistake)
    out = []
    for c in index.similar_to_mistake(mistake, threshold=threshold, limit=limit):
        modes, words = _why(target, doc_of[c.id])
        out.append(SimilarMistake(c, by_id.get(c.id), modes, words))
    return out


def confirmed_repeats(mistake: Mistake, everything: Sequence[Mistake]) -> list[Mistake]:
    """What a person confirmed: the mistake this one repeats and those that repeat it."""
    return [
        m
        for m in everything
        if m.id != mistake.id and (m.id == mistake.repeat_of or m.repeat_of == mistake.id)
    ]
