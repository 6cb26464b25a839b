"""A separate process that writes commitments, one transaction each (reliability tests).

Usage: python -m tests.ledger.writer_process URL OWNER COUNT
Prints "ready" once the store is open, then "wrote N" after each commitment.
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, timedelta

from backwards.ledger.model import Commitment
from backwards.ledger.storage.repository import LedgerRepository
from backwards.store import open_store


def main(argv: list[str]) -> int:
    url, owner, count = argv[0], argv[1], int(argv[2])
    store = open_store(url)
    repo = LedgerRepository(store)
    print("ready", flush=True)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for i in range(count):
        at = start + timedelta(minutes=i)
        repo.add_commitment(
            Commitment(
                id=0,
                owner=owner,
                statement=f"{owner} promise {i}",
                due=date(2026, 3, 1) + timedelta(days=i % 30),
                made_at=at,
            ),
            by=owner,
        )
        print(f"wrote {i + 1}", flush=True)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
