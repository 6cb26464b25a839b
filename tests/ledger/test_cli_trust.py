"""``backwards ledger trust`` on the demo seed, and the demo script itself."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from backwards.cli import run
from tests.envelope import unwrap

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "examples" / "demo" / "ledger" / "seed.json"
AS_OF = "2026-04-01T09:00Z"


@pytest.fixture
def seeded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "backwards.yaml").write_text("version: 1\n")
    monkeypatch.setenv("BACKWARDS_DATABASE_URL", f"sqlite:///{tmp_path}/ledger.db")
    assert run(["-w", str(tmp_path), "ledger", "import", str(SEED)]) == 0
    return tmp_path


def trust(ws: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = run(["-w", str(ws), "ledger", "trust", "--as-of", AS_OF, *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_trust_json_counts_match_the_seed(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = trust(seeded, capsys, "--owner", "ben", "--format", "json")
    assert code == 0
    ben = unwrap(out)
    # By hand from seed.json: 13 firm commitments originally due by 2026-04-01; met by the
    # original date: API rate limits, reviews and ratings, support chat.
    assert ben["say_do"]["due"] == 13
    assert ben["say_do"]["met_on_time"] == 3
    assert ben["open_overdue"] == 1  # mobile listing pages
    assert ben["mistakes"]["mistakes"] == 2
    assert ben["mistakes"]["repeats"] == 1
    code, out, _ = trust(seeded, capsys, "--owner", "maya", "--format", "json")
    maya = unwrap(out)
    assert maya["say_do"]["due"] == 11
    assert maya["say_do"]["met_on_time"] == 9
    assert maya["say_do"]["surprises"] == 0
    assert maya["mistakes"]["repeats"] == 0


def test_compare_prints_both_side_by_side(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = trust(seeded, capsys, "--compare", "maya,ben")
    assert code == 0
    assert "Trust reports side by side" in out
    assert "Notes: maya" in out
    assert "Notes: ben" in out
    assert "8 of 10 misses came with no warning" in out
    code, out, _ = trust(seeded, capsys, "--compare", "maya,ben", "--format", "json")
    owners = [r["owner"] for r in unwrap(out)["reports"]]
    assert owners == ["maya", "ben"]
    code, _, err = trust(seeded, capsys, "--compare", "maya")
    assert code == 2
    assert "fewer than two owners" in err


def test_tag_and_since_filters(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = trust(seeded, capsys, "--tag", "payments", "--format", "json")
    assert code == 0
    assert unwrap(out)["say_do"]["due"] == 2  # payouts automated, instant payouts
    code, out, _ = trust(seeded, capsys, "--owner", "maya", "--since", "2026-03-01",
                         "--format", "json")  # fmt: skip
    assert code == 0
    assert unwrap(out)["say_do"]["due"] == 5


def test_html_needs_the_chart_bundle(
    seeded: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    page = tmp_path / "trust.html"
    code, _, err = trust(seeded, capsys, "--owner", "ben", "--html", str(page))
    if importlib.util.find_spec("backwards.charts") is None:
        assert code == 2
        assert "no chart bundle" in err
        assert not page.exists()
    else:
        assert code == 0
        html = page.read_text()
        assert "vegaEmbed" in html
        assert "Content-Security-Policy" in html


def test_demo_script_prints_the_comparison_and_leaves_no_database() -> None:
    result = subprocess.run(
        ["sh", str(SEED.parent / "demo.sh"), str(Path(sys.executable).parent / "backwards")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Imported 26 commitments" in result.stdout
    assert "Trust reports side by side" in result.stdout
    assert not list(SEED.parent.glob("*.db"))
    assert not (SEED.parent.parent / ".backwards").exists()
