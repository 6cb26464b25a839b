"""Python's cyclic garbage collector, paused while a command does long work.

A WBR build, a ledger listing and a similar-mistakes search allocate hundreds of thousands of
small acyclic objects (deck rows, listing texts, the modules a first ledger call imports). The
collector's passes over them cost a tenth to a fifth of the process, and reference counting
frees them all the same, so these commands run with the collector off and put it back after.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """The collector off while the block runs, and back as it was after (left off when the
    caller had it off)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
