"""``backwards user`` and ``backwards token`` in a real workspace (SQLite): exit codes, messages,
passwords from standard input, tokens printed once."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from backwards import people
from backwards.cli import run
from backwards.cli.app import main
from backwards.features import init_workspace, open_workspace
from tests.envelope import unwrap

SECRET = "correct horse battery"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    init_workspace(tmp_path)
    return tmp_path


def invoke(workspace: Path, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    runner = CliRunner()
    result = runner.invoke(
        main, ["--workspace", str(workspace), *args], input=stdin, standalone_mode=False
    )
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_user_add_with_password_stdin_then_list(workspace: Path) -> None:
    code, out, _ = invoke(
        workspace,
        "user",
        "add",
        "ana",
        "--role",
        "leader",
        "--team",
        "Checkout",
        "--password-stdin",
        "--by",
        "root",
        stdin=SECRET + "\n",
    )
    assert code == 0 and "Added ana (leader, team Checkout)." in out
    assert SECRET not in out
    code, out, _ = invoke(workspace, "user", "add", "bo", "--team", "Checkout", stdin="")
    assert code == 0 and "No password yet: backwards user passwd bo" in out
    code, out, _ = invoke(workspace, "user", "list", "--format", "json")
    data = unwrap(out)
    assert [(u["name"], u["role"], u["has_password"]) for u in data["users"]] == [
        ("ana", "leader", True),
        ("bo", "member", False),
    ]
    assert data["teams"] == [{"name": "Checkout", "leader": "ana"}]
    with people.open(open_workspace(workspace)) as directory:
        assert directory.authenticate("ana", SECRET) is not None


def test_passwd_and_disable(workspace: Path) -> None:
    invoke(workspace, "user", "add", "ana", stdin="")
    code, out, _ = invoke(workspace, "user", "passwd", "ana", "--password-stdin", stdin=SECRET)
    assert code == 0 and "Password of ana changed." in out
    code, out, _ = invoke(workspace, "user", "disable", "ana")
    assert code == 0
    code, out, _ = invoke(workspace, "user", "list")
    assert "ana" not in out
    code, out, _ = invoke(workspace, "user", "list", "--all")
    assert "(disabled)" in out
    with people.open(open_workspace(workspace)) as directory:
        assert directory.authenticate("ana", SECRET) is None


def test_token_create_prints_it_once_and_list_never(workspace: Path) -> None:
    invoke(workspace, "user", "add", "ana", stdin="")
    code, out, _ = invoke(workspace, "token", "create", "ana", "--label", "export")
    assert code == 0
    secret = out.splitlines()[0]
    assert secret.startswith("bwt_")
    code, listing, _ = invoke(workspace, "token", "list")
    assert code == 0 and secret not in listing and "export" in listing
    token_id = secret.split("_")[1]
    code, out, _ = invoke(workspace, "token", "revoke", token_id)
    assert code == 0 and f"Revoked token {token_id} of ana." in out
    code, listing, _ = invoke(workspace, "token", "list", "--format", "json")
    assert unwrap(listing)[0]["revoked_at"] is not None


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["user", "add", "a b"], "", "'a b' is not a valid user name"),
        (["user", "add", "ana", "--password-stdin"], "short\n", "too short"),
        (["user", "add", "ana", "--password-stdin"], "\n", "read an empty line"),
        (["user", "passwd", "zed", "--password-stdin"], SECRET, "no user named 'zed'"),
        (["user", "passwd", "zed"], "", "no password given"),
        (["user", "disable", "zed"], "", "no user named 'zed'"),
        (["token", "create", "zed"], "", "no user named 'zed'"),
        (["token", "revoke", "abc"], "", "no API token 'abc'"),
    ],
)
def test_bad_input_exits_2_with_a_message(
    workspace: Path,
    args: list[str],
    stdin: str,
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = run(["--workspace", str(workspace), *args])
    err = capsys.readouterr().err
    assert code == 2, err
    assert message in err and "Traceback" not in err
    with people.open(open_workspace(workspace)) as directory:
        assert directory.people(include_disabled=True) == []
