"""Shell completion (docs/install.md): Click's protocol, as bash and zsh ask for it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / "backwards"


def complete(words: str, shell: str = "bash") -> list[str]:
    """What the installed `backwards` offers for the last word of `words`."""
    parts = words.split(" ")
    env = {
        **os.environ,
        "_BACKWARDS_COMPLETE": f"{shell}_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(parts) - 1),
    }
    done = subprocess.run([SCRIPT], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    if shell == "bash":  # "type,value" per line
        return [line.split(",", 1)[1] for line in lines]
    return lines[1::3]  # zsh: type, value, help per completion


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_source_scripts_exist(shell: str) -> None:
    env = {**os.environ, "_BACKWARDS_COMPLETE": f"{shell}_source"}
    done = subprocess.run([SCRIPT], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "_BACKWARDS_COMPLETE" in done.stdout


def test_commands_options_and_choices_complete() -> None:
    assert complete("backwards pr") == ["prfaq"]
    assert set(complete("backwards prfaq ")) >= {"review", "rules", "explain", "new"}
    assert set(complete("backwards prfaq review --f")) == {"--format", "--fail-on"}
    assert set(complete("backwards prfaq review --format ")) == {"text", "json", "sarif", "github"}
    assert "--week-ending" in complete("backwards wbr build --w", shell="zsh")
