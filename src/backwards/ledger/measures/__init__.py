"""The ledger's measures: pure numpy over columns, no storage and no clock.

``commitment_frame`` (one array per fact, one row per commitment), ``rates`` (Wilson, Jeffreys,
weighted), ``survival`` (Kaplan-Meier), ``saydo``, ``slip``, ``forecast`` (Brier, calibration,
date coverage), ``repeats`` (the mistake log and its measures), ``similarity`` (character
n-gram TF-IDF) with ``index_cache``, and ``repeat_candidates``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from backwards.lazy import front_door

if TYPE_CHECKING:
    from backwards.ledger.measures.index_cache import cached_index_for
    from backwards.ledger.measures.repeat_candidates import similar_mistakes
    from backwards.ledger.measures.similarity import SimilarityIndex

__all__ = ["SimilarityIndex", "cached_index_for", "similar_mistakes"]

_EXPORTS = {
    "SimilarityIndex": "similarity",
    "cached_index_for": "index_cache",
    "similar_mistakes": "repeat_candidates",
}
__getattr__, __dir__ = front_door(globals(), _EXPORTS)
