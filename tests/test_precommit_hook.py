"""The pre-commit hook picks only Markdown PR/FAQs, the way pre-commit selects files.

pre-commit gives a hook the staged files whose path matches `files` (re.search), not
`exclude`, and whose identify tags include every tag of `types` and one of `types_or`.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from identify.identify import tags_from_path

ROOT = Path(__file__).resolve().parent.parent
HOOKS: list[dict[str, Any]] = yaml.safe_load(
    (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
)
(HOOK,) = HOOKS

# A fresh repository: only the two PR/FAQs should be reviewed.
FILES = {
    "README.md": False,
    "CHANGELOG.md": False,
    "docs/faq.md": False,
    "config.yaml": False,
    "src/app.py": False,
    ".pre-commit-config.yaml": False,
    "notes.txt": False,
    "docs/prfaq/notes.txt": False,
    "docs/prfaq/sso.md": True,
    "ideas/PR-FAQ-payments.markdown": True,
}


def selected(path: Path, relative: str) -> bool:
    tags = tags_from_path(str(path))
    if not re.search(HOOK.get("files", ""), relative):
        return False
    if HOOK.get("exclude") and re.search(HOOK["exclude"], relative):
        return False
    if not set(HOOK.get("types", ["file"])) <= tags:
        return False
    types_or = set(HOOK.get("types_or", []))
    return not types_or or bool(types_or & tags)


def test_hook_selects_markdown_prfaqs_only(tmp_path: Path) -> None:
    for relative in FILES:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# Title\n\nText.\n", encoding="utf-8")
    chosen = {relative: selected(tmp_path / relative, relative) for relative in FILES}
    assert chosen == FILES


def test_hook_is_serial_and_runs_the_review() -> None:
    assert HOOK["types"] == ["markdown"] and "types_or" not in HOOK
    assert HOOK["require_serial"] is True and HOOK["pass_filenames"] is True
    assert HOOK["language"] == "python" and HOOK["entry"] == "backwards prfaq review"


def test_hook_entry_reviews_the_files_it_is_given(tmp_path: Path) -> None:
    good = ROOT / "examples" / "demo" / "prfaq.md"
    entry = HOOK["entry"].split()
    assert entry[0] == "backwards"
    done = subprocess.run(
        [sys.executable, "-m", "backwards", *entry[1:], "--exit-zero", str(good)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "prfaq.md" in done.stdout
