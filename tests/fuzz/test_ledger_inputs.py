"""Fuzz the ledger imports (JSON and CSV).

Any file either imports (exit 0) or exits 2 with a message, no traceback, and imports nothing
(all or nothing: the ledger holds as many commitments after a refused file as before).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given

from tests.ci import REPO
from tests.fuzz.inputs import CSV_TOKENS, JSON_TOKENS, Outcome, assert_clean, mutated, run_cli

_SEED = json.loads((REPO / "examples" / "demo" / "ledger" / "seed.json").read_text("utf-8"))
_MISTAKES = [
    dict(m, commitment_ids=[i for i in m.get("commitment_ids", []) if i <= 3], repeat_of=None)
    for m in _SEED["mistakes"][:2]
]
_SMALL = dict(_SEED, commitments=_SEED["commitments"][:3], mistakes=_MISTAKES)
JSON_SEED = json.dumps(_SMALL, indent=1)
CSV_SEED = (
    "id,owner,statement,due,made_at,probability,weight,tags,outcome,resolved_on,evidence\n"
    "1,ana,Ship SSO,2026-03-31,2026-01-05,0.8,2,auth;web,met,2026-03-30,release 4\n"
    '2,ben,"Publish the readout, with notes",2026-02-14,2026-01-06T09:00:00,,1,,,,\n'
    "3,ana,Apple Pay,2026-04-10,2026-01-08,0.9,1,mobile,missed,2026-04-12,\n"
)


@pytest.fixture(scope="module")
def workspace() -> Iterator[Path]:
    """One workspace (SQLite in .backwards/) for all the examples of a test."""
    with tempfile.TemporaryDirectory(prefix="fuzz-ledger-") as tmp:
        (Path(tmp) / "backwards.yaml").write_text("version: 1\n", encoding="utf-8")
        yield Path(tmp)


def count(capsys: pytest.CaptureFixture[str], ws: Path) -> int:
    result = run_cli(capsys, "-w", str(ws), "ledger", "list", "--format", "json")
    assert result.code == 0, result.err
    return len(json.loads(result.out))


def import_file(capsys: pytest.CaptureFixture[str], ws: Path, text: str, suffix: str) -> Outcome:
    before = count(capsys, ws)
    with tempfile.TemporaryDirectory(prefix="fuzz-import-") as tmp:
        path = Path(tmp) / f"ledger{suffix}"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        result = run_cli(
            capsys, "-w", str(ws), "ledger", "import", str(path), "--by", "fuzz",
        )  # fmt: skip
    assert_clean(result)
    if result.code != 0:
        assert count(capsys, ws) == before, "a refused file imported something"
    return result


def test_the_seeds_import(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    assert import_file(capsys, workspace, JSON_SEED, ".json").code == 0
    assert import_file(capsys, workspace, CSV_SEED, ".csv").code == 0


@given(text=mutated(JSON_SEED, JSON_TOKENS))
def test_any_ledger_json(capsys: pytest.CaptureFixture[str], workspace: Path, text: str) -> None:
    import_file(capsys, workspace, text, ".json")


@given(text=mutated(CSV_SEED, CSV_TOKENS))
def test_any_ledger_csv(capsys: pytest.CaptureFixture[str], workspace: Path, text: str) -> None:
    import_file(capsys, workspace, text, ".csv")
