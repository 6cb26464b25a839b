"""Point 3: assessments (self, manager, peer) with evidence; the expectations in force are
frozen into each; the self-vs-manager gap and its trend."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from backwards.growth import tables as t
from backwards.store import open_store
from tests.envelope import unwrap
from tests.growth.conftest import Cli

AT = "2027-03-01T10:00Z"


def assess(cli: Cli, *args: str) -> dict[str, object]:
    code, out, err = cli("growth", "assess", *args, "--at", AT, "--format", "json")
    assert code == 0, err
    return unwrap(out)  # type: ignore[no-any-return]


def test_an_assessment_freezes_the_expectations_in_force(cli: Cli, workspace: Path) -> None:
    first = assess(
        cli, "ana", "--rater", "manager", "--by", "bo", "--rating", "communicate=2",
        "--evidence", "communicate=buried the ask in the Q3 review", "--link",
        "communicate=https://wiki/q3", "--on", "2027-01-15",
    )  # fmt: skip
    assert first["expected"]["communicate"] == 3  # a PM on the default ladder
    rating = first["ratings"]["communicate"]  # type: ignore[index]
    assert rating == {
        "rating": 2,
        "evidence": "buried the ask in the Q3 review",
        "links": ["https://wiki/q3"],
    }
    # the team raises the bar: a ladder whose PM level expects 5 everywhere
    from backwards.growth import default_ladder

    pm = default_ladder().level("pm")
    expected = ", ".join(f"{k}: 5" for k in pm.expected)
    (workspace / "backwards.yaml").write_text(
        "version: 1\ngrowth:\n  people:\n    ana: {level: pm}\n    bo: {level: pm}\n"
        f"  ladder:\n    levels:\n      - {{id: pm, name: PM, expected: {{{expected}}}}}\n"
    )
    second = assess(cli, "ana", "--rater", "manager", "--by", "bo", "--rating", "communicate=3")
    assert second["expected"]["communicate"] == 5
    code, out, _ = cli("growth", "assessments", "ana", "--format", "json")
    assert code == 0
    old, new = unwrap(out)["assessments"]
    assert old["expected"]["communicate"] == 3 and new["expected"]["communicate"] == 5


def test_self_versus_manager_gap_and_trend(cli: Cli) -> None:
    r = ["--rating", "communicate=4", "--rating", "execute=4"]
    assess(cli, "ana", "--rater", "self", "--by", "ana", *r, "--on", "2027-01-10")
    m = ["--rating", "communicate=2", "--rating", "execute=3"]
    assess(cli, "ana", "--rater", "manager", "--by", "bo", *m, "--on", "2027-01-15")
    r = ["--rating", "communicate=3", "--rating", "execute=4"]
    assess(cli, "ana", "--rater", "self", "--by", "ana", *r, "--on", "2027-04-10")
    m = ["--rating", "communicate=3", "--rating", "execute=4"]
    assess(cli, "ana", "--rater", "manager", "--by", "bo", *m, "--on", "2027-04-15")
    assess(cli, "ana", "--rater", "peer", "--by", "bo", "--rating", "execute=2")
    code, out, _ = cli("growth", "assessments", "ana", "--format", "json")
    gaps = unwrap(out)["self_vs_manager"]
    assert [g["manager_assessed_on"] for g in gaps] == ["2027-01-15", "2027-04-15"]
    assert gaps[0]["self_minus_manager"] == {"communicate": 2, "execute": 1}
    assert gaps[0]["mean"] == 1.5 and gaps[1]["mean"] == 0  # the bias shrank
    code, out, _ = cli("growth", "assessments", "ana")
    assert code == 0
    assert "self minus manager on 2027-01-15: mean +1.50" in out


def test_bad_assessments_are_exit_2_and_write_nothing(cli: Cli, database_url: str) -> None:
    for args, text in (
        (["ana", "--rater", "self", "--by", "bo", "--rating", "execute=3"], "cannot self-assess"),
        (["ana", "--rater", "manager", "--by", "bo", "--rating", "execute=6"], "1 to 5, not 6"),
        (["ana", "--rater", "peer", "--by", "bo", "--rating", "exicute=3"], "'execute'"),
        (["zed", "--rater", "peer", "--by", "bo", "--rating", "execute=3"], "PERSON: unknown"),
    ):
        code, _, err = cli("growth", "assess", *args, "--at", AT)
        assert code == 2, args
        assert text in err, err
    store = open_store(database_url)
    try:
        with store.read() as conn:
            n = conn.execute(sa.select(sa.func.count()).select_from(t.assessments)).scalar_one()
    finally:
        store.close()
    assert n == 0


def test_assessments_are_seen_by_the_person_their_managers_and_the_assessor(
    cli: Cli, workspace: Path
) -> None:
    from datetime import UTC, datetime

    from backwards import people
    from backwards.features import open_workspace

    (workspace / "backwards.yaml").write_text(
        "version: 1\ngrowth:\n  people:\n    ana: {level: pm, manager: bo}\n"
        "    bo: {level: senior}\n    cy: {level: pm}\n    dee: {level: pm}\n"
        "    lee: {level: senior}\n"
    )
    assess(cli, "ana", "--rater", "self", "--by", "ana", "--rating", "communicate=4")
    assess(cli, "ana", "--rater", "manager", "--by", "bo", "--rating", "communicate=2")
    assess(cli, "ana", "--rater", "peer", "--by", "cy", "--rating", "communicate=3")

    def seen(viewer: str) -> list[str]:
        code, out, err = cli("growth", "assessments", "ana", "--by", viewer, "--format", "json")
        assert code == 0, err
        return [a["rater"] for a in unwrap(out)["assessments"]]

    assert seen("ana") == seen("bo") == ["ana", "bo", "cy"]  # the person; the manager
    assert seen("cy") == ["cy"]  # a peer sees the rating they gave
    assert seen("dee") == []  # anyone else: none
    assert seen("lee") == []
    # the leader of ana's team in the people directory (`backwards user`) manages her too
    at = datetime(2027, 3, 1, tzinfo=UTC)
    with people.open(open_workspace(workspace)) as directory:
        directory.add("lee", "leader", team="web", by="admin", at=at)
        directory.add("ana", team="web", by="admin", at=at)
    assert seen("lee") == ["ana", "bo", "cy"]
    code, out, _ = cli("growth", "report", "ana", "--by", "cy", "--at", AT, "--format", "json")
    assert code == 0
    communicate = unwrap(out)["attributes"][1]
    assert communicate["manager"] is None and communicate["self"] is None
    code, out, _ = cli("growth", "report", "ana", "--by", "lee", "--at", AT, "--format", "json")
    assert unwrap(out)["attributes"][1]["manager"] == 2
