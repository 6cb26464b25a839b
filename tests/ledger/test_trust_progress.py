"""``ledger trust`` shows a progress bar on a terminal (issue 15, point 4: a large ledger's
report takes over a second), never on a pipe or with ``--quiet``; stdout is the report alone."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest

import backwards.cli.ledger_trust as trust_cli
from backwards.cli import run

ANSI = re.compile(r"\x1b\[[0-9;?]*[a-zA-Z]")


class Terminal(io.StringIO):
    """A stream that says it is a terminal, so the bar draws into it."""

    def isatty(self) -> bool:
        return True


def test_the_trust_report_draws_a_bar_on_a_terminal_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "backwards.yaml").write_text("version: 1\nname: test\n")
    monkeypatch.setenv("BACKWARDS_USER", "maya")
    monkeypatch.delenv("BACKWARDS_NO_PROGRESS", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    base = ["-w", str(tmp_path), "ledger"]
    for owner in ("maya", "ben"):
        assert (
            run(
                [
                    *base,
                    "commit",
                    f"{owner} ships",
                    "--due",
                    "2099-01-15",
                    "--owner",
                    owner,
                    "--by",
                    owner,
                ]
            )
            == 0
        )
    capsys.readouterr()
    monkeypatch.setattr(trust_cli, "PROGRESS_DELAY", 0)
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    assert run(["--quiet", *base, "trust", "--compare", "maya,ben"]) == 0
    assert "Reading the ledger" not in screen.getvalue()
    quiet_out = capsys.readouterr().out
    assert run([*base, "trust", "--compare", "maya,ben"]) == 0
    assert "Reading the ledger" in ANSI.sub("", screen.getvalue())
    assert capsys.readouterr().out == quiet_out  # the bar never touches stdout
    pipe = io.StringIO()  # not a terminal
    monkeypatch.setattr(sys, "stderr", pipe)
    assert run([*base, "trust"]) == 0
    assert "Reading the ledger" not in pipe.getvalue()
