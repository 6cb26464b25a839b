"""Issue 17: "a 50 MB ledger CSV import takes 32 s and 1 GB (about 20x its size in memory)".
The CSV is now read, checked and stored a row at a time in one transaction: Python's peak
allocation while importing 12,000 rows is about what 3,000 take, and below the file's size;
a bad row late in the file still imports nothing and names its line."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

import backwards.ledger as ledger
from backwards.errors import InputError

HEADER = "id,owner,statement,due,made_at,probability,tags,outcome,resolved_on\n"


def write_csv(path: Path, rows: int, *, bad_at: int | None = None) -> int:
    """A CSV ledger of ``rows`` commitments (a bad date at row ``bad_at``); its size."""
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for i in range(1, rows + 1):
            due = f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}"
            done = "met," + due if i % 3 else ","
            made = "2024-12-01T09:00:00Z" if i != bad_at else "not a time"
            out.write(
                f'{i},pm{i % 40},"Ship the {i}th thing, with ""quotes"" and a long tail '
                f'{"x" * 300}",{due},{made},70%,launch;q{i % 4},{done}\n'
            )
    return path.stat().st_size


MEASURE = textwrap.dedent(
    """
    import sys, tracemalloc
    from pathlib import Path
    import backwards.ledger as ledger
    import backwards.ledger.storage.file_reader, backwards.ledger.storage.bulk_import
    with ledger.open_url(sys.argv[1]) as book:
        book.commitments(as_of=__import__("datetime").date(2026, 1, 1), owner="nobody")  # warm
        tracemalloc.start()
        summary = book.import_file(Path(sys.argv[2]), by="importer")
        print(tracemalloc.get_traced_memory()[1], summary.commitments)
    """
)


def _peak(tmp_path: Path, rows: int) -> tuple[int, int, int]:
    csv_file = tmp_path / f"ledger-{rows}.csv"
    size = write_csv(csv_file, rows)
    url = f"sqlite:///{tmp_path / f'{rows}.db'}"
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, url, str(csv_file)],
        capture_output=True,
        text=True,
        check=True,
    )
    peak, imported = (int(x) for x in done.stdout.split())
    return peak, imported, size


def test_a_large_csv_imports_in_flat_memory(tmp_path: Path) -> None:
    small, n_small, _ = _peak(tmp_path, 3_000)
    large, n_large, size = _peak(tmp_path, 12_000)
    assert (n_small, n_large) == (3_000, 12_000)
    assert size > 4_500_000  # 12,000 rows of about 420 bytes
    assert large < size  # was about 20 times the file's size
    assert large < 1.5 * small + 500_000  # four times the rows, about the same peak


def test_a_bad_row_late_in_a_long_csv_imports_nothing(tmp_path: Path) -> None:
    csv_file = tmp_path / "bad.csv"
    write_csv(csv_file, 5_000, bad_at=4_321)
    url = f"sqlite:///{tmp_path / 'l.db'}"
    with ledger.open_url(url) as book:
        with pytest.raises(InputError) as refused:
            book.import_file(csv_file, by="importer")
        assert f"{csv_file}:4322: column 'made_at'" in refused.value.message  # 1: the header
        assert book.commitments(as_of=date(2026, 1, 1)) == []
        write_csv(csv_file, 5_000)
        summary = book.import_file(csv_file, by="importer")
        assert (summary.commitments, summary.resolutions) == (5_000, 3_334)
        again = book.import_file(csv_file, by="importer")  # idempotent
        assert (again.commitments, again.skipped) == (0, 5_000)
