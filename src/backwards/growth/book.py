"""The growth front door over a store: ``with growth.open(workspace) as book:``.

``GrowthBook`` knows the ``growth:`` settings (the ladder, the people, the weekly target) and
the journal; every person named (an author, a report's subject) must be one of
``growth.people`` (``InputError`` naming the field, with "did you mean", otherwise).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from backwards import people
from backwards.config import did_you_mean
from backwards.errors import InputError
from backwards.growth.assessment import Assessment, Rater, Rating
from backwards.growth.assessments import Assessments
from backwards.growth.attributes import catalogue
from backwards.growth.entry import Entry, EntryDraft
from backwards.growth.evidence import Evidence
from backwards.growth.habit import Habit, weekly_habit
from backwards.growth.journal import Imported, Journal
from backwards.growth.ladder import Ladder, Level, ladder_of
from backwards.growth.report import GrowthReport, build_report
from backwards.growth.settings import GrowthSettings, PersonSpec
from backwards.resource import Resource
from backwards.store import Store, open_store
from backwards.workspace import Workspace

__all__ = ["GrowthBook", "open", "open_url"]


def open(workspace: Workspace, *, upgrade: bool = True) -> GrowthBook:
    """The workspace's growth records (its database, migrated on first use) and settings."""
    return open_url(
        workspace.database_url, workspace.settings.section(GrowthSettings), upgrade=upgrade
    )


def open_url(
    url: str, settings: GrowthSettings | None = None, *, upgrade: bool = True
) -> GrowthBook:
    """Growth records in the database at ``url`` with ``settings`` (default: the defaults)."""
    return GrowthBook(open_store(url, upgrade=upgrade), settings or GrowthSettings())


