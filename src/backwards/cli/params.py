"""Parameter types every command shares: dates and date-times.

One way to read a date on the command line (issue 8): ``DATE`` takes ``YYYY-MM-DD``;
``DateType(formats, hint=...)`` takes other spellings too (the WBR's ``25-SEP-2021``), always
trying ISO first; ``DATETIME`` takes an ISO date or date-time and reads a missing zone as UTC.
A bad value is a usage error (exit 2) that says what was expected.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

__all__ = ["DATE", "DATETIME", "FILE", "DateTimeType", "DateType"]


class DateType(click.ParamType[dt.date]):
    """A calendar date: ISO ``YYYY-MM-DD``, or one of ``formats`` (strptime; month names in any
    case)."""

    def __init__(
        self,
        formats: Sequence[str] = (),
        *,
        hint: str = "YYYY-MM-DD, e.g. 2026-03-31",
        name: str = "YYYY-MM-DD",
    ) -> None:
        self.formats = tuple(formats)
        self.hint = hint
        self.name = name

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
        for fmt in self.formats:
            try:
                return dt.datetime.strptime(
                    text.title() if "%b" in fmt or "%B" in fmt else text, fmt
                ).date()
            except ValueError:
                continue
        self.fail(f"{value!r} is not a date; use {self.hint}", param, ctx)


class DateTimeType(click.ParamType[dt.datetime]):
    """An ISO date or date-time; without a zone it is UTC."""

    name = "DATETIME"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.datetime:
        if isinstance(value, dt.datetime):
            return value
        text = str(value).strip()
        try:
            parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            self.fail(
                f"{value!r} is not a date or time; use e.g. 2026-03-31 or 2026-03-31T14:00Z",
                param,
                ctx,
            )
        return parsed.replace(tzinfo=dt.UTC) if parsed.tzinfo is None else parsed.astimezone(dt.UTC)


DATE = DateType()
DATETIME = DateTimeType()
#: A file to read or write (not a folder), as a ``Path``.
FILE = click.Path(path_type=Path, dir_okay=False)
