"""The ledger's front door: ``with ledger.open(workspace) as book: ...``.

A ``Book`` owns one database connection pool (closed when the ``with`` block ends) and offers
every use case the CLI, a web app or a notebook needs, as typed methods that take plain values
and return model values::

    from datetime import UTC, date, datetime
    from backwards import ledger

    with ledger.open_url("sqlite:///ledger.db") as book:
        now = datetime.now(UTC)
        record = book.commit("Ship SSO", due=date(2026, 3, 31), by="ana", at=now)
        book.resolve(record.id, "met", by="ana", at=now)
        print(book.trust_report(now=now, owner="ana").notes)

Who acts (``by``) and when it happened (``at``: the claimed time) are passed in; when it was
*entered* is the store's clock and cannot be set (``recorded_at``; see ``model``). Every value
passes ``backwards.ledger.intake``, the one validation of every way in.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypedDict, Unpack

from backwards.config import did_you_mean
from backwards.errors import InputError
from backwards.ledger import reports, storage
from backwards.ledger.access import check_may_change
from backwards.ledger.holiday_calendar import ledger_holidays
from backwards.ledger.intake import parse_outcome, parse_probability
from backwards.ledger.measures.failure_modes import detect
from backwards.ledger.measures.failure_modes import modes as vocabulary
from backwards.ledger.model import (
    ActionItem,
    Commitment,
    CommitmentOutcome,
    CommitmentRecord,
    Event,
    Kind,
    Mistake,
    MistakeCategory,
    Outcome,
    Revision,
    RevisionChange,
    Status,
    business_days,
)
from backwards.ledger.repeat_finder import find_similar
from backwards.ledger.settings import LedgerSettings
from backwards.ledger.storage.bulk_read import Selection
from backwards.ledger.storage.file_reader import read_csv_records, read_document
from backwards.ledger.storage.file_writer import csv_losses, document_to_json, records_to_csv
from backwards.ledger.storage.record_json import iter_record_json
from backwards.ledger.storage.repository import ImportSummary, LedgerRepository
from backwards.resource import Resource
from backwards.store import Store, open_store

if TYPE_CHECKING:  # the measures (numpy) load when a report or a search needs them
    from backwards.ledger.measures.repeat_candidates import SimilarMistake
    from backwards.ledger.measures.saydo import SayDoPolicy
    from backwards.ledger.reports.trust_report import TrustReport
    from backwards.workspace import Workspace

__all__ = ["DEFAULT_REPEAT_THRESHOLD", "Book", "Export", "Filters", "open", "open_url"]

#: Similarity at which a mistake is a candidate repeat (``ledger.repeat_threshold``): chosen on
#: half of a labelled set of 60 correction-of-errors entries (tests/ledger/test_repeats_set.py).
DEFAULT_REPEAT_THRESHOLD = 0.34


class CommitmentTerms(TypedDict, total=False):
    """The optional terms of a commitment that ``Book.commit`` hands to ``Commitment`` as
    they are (see ``Commitment`` for each)."""

    audience: str
    aspirational: bool
    p50_due: date | None
    p90_due: date | None
    metric: str | None
    target_value: float | None
    weight: float


class Filters(TypedDict, total=False):
    """Which commitments ``Book.commitments`` (and its streaming forms) lists: the ``owner``
    and one ``tag`` in any letter case, the ``statuses`` and the due date in force between
    ``due_from`` and ``due_to``, all as of the day asked about."""

    owner: str | None
    tag: str | None
    statuses: Iterable[Status | str]
    due_from: date | None
    due_to: date | None


def _selection(as_of: date, filters: Filters) -> Selection:
    statuses = frozenset(Status(s) for s in filters.get("statuses", ()))
    return Selection(
        as_of,
        filters.get("owner"),
        filters.get("tag"),
        statuses,
        filters.get("due_from"),
        filters.get("due_to"),
    )


@dataclass(frozen=True, slots=True)
class Export:
    """An exported ledger: the file's text and how many commitments it holds."""

    text: str
    commitments: int


