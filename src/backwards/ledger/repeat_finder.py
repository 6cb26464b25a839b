"""Possible repeats of a mistake: the one search, and a finder that starts fast on SQLite.

``find_similar`` is the search ``Book.similar`` runs: it reads every root cause
(``storage.causes.Causes``), answers from the similarity index saved in the cache folder for
exactly those causes (built and saved when there is none: a new or changed mistake makes a new
one), says why each candidate matched, and reads the few candidates it shows.

``RepeatFinder`` runs the same search, and reads the mistake and its confirmed repeats, from a
SQLite file with the standard library (``storage.sqlite_reader``): what
``backwards mistake similar`` needs, without importing SQLAlchemy or pydantic. ``open_finder``
gives one only when that is exact: the workspace's settings are plain
(``backwards.settingsfile.read_plain`` with ``plain_settings.read_section``) and its database is
a SQLite file at the current schema (``backwards.sqlitefile.open_snapshot``). Otherwise it gives
None and the caller opens the ``Book``, which validates, migrates and explains as usual.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from backwards.ledger import measures, storage
from backwards.ledger.holiday_calendar import ledger_holidays
from backwards.ledger.model import Mistake
from backwards.ledger.plain_settings import read_section
from backwards.resource import Resource
from backwards.settingsfile import read_plain
from backwards.sqlitefile import open_snapshot

if TYPE_CHECKING:  # numpy loads when a search runs, not when the book is imported
    from backwards.ledger.measures.repeat_candidates import SimilarMistake
    from backwards.ledger.storage.causes import Causes
    from backwards.ledger.storage.sqlite_reader import SqliteReader

__all__ = ["RepeatFinder", "find_similar", "open_finder"]


def find_similar(
    target: Mistake,
    causes: Callable[[], Causes],
    shown: Callable[[list[int]], Mapping[int, Mistake]],
    *,
    threshold: float,
    limit: int | None,
    cache_dir: Path | None,
) -> list[SimilarMistake]:
    """Earlier mistakes with the same root cause as ``target``, best first, at most ``limit``
    (``Book.similar``); ``causes()`` reads every root cause and ``shown(ids)`` the mistakes
    found. The index is kept in ``cache_dir`` (None: built each time)."""
    read = causes()
    if len(read) < 2:
        return []
    if cache_dir is not None:
        index = measures.cached_index_for(read.fingerprint(), read.docs, cache_dir)
    else:
        index = measures.SimilarityIndex.build(read.docs())
    found = measures.similar_mistakes(target, index, read.doc, threshold, limit=limit)
    mistakes = shown([c.id for c in found])
    return [replace(c, mistake=mistakes.get(c.id)) for c in found]


class RepeatFinder(Resource):
    """``Book``'s repeat reads (``mistake``, ``similar``, ``confirmed_repeats``) from a SQLite
    file in one read transaction. Use it in a ``with`` block; get one from ``open_finder``."""

    def __init__(self, reader: SqliteReader, *, cache_dir: Path | None, threshold: float) -> None:
        self.reader = reader
        self.cache_dir = cache_dir
        self.repeat_threshold = threshold

    def close(self) -> None:
        self.reader.close()

    def mistake(self, mistake_id: int) -> Mistake:
        return self.reader.mistake(mistake_id)

    def similar(
        self, mistake: int | Mistake, *, threshold: float | None = None, limit: int | None = 10
    ) -> list[SimilarMistake]:
        """``Book.similar``: the same search over the same rows."""
        target = self.mistake(mistake) if isinstance(mistake, int) else mistake
        return find_similar(
            target,
            self.reader.causes,
            self.reader.mistakes,
            threshold=self.repeat_threshold if threshold is None else threshold,
            limit=limit,
            cache_dir=self.cache_dir,
        )

    def confirmed_repeats(self, mistake: int | Mistake) -> list[Mistake]:
        """``Book.confirmed_repeats``."""
        target = self.mistake(mistake) if isinstance(mistake, int) else mistake
        return self.reader.repeats_of(target)


def open_finder(
    workspace: Path | None,
    *,
    required: bool = True,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> RepeatFinder | None:
    """A finder over the ledger of the workspace ``workspace`` (else the one found upward
    from ``cwd``; ``required=False``: none is needed, as with ``BACKWARDS_DATABASE_URL``), or
    None when only the ``Book`` can open it exactly (see the module docstring)."""
    plain = read_plain(
        workspace, sections={"ledger": read_section}, required=required, cwd=cwd, env=env
    )
    if plain is None:
        return None
    settings = plain.sections["ledger"]
    ledger_holidays(settings.holidays)  # an unknown country is refused, as the book does
    conn = open_snapshot(plain.database_url)
    if conn is None:
        return None
    reader = storage.SqliteReader(conn, plain.database_url)
    cache = plain.state_dir / "cache" if plain.settings_path is not None else None
    return RepeatFinder(reader, cache_dir=cache, threshold=settings.repeat_threshold)
