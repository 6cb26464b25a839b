"""The ledger's storage: tables, reading and writing them, and the ledger file formats.

``tables`` (SQLAlchemy Core, on ``backwards.store.metadata``), ``records`` (rows to model
values and back), ``repository`` (every change one transaction and one event), ``bulk_read``
(everything at one moment), ``bulk_import`` (many records in one transaction),
``trust_columns`` (the trust report's inputs as columns straight from SQL), ``file_reader`` and
``file_writer`` (the JSON and CSV ledger files); ``causes`` (the root causes a repeat search
reads) through ``mistake_causes`` (SQLAlchemy) or ``sqlite_reader`` (a SQLite file, stdlib).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from backwards.lazy import front_door

if TYPE_CHECKING:
    from backwards.ledger.storage.causes import Causes
    from backwards.ledger.storage.mistake_causes import load_causes, repeats_of
    from backwards.ledger.storage.mistake_causes import load_mistakes as load_mistakes_by_id
    from backwards.ledger.storage.sqlite_reader import SqliteReader
    from backwards.ledger.storage.trust_columns import load_trust_inputs

__all__ = [
    "Causes",
    "SqliteReader",
    "load_causes",
    "load_mistakes_by_id",
    "load_trust_inputs",
    "repeats_of",
]

_EXPORTS = {
    "Causes": "causes",
    "load_causes": "mistake_causes",
    "load_mistakes_by_id": "mistake_causes:load_mistakes",
    "load_trust_inputs": "trust_columns",
    "repeats_of": "mistake_causes",
    "SqliteReader": "sqlite_reader",
}
__getattr__, __dir__ = front_door(globals(), _EXPORTS)