class GrowthBook(Resource):
    """Growth in one database. Use it in a ``with`` block (or call ``close()``)."""

    def __init__(self, store: Store, settings: GrowthSettings) -> None:
        self.store = store
        self.settings = settings
        self.ladder: Ladder = ladder_of(settings.ladder_spec)
        self.journal = Journal(store)
        self.assessments = Assessments(store)

    def close(self) -> None:
        self.store.close()

    # -- people --------------------------------------------------------------------------------

    def known(self, text: str) -> str | None:
        """The name of ``growth.people`` that ``text`` is, in any case (``Ana`` is ``ana``), or
        None."""
        if text in self.settings.people:
            return text
        key = text.strip().casefold()
        same = [name for name in self.settings.people if name.casefold() == key]
        return same[0] if len(same) == 1 else None

    def name(self, text: str, *, field: str = "person") -> str:
        """The name of ``growth.people`` that ``text`` is, in any case; ``InputError`` naming
        ``field``, with "did you mean", otherwise (an empty name too)."""
        found = self.known(text)
        if found is not None:
            return found
        if not text.strip():
            raise InputError(f"{field}: no name given", "Name one of `growth: people:`.")
        known = sorted(self.settings.people)
        folded = {name.casefold(): name for name in known}
        guess = did_you_mean(text.strip().casefold(), list(folded))
        raise InputError(
            f"{field}: unknown person {text!r}"
            + (f" (people: {', '.join(known)})" if known and not guess else ""),
            f"Did you mean {folded[guess]!r}?"
            if guess
            else "Add them under `growth: people:` in backwards.yaml with their level.",
        )

    def person(self, name: str, *, field: str = "person") -> PersonSpec:
        """The person ``name`` (any case) of ``growth.people``; ``InputError`` naming ``field``
        otherwise."""
        return self.settings.people[self.name(name, field=field)]

    def _as_known(self, name: str) -> str:
        """``name`` as ``growth.people`` spells it, or as given (a viewer or rater need not be
        one of them: they see shared entries, and the ratings they gave)."""
        return self.known(name) or name

    def level_of(self, name: str, *, field: str = "person") -> Level:
        return self.ladder.level(self.person(name, field=field).level, field=f"{field} level")

    # -- the journal ---------------------------------------------------------------------------

    def add_entry(self, draft: EntryDraft, *, author: str, at: datetime) -> Entry:
        """Write one journal entry for ``author`` (a known person)."""
        return self.journal.add(draft, author=self.name(author, field="author"), at=at)

    def add_entries(
        self, drafts: list[tuple[str, EntryDraft]], *, by: str, at: datetime
    ) -> Imported:
        """Import entries (author, draft) in one transaction; every author must be known; an
        entry already in the journal (same author, kind, title and day) is skipped."""
        named = [
            (self.name(author, field=f"entry {index}: author"), draft)
            for index, (author, draft) in enumerate(drafts, 1)
        ]
        return self.journal.import_many(named, by=self._as_known(by), at=at)

    def edit_entry(self, entry_id: int, *, by: str, at: datetime, **changes: Any) -> Entry:
        return self.journal.edit(entry_id, by=self._as_known(by), at=at, **changes)

    def entry(self, entry_id: int, *, viewer: str) -> Entry:
        return self.journal.entry(entry_id, viewer=self._as_known(viewer))

    def entries(
        self,
        *,
        viewer: str,
        author: str | None = None,
        attribute: str | None = None,
        **filters: Any,
    ) -> list[Entry]:
        """``author``'s entries (default: the viewer's own: then the viewer must be one of
        ``growth.people``) that ``viewer`` may see, filtered (``attribute``: an id or a name)."""
        if attribute is not None:
            attribute = catalogue().find(attribute, field="--attribute").id
        viewer, author = self._journal_of(viewer, author)
        return self.journal.entries(viewer=viewer, author=author, attribute=attribute, **filters)

    def search(self, text: str, *, viewer: str, author: str | None = None) -> list[Entry]:
        viewer, whose = self._journal_of(viewer, author)
        return self.journal.search(text, viewer=viewer, author=whose)

    def all_entries(self, *, viewer: str) -> list[Entry]:
        """Every entry ``viewer`` (one of ``growth.people``) may see: theirs and shared ones."""
        return self.journal.all_entries(viewer=self.name(viewer, field="--by"))

    def _journal_of(self, viewer: str, author: str | None) -> tuple[str, str]:
        """Who reads and whose journal (``author``, else the viewer's own), as spelled in
        ``growth.people``: a name that is none of them is an error, never an empty list."""
        if author is None:
            own = self.name(viewer, field="--by")
            return own, own
        return self._as_known(viewer), self.name(author, field="--person")

    def habit(self, person: str, *, viewer: str, today: date, since: date | None = None) -> Habit:
        """``person``'s journal habit against ``growth.weekly_target``, as the viewer sees it."""
        person, viewer = self.name(person), self._as_known(viewer)
        dates = [e.occurred_on for e in self.journal.entries(viewer=viewer, author=person)]
        return weekly_habit(dates, target=self.settings.weekly_target, today=today, since=since)

    # -- assessments ---------------------------------------------------------------------------

    def assess(
        self,
        person: str,
        ratings: dict[str, Rating],
        *,
        rater: str,
        kind: Rater,
        on: date,
        at: datetime,
    ) -> Assessment:
        """Record ``rater``'s assessment of ``person``; the expectations of the person's level
        today are frozen into it."""
        person, rater = self.name(person, field="PERSON"), self._as_known(rater)
        spec = self.settings.people[person]
        if kind is Rater.SELF and rater != person:
            raise InputError(
                f"--rater self: {rater} cannot self-assess {person}",
                f"Pass --by {person}, or --rater manager / peer.",
            )
        if kind is not Rater.SELF and rater == person:
            raise InputError(f"--rater {kind.value}: {person} cannot be their own {kind.value}")
        level = self.ladder.level(spec.level, field=f"people.{person}.level")
        return self.assessments.add(
            person,
            ratings,
            rater=rater,
            kind=kind,
            level=level.id,
            expected=level.expected,
            assessed_on=on,
            at=at,
        )

    def managers_of(self, person: str) -> frozenset[str]:
        """Who manages ``person``: their ``growth.people`` manager and the leader of their team
        in the workspace's people directory (``backwards user``), when there are."""
        names = set()
        spec = self.settings.people.get(person)
        if spec is not None and spec.manager:
            names.add(spec.manager)
        leader = people.Directory(self.store).leader_of(person)
        if leader is not None and leader.name != person:
            names.add(leader.name)
        return frozenset(names)

    def assessments_of(self, person: str, *, viewer: str) -> list[Assessment]:
        """The assessments of ``person`` that ``viewer`` may see: all of them for the person
        and their managers (``managers_of``), only their own for anyone else (a peer sees the
        ratings they gave)."""
        person, viewer = self.name(person, field="PERSON"), self._as_known(viewer)
        found = self.assessments.of(person)
        if viewer == person or viewer in self.managers_of(person):
            return found
        return [a for a in found if a.rater == viewer]

    # -- the report ----------------------------------------------------------------------------

    def report(
        self,
        person: str,
        *,
        viewer: str,
        today: date,
        since: date | None = None,
        evidence: tuple[Evidence, ...] = (),
    ) -> GrowthReport:
        """``person``'s report: the journal entries and assessments ``viewer`` may see, and the
        ``evidence`` a join gathered (``backwards.evidence``)."""
        person, viewer = self.name(person, field="PERSON"), self._as_known(viewer)
        level = self.level_of(person, field="PERSON")
        entries = self.journal.entries(viewer=viewer, author=person, until=today)
        dates = [e.occurred_on for e in entries]
        return build_report(
            person=person,
            level=level,
            entries=entries,
            assessments=self.assessments_of(person, viewer=viewer),
            evidence=evidence,
            habit=weekly_habit(dates, target=self.settings.weekly_target, today=today, since=since),
            today=today,
            since=since,
        )
