"""The inputs the issue's fuzz run broke, each pinned as its own case, run as a separate process
killed at a hang limit: a located message (exit 2) or a result, never a traceback.
(The PR/FAQ made only of internal-FAQ questions: test_prfaq_explicit.py.)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.envelope import unwrap
from tests.fuzz.inputs import Outcome, assert_clean
from tests.fuzz.test_wbr_inputs import CONFIG, DATA

HANG = 60  # seconds: far beyond what any of these takes when it works; a hang fails


def process(*args: str, cwd: Path) -> Outcome:
    """The command line as a separate process, killed at the hang limit."""
    done = subprocess.run(
        [sys.executable, "-m", "backwards", *args],
        capture_output=True, text=True, timeout=HANG, cwd=cwd, check=False,
    )  # fmt: skip
    return Outcome(done.returncode, done.stdout, done.stderr)


def wbr_build(folder: Path, config: str) -> Outcome:
    (folder / "wbr.yaml").write_text(config, encoding="utf-8")
    (folder / "daily.csv").write_text(DATA, encoding="utf-8")
    out = process(
        "wbr", "build", "wbr.yaml", "--data", "daily.csv", "-o", "out/deck.html", cwd=folder
    )
    assert not (folder / "out").exists() or not any((folder / "out").iterdir())
    return out


def alias_bomb(levels: int, width: int = 9) -> str:
    lines = ["a0: &a0 [" + ", ".join(['"lol"'] * width) + "]"]
    for k in range(1, levels + 1):
        lines.append(f"a{k}: &a{k} [" + ", ".join([f"*a{k - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def assert_refused(result: Outcome, *words: str) -> None:
    assert_clean(result)
    assert result.code == 2, (result.code, result.out, result.err)
    for word in words:
        assert word in result.err, result.err


# -- YAML: the configuration reader ------------------------------------------------------------

RECURSIVE = "x: &a [*a]\n"


def test_a_recursive_alias_in_a_wbr_config(tmp_path: Path) -> None:
    assert_refused(wbr_build(tmp_path, CONFIG + RECURSIVE), "wbr.yaml")


def test_a_recursive_alias_in_the_settings(tmp_path: Path) -> None:
    (tmp_path / "backwards.yaml").write_text("version: 1\n" + RECURSIVE, encoding="utf-8")
    assert_refused(process("--workspace", str(tmp_path), "config", "check", cwd=tmp_path),
                   "backwards.yaml")  # fmt: skip


@pytest.mark.parametrize("levels", [6, 7, 9])
def test_an_alias_bomb_in_a_wbr_config(tmp_path: Path, levels: int) -> None:
    assert_refused(wbr_build(tmp_path, CONFIG + alias_bomb(levels)), "wbr.yaml")


@pytest.mark.parametrize("levels", [6, 9])
def test_an_alias_bomb_in_the_settings(tmp_path: Path, levels: int) -> None:
    (tmp_path / "backwards.yaml").write_text("version: 1\n" + alias_bomb(levels), "utf-8")
    assert_refused(process("--workspace", str(tmp_path), "config", "check", cwd=tmp_path),
                   "backwards.yaml")  # fmt: skip


def test_an_impossible_unquoted_date(tmp_path: Path) -> None:
    config = CONFIG.replace("week_ending: 25-SEP-2021", "week_ending: 2021-02-29")
    assert_refused(wbr_build(tmp_path, config), "wbr.yaml:2")


# -- WBR data: a CSV header longer than the csv module's field limit --------------------------


def test_a_csv_header_longer_than_131072_characters(tmp_path: Path) -> None:
    # 4,000 unused columns of long names: a 170,000-character header. Tried with another
    # delimiter (";", tab) the whole line is one field past csv's limit: it was an internal
    # error (the 34,000-column case). Empty cells keep the file small.
    names = ",".join(f"an_unused_column_with_a_long_name_{i:04d}" for i in range(4000))
    assert len(names) > 131_072
    lines = DATA.splitlines()
    data = "\n".join([f"{lines[0]},{names}"] + [row + "," * 4000 for row in lines[1:]]) + "\n"
    (tmp_path / "daily.csv").write_text(data, encoding="utf-8")
    (tmp_path / "wbr.yaml").write_text(CONFIG, encoding="utf-8")
    out = process(
        "wbr", "build", "wbr.yaml", "--data", "daily.csv", "-o", "out/deck.html", cwd=tmp_path
    )
    assert_clean(out, allowed=(0,))
    assert (tmp_path / "out" / "deck.html").is_file()


def test_a_csv_column_name_longer_than_131072_characters(tmp_path: Path) -> None:
    lines = DATA.splitlines()
    data = "\n".join([f"{lines[0]},{'y' * 200_000}"] + [f"{r},1" for r in lines[1:]]) + "\n"
    (tmp_path / "daily.csv").write_text(data, encoding="utf-8")
    (tmp_path / "wbr.yaml").write_text(CONFIG, encoding="utf-8")
    out = process(
        "wbr", "build", "wbr.yaml", "--data", "daily.csv", "-o", "out/deck.html", cwd=tmp_path
    )
    assert_refused(out, "daily.csv:1: cannot read the header: field larger than field limit")
    assert not (tmp_path / "out").exists()


# -- PR/FAQ: the sentence splitter ---------------------------------------------------------------


@pytest.mark.parametrize("size", [40_000, 200_000])
def test_a_prfaq_of_nothing_but_dots(tmp_path: Path, size: int) -> None:
    (tmp_path / "dots.md").write_text("." * size, encoding="utf-8")
    result = process("prfaq", "review", "dots.md", cwd=tmp_path)
    assert_clean(result, allowed=(0, 1))
    assert "dots.md" in result.out


# -- ledger imports ------------------------------------------------------------------------------


def import_into_empty_ledger(folder: Path, name: str, text: str) -> Outcome:
    """Import ``text`` into a new workspace; the ledger must still be empty afterwards."""
    (folder / "backwards.yaml").write_text("version: 1\n", encoding="utf-8")
    (folder / name).write_text(text, encoding="utf-8")
    result = process("-w", str(folder), "ledger", "import", name, "--by", "t", cwd=folder)
    listed = process("-w", str(folder), "ledger", "list", "--format", "json", cwd=folder)
    assert listed.code == 0 and unwrap(listed.out) == [], listed.out + listed.err
    return result


def test_ledger_json_nested_2000_deep(tmp_path: Path) -> None:
    deep = "[" * 2000 + "]" * 2000
    text = '{"format": "backwards-ledger", "version": 1, "commitments": ' + deep + "}"
    result = import_into_empty_ledger(tmp_path, "deep.json", text)
    assert_clean(result)
    assert result.code == 2 and "deep.json" in result.err


def test_ledger_csv_cell_over_131072_characters(tmp_path: Path) -> None:
    text = "id,owner,statement,due,made_at\n1,ana," + "x" * 200_000 + ",2026-01-01,2026-01-01\n"
    result = import_into_empty_ledger(tmp_path, "wide.csv", text)
    assert_clean(result)
    assert result.code == 2 and "wide.csv" in result.err
