"""Progress bars on long work: shown on a terminal after a second, never on a pipe or ``--quiet``.

The library reports progress through plain callbacks (``progress(n)``: n more items done); the
CLI turns them into one Rich bar on stderr::

    with progress_bar("Reviewing", total=len(files), quiet=state.quiet) as bar:
        run = front.review_many(files, progress=bar.advance)
        bar.stage("Rendering")                  # a new step: its label, an unknown total
        text = run.render(fmt)

Nothing is drawn for work that ends within ``delay`` seconds (one by default), so short
commands print exactly what they always printed. The bar is transient: it disappears when the
work is done, and stdout is never touched.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

__all__ = ["Bar", "progress_bar", "shows_progress"]


def shows_progress(stream: IO[str] | None = None, *, quiet: bool = False) -> bool:
    """Whether a bar may be drawn on ``stream`` (stderr): a terminal, not ``--quiet``, not a dumb
    terminal, and ``BACKWARDS_NO_PROGRESS`` unset."""
    if quiet or os.environ.get("BACKWARDS_NO_PROGRESS", "") not in ("", "0"):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    stream = stream if stream is not None else sys.stderr
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Bar:
    """The handle a command advances; a no-op when no bar is shown."""

    def __init__(self, progress: Progress | None = None, task: TaskID | None = None) -> None:
        self._progress = progress
        self._task = task

    @property
    def shown(self) -> bool:
        """Whether this bar draws anything (a terminal, not quiet)."""
        return self._progress is not None

    def advance(self, n: int = 1) -> None:
        """``n`` more items done."""
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, n)

    def stage(self, label: str, total: int | None = None) -> None:
        """Start the next step of the work: a new label and total, counted from zero."""
        if self._progress is not None and self._task is not None:
            self._progress.reset(self._task, total=total, description=label)


@contextmanager
def progress_bar(
    label: str,
    total: int | None = None,
    *,
    quiet: bool = False,
    unit: str = "",
    delay: float = 1.0,
    stream: IO[str] | None = None,
) -> Iterator[Bar]:
    """A transient bar on ``stream`` (stderr) labelled ``label``, drawn once the work has taken
    ``delay`` seconds; ``unit`` ("rows", "files") adds a rate such as "120,000 rows/s"."""
    stream = stream if stream is not None else sys.stderr
    if not shows_progress(stream, quiet=quiet):
        yield Bar()
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        SpinnerColumn,
        Task,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """Items per second, e.g. "120,000 rows/s" (blank until there is a rate)."""

        def render(self, task: Task) -> Text:
            return Text(f"{task.speed:,.0f} {unit}/s" if task.speed else "")

    columns: list[ProgressColumn] = [
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
    ]
    if unit:
        columns.append(RateColumn())
    columns.append(TimeElapsedColumn())
    console = Console(file=stream, force_terminal=True)
    progress = Progress(*columns, console=console, transient=True, auto_refresh=True)
    task = progress.add_task(label, total=total)
    timer = threading.Timer(delay, progress.start)
    timer.daemon = True
    timer.start()
    try:
        yield Bar(progress, task)
    finally:
        timer.cancel()
        timer.join()
        progress.stop()
