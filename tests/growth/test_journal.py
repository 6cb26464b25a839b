"""Point 2: the journal (add with flags or a prompt, list/show/search/edit, streak, private
unless shared), every change an event; bad input is exit 2 naming the field, nothing written."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from backwards.cli.app import main
from backwards.growth import tables as t
from backwards.growth import weekly_habit
from backwards.store import open_store
from tests.envelope import unwrap
from tests.growth.conftest import Cli

AT = "2027-01-06T10:00Z"


def add(cli: Cli, *args: str, by: str = "ana") -> dict[str, object]:
    code, out, err = cli("journal", "add", "--by", by, "--at", AT, "--format", "json", *args)
    assert code == 0, err
    return unwrap(out)  # type: ignore[no-any-return]


def count(table: sa.Table, url: str) -> int:
    store = open_store(url)
    try:
        with store.read() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())
    finally:
        store.close()


def test_add_with_flags_then_list_show_search(cli: Cli, database_url: str) -> None:
    first = add(
        cli,
        "--kind", "meeting", "--title", "Pricing review", "--link", "https://x/doc",
        "--grade", "communicate=4", "--grade", "push back effectively=3",
        "--answered-first", "--not-gave-number", "--return-on-time", "4",
        "--better", "send the numbers first", "--tag", "pricing", "--on", "2027-01-05",
    )  # fmt: skip
    assert first["grades"] == {"communicate": 4, "push back effectively": 3}
    assert first["answered_first"] is True and first["gave_number"] is False
    assert first["owned_problem"] is None and first["shared"] is False
    add(cli, "--kind", "document", "--title", "Q3 plan", "--grade", "execute=2")
    code, out, _ = cli("journal", "list", "--format", "json")
    assert code == 0
    assert [e["title"] for e in unwrap(out)] == ["Pricing review", "Q3 plan"]
    code, out, _ = cli("journal", "list", "--attribute", "communicate", "--format", "json")
    assert [e["title"] for e in unwrap(out)] == ["Pricing review"]
    code, out, _ = cli("journal", "search", "numbers FIRST", "--format", "json")
    assert [e["id"] for e in unwrap(out)] == [first["id"]]
    code, out, _ = cli("journal", "show", str(first["id"]))
    assert code == 0 and "one point better: send the numbers first" in out
    assert count(t.events, database_url) == 2


def test_entries_are_private_unless_shared(cli: Cli) -> None:
    mine = add(cli, "--kind", "message", "--title", "Launch email", "--grade", "communicate=3")
    code, _, err = cli("journal", "show", str(mine["id"]), "--by", "bo")
    assert code == 2 and "private to ana" in err
    code, out, _ = cli("journal", "list", "--person", "ana", "--by", "bo", "--format", "json")
    assert unwrap(out) == []
    code, out, _ = cli("journal", "edit", str(mine["id"]), "--share", "--by", "ana", "--at", AT)
    assert code == 0
    code, out, _ = cli("journal", "list", "--person", "ana", "--by", "bo", "--format", "json")
    assert [e["title"] for e in unwrap(out)] == ["Launch email"]
    code, _, err = cli("journal", "edit", str(mine["id"]), "--title", "x", "--by", "bo")
    assert code == 2 and "only its author" in err


def test_edit_merges_grades_and_logs_the_old_values(cli: Cli, database_url: str) -> None:
    e = add(cli, "--kind", "decision", "--title", "Cut scope", "--grade", "simplify=3")
    code, out, err = cli(
        "journal", "edit", str(e["id"]), "--grade", "prioritize=4", "--grade", "simplify=4",
        "--by", "ana", "--at", AT, "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    assert unwrap(out)["grades"] == {"simplify": 4, "prioritize": 4}
    store = open_store(database_url)
    try:
        with store.read() as conn:
            rows = conn.execute(sa.select(t.events).order_by(t.events.c.id)).mappings().all()
    finally:
        store.close()
    assert [r["action"] for r in rows] == ["add", "edit"]
    assert rows[1]["data"]["was"]["grades"] == {"simplify": 3}


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--grade", "communicate=6"], "--grade communicate: a grade is 1 to 5, not 6"),
        (["--grade", "comunicate=4"], "Did you mean 'communicate'?"),
        (["--grade", "communicate=4", "--by", "zed"], "author: unknown person 'zed'"),
        (["--grade", "communicate=4", "--return-on-time", "7"], "return-on-time"),
    ],
)
def test_bad_input_is_exit_2_naming_the_field_and_nothing_is_written(
    cli: Cli, database_url: str, args: list[str], field: str
) -> None:
    code, _, err = cli("journal", "add", "--kind", "meeting", "--title", "x", "--at", AT, *args)
    assert code == 2
    assert field in err
    assert "Traceback" not in err
    assert count(t.entries, database_url) == 0 and count(t.events, database_url) == 0


def test_missing_flags_off_a_terminal_is_a_usage_error(cli: Cli) -> None:
    code, _, err = cli("journal", "add", "--kind", "meeting", "--title", "x")
    assert code == 2 and "--grade is required" in err


def test_the_interactive_prompt_fills_what_is_missing(cli: Cli) -> None:
    result = CliRunner().invoke(
        main,
        ["-w", str(cli.ws), "journal", "add", "-i", "--by", "ana", "--at", AT, "--format", "json"],
        input="meeting\nStandup\ncommunicate=4, execute=3\ny\nn\n\ny\n2\nshorter\n",
    )
    assert result.exit_code == 0, result.output
    data = unwrap(result.output[result.output.index("{") :])
    assert data["title"] == "Standup"
    assert data["grades"] == {"communicate": 4, "execute": 3}
    assert (data["answered_first"], data["gave_number"], data["owned_problem"]) == (
        True,
        False,
        None,
    )
    assert data["pushed_back"] is True and data["return_on_time"] == 2
    assert data["better"] == "shorter"


def test_weekly_target_and_streak() -> None:
    days = [date(2027, 1, 4), date(2027, 1, 5), date(2027, 1, 12), date(2027, 1, 13)]
    days += [date(2027, 1, 19)]  # the week of the 18th: 1 so far
    h = weekly_habit(days, target=2, today=date(2027, 1, 20))
    assert h.this_week == 1
    assert h.streak == 2  # this week is still under way: the two weeks before count
    assert [n for _, n in h.weeks] == [2, 2, 1]
    h = weekly_habit([*days, date(2027, 1, 20)], target=2, today=date(2027, 1, 20))
    assert h.streak == 3
    gap = weekly_habit([date(2027, 1, 4), date(2027, 1, 5)], target=2, today=date(2027, 1, 20))
    assert gap.streak == 0


def test_streak_command(cli: Cli) -> None:
    for day in ("2027-01-04", "2027-01-05"):
        add(cli, "--kind", "message", "--title", day, "--grade", "communicate=3", "--on", day)
    code, out, _ = cli("journal", "streak", "--at", "2027-01-08T12:00Z", "--format", "json")
    assert code == 0
    data = unwrap(out)
    assert (data["this_week"], data["streak_weeks"], data["weekly_target"]) == (2, 1, 2)


def test_entries_dates_are_utc_aware(cli: Cli) -> None:
    e = add(cli, "--kind", "meeting", "--title", "1:1", "--grade", "communicate=3")
    assert datetime.fromisoformat(str(e["recorded_at"])) == datetime(2027, 1, 6, 10, tzinfo=UTC)
