"""Issue 15 point 4 (no silent surprises), growth's side: a person is named in any case
(``Ana`` is ``ana``, stored as ``growth.people`` spells it), and a name that is none of
``growth.people`` is an error with "did you mean", never an empty journal and exit 0."""

from __future__ import annotations

from pathlib import Path

import pytest

from backwards.errors import InputError
from backwards.features import open_workspace
from backwards.growth import open as open_growth
from tests.envelope import unwrap
from tests.growth.conftest import Cli

AT = ["--at", "2027-01-06T10:00Z"]
ADD = ["journal", "add", "--kind", "meeting", "--title", "Pricing review",
       "--grade", "communicate=4", *AT]  # fmt: skip


def test_a_person_is_named_in_any_case_and_stored_as_spelled(cli: Cli) -> None:
    code, _, err = cli(*ADD, "--by", "ANA")
    assert code == 0, err
    code, out, _ = cli("journal", "list", "--by", "Ana", "--format", "json")
    assert code == 0
    (entry,) = unwrap(out)
    assert entry["author"] == "ana"  # as growth.people spells it, not as typed
    code, out, _ = cli("journal", "list", "--by", "ana", "--format", "json")
    assert [e["id"] for e in unwrap(out)] == [entry["id"]]
    code, out, _ = cli("journal", "streak", "--by", "aNa", *AT, "--format", "json")
    assert code == 0 and unwrap(out)["this_week"] == 1
    code, out, err = cli("growth", "report", "ANA", "--by", "Ana", *AT)
    assert code == 0, err
    assert out.startswith("Growth report: ana,") and "Journal: 1 entry;" in out
    code, out, _ = cli("journal", "show", str(entry["id"]), "--by", "ANA")
    assert code == 0 and "private" in out  # the author sees their private entry


@pytest.mark.parametrize(
    "args",
    [
        ["journal", "list", "--by", "zed"],
        ["journal", "search", "pricing", "--by", "zed"],
        ["journal", "export", "--by", "zed"],
        ["journal", "streak", "--by", "zed", *AT],
    ],
)
def test_an_unknown_reader_is_an_error_not_an_empty_journal(cli: Cli, args: list[str]) -> None:
    assert cli(*ADD, "--by", "ana")[0] == 0
    code, out, err = cli(*args)
    assert code == 2
    assert "unknown person 'zed'" in err and "people: ana, bo" in err
    assert "No journal entries" not in out


def test_did_you_mean_ignores_case(cli: Cli) -> None:
    code, _, err = cli("growth", "report", "BOB", *AT, "--by", "ana")
    assert code == 2
    assert "PERSON: unknown person 'BOB'" in err and "Did you mean 'bo'?" in err
    code, _, err = cli("journal", "list", "--person", "Anna", "--by", "bo")
    assert code == 2 and "--person: unknown person 'Anna'" in err and "'ana'" in err


def test_an_empty_name_is_an_error(workspace: Path) -> None:
    with open_growth(open_workspace(workspace)) as book:
        with pytest.raises(InputError, match="--by: no name given"):
            book.entries(viewer=" ")
        assert book.name("BO") == "bo" and book.known("zed") is None
