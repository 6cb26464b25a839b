"""The measures' public names exist, and the modules load without numpy-heavy side effects."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

MODULES = [
    "measures.rates",
    "measures.survival",
    "measures.commitment_frame",
    "measures.saydo",
    "measures.slip",
    "measures.forecast",
    "measures.similarity",
    "measures.index_cache",
    "measures.repeats",
    "measures.repeat_candidates",
    "reports.trust_report",
    "reports.trust_text",
    "reports.trust_html",
    "storage.tables",
    "storage.records",
    "storage.repository",
    "storage.bulk_read",
    "storage.bulk_import",
    "storage.trust_columns",
    "storage.file_reader",
    "storage.file_writer",
    "book",
    "model",
]


@pytest.mark.parametrize("name", MODULES)
def test_all_names_exist(name: str) -> None:
    module = importlib.import_module(f"backwards.ledger.{name}")
    exported = getattr(module, "__all__", None)
    assert exported, f"backwards.ledger.{name} has no __all__"
    missing = [item for item in exported if not hasattr(module, item)]
    assert not missing, f"backwards.ledger.{name}.__all__ names missing {missing}"


def test_scipy_and_rich_load_only_when_used() -> None:
    code = (
        "import sys, backwards.ledger.reports.trust_report, backwards.ledger.reports.trust_text, "
        "backwards.ledger.measures.similarity; "
        "print(sorted(m for m in ('scipy', 'rich', 'sklearn') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
