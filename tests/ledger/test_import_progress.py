"""``ledger import`` shows a progress bar on a terminal (issue 15, point 4): the library tells a
plain ``progress(n)`` callback as each part is stored (a thousand records at a time from a CSV
file), the command draws ``backwards.cli.progress``'s bar on stderr, never on a pipe or with
``--quiet``."""

from __future__ import annotations

import io
import re
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

import backwards.cli.ledger as ledger_cli
from backwards import ledger
from backwards.cli import run
from backwards.ledger.model import Commitment, CommitmentRecord, Mistake
from backwards.ledger.storage.repository import LedgerRepository

AT = datetime(2025, 1, 6, 9, tzinfo=UTC)
ANSI = re.compile(r"\x1b\[[0-9;?]*[a-zA-Z]")


def _files(folder: Path, commitments: int) -> tuple[Path, Path]:
    """A CSV and a JSON ledger file of ``commitments`` commitments (and, in JSON, 3 mistakes)."""
    records = [
        CommitmentRecord(
            Commitment(
                id=i,
                owner=f"pm{i % 7}",
                statement=f"Ship {i}",
                due=date(2025, 3, 1) + timedelta(days=i % 60),
                made_at=AT + timedelta(seconds=i),
            )
        )
        for i in range(1, commitments + 1)
    ]
    mistakes = [
        Mistake(id=i, owner="pm1", title=f"M{i}", occurred_on=date(2025, 2, i), recorded_at=AT)
        for i in range(1, 4)
    ]
    with ledger.open_url(f"sqlite:///{folder / 'source.db'}") as book:
        LedgerRepository(book.store).import_all(records, mistakes, by="t")
        csv, doc = folder / "ledger.csv", folder / "ledger.json"
        csv.write_text(book.export("csv", as_of=date(2025, 6, 1), lossy=True).text)
        doc.write_text(book.export("json", as_of=date(2025, 6, 1)).text)
    return csv, doc


def test_the_library_reports_each_part_stored(tmp_path: Path, database_url: str) -> None:
    csv, doc = _files(tmp_path, 2_500)
    with ledger.open_url(database_url) as book:
        told: list[int] = []
        summary = book.import_file(csv, by="ana", progress=told.append)
        assert told == [1_000, 1_000, 500]
        assert summary.commitments == 2_500
        told.clear()
        summary = book.import_file(doc, by="ana", progress=told.append)
        assert told == [2_500, 3]  # the commitments (all known now: skipped), the mistakes
        assert summary.mistakes == 3
        assert book.import_file(csv, by="ana").skipped == 2_500  # no callback: no bar


class Terminal(io.StringIO):
    """A stream that says it is a terminal, so the bar draws into it."""

    def isatty(self) -> bool:
        return True


def test_the_command_draws_the_bar_on_a_terminal_only(
    tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    csv, _ = _files(tmp_path, 3_000)
    (tmp_path / "backwards.yaml").write_text("version: 1\nname: test\n")
    monkeypatch.setenv("BACKWARDS_DATABASE_URL", database_url)
    monkeypatch.delenv("BACKWARDS_NO_PROGRESS", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr(ledger_cli, "PROGRESS_DELAY", 0)
    base = ["-w", str(tmp_path), "ledger", "import", str(csv), "--by", "ana"]
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    assert run(["--quiet", *base]) == 0
    assert "Importing" not in screen.getvalue()
    assert run(base) == 0  # all skipped the second time: still read, still shown
    text = ANSI.sub("", screen.getvalue())
    assert "Importing" in text, text
    pipe = io.StringIO()  # not a terminal
    monkeypatch.setattr(sys, "stderr", pipe)
    assert run(base) == 0
    assert "Importing" not in pipe.getvalue()
