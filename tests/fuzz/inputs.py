"""Inputs for the fuzz tests: valid seed files, mutated by Hypothesis, and the run check.

``mutated(seed, tokens)`` edits a valid file a few times: at a drawn place it deletes a few
characters and inserts drawn text (characters that matter to the format, and any text), or it
duplicates, drops or truncates lines. ``run_cli`` runs the command line in this process and
``assert_clean`` holds the promise every parser makes: it works (exit 0, or 1 where that means
"findings") or it exits 2 with a message, never a traceback or an "internal error".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pytest
from hypothesis import strategies as st

from backwards.cli import run

YAML_TOKENS = (
    ": ", "- ", "&a ", "*a", "<<: *a", "!!python/object:os.system ", "!!binary ", "? ",
    "---\n", "...\n", "{", "}", "[", "]", "'", '"', "\t", "#", "|\n", ">\n", "~", "null",
    "2021-02-29", "29-FEB-2021", "1e999", "-.inf", ".nan", "0x1F", "yes", "\\u0000", "\x00",
    "\ufeff", "é", "💥", "\r\n", "\n  ", "%TAG ! tag:x:\n", "!x ",
    "!!int ", "!!float ", "!!bool ", "!!timestamp ", "!!str ", '""', "<<: [*a, *a]", "<<: 1",
)  # fmt: skip
CSV_TOKENS = (
    ",", '"', '""', "\n", "\r\n", "\r", ";", "\t", "1e308", "-1e309", "NaN", "inf", "",
    "2021-02-29", "2021-13-01", "0000-00-00", "99999-01-01", "1,234", "€", "\x00", "\ufeff",
    "Date", "null", "-", "  ", "0.5", "12345678901234567890",
)  # fmt: skip
MARKDOWN_TOKENS = (
    "#", "## ", "### ", "**", "*", "_", "`", "```\n", "> ", "- ", "1. ", "|", "---\n",
    "<!--", "-->", "<b>", "[", "](", ")", "?", ".", "...", "\n\n", "Today, ", "**The problem.** ",
    "## Internal FAQ\n", "## External FAQ\n", "[PRODUCT]", "TBD", "$", "%", "\x00", "\ufeff",
    "🎉", "\r",
)  # fmt: skip
JSON_TOKENS = (
    "{", "}", "[", "]", ",", ":", '"', "\\", "\\u0000", "\\ud800", "null", "true", "1e999",
    "-0", "NaN", "Infinity", '"2026-02-30"', '"2026-01-01T25:00"', '"id"', "1", "-1",
    "99999999999999999999", '""', "\x00", "\ufeff",
)  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, seed: str, tokens: Sequence[str]) -> str:
    """``seed`` after one to eight drawn edits."""
    text = seed
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["splice", "splice", "splice", "line", "truncate"]))
        if kind == "truncate":
            text = text[: draw(st.integers(0, len(text)))]
            continue
        if kind == "line":
            lines = text.split("\n")
            i = draw(st.integers(0, max(0, len(lines) - 1)))
            action = draw(st.sampled_from(["drop", "repeat", "swap"]))
            if action == "drop":
                del lines[i]
            elif action == "repeat":
                lines[i:i] = [lines[i]] * draw(st.integers(1, 50))
            elif i + 1 < len(lines):
                lines[i], lines[i + 1] = lines[i + 1], lines[i]
            text = "\n".join(lines)
            continue
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 12))
        insert = draw(st.lists(st.one_of(st.sampled_from(tokens), st.text(max_size=8)), max_size=4))
        text = text[:at] + "".join(insert) + text[at + cut :]
    return text


@dataclass
class Outcome:
    code: int
    out: str
    err: str


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> Outcome:
    capsys.readouterr()
    code = run(list(args))
    captured = capsys.readouterr()
    return Outcome(code, captured.out, captured.err)


def assert_clean(result: Outcome, allowed: Sequence[int] = (0, 2)) -> None:
    """Worked, or exit 2 with a message; never a traceback or an internal error."""
    both = result.out + result.err
    assert "Traceback" not in both, both[-3000:]
    assert "internal error" not in both, both[-3000:]
    assert result.code in allowed, (result.code, both[-3000:])
    if result.code == 2:
        assert result.err.strip(), "exit 2 without a message"
