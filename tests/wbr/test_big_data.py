"""A cheap guard that the data path streams through DuckDB and never holds rows in Python.

Issue 3, point 8: a file of several GB is streamed through DuckDB (``python -m bench
wbr_bigfile`` runs the real ~3 GB case). Here a ~50 MB CSV (about 550 000 rows of 12 numbers):

- with a bad cell on its last line, the build reports that exact line (so the check ran over
  the whole file, in DuckDB) and exits 2, writing nothing;
- a good build's peak memory grows, over a tiny file of the same shape, by less than holding
  the rows in Python would cost at the very least: one float object and one list slot per
  value, 32 bytes x rows x values (about 230 MB here; the measured growth is about 70 MB,
  DuckDB's buffers). A path that loads the rows into Python lists fails this bound.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bench.wbr_bigfile import COLUMNS, config_text, write_big_csv

SIZE = 50 * 1024 * 1024
CHILD = """\
import resource, sys
from backwards.cli import run
code = run(sys.argv[1:])
print(f"peak_kb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", file=sys.stderr)
sys.exit(code)
"""


def _build(config: Path, data: Path, out: Path) -> tuple[int, str, float]:
    """(exit code, stderr, peak RSS in MB) of a ``backwards wbr build`` child process."""
    args = ["wbr", "build", str(config), "--data", str(data), "-o", str(out)]
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, *args], capture_output=True, text=True, check=False
    )
    peak = [line for line in proc.stderr.splitlines() if line.startswith("peak_kb=")]
    assert peak, proc.stderr
    return proc.returncode, proc.stderr, int(peak[-1].split("=")[1]) / 1024


def test_a_bad_cell_on_the_last_line_of_50_mb_is_located(tmp_path: Path) -> None:
    config = tmp_path / "wbr.yaml"
    config.write_text(config_text(), encoding="utf-8")
    data = tmp_path / "big.csv"
    rows, bad_line = write_big_csv(data, SIZE, bad_cell_at_end=True)
    assert rows > 500_000 and data.stat().st_size > 45 * 1024 * 1024
    out = tmp_path / "out" / "deck.html"
    code, err, _ = _build(config, data, out)
    assert code == 2, err
    assert f"big.csv:{bad_line}: error WBR011 (non-numeric) column 'm0' holds 'oops'" in err
    assert "Traceback" not in err
    assert not out.parent.exists()


def test_memory_does_not_grow_with_the_rows(tmp_path: Path) -> None:
    config = tmp_path / "wbr.yaml"
    config.write_text(config_text(), encoding="utf-8")
    tiny, big = tmp_path / "tiny.csv", tmp_path / "big.csv"
    write_big_csv(tiny, 300_000)  # one row a day
    rows, _ = write_big_csv(big, SIZE)
    code, err, tiny_mb = _build(config, tiny, tmp_path / "tiny.html")
    assert code == 0, err
    code, err, big_mb = _build(config, big, tmp_path / "big.html")
    assert code == 0, err
    assert (tmp_path / "big.html").is_file()
    python_rows_mb = rows * (COLUMNS + 1) * 32 / 1024 / 1024
    assert python_rows_mb > 200
    assert big_mb - tiny_mb < python_rows_mb, (tiny_mb, big_mb, python_rows_mb)


def test_the_big_file_benchmark_runs_only_when_named(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import bench.__main__ as runner

    ran: list[str] = []
    fake = {name: f"tests.wbr.{name}" for name in runner.BENCHMARKS}
    monkeypatch.setattr(runner, "BENCHMARKS", fake)
    monkeypatch.setattr(runner.importlib, "import_module", lambda path: _Recorder(path, ran))
    assert runner.main([]) == 0
    assert "wbr_bigfile" in runner.SLOW and "tests.wbr.wbr_bigfile" not in ran
    assert "tests.wbr.wbr_engine" in ran
    ran.clear()
    assert runner.main(["wbr_bigfile"]) == 0
    assert ran == ["tests.wbr.wbr_bigfile"]
    capsys.readouterr()


class _Recorder:
    def __init__(self, path: str, ran: list[str]) -> None:
        self.path, self.ran = path, ran

    def main(self) -> None:
        self.ran.append(self.path)
