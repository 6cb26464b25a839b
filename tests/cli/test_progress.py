"""Progress bars: drawn on a terminal after the delay, never on a pipe, with --quiet or for
work that ends first; stdout is never touched."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from backwards.cli.app import main
from backwards.cli.progress import progress_bar, shows_progress


class Terminal(io.StringIO):
    """A stream that says it is a terminal, so the bar draws into it."""

    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def _no_env_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BACKWARDS_NO_PROGRESS", raising=False)
    monkeypatch.setenv("TERM", "xterm")


def test_a_bar_on_a_terminal_shows_its_label_count_and_rate() -> None:
    screen = Terminal()
    with progress_bar("Reading", total=5, unit="rows", delay=0, stream=screen) as bar:
        assert bar.shown
        for _ in range(3):
            bar.advance()
            time.sleep(0.05)
        time.sleep(0.3)  # the refresh thread draws ten times a second
        drawn = screen.getvalue()
    assert "Reading" in drawn
    assert "3/5" in drawn
    assert "rows/s" in drawn


def test_a_stage_relabels_and_restarts_the_count() -> None:
    screen = Terminal()
    with progress_bar("Reading", total=2, delay=0, stream=screen) as bar:
        bar.advance(2)
        bar.stage("Rendering", total=4)
        bar.advance()
        time.sleep(0.3)
    drawn = screen.getvalue()
    assert "Rendering" in drawn
    assert "1/4" in drawn


def test_work_that_ends_within_the_delay_draws_nothing() -> None:
    screen = Terminal()
    with progress_bar("Reading", total=5, delay=5, stream=screen) as bar:
        bar.advance(5)
    assert screen.getvalue() == ""


@pytest.mark.parametrize(
    ("stream", "quiet", "env", "shown"),
    [
        (Terminal(), False, {}, True),
        (io.StringIO(), False, {}, False),  # a pipe or a file
        (Terminal(), True, {}, False),  # --quiet
        (Terminal(), False, {"BACKWARDS_NO_PROGRESS": "1"}, False),
        (Terminal(), False, {"TERM": "dumb"}, False),
    ],
)
def test_when_a_bar_may_be_shown(
    stream: io.StringIO,
    quiet: bool,
    env: dict[str, str],
    shown: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert shows_progress(stream, quiet=quiet) is shown
    with progress_bar("Reading", total=1, delay=0, stream=stream, quiet=quiet) as bar:
        bar.advance()
        time.sleep(0.15)
    assert bar.shown is shown
    assert bool(stream.getvalue()) is shown


def test_quiet_is_a_global_option_and_a_pipe_gets_only_the_review(tmp_path: Path) -> None:
    doc = tmp_path / "prfaq.md"
    doc.write_text("# Press release\n\nToday, cafe owners lose an hour a day.\n", encoding="utf-8")
    runner = CliRunner()
    loud = runner.invoke(main, ["prfaq", "review", str(doc), "--format", "json", "--exit-zero"])
    quiet = runner.invoke(
        main, ["--quiet", "prfaq", "review", str(doc), "--format", "json", "--exit-zero"]
    )
    assert loud.exit_code == quiet.exit_code == 0, loud.output + quiet.output
    assert loud.stdout == quiet.stdout
    assert "Reviewing" not in loud.stderr
