"""``mistake similar``'s short way (``RepeatFinder``: a SQLite file read with sqlite3, settings
read without pydantic) gives what the book gives, notices a new mistake, and is taken only when
it is exact; otherwise the book answers, with its usual errors."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

import backwards.ledger as ledger
from backwards.cli import run
from backwards.errors import InputError, StoreError
from backwards.ledger.model import ActionItem, Mistake, MistakeCategory
from backwards.ledger.storage.mistake_causes import load_causes, load_mistakes
from backwards.ledger.storage.repository import LedgerRepository
from backwards.ledger.storage.sqlite_reader import SqliteReader
from backwards.sqlitefile import open_snapshot
from tests.envelope import unwrap

AT = datetime(2026, 1, 5, 9, tzinfo=UTC)
MAPS = "the maps vendor throttled us: rate limits never checked"
FIX = "dee:2026-02-01:check every vendor's limits"


def _fill(book: ledger.Book) -> None:
    """Mistakes of every shape: whys, root causes or none, chosen and found failure modes,
    action items open and closed, links, tags, text outside ASCII, confirmed repeats and
    imported history."""
    book.commit("Ship SSO", due=date(2026, 3, 31), by="ana", at=AT)
    book.add_mistake(
        "Checkout down on Black Friday",
        by="ana",
        at=datetime.now(UTC),  # microseconds in the time it was entered
        category="dependency",
        occurred_on=date(2025, 10, 1),
        detected_on=date(2025, 10, 2),
        five_whys=["the payments vendor throttled us", "nobody checked their rate limits"],
        root_cause="never checked the vendor's API quota before the sale",
        tags=["checkout", "Payments"],
        commitment_ids=[1],
        actions=["ana:2025-11-01:add quota checks", "bo:2025-12-01:load test the vendor"],
        what_happened="Labels failed for an hour — the carrier's quota ran out 🚚",
    )
    book.add_mistake(
        "Carrier API limits hit at the peak",
        by="bo",
        at=AT,
        occurred_on=date(2025, 11, 2),
        what_happened="the carrier's quota ran out at the peak; rate limits never checked",
    )
    book.add_mistake(
        "Pricing page shipped without sign-off",
        by="cy",
        at=AT,
        root_cause="no review",
        failure_modes=["missing_signoff"],
        customer_impact="wrong prices for a day",
    )
    book.add_mistake("Nothing to say", by="cy", at=AT, failure_modes=[])
    book.add_mistake("Maps quota ran out", by="dee", at=AT, root_cause=MAPS, actions=[FIX])
    book.close_action(1, closed_on=date(2025, 10, 20), verification="alert fired", by="ana")
    imported = Mistake(
        id=1,
        owner="eve",
        title="Old: vendor quota again",
        occurred_on=date(2024, 5, 1),
        recorded_at=AT,
        category=MistakeCategory.DEPENDENCY,
        five_whys=("vendor limits unknown",),
        root_cause="never asked the vendor for its rate limits",
        action_items=(ActionItem(0, 1, "ask every vendor", "eve", date(2024, 6, 1)),),
    )
    LedgerRepository(book.store).import_all([], [imported], by="eve")
    book.confirm_repeat(3, 2, by="lea")
    book.confirm_repeat(2, 6, by="lea")


def _sqlite(tmp_path: Path) -> str:
    return f"sqlite:///{(tmp_path / 'store' / 'backwards.db').as_posix()}"


def test_the_sqlite_reader_reads_what_sqlalchemy_reads(tmp_path: Path) -> None:
    url = _sqlite(tmp_path)
    with ledger.open_url(url) as book:
        _fill(book)
        everyone = book.mistakes()
        with book.store.read() as conn:
            causes = load_causes(conn)
            by_id = load_mistakes(conn, [m.id for m in everyone])
    assert len(everyone) == 6 and any(m.imported for m in everyone)
    conn = open_snapshot(url)
    assert conn is not None
    with SqliteReader(conn, url) as reader:
        read = reader.causes()
        assert read.rows == causes.rows
        assert read.fingerprint() == causes.fingerprint()
        assert read.docs() == causes.docs()
        assert [reader.mistake(m.id) for m in everyone] == everyone
        assert reader.mistakes([m.id for m in everyone]) == by_id
        assert reader.mistakes([]) == {} and reader.mistakes([99]) == {}
        assert [m.id for m in reader.repeats_of(everyone[1])] == [3, 6]  # repeated by, repeats
        assert [m.id for m in reader.repeats_of(everyone[2])] == [2]
        assert everyone[5].imported and everyone[5].action_items
        with pytest.raises(InputError, match="there is no mistake 99"):
            reader.mistake(99)
    other = f"sqlite:///{tmp_path / 'empty.db'}"
    reader = SqliteReader(sqlite3.connect(tmp_path / "empty.db"), other)
    with reader, pytest.raises(StoreError, match=f"cannot read the database {other}: no such"):
        reader.causes()


def test_the_finder_answers_as_the_book_does(tmp_path: Path) -> None:
    url = _sqlite(tmp_path)
    (tmp_path / "backwards.yaml").write_text(
        f"version: 1\ndatabase_url: {url}\nledger:\n  repeat_threshold: 0.2\n"
    )
    with ledger.open_url(url, cache_dir=tmp_path / ".backwards" / "cache") as book:
        _fill(book)
        book.repeat_threshold = 0.2
        ids = [m.id for m in book.mistakes()]
        expected = {i: (book.similar(i), book.similar(i, threshold=0.0, limit=None)) for i in ids}
        confirmed = {i: book.confirmed_repeats(i) for i in ids}
    assert any(found for found, _ in expected.values())
    with ledger.open_finder(tmp_path, env={}) as finder:
        assert isinstance(finder, ledger.RepeatFinder)
        assert finder.repeat_threshold == 0.2
        for i in ids:
            assert (finder.similar(i), finder.similar(i, threshold=0.0, limit=None)) == expected[i]
            assert finder.confirmed_repeats(i) == confirmed[i]


def test_a_new_mistake_is_never_answered_from_the_saved_index(tmp_path: Path) -> None:
    url = _sqlite(tmp_path)
    (tmp_path / "backwards.yaml").write_text(f"version: 1\ndatabase_url: {url}\n")
    cache = tmp_path / ".backwards" / "cache"
    with ledger.open_url(url) as book:
        _fill(book)
    with ledger.open_finder(tmp_path, env={}) as finder:
        before = finder.similar(2, threshold=0.0, limit=None)
    saved = sorted(cache.iterdir())
    assert len(saved) == 1
    with ledger.open_url(url) as book:
        new = book.add_mistake(
            "Vendor quota, once more",
            by="fay",
            at=AT,
            occurred_on=date(2025, 10, 15),  # earlier than mistake 2: a candidate
            root_cause="never checked the vendor's API quota before the sale",
        )
    with ledger.open_finder(tmp_path, env={}) as finder:
        after = finder.similar(2, threshold=0.0, limit=None)
    assert new.id in [c.id for c in after] and new.id not in [c.id for c in before]
    assert sorted(cache.iterdir()) != saved  # a new index, the old one removed
    assert len(list(cache.iterdir())) == 1


def test_the_finder_is_only_offered_when_it_is_exact(database_url: str, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "backwards.yaml").write_text(f"version: 1\ndatabase_url: {database_url}\n")
    assert ledger.open_finder(ws, env={}) is None  # no database yet: the store creates it
    with ledger.open_url(database_url) as book:
        book.add_mistake("Something", by="ana", at=AT)
    finder = ledger.open_finder(ws, env={})
    if not database_url.startswith("sqlite"):
        assert finder is None  # PostgreSQL keeps SQLAlchemy
        return
    assert finder is not None
    finder.close()
    for text in (
        "wbr: {}\n",  # another feature's section: only its model can check it
        "ledger:\n  repeat_threshold: '0.5'\n",  # pydantic would convert: the model decides
        "ledger:\n  repeat_treshold: 0.5\n",  # a typo: the model says "did you mean"
    ):
        (ws / "backwards.yaml").write_text(f"version: 1\ndatabase_url: {database_url}\n{text}")
        assert ledger.open_finder(ws, env={}) is None, text
    (ws / "backwards.yaml").write_text("version: 1\n")  # the database comes from the environment
    with ledger.open_finder(ws, env={"BACKWARDS_DATABASE_URL": database_url}) as finder:
        assert isinstance(finder, ledger.RepeatFinder)
    path = database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:  # a schema this version does not know
        conn.execute("UPDATE alembic_version SET version_num = 'ledger_9999' "
                     "WHERE version_num LIKE 'ledger_%'")  # fmt: skip
    assert ledger.open_finder(ws, env={"BACKWARDS_DATABASE_URL": database_url}) is None


def _cli(ws: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(["-w", str(ws), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_bad_settings_and_input_keep_their_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BACKWARDS_DATABASE_URL", raising=False)
    url = _sqlite(tmp_path)
    with ledger.open_url(url) as book:
        _fill(book)
    settings = tmp_path / "backwards.yaml"
    settings.write_text(f"version: 1\ndatabase_url: {url}\n")
    code, out, _ = _cli(tmp_path, capsys, "mistake", "similar", "2", "--format", "json")
    assert code == 0 and unwrap(out)["confirmed"][0]["id"] == 3
    code, _, err = _cli(tmp_path, capsys, "mistake", "similar", "99")
    assert code == 2 and "there is no mistake 99" in err and "mistake list" in err
    settings.write_text(f"version: 1\ndatabase_url: {url}\nledger:\n  repeat_threshold: 1.5\n")
    code, _, err = _cli(tmp_path, capsys, "mistake", "similar", "2")
    assert code == 2 and "backwards.yaml:4" in err and "ledger.repeat_threshold" in err
    settings.write_text(f"version: 1\ndatabase_url: {url}\nledger:\n  holidays: XX\n")
    code, _, err = _cli(tmp_path, capsys, "mistake", "similar", "2")
    assert code == 2 and "'XX' is not a country" in err
