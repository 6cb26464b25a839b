"""Model values for tests, with readable defaults."""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from backwards import ledger
from backwards.ledger.measures.saydo import SayDoPolicy
from backwards.ledger.model import (
    Commitment,
    CommitmentRecord,
    Mistake,
    MistakeCategory,
    Resolution,
    Revision,
)
from backwards.ledger.reports.trust_report import TrustReport

AT = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def a_commitment(**kw: Any) -> Commitment:
    values: dict[str, Any] = {
        "id": 0,
        "owner": "ana",
        "statement": "Ship checkout v2 to all EU customers",
        "due": date(2026, 2, 2),
        "made_at": AT,
        "audience": "sales leadership",
        "probability": 0.8,
        "tags": ("checkout",),
    }
    values.update(kw)
    return Commitment(**values)


def a_mistake(**kw: Any) -> Mistake:
    values: dict[str, Any] = {
        "id": 0,
        "owner": "ana",
        "title": "Promised a launch date before the legal review",
        "occurred_on": date(2026, 1, 20),
        "recorded_at": AT,
        "category": MistakeCategory.STAKEHOLDER_COMMUNICATION,
        "five_whys": ("no checklist step for legal", "checklist is tribal knowledge"),
        "root_cause": "launch checklist has no legal gate",
        "tags": ("launch",),
    }
    values.update(kw)
    return Mistake(**values)


def build_trust_report(
    commitments: Sequence[Commitment],
    revisions: Sequence[Revision],
    resolutions: Sequence[Resolution],
    mistakes: Sequence[Mistake],
    *,
    now: datetime,
    owner: str | None = None,
    tag: str | None = None,
    since: date | None = None,
    policy: SayDoPolicy | None = None,
) -> TrustReport:
    """The trust report of these values through the product's one path: they are imported into
    a fresh SQLite ledger and ``Book.trust_report`` reads them back as columns.

    Revisions and resolutions of commitments not given are left out, as the ledger cannot hold
    them; mistakes keep their links (``repeat_of``, ``commitment_ids``) to the values given.
    """
    known = {c.id for c in commitments}
    revs: dict[int, list[Revision]] = defaultdict(list)
    for rev in revisions:
        revs[rev.commitment_id].append(rev)
    res = {r.commitment_id: r for r in resolutions if r.commitment_id in known}
    records = [CommitmentRecord(c, tuple(revs.get(c.id, ())), res.get(c.id)) for c in commitments]
    with (
        tempfile.TemporaryDirectory(prefix="trust-") as folder,
        ledger.open_url(f"sqlite:///{folder}/ledger.db") as book,
    ):
        book.repository.import_all(records, mistakes, by="test")
        return book.trust_report(now=now, owner=owner, tag=tag, since=since, policy=policy)
