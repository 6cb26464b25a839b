"""Progress of long builds (issue 10, point 5): the steps report (reading, computing), the
command line draws a bar on a terminal (rendering too, with rows per second when reading), and
never on a pipe or with --quiet."""

from __future__ import annotations

import io
import re
import time
from dataclasses import dataclass, field

import pytest
from rich.console import Console

from backwards.cli.wbr import ProgressBar
from backwards.wbr import build, reporting
from tests.wbr.conftest import Case
from tests.wbr.test_cli_wbr import cli, good_case

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


def test_the_bar_shows_the_step_and_rows_per_second() -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=120, color_system=None)
    with ProgressBar(console, delay=0) as bar:
        bar.step("reading big.csv", 1_000_000)
        time.sleep(0.05)
        bar.advance(0.5, 500_000)
        time.sleep(0.15)  # a refresh
    text = ANSI.sub("", out.getvalue())
    assert "reading big.csv" in text
    assert "50%" in text
    assert re.search(r"[\d,]+ rows/s", text)


def test_a_slow_step_shows_only_after_the_delay() -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=120, color_system=None)
    with ProgressBar(console, delay=5) as bar:
        bar.step("computing")
        bar.advance(0.5)
    assert ANSI.sub("", out.getvalue()).strip() == ""


def test_the_command_line_draws_a_bar_when_told(
    case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    config, data = good_case(case)
    out = case.folder / "deck.html"
    args = ["wbr", "build", str(config), "--data", str(data), "-o", str(out)]
    code, stdout, err = cli(capsys, *args, "--progress", "always")
    assert code == 0, err
    text = ANSI.sub("", err)
    for step in ("reading daily.csv", "computing", "rendering html"):
        assert step in text, text
    assert "Wrote" in stdout


def test_never_on_a_pipe_or_with_quiet(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    config, data = good_case(case)
    out = case.folder / "deck.html"
    args = ["wbr", "build", str(config), "--data", str(data), "-o", str(out)]
    code, stdout, err = cli(capsys, *args)  # captured: not a terminal
    assert code == 0
    assert "reading" not in err and "computing" not in err
    assert "Wrote" in stdout
    code, stdout, err = cli(capsys, *args, "--quiet", "--progress", "always")
    assert code == 0
    assert stdout == "" and "reading" not in err
    assert out.is_file()
