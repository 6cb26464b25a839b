"""``backwards wbr build``: defaults, formats, the workspace's config, and bad input."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from backwards.cli import run
from tests.wbr.conftest import write_daily

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "examples" / "demo"

CONFIG = """\
setup:
  week_ending: 25-SEP-2021
  week_number: 38
  title: "Tiny <WBR> & co"
metrics:
  Orders:
    column: Orders
    aggf: sum
    owner: Ana
    good_direction: up
    variance_threshold: {wow: 1}
deck:
  - block:
      ui_type: 6_12Graph
      title: Orders
      y_scaling: "##"
      metrics:
        Orders: {}
"""


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    (tmp_path / "wbr.yaml").write_text(CONFIG, encoding="utf-8")
    write_daily(
        tmp_path / "daily.csv",
        dt.date(2020, 1, 1),
        dt.date(2021, 9, 30),
        {"Orders": lambda d: d.toordinal() % 97},
    )
    return tmp_path


def build(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.chdir(cwd)
    return run(["wbr", "build", *args])


def test_default_output_in_out_named_after_the_config(
    tiny: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert build(["wbr.yaml", "--data", "daily.csv"], tiny, monkeypatch) == 0
    out = capsys.readouterr().out
    assert out == "Wrote out/wbr.html (1 blocks, 1 to explain)\n"
    page = (tiny / "out" / "wbr.html").read_text(encoding="utf-8")
    assert "Tiny &lt;WBR&gt; &amp; co" in page and "Needs explanation" in page


@pytest.mark.parametrize(
    ("fmt", "name"), [("json", "wbr.json"), ("wbr-app-json", "wbr.wbr-app.json")]
)
def test_json_formats(
    tiny: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], fmt: str,
    name: str,
) -> None:  # fmt: skip
    assert build(["wbr.yaml", "--data", "daily.csv", "--format", fmt], tiny, monkeypatch) == 0
    assert f"Wrote out/{name}" in capsys.readouterr().out
    loaded = json.loads((tiny / "out" / name).read_text(encoding="utf-8"))
    title = loaded["title"] if fmt == "json" else loaded[0]["title"]
    assert title == "Tiny <WBR> & co"


def test_output_to_stdout_and_week_ending_override(
    tiny: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["wbr.yaml", "--data", "daily.csv", "--format", "json", "-o", "-"]
    assert build([*args, "--week-ending", "2021-09-18"], tiny, monkeypatch) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["week_ending"] == "2021-09-18"
    assert not (tiny / "out").exists()


def test_explicit_output_path(
    tiny: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["wbr.yaml", "--data", "daily.csv", "-o", "decks/wk38.html"]
    assert build(args, tiny, monkeypatch) == 0
    assert "Wrote decks/wk38.html" in capsys.readouterr().out
    assert (tiny / "decks" / "wk38.html").is_file()


def test_workspace_config_and_output_dir(
    tiny: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tiny / "backwards.yaml").write_text(
        "version: 1\nwbr:\n  config: wbr.yaml\n  data: [daily.csv]\n  output_dir: decks\n",
        encoding="utf-8",
    )
    elsewhere = tiny / "sub"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert run(["--workspace", str(tiny), "wbr", "build"]) == 0
    assert (tiny / "decks" / "wbr.html").is_file()
    assert "decks/wbr.html" in capsys.readouterr().out


def test_no_config_anywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "backwards.yaml").write_text("version: 1\n", encoding="utf-8")
    assert build([], tmp_path, monkeypatch) == 2
    err = capsys.readouterr().err
    assert "no CONFIG given" in err and "Hint:" in err


BAD = {
    "malformed-yaml": ("setup: [unclosed\n", None, "wbr.yaml:2:1: error CFG001"),
    "unknown-metric": (
        CONFIG.replace("        Orders: {}", "        Ordrs: {}"),
        None,
        "Ordrs",
    ),
    "missing-column": (CONFIG.replace("column: Orders", "column: Order"), None, "Order"),
    "week-outside-data": (CONFIG.replace("25-SEP-2021", "25-SEP-2025"), None, "2025"),
    "non-numeric": (CONFIG, "Date,Orders\n2021-09-01,12\n2021-09-02,twelve\n", "twelve"),
    "empty-data": (CONFIG, "", "daily.csv"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_exit_2_and_nothing_written(
    tiny: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    config, data, needle = BAD[case]
    (tiny / "wbr.yaml").write_text(config, encoding="utf-8")
    if data is not None:
        (tiny / "daily.csv").write_text(data, encoding="utf-8")
    previous = tiny / "out" / "wbr.html"
    previous.parent.mkdir()
    previous.write_text("last week's deck", encoding="utf-8")
    assert build(["wbr.yaml", "--data", "daily.csv"], tiny, monkeypatch) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Error:" in captured.err and needle in captured.err, captured.err
    assert "Traceback" not in captured.err
    assert previous.read_text(encoding="utf-8") == "last week's deck"
    assert [p.name for p in previous.parent.iterdir()] == ["wbr.html"]


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["wbr", "build", "--help"]) == 0
    out = capsys.readouterr().out
    assert "Examples:" in out and "--format [html|json|wbr-app-json|csv|md|text|pdf]" in out


def test_the_demo_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    demo = tmp_path / "demo"
    shutil.copytree(DEMO, demo)
    monkeypatch.chdir(tmp_path)
    assert run(["--workspace", "demo", "wbr", "build", "-o", "out/demo-wbr.html"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Wrote out/demo-wbr.html (")
    page = (tmp_path / "out" / "demo-wbr.html").read_text(encoding="utf-8")
    assert "Rivertown Coffee Roasters WBR" in page
    assert page.count('data-chart="block-') == 9
    assert "Fulfilment" in page.split('id="needs-explanation"', 1)[1].split("</section>", 1)[0]
