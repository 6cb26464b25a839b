"""docs/ledger.md: its JSON example imports, its CSV columns match the code."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from backwards.ledger.storage.file_reader import CSV_COLUMNS, read_document

DOC = Path(__file__).resolve().parents[2] / "docs" / "ledger.md"


def test_the_json_example_is_a_valid_ledger_file(tmp_path: Path) -> None:
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"```json\n(.*?)```", text, flags=re.S)
    assert block is not None
    example = tmp_path / "example.json"
    example.write_text(block.group(1))
    doc = read_document(example, at=datetime(2026, 4, 1, tzinfo=UTC))
    assert [r.commitment.statement for r in doc.records] == [
        "Apple Pay in the iOS app for US customers"
    ]
    assert doc.records[0].revisions[0].new_due is not None
    assert doc.mistakes[0].action_items[0].owner == "ben"


def test_every_csv_column_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("### CSV") :]
    for column in CSV_COLUMNS:
        assert re.search(rf"\b{column}\b", section), column


def test_the_api_example_runs_and_prints_what_it_says(capsys: pytest.CaptureFixture[str]) -> None:
    api = (DOC.parent / "api.md").read_text(encoding="utf-8")
    section = api[api.index("## `backwards.ledger`") :]
    code = section[section.index("```python\n") + 10 : section.index("\n```\n")]
    exec(compile(code, "docs/api.md", "exec"), {})
    promised = [line[2:] for line in code.splitlines() if line.startswith("# ")]
    assert capsys.readouterr().out.splitlines() == promised
