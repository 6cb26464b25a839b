"""The filters of ``Book.commitments`` (owner, tag, statuses, due dates) run in SQL, on both
backends: a page of one owner's commitments must not read the whole ledger (issue 13's load
test: 10,000 commitments, p95 15.7 s), and must still match exactly what the model's rules say
(owners and tags in any letter case, by Unicode case folding; the status and due date in force
as of a day, revisions and holidays included)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

import backwards.ledger as ledger
from backwards.ledger.model import Commitment, CommitmentRecord, Status
from backwards.ledger.storage.bulk_read import FOLDS_TO_ASCII
from backwards.ledger.storage.repository import LedgerRepository

AT = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
AS_OF = date(2026, 3, 10)


def _ledger(book: ledger.Book) -> None:
    """Owners and tags whose case folds differ from SQL's ``lower`` (ß, the Kelvin sign, a
    ligature), LIKE's wildcards in tags, revisions moving a due date across a range, each
    kind of status."""
    a = book.commit("A", due=date(2026, 2, 27), by="Straße", at=AT, tags=["Q1", "100%"])
    book.revise(a.id, due=date(2026, 3, 20), reason="vendor", by="Straße", at=AT)
    b = book.commit("B", due=date(2026, 3, 2), by="STRASSE", at=AT, tags=["\u212aPI"])
    book.resolve(b.id, "met", by="STRASSE", resolved_on=date(2026, 3, 3))
    c = book.commit("C", due=date(2026, 2, 2), by="jo", at=AT, tags=["o\ufb03ce", "a_b"])
    book.resolve(c.id, "missed", by="jo", resolved_on=date(2026, 3, 20))  # after AS_OF
    book.commit("D", due=date(2026, 3, 9), by="Jo", at=AT, tags=["kpi", "axb"])
    e = book.commit("E", due=date(2026, 4, 1), by="jö", at=AT, tags=["Ärger"])
    book.revise(e.id, due=date(2026, 3, 5), reason="sooner", by="jö", at=AT)
    f = book.commit("F", due=date(2026, 3, 6), by="ana", at=AT, tags=["office", "100"])
    book.resolve(f.id, "withdrawn", by="ana", resolved_on=date(2026, 3, 1))
    book.commit("G", due=date(2026, 3, 7), by="ana", at=AT, tags=["ärger", "q1"])


def _expected(book: ledger.Book, as_of: date, **chosen: Any) -> list[int]:
    """The documented rule, applied in Python to every record."""
    owner, tag = chosen.get("owner"), chosen.get("tag")
    statuses = {Status(s) for s in chosen.get("statuses", ())}
    low, high = chosen.get("due_from"), chosen.get("due_to")
    keep: list[Callable[[CommitmentRecord], bool]] = [
        lambda r: owner is None or r.commitment.owner.casefold() == owner.casefold(),
        lambda r: tag is None or any(x.casefold() == tag.casefold() for x in r.commitment.tags),
        lambda r: not statuses or r.status(as_of, book.holidays) in statuses,
        lambda r: low is None or r.due_as_of(as_of) >= low,
        lambda r: high is None or r.due_as_of(as_of) <= high,
    ]
    return [r.id for r in book.commitments(as_of=as_of) if all(k(r) for k in keep)]


FILTERS: list[dict[str, Any]] = [
    {"owner": "strasse"},  # "Straße" and "STRASSE": the same owner under case folding
    {"owner": "JO"},
    {"owner": "JÖ"},
    {"owner": "nobody"},
    {"tag": "kpi"},  # "KPI" with a Kelvin sign too
    {"tag": "OFFICE"},  # "oﬃce" (a ligature) too
    {"tag": "100%"},
    {"tag": "a_b"},  # not "axb": LIKE's wildcards are escaped
    {"tag": "ÄRGER"},
    {"tag": "q"},
    {"statuses": ["met"]},
    {"statuses": ["missed"]},  # resolved only after the day asked about: still open then
    {"statuses": ["open"]},
    {"statuses": ["overdue", "withdrawn"]},
    {"due_from": date(2026, 3, 10)},  # "A" moved into it by a revision
    {"due_to": date(2026, 3, 5)},  # "E" moved into it by a revision
    {"due_from": date(2026, 3, 1), "due_to": date(2026, 3, 7), "owner": "ANA"},
    {"owner": "jo", "tag": "KPI", "statuses": ["open", "overdue"]},
]


def test_every_filter_matches_the_rule_on_both_backends(database_url: str) -> None:
    with ledger.open_url(database_url, holidays=(date(2026, 3, 9),)) as book:
        _ledger(book)
        for as_of in (AS_OF, date(2026, 3, 25)):
            for chosen in FILTERS:
                want = _expected(book, as_of, **chosen)
                got = [r.id for r in book.commitments(as_of=as_of, **chosen)]
                fast = [d["id"] for d in book.iter_record_dicts(as_of=as_of, **chosen)]
                assert got == want, (as_of, chosen)
                assert fast == want, (as_of, chosen)
        assert [r.commitment.statement for r in book.commitments(as_of=AS_OF, owner="STRASSE")]
        assert len(_expected(book, AS_OF, tag="kpi")) == 2  # the reference sees both spellings


def test_the_letters_that_fold_to_ascii_are_all_listed() -> None:
    """Unicode letters whose case fold is ASCII escape SQL's case-insensitive LIKE; the tag
    filter adds each to its SQL condition, so the list must be complete."""
    found = {chr(c) for c in range(0x80, 0x110000) if chr(c).casefold().isascii()}
    assert found == set(FOLDS_TO_ASCII)


def test_one_owner_among_thousands_reads_only_that_owner(database_url: str) -> None:
    """With 8,000 commitments of others and 10 of one owner, listing that owner's is far
    cheaper than listing all of them (before: the same, every row read and filtered in
    Python), and the query that reads commitments names the owner (the owner's index)."""
    records = [
        CommitmentRecord(
            Commitment(
                id=i,
                owner="Ana" if i % 800 == 0 else f"pm{i % 50}",
                statement=f"S{i}",
                due=date(2026, 2, 1) + timedelta(days=i % 90),
                made_at=AT,
            )
        )
        for i in range(1, 8001)
    ]
    with ledger.open_url(database_url) as book:
        LedgerRepository(book.store).import_all(records, [], by="t")
        statements: list[str] = []

        def seen(_c: Any, _cur: Any, statement: str, *_rest: Any) -> None:
            statements.append(statement)

        sa.event.listen(book.store.engine, "before_cursor_execute", seen)
        mine = book.commitments(as_of=AS_OF, owner="ana")
        sa.event.remove(book.store.engine, "before_cursor_execute", seen)
        assert [r.id for r in mine] == list(range(800, 8001, 800))
        reads = [s for s in statements if "FROM ledger_commitments" in s and "LIMIT" in s]
        assert reads and all("owner IN" in s for s in reads), reads

        def best(run: Callable[[], object]) -> float:
            times = []
            for _ in range(3):
                start = time.perf_counter()
                run()
                times.append(time.perf_counter() - start)
            return min(times)

        one = best(lambda: book.commitments(as_of=AS_OF, owner="ana"))
        every = best(lambda: book.commitments(as_of=AS_OF))
        assert one < every / 5, (one, every)
