"""The docs are true: every command and Python example in README.md and docs/ runs.

Each Markdown file's fenced `sh`/`bash`/`shell`/`console`/`python` blocks run in order in a
temporary copy of the demo's files; a block fails when it exits non-zero. Markers (an HTML
comment on the line before a block) are documented in docs/index.md: `skip (why)`, `exit N`,
`file NAME` (written before the page's examples run). Fences must be balanced and relative
links must resolve.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "demo"
BIN = Path(sys.executable).parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
SHELL = {"sh", "bash", "shell", "console"}
RUNNABLE = SHELL | {"python"}
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([\w+-]*)")
MARKER = re.compile(r"^<!--\s*docs-test:\s*(skip|exit|file)\b\s*(.*?)\s*-->$")
LINK = re.compile(r"(?<![!`])\[[^\]\n]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


@dataclass(frozen=True)
class Block:
    path: Path
    line: int  # 1-based line of the opening fence
    lang: str
    text: str
    marker: tuple[str, str] | None

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def parse(path: Path) -> tuple[list[Block], list[str]]:
    """The fenced blocks of a Markdown file, and its problems (unclosed fences, stray markers)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    problems: list[str] = []
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        fence, lang = opening[1], opening[2].lower()
        close = re.compile(rf"^ {{0,3}}{fence[0]}{{{len(fence)},}}\s*$")
        end = index + 1
        while end < len(lines) and not close.match(lines[end]):
            end += 1
        rel = path.relative_to(ROOT)
        if end == len(lines):
            problems.append(f"{rel}:{index + 1}: the code block is never closed")
        before = index - 1
        while before >= 0 and not lines[before].strip():
            before -= 1
        found = MARKER.match(lines[before].strip()) if before >= 0 else None
        marker = (found[1], found[2]) if found else None
        text = "\n".join(lines[index + 1 : end]) + "\n"
        blocks.append(Block(path, index + 1, lang, text, marker))
        index = end + 1
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if "docs-test:" in stripped and stripped.startswith("<!--") and not MARKER.match(stripped):
            problems.append(f"{path.relative_to(ROOT)}:{number}: unknown marker {line!r}")
    return blocks, problems


def slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"[`*_]|\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    blocks, _ = parse(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    inside = {b.line + i for b in blocks for i in range(b.text.count("\n") + 1)}
    return {
        slug(line.lstrip("#"))
        for number, line in enumerate(lines, 1)
        if line.startswith("#") and number not in inside
    }


def test_fences_are_balanced_and_markers_known() -> None:
    problems = [problem for path in DOCS for problem in parse(path)[1]]
    assert not problems, "\n".join(problems)


def test_relative_links_resolve() -> None:
    broken: list[str] = []
    for path in DOCS:
        blocks, _ = parse(path)
        text = path.read_text(encoding="utf-8")
        for block in blocks:  # links inside code blocks are not links
            text = text.replace(block.text, "\n" * block.text.count("\n"), 1)
        text = re.sub(r"`[^`\n]*`", "", text)
        for number, line in enumerate(text.splitlines(), 1):
            for target in LINK.findall(line):
                if re.match(r"^[a-z][a-z0-9+.-]*:", target, flags=re.I):
                    continue  # https:, mailto:
                file_part, _, anchor = target.partition("#")
                resolved = (path.parent / file_part).resolve() if file_part else path
                where = f"{path.relative_to(ROOT)}:{number}: {target}"
                if not resolved.exists():
                    broken.append(f"{where} (no such file)")
                elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
                    broken.append(f"{where} (no such heading)")
    assert not broken, "\n".join(broken)


def runnable(path: Path) -> list[Block]:
    return [b for b in parse(path)[0] if b.lang in RUNNABLE or (b.marker or ("",))[0] == "file"]


def workspace(tmp_path: Path) -> Path:
    """The demo's files (not its backwards.yaml: `backwards init` makes one), its WBR files also at
    the top, the demo workspace again below."""
    work = tmp_path / "work"
    shutil.copytree(DEMO, work, ignore=shutil.ignore_patterns("backwards.yaml"))
    for source in (DEMO / "wbr").iterdir():
        shutil.copy(source, work / source.name)
    shutil.copytree(DEMO, work / "examples" / "demo")
    (work / "docs" / "prfaq").mkdir(parents=True)
    shutil.copy(DEMO / "prfaq.md", work / "docs" / "prfaq" / "rivertown.md")
    (work / ".venv").symlink_to(BIN.parent)  # README's .venv/bin/backwards: the running venv
    (tmp_path / "home").mkdir()
    return work


def environment(tmp_path: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("BACKWARDS_", "PYTEST_", "COV_")) and key != "VIRTUAL_ENV"
    }
    env.update(
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        HOME=str(tmp_path / "home"),
        USER="ana",
        BACKWARDS_USER="ana",
        NO_COLOR="1",
        COLUMNS="100",
    )
    return env


def script(block: Block) -> str:
    if block.lang != "console":
        return block.text
    commands: list[str] = []
    continuing = False
    for line in block.text.splitlines():
        if line.startswith("$ ") or continuing:
            commands.append(line[2:] if line.startswith("$ ") and not continuing else line)
            continuing = line.rstrip().endswith("\\")
    return "\n".join(commands) + "\n"


DOCS_WITH_EXAMPLES = [path for path in DOCS if runnable(path)]


@pytest.mark.parametrize(
    "path", DOCS_WITH_EXAMPLES, ids=[str(p.relative_to(ROOT)) for p in DOCS_WITH_EXAMPLES]
)
def test_examples_run(path: Path, tmp_path: Path) -> None:
    work = workspace(tmp_path)
    env = environment(tmp_path)
    blocks = runnable(path)
    for block in blocks:  # the page's own files first: its examples refer to them
        kind, argument = block.marker or ("", "")
        if kind == "file":
            target = work / argument
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block.text, encoding="utf-8")
    for block in blocks:
        kind, argument = block.marker or ("", "")
        if kind == "file":
            continue
        if kind == "skip":
            assert argument, f"{block.where}: say why the block is skipped"
            continue
        expected = int(argument) if kind == "exit" else 0
        if block.lang == "python":
            command = [sys.executable, "-c", block.text]
        else:
            command = ["bash", "-e", "-o", "pipefail", "-c", script(block)]
        done = subprocess.run(
            command, cwd=work, env=env, capture_output=True, text=True, timeout=600
        )
        assert done.returncode == expected, (
            f"{block.where}: exit {done.returncode}, expected {expected}\n"
            f"--- block\n{block.text}--- stdout\n{done.stdout[-3000:]}"
            f"--- stderr\n{done.stderr[-3000:]}"
        )
