"""Issue 9, point 5: every output a reviewer asks for, through ``backwards wbr build``.

The format follows the suffix of ``-o`` unless ``--format`` says otherwise, and a contradiction
is refused (exit 2, nothing written). CSV is tidy (one row per block, metric and period, with
units), ``md``/``text`` hold the box totals and the Needs-explanation table, and a PDF is the
deck printed by headless Chromium (pages counted with ``pdftoppm``; no block split across
pages, checked with ``pdftotext`` page by page).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from backwards.wbr import build
from tests.chromium import needs_chromium
from tests.wbr.conftest import REPO, Case
from tests.wbr.test_cli_wbr import GOOD, START, WE, cli

NEEDS = GOOD.replace(
    "    column: clicks\n    aggf: sum\n",
    "    column: clicks\n    aggf: sum\n    owner: Ana\n"
    "    variance_threshold: {wow: 0.5, yoy: 1}\n",
)


def _case(case: Case) -> tuple[Path, Path]:
    # clicks grow by one a day (so WOW and YOY cross 1 %), views stay at 10
    data = case.data(START, WE, {"clicks": lambda d: d.toordinal() - 737000, "views": lambda d: 10})
    return case.config(NEEDS), data


@pytest.mark.parametrize(
    ("name", "starts"),
    [
        ("deck.html", "<!DOCTYPE html>"),
        ("deck.json", '{"format":'),
        ("deck.wbr-app.json", "["),
        ("deck.csv", "block,title,metric"),
        ("deck.md", "# T · week 38"),
        ("deck.txt", "T · week 38"),
    ],
)
def test_the_format_follows_the_suffix(
    case: Case, capsys: pytest.CaptureFixture[str], name: str, starts: str
) -> None:
    config, data = _case(case)
    out = case.folder / name
    code, printed, _ = cli(capsys, "wbr", "build", str(config), "--data", str(data), "-o", str(out))
    assert code == 0 and str(out) in printed
    assert out.read_text(encoding="utf-8").lstrip().startswith(starts)


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("json", "deck.pdf"),
        ("html", "deck.csv"),
        ("pdf", "deck.html"),
        ("csv", "deck.wbr-app.json"),
    ],
)
def test_a_suffix_contradicting_the_format_is_refused(
    case: Case, capsys: pytest.CaptureFixture[str], fmt: str, name: str
) -> None:
    config, data = _case(case)
    out = case.folder / "out" / name
    code, printed, err = cli(
        capsys, "wbr", "build", str(config), "--data", str(data), "--format", fmt, "-o", str(out)
    )
    assert code == 2
    message = f"--format {fmt} does not match the file name {name}"
    if printed:  # with --format json the error is a JSON document on standard output
        assert message in json.loads(printed)["error"]["message"]
    else:
        assert message in err
    assert "Traceback" not in err and not out.parent.exists()


def test_wbr_app_json_may_be_written_to_a_json_file(
    case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    config, data = _case(case)
    out = case.folder / "deck.json"
    args = ("wbr", "build", str(config), "--data", str(data), "--format", "wbr-app-json")
    assert cli(capsys, *args, "-o", str(out))[0] == 0
    assert isinstance(json.loads(out.read_text()), list)


def test_csv_is_tidy_with_units(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    config, data = _case(case)
    deck = build(config, [data])
    code, printed, _ = cli(
        capsys, "wbr", "build", str(config), "--data", str(data), "--format", "csv", "-o", "-"
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(printed)))
    assert list(rows[0]) == [
        "block", "title", "metric", "legend", "period_kind", "period", "year", "start", "end",
        "value", "unit", "format",
    ]  # fmt: skip
    # one chart, one series with its prior year: 6 + 6 weeks, 12 + 12 months, 9 box cells
    assert len(rows) == 45
    keys = {(r["metric"], r["period_kind"], r["period"], r["year"]) for r in rows}
    assert len(keys) == len(rows)  # tidy: one row per metric and period
    chart = deck.blocks[0]
    series = chart.series[0]
    last = next(r for r in rows if r["period"] == "wk 38" and r["year"] == "CY")
    assert (last["start"], last["end"]) == ("2021-09-19", "2021-09-25")
    assert float(last["value"]) == series.current_weeks[-1]
    py = next(r for r in rows if r["period"] == "wk 38" and r["year"] == "PY")
    assert (py["start"], py["end"]) == ("2020-09-20", "2020-09-26")
    assert float(py["value"]) == series.previous_weeks[-1]
    box = {r["period"]: r for r in rows if r["period_kind"] == "box"}
    assert list(box) == [
        "LastWk", "WOW", "YOY", "MTD", "MTD YOY", "QTD", "QTD YOY", "YTD", "YTD YOY",
    ]  # fmt: skip
    totals = chart.box_rows[0].totals
    assert float(box["WOW"]["value"]) == totals.wow and box["WOW"]["unit"] == "%"
    assert float(box["YTD"]["value"]) == totals.ytd and box["YTD"]["unit"] == ""
    sep = next(r for r in rows if r["period_kind"] == "month" and r["year"] == "CY" and
               r["period"] == "Aug")  # fmt: skip
    assert (sep["start"], sep["end"]) == ("2021-08-01", "2021-08-31")


def test_markdown_and_text_hold_box_totals_and_needs_explanation(
    case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    config, data = _case(case)
    args = ("wbr", "build", str(config), "--data", str(data), "-o", "-")
    code, md, _ = cli(capsys, *args, "--format", "md")
    assert code == 0
    lines = md.splitlines()
    needs = lines.index("## Needs explanation")
    assert lines[needs + 2] == (
        "| Metric | Owner | Last week | Week over week | Year over year | Vs target |"
    )
    # one row for Clicks, with both crossed comparisons side by side
    (clicks,) = [line for line in lines if line.startswith("| Clicks | Ana |")]
    assert clicks.count(" vs ") == 2 and "(limit ±0.5%)" in clicks and "(limit ±1%)" in clicks
    chart = lines.index("## 1. CTR")
    assert lines[chart + 2] == "|  | LastWk | WOW | YOY | MTD | YOY | QTD | YOY | YTD | YOY |"
    # the label column; a ratio near 105 keeps three significant digits (no y_scaling mask)
    last_week = build(config, [data]).blocks[0].box_rows[0].totals.last_week
    assert last_week is not None and 100 < last_week < 999
    assert lines[chart + 4].startswith(f"| CTR | {last_week:.0f} | +")
    code, text, _ = cli(capsys, *args, "--format", "text")
    assert code == 0
    assert "Needs explanation" in text and "Clicks" in text and "LastWk" in text
    assert "|" not in text


def _pages(pdf: Path, folder: Path) -> list[str]:
    """The text of each page (pdftotext), after counting the pages by rendering them
    (pdftoppm), as a reader would see them."""
    folder.mkdir()
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(folder / "p")], check=True)
    count = len(list(folder.glob("p-*.png")))
    texts = []
    for page in range(1, count + 1):
        done = subprocess.run(
            ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
        )
        texts.append(done.stdout)
    return texts


needs_poppler = pytest.mark.skipif(
    shutil.which("pdftoppm") is None and not __import__("tests.chromium").chromium._in_ci(),
    reason="poppler-utils (pdftoppm, pdftotext) not installed",
)


@needs_chromium
@needs_poppler
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_demo_deck_prints_to_pdf_without_splitting_a_block(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], paper: str
) -> None:
    out = tmp_path / "demo.pdf"
    demo = REPO / "examples" / "demo"
    code, _, err = cli(
        capsys, "--workspace", str(demo), "wbr", "build", "-o", str(out), "--paper", paper
    )
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF")
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
    assert ("pts (A4)" if paper == "A4" else "pts (letter)") in info.stdout
    pages = _pages(out, tmp_path / "png")
    assert 1 <= len(pages) <= 6  # a 15-block deck (issue 9, point 6)
    deck = build(workspace=__import__("backwards").open_workspace(demo))
    for block in deck.blocks:
        if block.kind != "6_12Graph":
            continue
        heading = f"{block.number}. {block.title}"
        label = block.box_rows[-1].legend
        (where,) = [i for i, text in enumerate(pages) if heading in text]
        after = pages[where].split(heading, 1)[1]
        assert "LastWk" in after and label in after, f"block {heading!r} is split"


def test_pdf_without_chromium_names_the_package(
    case: Case, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config, data = _case(case)
    monkeypatch.delenv("BACKWARDS_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(case.folder))  # no browser on it
    out = case.folder / "out" / "deck.pdf"
    code, printed, err = cli(
        capsys, "wbr", "build", str(config), "--data", str(data), "-o", str(out)
    )
    assert code == 2 and printed == ""
    assert "needs headless Chromium" in err and "apt-get install chromium" in err
    assert not out.exists()


def test_pdf_is_never_written_to_standard_output(
    case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    config, data = _case(case)
    code, printed, err = cli(
        capsys, "wbr", "build", str(config), "--data", str(data), "--format", "pdf", "-o", "-"
    )
    assert code == 2 and printed == "" and "a PDF is written to a file" in err
