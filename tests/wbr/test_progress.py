"""Progress of long builds (issue 10, point 5): the steps report (reading, computing), the
command line draws them on the bar of ``backwards.cli.progress`` on a terminal (rendering too,
with rows per second when reading), and never on a pipe or with --quiet."""

from __future__ import annotations

import io
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import backwards.cli.wbr as wbr_cli
from backwards.cli import run
from backwards.cli.progress import progress_bar
from backwards.cli.wbr import BarSteps
from backwards.wbr import build, reporting, write
from tests.wbr.conftest import Case
from tests.wbr.test_cli_wbr import good_case

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@dataclass
class Recorder:
    """A reporter that keeps what it is told."""

    steps: list[tuple[str, int | None]] = field(default_factory=list)
    advances: list[tuple[float | None, int | None]] = field(default_factory=list)

    def step(self, name: str, total_rows: int | None = None) -> None:
        self.steps.append((name, total_rows))

    def advance(self, fraction: float | None, rows: int | None = None) -> None:
        self.advances.append((fraction, rows))


def test_a_build_reports_reading_then_computing(case: Case) -> None:
    config, data = good_case(case)
    recorder = Recorder()
    with reporting(recorder):
        build(config, [data])
    names = [name for name, _ in recorder.steps]
    assert names == ["reading daily.csv", "reading daily.csv", "computing"]
    # the CSV read estimates its rows from the first lines (about one a day here)
    rows = recorder.steps[1][1]
    days = len(data.read_text().splitlines()) - 1
    assert rows is not None and 0.8 * days < rows < 1.2 * days
    assert recorder.advances[-1] == (1.0, None)  # computing ends at 100 %
    assert (1.0, rows) in recorder.advances  # and so does reading


def test_no_reporter_no_reports(case: Case) -> None:
    config, data = good_case(case)
    recorder = Recorder()
    with reporting(recorder):
        pass
    build(config, [data])
    assert recorder.steps == []


class Terminal(io.StringIO):
    """A stream that says it is a terminal, so the bar draws into it."""

    def isatty(self) -> bool:
        return True


def _slow(write: Any) -> Any:
    """``write``, after a moment."""

    def slow_write(*args: Any, **kwargs: Any) -> Path:
        time.sleep(0.4)
        return write(*args, **kwargs)  # type: ignore[no-any-return]

    return slow_write


def on_terminal(monkeypatch: pytest.MonkeyPatch) -> Terminal:
    """Make stderr a terminal where the bar draws at once (in the test itself: pytest's own
    capture sets stderr again when the test starts)."""
    screen = Terminal()
    monkeypatch.delenv("BACKWARDS_NO_PROGRESS", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr(wbr_cli, "PROGRESS_DELAY", 0)
    monkeypatch.setattr(sys, "stderr", screen)
    return screen


def test_the_steps_advance_a_bar_with_rows_per_second() -> None:
    screen = Terminal()
    with progress_bar("reading the config", unit="rows", delay=0, stream=screen) as bar:
        steps = BarSteps(bar)
        steps.step("reading big.csv", 1_000_000)
        for k in range(1, 6):
            time.sleep(0.1)
            steps.advance(k / 10, k * 100_000)
        time.sleep(0.3)  # the refresh thread draws ten times a second
    text = ANSI.sub("", screen.getvalue())
    assert "reading big.csv" in text
    assert "500000/1000000" in text
    assert re.search(r"[\d,]+ rows/s", text)


def test_the_command_line_draws_the_bar_on_a_terminal(
    case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A small build is over in milliseconds, faster than the bar redraws: writing the deck is
    made to last a moment (the real writer still writes) so the last step is surely drawn."""
    config, data = good_case(case)
    out = case.folder / "deck.html"
    monkeypatch.setattr(wbr_cli, "write", _slow(write))
    terminal = on_terminal(monkeypatch)
    code = run(["wbr", "build", str(config), "--data", str(data), "-o", str(out)])
    assert code == 0
    text = ANSI.sub("", terminal.getvalue())
    assert "rendering html" in text, text
    assert out.is_file()


def test_never_on_a_pipe_or_with_quiet(
    case: Case, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    terminal = on_terminal(monkeypatch)
    monkeypatch.setattr(wbr_cli, "write", _slow(write))
    config, data = good_case(case)
    out = case.folder / "deck.html"
    args = ["wbr", "build", str(config), "--data", str(data), "-o", str(out)]
    assert run(["--quiet", *args]) == 0
    assert "rendering" not in terminal.getvalue()
    assert out.is_file()
    pipe = io.StringIO()  # not a terminal
    sys.stderr = pipe
    assert run(args) == 0
    assert "rendering" not in pipe.getvalue()
    assert "Wrote" in capsys.readouterr().out
