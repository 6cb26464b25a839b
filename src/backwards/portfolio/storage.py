"""The workspace's bets from a database URL: ``open_repository`` (migrated on first use)."""

from __future__ import annotations

from backwards.portfolio.repository import BetRepository
from backwards.store import open_store

__all__ = ["open_repository"]


def open_repository(url: str) -> BetRepository:
    """The bets of the database at ``url``; close it with ``repo.store.close()``."""
    return BetRepository(open_store(url, upgrade=True))
