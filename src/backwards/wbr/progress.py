"""Progress of long work (issue 10, point 5): which step a build is in and how far it got.

The steps report to the reporter set by ``reporting`` (none by default: then reporting costs
nothing and no thread is started). A reporter has two methods: ``step(name, total_rows)`` when a
step starts (``total_rows`` an estimate, or None) and ``advance(fraction, rows)`` while it runs
(``fraction`` in 0..1, ``rows`` done so far, or None). ``watching`` polls a DuckDB connection's
progress while one long statement runs (reading a big CSV file, the engine's query).

The command line draws a progress bar from these on a terminal (``backwards wbr build``);
notebooks and the web app set no reporter.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Protocol

__all__ = ["ProgressReporter", "alongside", "reporting", "step", "watching"]

#: How often ``watching`` asks DuckDB how far its statement got (seconds).
POLL_SECONDS = 0.1


class ProgressReporter(Protocol):
    """Told when a step starts and how far it got."""

    def step(self, name: str, total_rows: int | None = None) -> None: ...

    def advance(self, fraction: float | None, rows: int | None = None) -> None: ...


_reporter: ContextVar[ProgressReporter | None] = ContextVar("wbr_progress", default=None)


@contextmanager
def reporting(reporter: ProgressReporter | None) -> Iterator[None]:
    """Report the progress of the WBR work done inside the block to ``reporter``."""
    token = _reporter.set(reporter)
    try:
        yield
    finally:
        _reporter.reset(token)


def step(name: str, total_rows: int | None = None) -> None:
    """Tell the reporter (if any) that the step ``name`` starts."""
    reporter = _reporter.get()
    if reporter is not None:
        reporter.step(name, total_rows)


@contextmanager
def watching(con: Any, name: str, total_rows: int | None = None) -> Iterator[None]:
    """Report step ``name``, then while the block runs one DuckDB statement on ``con``, how far
    it got (DuckDB's own estimate), from a background thread; nothing without a reporter."""
    reporter = _reporter.get()
    if reporter is None:
        yield
        return
    reporter.step(name, total_rows)
    if con is None or not hasattr(con, "query_progress"):
        yield
        return
    # DuckDB tracks a statement's progress only with its progress bar on (not printed).
    con.execute("SET enable_progress_bar_print = false")
    con.execute("SET enable_progress_bar = true")
    done = threading.Event()

    def poll() -> None:
        while not done.wait(POLL_SECONDS):
            try:
                percent = float(con.query_progress())
            except Exception:  # a finished or failed statement: stop asking
                return
            if percent < 0:  # no statement running (yet)
                continue
            fraction = min(percent / 100.0, 1.0)
            rows = int(fraction * total_rows) if total_rows else None
            reporter.advance(fraction, rows)

    try:
        with alongside(poll, "wbr-progress", done):
            yield
    finally:
        con.execute("SET enable_progress_bar = false")
    reporter.advance(1.0, total_rows)


@contextmanager
def alongside(
    target: Callable[[], None], name: str, stop: threading.Event | None = None
) -> Iterator[None]:
    """Run ``target`` in a (daemon) thread named ``name`` while the block runs; when the block
    ends, set ``stop`` (if given: ``target`` watches it) and wait for the thread to end."""
    thread = threading.Thread(target=target, name=name, daemon=True)
    thread.start()
    try:
        yield
    finally:
        if stop is not None:
            stop.set()
        thread.join()
