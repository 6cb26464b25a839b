"""Shell completion through Click's own protocol (the variable bash sets), as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def _complete(words: str, tmp_path: Path) -> list[str]:
    env = {
        **os.environ,
        "_BACKWARDS_COMPLETE": "bash_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
    }
    exe = Path(sys.executable).with_name("backwards")
    done = subprocess.run(
        [str(exe)], env=env, cwd=tmp_path, capture_output=True, text=True, check=True
    )
    return [line.split(",", 1)[1] for line in done.stdout.splitlines() if line]


def test_rule_codes_complete_for_explain(tmp_path: Path) -> None:
    got = _complete("backwards prfaq explain C0", tmp_path)
    assert "C01" in got and "C08" in got
    assert all(value.startswith("C0") for value in got)


def test_rule_names_complete(tmp_path: Path) -> None:
    assert _complete("backwards prfaq explain answer-n", tmp_path) == ["answer-not-first"]


def test_the_last_item_of_a_list_completes_with_groups(tmp_path: Path) -> None:
    got = _complete("backwards prfaq review x.md --ignore L01,lan", tmp_path)
    assert got == ["L01,language"]


def test_commands_complete(tmp_path: Path) -> None:
    assert "prfaq" in _complete("backwards pr", tmp_path)


def _backwards(args: list[str], cwd: Path, stdin: str = "") -> None:
    exe = Path(sys.executable).with_name("backwards")
    env = {**os.environ, "BACKWARDS_USER": "admin"}
    subprocess.run(
        [str(exe), *args], cwd=cwd, env=env, input=stdin, text=True, check=True, capture_output=True
    )


def test_owner_names_complete_from_the_ledger_and_the_people(tmp_path: Path) -> None:
    _backwards(["init", "."], tmp_path)
    for owner in ("Maya", "maria", "jo"):
        _backwards(
            [
                "ledger",
                "commit",
                f"{owner} ships it",
                "--due",
                "2099-03-31",
                "--owner",
                owner,
                "--by",
                owner,
            ],
            tmp_path,
        )
    _backwards(["user", "add", "Mallory", "--password-stdin"], tmp_path, "a long password 1\n")
    assert _complete("backwards ledger trust --owner ma", tmp_path) == ["Mallory", "maria", "Maya"]
    assert _complete("backwards ledger list --owner J", tmp_path) == ["jo"]
    assert _complete("backwards mistake list --owner x", tmp_path) == []
    assert _complete("backwards journal list --person mal", tmp_path) == ["Mallory"]
    assert _complete("backwards growth report m", tmp_path) == ["Mallory"]


def test_completing_an_owner_creates_nothing_without_a_database(tmp_path: Path) -> None:
    _backwards(["init", "."], tmp_path)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert _complete("backwards ledger trust --owner ma", tmp_path) == []
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
