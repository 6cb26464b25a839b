"""Possible repeats of a mistake: the earlier mistakes that the similarity index ranks high.

``similar_mistakes(mistake, everything, threshold, cache_dir)`` scores ``mistake`` against every
other mistake (``similarity.SimilarityIndex``); with a ``cache_dir`` the index is saved there and
reused until a mistake is added or changed (``index_cache``). Only a person confirms a repeat.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backwards.ledger.measures.index_cache import cached_index
from backwards.ledger.measures.similarity import Candidate, MistakeDoc, SimilarityIndex
from backwards.ledger.model import Mistake

__all__ = ["SimilarMistake", "similar_mistakes"]


@dataclass(frozen=True, slots=True)
class SimilarMistake:
    """An earlier mistake that may be repeated, and how similar it is."""

    candidate: Candidate
    mistake: Mistake | None

    @property
    def id(self) -> int:
        return self.candidate.id

    @property
    def score(self) -> float:
        return self.candidate.score

    def to_dict(self) -> dict[str, Any]:
        data = self.candidate.to_dict()
        if self.mistake is not None:
            data["title"] = self.mistake.title
            data["occurred_on"] = self.mistake.occurred_on.isoformat()
        return data


def similar_mistakes(
    mistake: Mistake, everything: Sequence[Mistake], threshold: float, cache_dir: Path | None
) -> list[SimilarMistake]:
    """Mistakes in ``everything`` similar to ``mistake`` at ``threshold`` or above, best first."""
    if len(everything) < 2:
        return []
    docs = [MistakeDoc.from_mistake(o) for o in everything]
    index = cached_index(docs, cache_dir) if cache_dir is not None else SimilarityIndex.build(docs)
    by_id = {o.id: o for o in everything}
    return [
        SimilarMistake(c, by_id.get(c.id))
        for c in index.similar_to_mistake(mistake, threshold=threshold)
    ]
