"""``ledger list --format json`` reads rows straight into JSON (``storage.record_json``): it
must give exactly what ``record_dict`` gives for every record, filter and page alike, on both
backends, and stream in flat memory (issue 16, point 7; "list --format json at 100,000 rows
takes 8 s and 866 MB")."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

import backwards.ledger as ledger
from backwards.cli import run
from tests.envelope import unwrap

AT = datetime(2026, 1, 5, 9, 0, 0, tzinfo=UTC)  # zero microseconds: isoformat leaves them out
AS_OF = date(2026, 3, 10)


def _varied(book: ledger.Book) -> None:
    """Every kind of record: revised (twice, one backdated), resolved in each way, corrected,
    open, overdue, due on a weekend, with tags in mixed case, unicode, audience, targets."""
    a = book.commit("Ship SSO — für alle", due=date(2026, 2, 27), by="Ana", at=AT,
                    probability="70%", tags=["SSO", "q1"], audience="sales")  # fmt: skip
    book.revise(a.id, due=date(2026, 3, 6), reason="vendor", by="Ana", at=AT + timedelta(days=3))
    book.revise(a.id, due=date(2026, 3, 13), probability=0.5, reason="again", by="Ana",
                at=AT + timedelta(days=20, microseconds=123))  # fmt: skip
    b = book.commit("Beta", due=date(2026, 2, 7), by="bo", at=AT + timedelta(microseconds=7))
    book.resolve(b.id, "met", by="bo", resolved_on=date(2026, 2, 9))
    book.correct(b.id, "resolved_on", "2026-02-06", reason="typo", by="bo")
    c = book.commit("Metric", due=date(2026, 2, 2), by="cy", at=AT, kind="target",
                    metric="NPS", target_value=40.5, weight=3, links=["https://x/1"])  # fmt: skip
    book.resolve(c.id, "partially_met", by="cy", resolved_on=date(2026, 2, 3),
                 delivered_fraction=0.5, actual_value=31.25, evidence="dash")  # fmt: skip
    book.commit("Open, not due", due=date(2026, 4, 1), by="ana", at=AT, aspirational=True)
    book.commit("Overdue", due=date(2026, 3, 2), by="ana", at=AT, tags=["sso"])
    book.commit("Due Saturday", due=date(2026, 3, 7), by="bo", at=AT)
    d = book.commit("Withdrawn", due=date(2026, 3, 2), by="cy", at=AT, p50_due=date(2026, 2, 20),
                    p90_due=date(2026, 3, 1))  # fmt: skip
    book.resolve(d.id, "withdrawn", by="cy", resolved_on=date(2026, 2, 10))
    book.commit('Say "100%" \\ back\\slash, 1/3', due=date(2026, 3, 3), by="dé", at=AT,
                kind="target", metric="m", target_value=1 / 3, weight=1e-7, probability=0.1 + 0.2,
                tags=["%s", "x y"], links=["https://x/%d"])  # fmt: skip


@pytest.mark.parametrize("holidays", [(), (date(2026, 3, 9),)])
def test_the_fast_json_equals_record_dict_for_every_filter(
    database_url: str, holidays: tuple[date, ...]
) -> None:
    with ledger.open_url(database_url, holidays=holidays) as book:
        _varied(book)
        filters: list[dict[str, object]] = [
            {},
            {"owner": "ANA"},
            {"tag": "sso"},
            {"statuses": ["overdue"]},
            {"statuses": ["open", "met"]},
            {"due_from": date(2026, 3, 1), "due_to": date(2026, 3, 7)},
        ]
        for as_of in (AS_OF, date(2026, 2, 8), datetime.now(UTC).date()):
            for chosen in filters:
                slow = [
                    ledger.record_dict(r, as_of, book.holidays)
                    for r in book.iter_commitments(as_of=as_of, **chosen)  # type: ignore[arg-type]
                ]
                fast = list(book.iter_record_json(as_of=as_of, **chosen))  # type: ignore[arg-type]
                assert fast == [json.dumps(d, ensure_ascii=False) for d in slow], (as_of, chosen)
        assert len(list(book.iter_record_json(as_of=AS_OF))) == 8


def test_list_json_pages_and_is_valid_json(
    tmp_path: Path,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "backwards.yaml").write_text("version: 1\nname: test\n")
    monkeypatch.setenv("BACKWARDS_DATABASE_URL", database_url)
    with ledger.open_url(database_url) as book:
        _varied(book)
        everything = [json.loads(x) for x in book.iter_record_json(as_of=AS_OF)]
    base = ["-w", str(tmp_path), "ledger", "list", "--format", "json", "--as-of", "2026-03-10"]
    for extra, expected in (
        ([], everything),
        (["--limit", "2", "--offset", "3"], everything[3:5]),
        (["--offset", "8"], []),
        (["--owner", "nobody"], []),
    ):
        assert run([*base, *extra]) == 0
        out = capsys.readouterr().out
        assert unwrap(out, "ledger.list") == expected
        assert out.count("\n") == (len(expected) + 2 if expected else 1)


def test_streaming_json_keeps_memory_flat(tmp_path: Path) -> None:
    """Python's peak allocation while writing 6,000 records as JSON is no larger than while
    writing the first 1,000, and a small part of the text written: rows stream in batches
    (here of 200), never all at once."""
    script = textwrap.dedent(
        """
        import itertools, sys, tracemalloc
        from datetime import UTC, date, datetime
        from backwards.ledger.model import Commitment, CommitmentRecord, Resolution, Outcome
        from backwards.ledger.storage.bulk_read import Selection
        from backwards.ledger.storage.record_json import iter_record_json
        from backwards.ledger.storage.repository import LedgerRepository
        from backwards.store import open_store
        from backwards.cli.ledger import _write_json_list

        class Sink:
            written = 0
            def write(self, text):
                self.written += len(text)

        at = datetime(2026, 1, 5, 9, tzinfo=UTC)
        records = [
            CommitmentRecord(
                Commitment(id=i, owner=f"pm{i % 7}", statement=f"Ship {i} " + "x" * 200,
                           due=date(2026, 2, 1), made_at=at, tags=("a", "b")),
                (),
                Resolution(i, Outcome.MET, date(2026, 2, 2), at),
            )
            for i in range(1, 6001)
        ]
        store = open_store(sys.argv[1])
        LedgerRepository(store).import_all(records, [], by="t")
        del records
        peaks = []
        for rows in (1000, None):
            sink = Sink()
            with store.read() as conn:
                found = iter_record_json(conn, Selection(date(2026, 3, 1)), batch=200)
                tracemalloc.start()
                _write_json_list(sink, itertools.islice(found, rows), chunk=100)
                peaks.append(tracemalloc.get_traced_memory()[1])
                tracemalloc.stop()
                found.close()
        store.close()
        print(peaks[0], peaks[1], sink.written)
        """
    )
    url = f"sqlite:///{tmp_path / 'l.db'}"
    done = subprocess.run(
        [sys.executable, "-c", script, url], capture_output=True, text=True, check=True
    )
    part, whole, written = (int(x) for x in done.stdout.split())
    assert written > 6000 * 300  # everything was written: over 1.8 MB of JSON
    assert whole < written / 5  # but never held at once
    assert whole < 1.5 * part + 100_000  # 6,000 records take no more than 1,000


def test_the_collector_is_paused_only_while_the_listing_runs(
    tmp_path: Path,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The cyclic GC is off while the rows stream (it costs a tenth of a large listing) and
    back as it was afterwards, on success and when the caller had it off."""
    import gc

    (tmp_path / "backwards.yaml").write_text("version: 1\nname: test\n")
    monkeypatch.setenv("BACKWARDS_DATABASE_URL", database_url)
    with ledger.open_url(database_url) as book:
        _varied(book)
    seen: list[bool] = []
    real = ledger.Book.iter_record_json

    def watched(self: ledger.Book, **kwargs: object) -> object:
        for text in real(self, **kwargs):  # type: ignore[arg-type]
            seen.append(gc.isenabled())
            yield text

    monkeypatch.setattr(ledger.Book, "iter_record_json", watched)
    base = ["-w", str(tmp_path), "ledger", "list", "--format", "json", "--as-of", "2026-03-10"]
    assert gc.isenabled()
    assert run(base) == 0
    assert seen and not any(seen)
    assert gc.isenabled()
    gc.disable()
    try:
        assert run(base) == 0
        assert not gc.isenabled()
    finally:
        gc.enable()
    capsys.readouterr()
