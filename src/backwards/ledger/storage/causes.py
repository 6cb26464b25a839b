"""What the repeat search reads of every mistake: its root-cause columns, as the driver gives them.

``Causes`` holds the rows that ``mistake_causes.load_causes`` (SQLAlchemy, any backend) and
``sqlite_reader.SqliteReader.causes`` (the standard library's sqlite3) read: the same query,
the same tuples. ``Causes.fingerprint()`` names the saved similarity index from those raw
values (and the vocabulary's digest), so a saved index is found without building a single
document; ``Causes.docs()`` builds ``MistakeDoc.by_cause`` of every mistake only when the index
must be built, and ``Causes.doc(id)`` one of them, to say why it matched. A test compares
``docs()`` with ``by_cause`` of the whole mistakes on both backends.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from backwards.ledger.measures.failure_modes import detect, digest
from backwards.ledger.measures.index_cache import FORMAT_VERSION
from backwards.ledger.measures.similarity import MistakeDoc
from backwards.ledger.model import cause_text
from backwards.ledger.storage.records import RawValues

__all__ = ["Causes"]


def _whys(value: Any) -> list[str]:
    if isinstance(value, str):  # SQLite gives the JSON text
        value = json.loads(value)
    return [str(x) for x in value or ()]


@dataclass(frozen=True, slots=True)
class Causes:
    """Every mistake's root-cause columns, as read: (id, owner, title, what_happened,
    occurred_on, category, five_whys, root_cause, failure_modes), by id; the title and
    what_happened are None when a root cause was written (``load_causes``)."""

    rows: Sequence[Sequence[Any]]
    values: RawValues
    _at: dict[int, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.rows)

    def fingerprint(self) -> str:
        """SHA-256 of every value read, the index format and the vocabulary."""
        hashed = hashlib.sha256(f"backwards-causes-{FORMAT_VERSION}-{digest()}".encode())
        hashed.update(
            "\x1d".join("\x1e".join(map(str, r)) for r in self.rows).encode(
                "utf-8", "surrogatepass"
            )
        )
        return hashed.hexdigest()

    def _doc(self, r: Sequence[Any]) -> MistakeDoc:
        key, owner, title, what, occurred, category, whys, root, modes = r
        text = cause_text(_whys(whys), root, title, what)
        labels = tuple(modes.split("\n")) if modes else ()
        return MistakeDoc(
            key, text, category, labels or detect(text), self.values.day(occurred), owner
        )

    def docs(self) -> list[MistakeDoc]:
        """``MistakeDoc.by_cause`` of every mistake, by id."""
        return [self._doc(r) for r in self.rows]

    def doc(self, mistake_id: int) -> MistakeDoc | None:
        """``MistakeDoc.by_cause`` of one mistake (None when it is not among them)."""
        if not self._at:
            self._at.update((r[0], i) for i, r in enumerate(self.rows))
        at = self._at.get(mistake_id)
        return None if at is None else self._doc(self.rows[at])
