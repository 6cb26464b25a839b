"""Shared fixtures of the WBR tests: the WBR App's golden scenarios, found beside the repo."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from backwards.wbr.deck import Deck
from tests.ci import compat_dir, require_compat

__all__ = ["compat_dir"]  # re-exported for the WBR tests

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def compat() -> Path:
    return require_compat()


def write_daily(
    path: Path,
    start: dt.date,
    end: dt.date,
    columns: dict[str, Callable[[dt.date], object]],
    *,
    rows_per_day: int = 1,
) -> Path:
    """A CSV with a Date column and one column per function of the day (None = empty cell)."""
    lines = ["Date," + ",".join(columns)]
    day = start
    while day <= end:
        for _ in range(rows_per_day):
            cells = ["" if (v := f(day)) is None else str(v) for f in columns.values()]
            lines.append(day.isoformat() + "," + ",".join(cells))
        day += dt.timedelta(days=1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@dataclass
class Case:
    """A config and data in a temporary folder, built into a Deck."""

    folder: Path

    def config(self, text: str) -> Path:
        path = self.folder / "wbr.yaml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def data(self, *args: Any, name: str = "daily.csv", **kwargs: Any) -> Path:
        return write_daily(self.folder / name, *args, **kwargs)

    def deck(self, *data: Path, week_ending: dt.date | None = None) -> Deck:
        from backwards.wbr import build

        files = list(data) or [self.folder / "daily.csv"]
        return build(self.folder / "wbr.yaml", files, week_ending=week_ending)


@pytest.fixture
def case(tmp_path: Path) -> Case:
    return Case(tmp_path)


def block(deck: Deck, title: str) -> Any:
    """The first block titled ``title``."""
    return next(b for b in deck.blocks if getattr(b, "title", None) == title)
