"""Where the records of a report came from: the integrity side of the two clocks.

``Provenance`` counts the commitments and revisions whose claimed time (``--at``) is on an
earlier day than their entry time (the store's clock), the commitments that came from an
import (their times are the file's claims), and the commitments with a correction. The trust
report shows them so that a reader knows how much of the record was typed after the fact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Provenance"]


@dataclass(frozen=True, slots=True)
class Provenance:
    """Counts over one selection of the ledger (commitments, and their revisions)."""

    claimed_earlier: int = 0  # commitments and revisions dated before the day they were entered
    imported: int = 0  # commitments that came from an import
    corrected: int = 0  # commitments with at least one correction

    def to_dict(self) -> dict[str, Any]:
        return {
            "claimed_earlier_than_recorded": self.claimed_earlier,
            "imported": self.imported,
            "corrected": self.corrected,
        }
