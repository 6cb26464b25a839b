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
    return [line.split(",", 1)[1] for line in done.stdout.splitlines()]


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
