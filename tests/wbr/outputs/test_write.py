"""render()/write(): formats, unknown formats, atomic writes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from backwards.wbr.outputs import FORMATS, SUFFIXES, render, write
from tests.wbr.outputs.decks import sample_deck


def test_every_format_renders_text() -> None:
    deck = sample_deck()
    assert set(FORMATS) == {"html", "json", "wbr-app-json", "csv", "md", "text"}
    assert set(SUFFIXES) == {*FORMATS, "pdf"}  # a PDF is written, never rendered to text
    assert render(deck, "html").startswith("<!DOCTYPE html>")
    assert render(deck, "json").startswith("{")
    assert render(deck, "wbr-app-json").startswith("[")


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format 'docx'"):
        render(sample_deck(), "docx")
    with pytest.raises(ValueError, match="a PDF is written to a file"):
        render(sample_deck(), "pdf")


@pytest.mark.parametrize("fmt", ["html", "json", "wbr-app-json", "csv", "md", "text"])
def test_write_replaces_the_file(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / "out" / f"deck{SUFFIXES[fmt]}"
    write(sample_deck(), fmt, target)
    assert target.read_text(encoding="utf-8") == render(sample_deck(), fmt)
    assert [p.name for p in target.parent.iterdir()] == [target.name]


@pytest.mark.parametrize("fmt", ["html", "json", "wbr-app-json"])
def test_a_failed_render_leaves_the_old_file_and_no_partial_one(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"deck{SUFFIXES[fmt]}"
    target.write_text("previous deck", encoding="utf-8")
    deck = sample_deck()
    bad = replace(deck, blocks=(*deck.blocks, object()))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        write(bad, fmt, target)
    assert target.read_text(encoding="utf-8") == "previous deck"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_json_refuses_nan_and_writes_nothing(tmp_path: Path) -> None:
    deck = sample_deck()
    bad = replace(
        deck, needs_explanation=(replace(deck.needs_explanation[0], change=float("nan")),)
    )
    target = tmp_path / "deck.json"
    with pytest.raises(ValueError):
        write(bad, "json", target)
    assert not target.exists() and not list(tmp_path.iterdir())


def test_html_shows_a_stray_nan_as_na() -> None:
    deck = sample_deck()
    chart = deck.blocks[1]
    row = chart.box_rows[0]  # type: ignore[union-attr]
    totals = replace(row.totals, last_week=float("nan"))
    series = replace(chart.series[0], current_weeks=(float("nan"),) * 6)  # type: ignore[union-attr]
    bad_chart = replace(chart, box_rows=(replace(row, totals=totals),), series=(series,))
    page = render(replace(deck, blocks=(bad_chart,)), "html")
    assert ">N/A</td>" in page and "NaN" not in page.split("<script>")[0]