def open(workspace: Workspace, *, upgrade: bool = True, default_person: str | None = None) -> Book:
    """The workspace's ledger: its database (migrated on first use), cache and settings.

    The workspace's default person (who keeps a single-user ledger, see ``access``) is
    ``ledger.default_person`` if set, else ``default_person`` (the CLI passes
    ``BACKWARDS_USER`` or the login name)."""
    cache = workspace.state_dir / "cache" if workspace.settings_path is not None else None
    settings = workspace.settings.section(LedgerSettings)
    return open_url(
        workspace.database_url,
        cache_dir=cache,
        repeat_threshold=float(settings.repeat_threshold),
        holidays=settings.holidays,
        upgrade=upgrade,
        default_person=settings.default_person or default_person,
    )


def open_url(
    url: str,
    *,
    cache_dir: Path | None = None,
    repeat_threshold: float = DEFAULT_REPEAT_THRESHOLD,
    holidays: str | Sequence[date] = (),
    upgrade: bool = True,
    default_person: str | None = None,
) -> Book:
    """The ledger in the database at ``url`` (SQLite or PostgreSQL), without a workspace.
    ``holidays``: a country code (``"US"``, ``"DE-BY"``) or dates that are not business days;
    ``default_person``: who keeps the ledger while the people directory is empty."""
    return Book(
        open_store(url, upgrade=upgrade),
        cache_dir=cache_dir,
        threshold=repeat_threshold,
        holidays=holidays,
        default_person=default_person,
    )


