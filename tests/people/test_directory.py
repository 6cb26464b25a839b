"""backwards.people on SQLite and a real PostgreSQL: people, teams and leaders, passwords,
API tokens, disabling, and one audit event per change."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from backwards import people
from backwards.errors import InputError, StateError
from backwards.people import Directory, Role

AT = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
SECRET = "correct horse battery"


@pytest.fixture
def directory(database_url: str) -> Iterator[Directory]:
    with people.open_url(database_url) as opened:
        yield opened


def test_a_person_has_a_team_and_the_team_a_leader(directory: Directory) -> None:
    directory.add("lee", "leader", team="Checkout", by="admin", at=AT)
    directory.add("ana", Role.MEMBER, team="Checkout", password=SECRET, by="admin", at=AT)
    directory.add("bo", "member", team="Search", by="admin", at=AT)
    ana = directory.person("ana")
    assert (ana.role, ana.team, ana.active, ana.has_password) == (
        Role.MEMBER,
        "Checkout",
        True,
        True,
    )
    assert directory.team_of("ana") == "Checkout"
    leader = directory.leader_of("ana")
    assert leader is not None and leader.name == "lee"
    assert directory.leader_of("bo") is None  # Search has no leader yet
    assert [p.name for p in directory.members("Checkout")] == ["ana", "lee"]
    assert [(t.name, t.leader) for t in directory.teams()] == [
        ("Checkout", "lee"),
        ("Search", None),
    ]
    assert directory.find("nobody") is None and directory.team_of("nobody") is None
    with pytest.raises(InputError, match="no user named 'nobody'"):
        directory.person("nobody")


def test_a_second_leader_does_not_replace_the_first_until_asked(directory: Directory) -> None:
    directory.add("lee", "leader", team="Checkout", by="admin", at=AT)
    directory.add("kim", "leader", team="Checkout", by="admin", at=AT)
    assert directory.team("Checkout") is not None
    assert directory.team("Checkout").leader == "lee"  # type: ignore[union-attr]
    directory.set_leader("Checkout", "kim", by="admin", at=AT)
    assert directory.leader_of("lee").name == "kim"  # type: ignore[union-attr]
    directory.add("bo", "member", team="Search", by="admin", at=AT)
    with pytest.raises(StateError, match="not in team"):
        directory.set_leader("Checkout", "bo", by="admin", at=AT)
    directory.set_team("kim", "Search", by="admin", at=AT)  # leaving the team leaves its lead
    assert directory.team("Checkout").leader is None  # type: ignore[union-attr]
    assert directory.team("Search").leader == "kim"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "role", "team", "password", "message"),
    [
        ("a b", "member", None, None, "not a valid user name"),
        ("", "member", None, None, "not a valid user name"),
        ("x" * 65, "member", None, None, "not a valid user name"),
        ("ana", "boss", None, None, "unknown role 'boss'"),
        ("ana", "member", "", None, "not a valid team name"),
        ("ana", "member", "a\x00b", None, "not a valid team name"),
        ("ana", "member", None, "short", "too short"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    directory: Directory,
    name: str,
    role: str,
    team: str | None,
    password: str | None,
    message: str,
) -> None:
    with pytest.raises(InputError, match=message):
        directory.add(name, role, team=team, password=password, by="admin", at=AT)
    assert directory.people(include_disabled=True) == []
    assert directory.teams() == [] and directory.events() == []


def test_a_taken_name_is_refused(directory: Directory) -> None:
    directory.add("ana", by="admin", at=AT)
    with pytest.raises(InputError, match="already exists"):
        directory.add("ana", "admin", team="Ops", by="admin", at=AT)
    assert directory.person("ana").role is Role.MEMBER
    assert directory.teams() == []  # the team of the refused add was not created


def test_passwords_are_argon2_and_only_the_right_one_signs_in(directory: Directory) -> None:
    directory.add("ana", password=SECRET, by="admin", at=AT)
    directory.add("bo", by="admin", at=AT)  # no password: cannot sign in
    signed = directory.authenticate("ana", SECRET)
    assert signed is not None and signed.name == "ana"
    assert directory.authenticate("ana", SECRET + "x") is None
    assert directory.authenticate("nobody", SECRET) is None
    assert directory.authenticate("bo", "") is None
    with directory.store.read() as conn:
        stored = conn.exec_driver_sql("SELECT password_hash FROM people").scalars().all()
    assert [h for h in stored if h] and all(h.startswith("$argon2id$") for h in stored if h)
    assert all(SECRET not in (h or "") for h in stored)
    directory.set_password("ana", "a new long passphrase", by="ana", at=AT)
    assert directory.authenticate("ana", SECRET) is None
    assert directory.authenticate("ana", "a new long passphrase") is not None


def test_tokens_are_shown_once_stored_as_digests_and_end(directory: Directory) -> None:
    directory.add("ana", by="admin", at=AT)
    record, secret = directory.create_token(
        "ana", label="export", expires_at=AT + timedelta(days=1), by="admin", at=AT
    )
    assert secret.startswith("bwt_" + record.id + "_")
    with directory.store.read() as conn:
        dump = repr(conn.exec_driver_sql("SELECT * FROM people_tokens").all())
    assert secret not in dump and secret.split("_")[-1] not in dump
    assert directory.check_token(secret, at=AT + timedelta(hours=1)).name == "ana"  # type: ignore[union-attr]
    assert directory.tokens("ana")[0].last_used_at == AT + timedelta(hours=1)
    assert directory.check_token(secret, at=AT + timedelta(days=2)) is None  # expired
    assert directory.check_token(secret[:-1] + "x", at=AT) is None  # wrong secret
    assert directory.check_token("bwt_nothing", at=AT) is None
    directory.revoke_token(record.id, by="admin", at=AT)
    assert directory.check_token(secret, at=AT) is None
    with pytest.raises(InputError, match="no API token"):
        directory.revoke_token("000000000000", by="admin", at=AT)


def test_disabling_stops_sign_in_and_revokes_tokens(directory: Directory) -> None:
    directory.add("ana", password=SECRET, by="admin", at=AT)
    _, secret = directory.create_token("ana", by="admin", at=AT)
    directory.disable("ana", by="admin", at=AT)
    assert directory.authenticate("ana", SECRET) is None
    assert directory.check_token(secret, at=AT) is None
    assert directory.people() == [] and len(directory.people(include_disabled=True)) == 1
    with pytest.raises(StateError, match="disabled"):
        directory.create_token("ana", by="admin", at=AT)
    directory.enable("ana", by="admin", at=AT)
    assert directory.authenticate("ana", SECRET) is not None
    assert directory.check_token(secret, at=AT) is None  # old tokens stay revoked


def test_every_change_is_an_event_with_who_and_when(directory: Directory) -> None:
    directory.add("lee", "leader", team="Checkout", by="root", at=AT)
    later = AT + timedelta(minutes=5)
    directory.set_role("lee", "admin", by="root", at=later)
    directory.set_password("lee", SECRET, by="lee", at=later)
    actions = [(e.action, e.subject, e.who) for e in reversed(directory.events())]
    assert actions == [
        ("team.add", "Checkout", "root"),
        ("user.add", "lee", "root"),
        ("team.leader", "Checkout", "root"),
        ("user.role", "lee", "root"),
        ("user.password", "lee", "lee"),
    ]
    assert directory.events()[0].at == later
    assert all(SECRET not in repr(e.detail) for e in directory.events())
