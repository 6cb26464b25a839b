from __future__ import annotations

import datetime as dt

import click
import pytest
from click.testing import CliRunner

from backwards.cli.params import DATE, DATETIME, DateType

WBR_DATE = DateType(("%d-%b-%Y", "%d-%B-%Y"), hint="25-SEP-2021 or 2021-09-25", name="DATE")


def run(param: click.ParamType, value: str) -> tuple[int, str]:
    @click.command()
    @click.option("--when", type=param)
    def show(when: object) -> None:
        click.echo(repr(when))

    result = CliRunner().invoke(show, ["--when", value])
    return result.exit_code, result.output


def test_iso_dates_and_date_times() -> None:
    assert DATE.convert(" 2026-03-31 ", None, None) == dt.date(2026, 3, 31)
    assert DATE.convert(dt.datetime(2026, 3, 31, 9), None, None) == dt.date(2026, 3, 31)
    assert DATETIME.convert("2026-03-31T14:00Z", None, None) == dt.datetime(
        2026, 3, 31, 14, tzinfo=dt.UTC
    )
    assert DATETIME.convert("2026-03-31", None, None).tzinfo == dt.UTC


def test_other_spellings_only_when_asked() -> None:
    assert WBR_DATE.convert("25-sep-2021", None, None) == dt.date(2021, 9, 25)
    assert WBR_DATE.convert("25-September-2021", None, None) == dt.date(2021, 9, 25)
    assert WBR_DATE.convert("2021-09-25", None, None) == dt.date(2021, 9, 25)
    code, out = run(DATE, "25-SEP-2021")
    assert code == 2 and "'25-SEP-2021' is not a date; use YYYY-MM-DD, e.g. 2026-03-31" in out


@pytest.mark.parametrize("value", ["2021-02-29", "31/03/2026", "soon", ""])
def test_bad_dates_are_usage_errors_that_say_what_to_type(value: str) -> None:
    code, out = run(WBR_DATE, value)
    assert code == 2
    assert "is not a date; use 25-SEP-2021 or 2021-09-25" in out
    assert "Traceback" not in out


def test_bad_date_time() -> None:
    code, out = run(DATETIME, "tomorrow")
    assert code == 2 and "use e.g. 2026-03-31 or 2026-03-31T14:00Z" in out
