"""Model values for tests, with readable defaults."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from backwards.ledger.model import Commitment, Mistake, MistakeCategory

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
