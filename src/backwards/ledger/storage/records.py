"""Rows to model values and back: the one place that knows the ledger's column layout."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from backwards.ledger.model import (
    ActionItem,
    Commitment,
    Event,
    Kind,
    Mistake,
    MistakeCategory,
    Outcome,
    Resolution,
    Revision,
)

__all__ = [
    "action_item_from_row",
    "action_item_values",
    "commitment_from_row",
    "commitment_values",
    "event_from_row",
    "mistake_from_row",
    "mistake_values",
    "resolution_from_row",
    "resolution_values",
    "revision_from_row",
    "revision_values",
]

Row = Mapping[Any, Any]


def commitment_values(c: Commitment) -> dict[str, Any]:
    return {
        "owner": c.owner,
        "audience": c.audience,
        "statement": c.statement,
        "kind": c.kind.value,
        "aspirational": c.aspirational,
        "made_at": c.made_at,
        "due": c.due,
        "probability": c.probability,
        "p50_due": c.p50_due,
        "p90_due": c.p90_due,
        "metric": c.metric,
        "target_value": c.target_value,
        "weight": c.weight,
        "tags": c.tags,
        "links": c.links,
        "recorded_by": c.recorded_by,
    }


def commitment_from_row(r: Row) -> Commitment:
    return Commitment(
        id=r["id"],
        owner=r["owner"],
        statement=r["statement"],
        due=r["due"],
        made_at=r["made_at"],
        audience=r["audience"],
        kind=Kind(r["kind"]),
        aspirational=bool(r["aspirational"]),
        probability=r["probability"],
        p50_due=r["p50_due"],
        p90_due=r["p90_due"],
        metric=r["metric"],
        target_value=r["target_value"],
        weight=r["weight"],
        tags=r["tags"],
        links=r["links"],
        recorded_by=r["recorded_by"],
    )


def revision_values(v: Revision) -> dict[str, Any]:
    return {
        "commitment_id": v.commitment_id,
        "made_at": v.made_at,
        "reason": v.reason,
        "previous_due": v.previous_due,
        "new_due": v.new_due,
        "new_target_value": v.new_target_value,
        "new_scope": v.new_scope,
        "new_probability": v.new_probability,
        "recorded_by": v.recorded_by,
    }


def revision_from_row(r: Row) -> Revision:
    return Revision(
        id=r["id"],
        commitment_id=r["commitment_id"],
        made_at=r["made_at"],
        reason=r["reason"],
        previous_due=r["previous_due"],
        new_due=r["new_due"],
        new_target_value=r["new_target_value"],
        new_scope=r["new_scope"],
        new_probability=r["new_probability"],
        recorded_by=r["recorded_by"],
    )


def resolution_values(s: Resolution) -> dict[str, Any]:
    return {
        "commitment_id": s.commitment_id,
        "outcome": s.outcome.value,
        "resolved_on": s.resolved_on,
        "actual_value": s.actual_value,
        "delivered_fraction": s.delivered_fraction,
        "evidence": s.evidence,
        "recorded_by": s.recorded_by,
        "recorded_at": s.recorded_at,
    }


def resolution_from_row(r: Row) -> Resolution:
    return Resolution(
        commitment_id=r["commitment_id"],
        outcome=Outcome(r["outcome"]),
        resolved_on=r["resolved_on"],
        recorded_at=r["recorded_at"],
        actual_value=r["actual_value"],
        delivered_fraction=r["delivered_fraction"],
        evidence=r["evidence"],
        recorded_by=r["recorded_by"],
    )


def mistake_values(m: Mistake) -> dict[str, Any]:
    return {
        "owner": m.owner,
        "title": m.title,
        "occurred_on": m.occurred_on,
        "detected_on": m.detected_on,
        "category": m.category.value,
        "what_happened": m.what_happened,
        "customer_impact": m.customer_impact,
        "five_whys": list(m.five_whys),
        "root_cause": m.root_cause,
        "tags": m.tags,
        "commitment_ids": list(m.commitment_ids),
        "repeat_of": m.repeat_of,
        "repeat_confirmed_by": m.repeat_confirmed_by,
        "recorded_by": m.recorded_by,
        "recorded_at": m.recorded_at,
    }


def mistake_from_row(r: Row, items: Sequence[ActionItem] = ()) -> Mistake:
    return Mistake(
        id=r["id"],
        owner=r["owner"],
        title=r["title"],
        occurred_on=r["occurred_on"],
        recorded_at=r["recorded_at"],
        category=MistakeCategory(r["category"]),
        what_happened=r["what_happened"],
        customer_impact=r["customer_impact"],
        five_whys=tuple(r["five_whys"]),
        root_cause=r["root_cause"],
        detected_on=r["detected_on"],
        tags=r["tags"],
        commitment_ids=tuple(int(i) for i in r["commitment_ids"]),
        action_items=tuple(items),
        repeat_of=r["repeat_of"],
        repeat_confirmed_by=r["repeat_confirmed_by"],
        recorded_by=r["recorded_by"],
    )


def action_item_values(a: ActionItem, mistake_id: int) -> dict[str, Any]:
    return {
        "mistake_id": mistake_id,
        "description": a.description,
        "owner": a.owner,
        "due": a.due,
        "closed_on": a.closed_on,
        "verification": a.verification,
    }


def action_item_from_row(r: Row) -> ActionItem:
    return ActionItem(
        id=r["id"],
        mistake_id=r["mistake_id"],
        description=r["description"],
        owner=r["owner"],
        due=r["due"],
        closed_on=r["closed_on"],
        verification=r["verification"],
    )


def event_from_row(r: Row) -> Event:
    return Event(
        id=r["id"],
        at=r["at"],
        who=r["who"],
        entity=r["entity"],
        entity_id=r["entity_id"],
        action=r["action"],
        data=dict(r["data"]),
    )


def with_id(value: Any, new_id: int) -> Any:
    """A copy of a model value with its database id."""
    return replace(value, id=new_id)


# -- bulk reads: the driver's own tuples, converted here (no per-value SQLAlchemy processing) --

COMMITMENT_COLUMNS = (
    "id", "owner", "audience", "statement", "kind", "aspirational", "made_at", "due",
    "probability", "p50_due", "p90_due", "metric", "target_value", "weight", "tags", "links",
    "recorded_by",
)  # fmt: skip
REVISION_COLUMNS = (
    "id", "commitment_id", "made_at", "reason", "previous_due", "new_due", "new_target_value",
    "new_scope", "new_probability", "recorded_by",
)  # fmt: skip
RESOLUTION_COLUMNS = (
    "commitment_id", "outcome", "resolved_on", "recorded_at", "actual_value",
    "delivered_fraction", "evidence", "recorded_by",
)  # fmt: skip

_KINDS = {k.value: k for k in Kind}
_OUTCOMES = {o.value: o for o in Outcome}


def _labels(value: str | None) -> tuple[str, ...]:
    return tuple(value.split("\n")) if value else ()


class RawValues:
    """Converts driver values: SQLite gives ISO text for dates and (naive UTC) times,
    PostgreSQL gives date and aware datetime objects (sessions run in UTC)."""

    def __init__(self, dialect: str) -> None:
        self.sqlite = dialect == "sqlite"

    def day(self, value: Any) -> Any:
        if value is None or not self.sqlite:
            return value
        return date.fromisoformat(value)

    def moment(self, value: Any) -> Any:
        if value is None:
            return None
        if self.sqlite:
            return datetime.fromisoformat(value).replace(tzinfo=UTC)
        return value if value.tzinfo is UTC else value.astimezone(UTC)


def commitments_from_raw(raw: Sequence[Sequence[Any]], v: RawValues) -> list[Commitment]:
    day, moment = v.day, v.moment
    return [
        Commitment(
            id=r[0],
            owner=r[1],
            audience=r[2],
            statement=r[3],
            kind=_KINDS[r[4]],
            aspirational=bool(r[5]),
            made_at=moment(r[6]),
            due=day(r[7]),
            probability=r[8],
            p50_due=day(r[9]),
            p90_due=day(r[10]),
            metric=r[11],
            target_value=r[12],
            weight=r[13],
            tags=_labels(r[14]),
            links=_labels(r[15]),
            recorded_by=r[16],
        )
        for r in raw
    ]


def revisions_from_raw(raw: Sequence[Sequence[Any]], v: RawValues) -> list[Revision]:
    day, moment = v.day, v.moment
    return [
        Revision(
            id=r[0],
            commitment_id=r[1],
            made_at=moment(r[2]),
            reason=r[3],
            previous_due=day(r[4]),
            new_due=day(r[5]),
            new_target_value=r[6],
            new_scope=r[7],
            new_probability=r[8],
            recorded_by=r[9],
        )
        for r in raw
    ]


def resolutions_from_raw(raw: Sequence[Sequence[Any]], v: RawValues) -> list[Resolution]:
    day, moment = v.day, v.moment
    return [
        Resolution(
            commitment_id=r[0],
            outcome=_OUTCOMES[r[1]],
            resolved_on=day(r[2]),
            recorded_at=moment(r[3]),
            actual_value=r[4],
            delivered_fraction=r[5],
            evidence=r[6],
            recorded_by=r[7],
        )
        for r in raw
    ]