class Book(Resource):
    """The ledger in one database. Use it in a ``with`` block (or call ``close()``)."""

    def __init__(
        self,
        store: Store,
        *,
        cache_dir: Path | None = None,
        threshold: float = DEFAULT_REPEAT_THRESHOLD,
        holidays: str | Sequence[date] = (),
        default_person: str | None = None,
    ) -> None:
        self.store = store
        #: Who keeps the ledger while nobody is in the people directory (``access``).
        self.default_person = default_person
        self.repository = LedgerRepository(store)
        self.cache_dir = cache_dir
        self.repeat_threshold = threshold
        #: The days that are not business days (besides weekends), from ``ledger.holidays``.
        self.holidays = ledger_holidays(holidays)

    def business_days(self, start: date, end: date) -> int:
        """Business days from ``start`` to ``end`` (the measures' rule, this ledger's
        holidays): a delivery on the due date slips 0, on the next business day 1."""
        return business_days(start, end, self.holidays)

    def close(self) -> None:
        self.store.close()

    # -- commitments ---------------------------------------------------------------------------

    def commit(
        self,
        statement: str,
        *,
        due: date,
        by: str,
        at: datetime,
        owner: str | None = None,
        kind: Kind | str = Kind.DATE,
        probability: float | str | None = None,
        tags: Iterable[str] = (),
        links: Iterable[str] = (),
        **terms: Unpack[CommitmentTerms],
    ) -> CommitmentRecord:
        """Record a commitment made ``at`` by ``by`` (the owner unless ``owner`` is given),
        with its other ``terms`` (audience, aspirational, P50/P90 dates, metric and target,
        weight).

        ``probability`` is 0.7, "0.7", "70%" or "70 %"; a bare number above 1 is refused.
        """
        commitment = Commitment(
            id=0,
            owner=(owner or by).strip(),
            statement=statement,
            due=due,
            made_at=at,
            kind=Kind(kind),
            probability=_probability(probability),
            tags=tuple(tags),
            links=tuple(links),
            recorded_by=by,
            **terms,
        )
        return CommitmentRecord(self.repository.add_commitment(commitment, by=by))

    def revise(
        self,
        commitment_id: int,
        *,
        reason: str,
        by: str,
        at: datetime,
        due: date | None = None,
        target_value: float | None = None,
        scope: str | None = None,
        probability: float | str | None = None,
    ) -> Revision:
        """Reset the expectation of an open commitment (appended; the original stays).
        ``at`` is when it was told; the notice it earns counts from when it is entered.
        Only the owner, the audience or the owner's leader may (``access``)."""
        self.may_change(commitment_id, by, "revise")
        change = RevisionChange(reason, due, target_value, scope, _probability(probability))
        return self.repository.revise(commitment_id, change, by=by, at=at)

    def resolve(
        self,
        commitment_id: int,
        outcome: Outcome | str,
        *,
        by: str,
        resolved_on: date | None = None,
        actual_value: float | None = None,
        delivered_fraction: float | None = None,
        evidence: str = "",
    ) -> CommitmentRecord:
        """Record how a commitment ended (once); ``resolved_on`` defaults to the day it is
        entered and may not be later. A wrong one is fixed with ``correct``. Only the owner,
        the audience or the owner's leader may (``access``)."""
        self.may_change(commitment_id, by, "resolve")
        self.repository.resolve(
            commitment_id,
            parse_outcome(outcome),
            resolved_on=resolved_on,
            by=by,
            actual_value=actual_value,
            delivered_fraction=delivered_fraction,
            evidence=evidence,
        )
        return self.repository.record(commitment_id)

    def correct(
        self, commitment_id: int, field: str, value: str, *, reason: str, by: str
    ) -> CommitmentRecord:
        """Append a correction of the resolution date (``resolved_on``), the ``outcome`` or the
        ``statement``, with a reason; the record shows the corrected value and the correction.
        Only the owner, the audience or the owner's leader may (``access``)."""
        self.may_change(commitment_id, by, "correct")
        self.repository.correct(commitment_id, field, value, reason=reason, by=by)
        return self.repository.record(commitment_id)

    def may_change(self, commitment_id: int, by: str, action: str = "change") -> str:
        """Why ``by`` may revise, resolve or correct commitment ``commitment_id`` (``"owner"``,
        ``"audience"``, ``"leader"``, ``"default person"``); an ``InputError`` saying who may
        when they may not (see ``backwards.ledger.access``)."""
        commitment = self.repository.record(commitment_id).commitment
        return check_may_change(self.store, commitment, by, action, self.default_person).reason

    def record(self, commitment_id: int) -> CommitmentRecord:
        """One commitment with its revisions and resolution."""
        return self.repository.record(commitment_id)

    def history(self, commitment_id: int) -> list[Event]:
        """Every change to one commitment, oldest first: who did what, when."""
        return self.repository.events("commitment", commitment_id)

    def commitments(self, *, as_of: date, **filters: Unpack[Filters]) -> list[CommitmentRecord]:
        """The commitments that match, by id; status and due date (in force) as of ``as_of``."""
        return list(self.iter_commitments(as_of=as_of, **filters))

    def commitment_page(
        self, *, owner: str | None = None, offset: int = 0, limit: int = 50
    ) -> tuple[list[CommitmentRecord], int]:
        """One page of ``commitments(owner=owner)``: ``limit`` of them from ``offset`` (by id),
        read in SQL, and how many there are in all (a web page or API list a page at a time)."""
        return self.repository.record_page(owner, offset=offset, limit=limit)

    def owners(self) -> list[str]:
        """Every owner with a commitment or a mistake, sorted (what ``--owner`` may name)."""
        return self.repository.owners()

    def owner_named(self, name: str, *, field: str = "--owner") -> str:
        """``name`` as the ledger spells it (owners match in any letter case), or an
        ``InputError`` saying so with "did you mean" when nobody by that name has a record;
        an empty name (say ``--owner "$USER"`` with ``USER`` unset) is an error too."""
        if not name.strip():
            raise InputError(
                f"{field} is empty",
                "Name an owner (is the variable you passed set?), or leave the option out "
                "for everyone.",
            )
        known = self.owners()
        for owner in known:
            if owner.casefold() == name.casefold():
                return owner
        guess = did_you_mean(name, known)
        if guess:
            hint = f"Did you mean {guess!r}?"
        elif known:
            hint = "Owners: " + ", ".join(known[:20]) + (" ..." if len(known) > 20 else "")
        else:
            hint = "The ledger is empty: record a commitment first."
        raise InputError(
            f"{field} {name!r}: nobody by that name has a commitment or a mistake", hint
        )

    def iter_commitments(
        self, *, as_of: date, **filters: Unpack[Filters]
    ) -> Generator[CommitmentRecord]:
        """``commitments`` one at a time, read in batches in one read transaction: memory
        stays flat however large the ledger (``ledger list --format json``). Owner and tag
        match in any letter case; the filters run in SQL (the owner's index), then exactly."""
        chosen = _selection(as_of, filters)
        yield from self.repository.iter_records(chosen, self.holidays)

    def iter_record_json(self, *, as_of: date, **filters: Unpack[Filters]) -> Generator[str]:
        """The JSON text of ``record_dict`` of each commitment ``iter_commitments`` gives
        (``json.dumps(..., ensure_ascii=False)``), built straight from the database's rows in
        batches (no model values): the fast way to write many (``ledger list --format
        json``), in flat memory."""
        chosen = _selection(as_of, filters)
        with self.store.read() as conn:
            yield from iter_record_json(conn, chosen, holidays=self.holidays)

    def outcomes(
        self, *, as_of: date, owner: str | None = None, tag: str | None = None
    ) -> list[CommitmentOutcome]:
        """Every commitment (of ``owner``, with ``tag``) and its outcome as of ``as_of``, by id:
        the read model that features joining the ledger use."""
        return [
            r.outcome_as_of(as_of, self.holidays)
            for r in self.commitments(as_of=as_of, owner=owner, tag=tag)
        ]

    def trust_report(
        self,
        *,
        now: datetime,
        owner: str | None = None,
        tag: str | None = None,
        since: date | None = None,
        policy: SayDoPolicy | None = None,
        items: bool = False,
    ) -> TrustReport:
        """The trust report of ``owner`` (or everyone), one ``tag``, commitments due since;
        ``policy`` sets the grace days, notice credit, recency weighting and intervals.
        ``items`` adds the commitments to talk about (missed, kept late, at risk; one more
        pass over the ledger, which the HTML page wants)."""
        import numpy as np

        frame, log, provenance = storage.load_trust_inputs(
            self.store, today=now.date(), owner=owner, tag=tag
        )
        frame = replace(frame, holidays=np.array(self.holidays, dtype="datetime64[D]"))
        report = reports.report_from_frames(
            frame,
            log,
            now=now,
            owner=owner,
            tag=tag,
            since=since,
            policy=policy,
            provenance=provenance,
        )
        if not items:
            return report
        chosen = self.iter_commitments(as_of=now.date(), owner=owner, tag=tag)
        found = reports.discussion_items(
            chosen, today=now.date(), since=since, holidays=self.holidays
        )
        return replace(report, items=found)

    # -- files ---------------------------------------------------------------------------------

    def import_file(
        self, path: Path, *, by: str, progress: Callable[[int], None] | None = None
    ) -> ImportSummary:
        """Import a ``.json`` or ``.csv`` ledger file: all or nothing, and idempotent (what the
        ledger already holds is skipped); imported records are marked (see docs/ledger.md).
        ``progress(n)`` is told as each part is stored (n records more: a thousand at a time
        from a CSV file), for a progress bar."""
        at = datetime.now(UTC)
        if path.suffix.lower() == ".csv":  # read a row at a time: flat memory at any size
            return self.repository.import_stream(
                lambda: ((f"{path}:{line}", r) for line, r in read_csv_records(path, at=at)),
                by=by,
                progress=progress,
            )
        doc = read_document(path, at=at)
        return self.repository.import_all(doc.records, doc.mistakes, by=by, progress=progress)

    def export(self, fmt: Literal["json", "csv"], *, as_of: date, lossy: bool = False) -> Export:
        """The whole ledger as JSON (everything, importable) or CSV (one row per commitment,
        status on ``as_of``). CSV cannot hold revisions, corrections or mistakes: when the
        ledger has any, a CSV export is refused unless ``lossy`` is True."""
        snapshot = self.repository.load_all()
        records = snapshot.records()
        if fmt == "json":
            return Export(document_to_json(records, snapshot.mistakes), len(records))
        lost = csv_losses(records, snapshot.mistakes)
        if lost and not lossy:
            raise InputError(
                f"a CSV export would drop {lost}",
                "Export JSON (it keeps everything), or pass --lossy to accept the loss.",
            )
        return Export(records_to_csv(records, as_of=as_of), len(records))

    # -- mistakes ------------------------------------------------------------------------------

    def add_mistake(
        self,
        title: str,
        *,
        by: str,
        at: datetime,
        owner: str | None = None,
        occurred_on: date | None = None,
        detected_on: date | None = None,
        category: MistakeCategory | str = MistakeCategory.OTHER,
        what_happened: str = "",
        customer_impact: str = "",
        five_whys: Iterable[str] = (),
        root_cause: str = "",
        tags: Iterable[str] = (),
        commitment_ids: Iterable[int] = (),
        actions: Iterable[ActionItem | str] = (),
        failure_modes: Iterable[str] | None = None,
    ) -> Mistake:
        """Record a correction-of-errors entry; ``actions`` as items or ``OWNER:DATE:TEXT``.

        ``failure_modes`` are keys of the vocabulary (``failure_modes()``); when None, the
        modes the vocabulary finds in the whys and root cause are stored.
        """
        mistake = Mistake(
            id=0,
            owner=owner or by,
            title=title,
            occurred_on=occurred_on or at.date(),
            recorded_at=at,
            category=MistakeCategory(category),
            what_happened=what_happened,
            customer_impact=customer_impact,
            five_whys=tuple(five_whys),
            root_cause=root_cause,
            detected_on=detected_on,
            tags=tuple(tags),
            commitment_ids=tuple(commitment_ids),
            action_items=tuple(
                a if isinstance(a, ActionItem) else ActionItem.parse(a) for a in actions
            ),
            recorded_by=by,
        )
        if failure_modes is None:
            chosen = detect(mistake.cause_text)
        else:
            chosen = tuple(dict.fromkeys(m.strip() for m in failure_modes))
            known = {m.key for m in vocabulary()}
            unknown = [m for m in chosen if m not in known]
            if unknown:
                raise InputError(
                    f"{unknown[0]!r} is not a failure mode",
                    f"Use one of: {', '.join(sorted(known))} (docs/ledger.md).",
                )
        return self.repository.add_mistake(replace(mistake, failure_modes=chosen), by=by)

    def mistake(self, mistake_id: int) -> Mistake:
        return self.repository.mistake(mistake_id)

    def mistakes(
        self,
        *,
        owner: str | None = None,
        category: MistakeCategory | str | None = None,
        tag: str | None = None,
        repeats: bool = False,
    ) -> list[Mistake]:
        """The mistakes that match, oldest first; ``repeats`` keeps confirmed repeats only."""
        kind = None if category is None else MistakeCategory(category)
        who = None if owner is None else owner.casefold()
        label = None if tag is None else tag.casefold()
        return [
            m
            for m in self.repository.mistakes()
            if (who is None or m.owner.casefold() == who)
            and (kind is None or m.category is kind)
            and (label is None or any(label == x.casefold() for x in m.tags))
            and (not repeats or m.repeat_of is not None)
        ]

    def similar(
        self, mistake: int | Mistake, *, threshold: float | None = None, limit: int | None = 10
    ) -> list[SimilarMistake]:
        """Earlier mistakes with the same root cause as ``mistake`` (the whys, the root cause
        and the failure modes; not the story), best first, at most ``limit``; each says why.

        Only the root causes of every mistake are read; the index over them is cached in the
        workspace's ``.backwards/cache`` and reused until a mistake is added or changed.
        """

        target = self.mistake(mistake) if isinstance(mistake, int) else mistake

        def causes() -> storage.Causes:
            with self.store.read() as conn:
                return storage.load_causes(conn)

        def shown(ids: list[int]) -> dict[int, Mistake]:
            with self.store.read() as conn:
                return storage.load_mistakes_by_id(conn, ids)

        return find_similar(
            target,
            causes,
            shown,
            threshold=self.repeat_threshold if threshold is None else threshold,
            limit=limit,
            cache_dir=self.cache_dir,
        )

    def confirmed_repeats(self, mistake: int | Mistake) -> list[Mistake]:
        """The mistakes a person confirmed as repeats of (or repeated by) ``mistake``."""

        target = self.mistake(mistake) if isinstance(mistake, int) else mistake
        with self.store.read() as conn:
            return storage.repeats_of(conn, target)

    def confirm_repeat(self, mistake_id: int, of: int, *, by: str) -> Mistake:
        """A person confirms that ``mistake_id`` repeats the earlier mistake ``of``."""
        return self.repository.confirm_repeat(mistake_id, of, by=by)

    def close_action(
        self,
        action_id: int,
        *,
        by: str,
        closed_on: date | None = None,
        verification: str = "",
    ) -> ActionItem:
        """Close a mistake's action item (once); ``closed_on`` defaults to the day entered."""
        return self.repository.close_action(
            action_id, closed_on=closed_on, verification=verification, by=by
        )


def _probability(value: float | str | None) -> float | None:
    try:
        return parse_probability(value)
    except ValueError as exc:
        raise InputError(f"probability: {exc}", "Give 0.7, 70% or 70 %.") from None
