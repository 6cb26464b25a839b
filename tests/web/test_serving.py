"""What keeps the web app fast under load: long lists a page at a time (the ledger page and
the commitments API), the database connections a worker keeps open between requests, and the
cached deck sent as bytes made once (gzipped when the client takes it)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from sqlalchemy import event
from starlette.testclient import TestClient

from backwards import ledger
from backwards.features import open_workspace
from backwards.web.app import create_app
from backwards.web.context import DB_CONNECTIONS
from backwards.web.settings import WebSettings
from tests.web.conftest import Clock, sign_in

MADE = 120  # of ana's: 30 overdue, then 90 due later


def _commitments(workspace: Path, clock: Clock) -> None:
    now = clock()
    today = now.date()
    with ledger.open(open_workspace(workspace)) as book:
        for i in range(1, MADE + 1):
            due = today - timedelta(days=30) if i <= 30 else today + timedelta(days=60 + i)
            book.commit(f"Promise {i}", due=due, by="ana", at=now - timedelta(days=90))


def _rows(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<tr id="commitment-(\d+)">', html)]


def test_the_ledger_page_shows_fifty_rows_a_page_with_links_and_the_group_totals(
    workspace: Path, client: TestClient, clock: Clock
) -> None:
    _commitments(workspace, clock)
    sign_in(client)
    first = client.get("/ledger").text
    assert _rows(first) == list(range(1, 51))  # the overdue first, then the later ones
    assert "Overdue (30)" in first and "Later (90)" in first and "Resolved (0)" in first
    assert "1-50 of 120 commitments (page 1 of 3)" in first
    assert 'href="/ledger?page=2" rel="next"' in first and 'rel="prev"' not in first
    second = client.get("/ledger?page=2").text
    assert _rows(second) == list(range(51, 101))
    assert "Overdue (30)" in second and "On other pages." in second  # none overdue here
    assert 'href="/ledger" rel="prev"' in second and 'href="/ledger?page=3"' in second
    last = client.get("/ledger?owner=ana&page=3").text
    assert _rows(last) == list(range(101, 121)) and 'rel="next"' not in last
    assert 'href="/ledger?owner=ana&amp;page=2" rel="prev"' in last  # the owner kept
    assert _rows(client.get("/ledger?page=99").text) == list(range(101, 121))  # the last one
    assert len(_rows(client.get("/ledger?per_page=500").text)) == MADE
    for bad in ("page=0", "page=two", "per_page=501"):
        response = client.get(f"/ledger?{bad}")
        assert response.status_code == 400 and "is not a whole number" in response.text, bad


def test_the_commitments_api_pages_with_a_total_and_link_headers(
    workspace: Path, client: TestClient, clock: Clock
) -> None:
    _commitments(workspace, clock)
    sign_in(client)
    first = client.get("/api/v1/commitments")
    assert [c["id"] for c in first.json()] == list(range(1, 51))
    assert first.headers["x-total-count"] == str(MADE)
    assert first.headers["link"] == '</api/v1/commitments?page=2>; rel="next"'
    middle = client.get("/api/v1/commitments?page=2&per_page=40")
    assert [c["id"] for c in middle.json()] == list(range(41, 81))
    assert middle.headers["link"] == (
        '</api/v1/commitments?per_page=40>; rel="prev", '
        '</api/v1/commitments?per_page=40&page=3>; rel="next"'
    )
    everything = client.get("/api/v1/commitments?per_page=500")
    assert len(everything.json()) == MADE and "link" not in everything.headers
    last = client.get("/api/v1/commitments?page=99&per_page=40")  # past the end: the last
    assert [c["id"] for c in last.json()] == list(range(81, 121))
    refused = client.get("/api/v1/commitments?page=-1")
    assert refused.status_code == 400 and "page" in refused.json()["error"]


def test_the_commitments_api_reads_one_page_of_the_owners_in_sql(
    workspace: Path, client: TestClient, clock: Clock
) -> None:
    now = clock()
    with ledger.open(open_workspace(workspace)) as book:  # ana's and bo's interleaved
        for i in range(1, 81):
            who = "ana" if i % 2 else "bo"
            book.commit(f"Promise {i}", due=now.date(), by=who, at=now - timedelta(days=9))
    sign_in(client, "bo")
    engine = client.app.state.context.store.engine  # type: ignore[attr-defined]
    said: list[tuple[str, tuple[object, ...]]] = []
    event.listen(engine, "before_cursor_execute", lambda *a: said.append((a[2], tuple(a[3]))))
    second = client.get("/api/v1/commitments?owner=ana&page=2&per_page=15")
    assert [c["id"] for c in second.json()] == list(range(31, 61, 2))  # ana's 16th to 30th
    assert {c["owner"] for c in second.json()} == {"ana"}
    assert second.headers["x-total-count"] == "40"
    reads = [args for q, args in said if "FROM ledger_commitments" in q and "statement" in q]
    assert reads and all(15 in args and 5000 not in args for args in reads)  # the page only
    assert any("count(*)" in q for q, _ in said)  # the total counted in SQL


def test_requests_reuse_the_workers_database_connections(client: TestClient) -> None:
    sign_in(client)
    engine = client.app.state.context.store.engine  # type: ignore[attr-defined]
    opened: list[object] = []
    event.listen(engine, "connect", lambda connection, record: opened.append(connection))
    for _ in range(3 * DB_CONNECTIONS):
        for path in ("/ledger", "/people", "/api/v1/commitments"):
            assert client.get(path).status_code == 200
    assert len(opened) <= DB_CONNECTIONS  # each request makes several reads


def test_the_cached_deck_is_sent_gzipped_to_a_client_that_takes_it(client: TestClient) -> None:
    sign_in(client)
    path = "/decks/2026-11-21/deck.html"
    plain = client.get(path, headers={"Accept-Encoding": "identity"})
    assert plain.status_code == 200 and "content-encoding" not in plain.headers
    assert plain.text.startswith("<!DOCTYPE html>") and plain.headers["vary"] == "Accept-Encoding"
    for accepted in ("gzip", "br, gzip;q=0.8", "*"):
        packed = client.get(path, headers={"Accept-Encoding": accepted})
        assert packed.headers["content-encoding"] == "gzip", accepted
        assert packed.content == plain.content  # the client undoes it: the same page
        assert int(packed.headers["content-length"]) * 2 < len(plain.content)  # sent smaller
        assert packed.headers["content-security-policy"] == plain.headers["content-security-policy"]
    refused = client.get(path, headers={"Accept-Encoding": "gzip;q=0, deflate"})
    assert "content-encoding" not in refused.headers


def test_the_ledger_pages_count_business_days_with_the_workspaces_holidays(
    workspace: Path, clock: Clock
) -> None:
    today = clock().date()
    due = today - timedelta(days=1)
    while due.weekday() >= 5:  # the last weekday before today: overdue today, but a holiday
        due -= timedelta(days=1)
    settings = workspace / "backwards.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text + f'\nledger:\n  holidays: ["{due}"]\n', encoding="utf-8")
    with ledger.open(open_workspace(workspace)) as book:
        made = book.commit("Promise", due=due, by="ana", at=clock() - timedelta(days=9))
        assert made.status(today, book.holidays).value == "open"  # as the CLI counts
        assert made.status(today).value == "overdue"  # were the holiday forgotten
    app = create_app(WebSettings(workspace=workspace), clock=clock)
    with TestClient(app, follow_redirects=False) as client:
        sign_in(client)
        assert [c["status"] for c in client.get("/api/v1/commitments").json()] == ["open"]
        page = client.get("/ledger").text
        assert "Overdue (0)" in page and "Due soon (1)" in page
