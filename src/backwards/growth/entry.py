"""A journal entry: what happened (a meeting, document, message or decision), the attributes
exercised with a 1-5 self-grade each, four yes/no checks, a return on time for meetings, what
would make it one point better, and tags. Private to its author unless shared.

``EntryDraft`` is what a person writes; ``check_draft`` turns bad input into ``InputError``
naming the field (a grade outside 1-5, an unknown attribute with "did you mean", no title, no
grade) before anything is written.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from backwards.errors import InputError
from backwards.growth.attributes import catalogue

__all__ = ["CHECKS", "Entry", "EntryDraft", "Kind", "check_draft", "entry_dict", "parse_grade"]


class Kind(enum.Enum):
    """What the entry is about."""

    MEETING = "meeting"
    DOCUMENT = "document"
    MESSAGE = "message"
    DECISION = "decision"


#: The yes/no checks: field name -> the question the journal asks.
CHECKS: dict[str, str] = {
    "answered_first": "Answered first, then explained?",
    "gave_number": "Gave a number or a date?",
    "owned_problem": "Owned the problem?",
    "pushed_back": "Pushed back where needed?",
}


@dataclass(frozen=True, slots=True)
class EntryDraft:
    """An entry as written (grades by attribute id or name; checked by ``check_draft``)."""

    kind: Kind
    title: str
    grades: Mapping[str, int]
    occurred_on: date
    link: str | None = None
    checks: Mapping[str, bool | None] = field(default_factory=dict)
    return_on_time: int | None = None
    better: str = ""
    tags: tuple[str, ...] = ()
    shared: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry(EntryDraft):
    """A stored entry: a checked draft, its id, its author, when it was written and changed."""

    id: int
    author: str
    recorded_at: datetime
    updated_at: datetime

    def visible_to(self, viewer: str) -> bool:
        return self.shared or viewer == self.author

    @property
    def text(self) -> str:
        """What search looks in: title, link, better, tags."""
        return " ".join([self.title, self.link or "", self.better, *self.tags]).lower()


def parse_grade(text: str, *, field: str = "--grade") -> tuple[str, int]:
    """``ATTRIBUTE=N`` (an id or a name; N 1-5) as (attribute id, grade)."""
    name, sep, value = text.rpartition("=")
    if not sep or not name.strip():
        raise InputError(
            f"{field} {text!r}: write ATTRIBUTE=GRADE", "For example --grade communicate=4."
        )
    attribute = catalogue().find(name, field=field)
    try:
        grade = int(value.strip())
    except ValueError:
        raise InputError(
            f"{field} {text!r}: the grade {value!r} is not a whole number 1-5"
        ) from None
    return attribute.id, _grade(grade, f"{field} {attribute.id}")


def _grade(value: int, where: str) -> int:
    if not 1 <= value <= 5:
        raise InputError(f"{where}: a grade is 1 to 5, not {value}", "Grade 1 (poor) to 5 (great).")
    return value


def check_draft(draft: EntryDraft) -> EntryDraft:
    """The draft with grades keyed by attribute id; ``InputError`` naming the field otherwise."""
    if not draft.title.strip():
        raise InputError("title: an entry needs a title or a link", "Pass --title.")
    if not draft.grades:
        raise InputError(
            "grade: grade at least one attribute you exercised",
            "Pass --grade ATTRIBUTE=1..5, e.g. --grade communicate=4.",
        )
    grades: dict[str, int] = {}
    for name, value in draft.grades.items():
        attribute = catalogue().find(name, field="grade")
        grades[attribute.id] = _grade(int(value), f"grade {attribute.id}")
    unknown = set(draft.checks) - set(CHECKS)
    if unknown:
        raise InputError(
            f"checks: unknown check {sorted(unknown)[0]!r}", "Checks: " + ", ".join(CHECKS)
        )
    if draft.return_on_time is not None:
        if draft.kind is not Kind.MEETING:
            raise InputError(
                f"return-on-time: only a meeting has a return on time, not a {draft.kind.value}"
            )
        _grade(draft.return_on_time, "return-on-time")
    tags = tuple(dict.fromkeys(t.strip() for t in draft.tags if t.strip()))
    return EntryDraft(
        kind=draft.kind,
        title=draft.title.strip(),
        grades=grades,
        occurred_on=draft.occurred_on,
        link=(draft.link or "").strip() or None,
        checks={k: draft.checks.get(k) for k in CHECKS},
        return_on_time=draft.return_on_time,
        better=draft.better.strip(),
        tags=tags,
        shared=draft.shared,
    )


def entry_dict(e: Entry) -> dict[str, Any]:
    """An entry as JSON-ready data (attribute names as the catalogue writes them)."""
    names = {a.id: a.name for a in catalogue()}
    return {
        "id": e.id,
        "author": e.author,
        "kind": e.kind.value,
        "title": e.title,
        "link": e.link,
        "occurred_on": e.occurred_on.isoformat(),
        "grades": {names[k]: v for k, v in e.grades.items()},
        **{k: e.checks.get(k) for k in CHECKS},
        "return_on_time": e.return_on_time,
        "better": e.better,
        "tags": list(e.tags),
        "shared": e.shared,
        "recorded_at": e.recorded_at.isoformat(),
        "updated_at": e.updated_at.isoformat(),
    }
