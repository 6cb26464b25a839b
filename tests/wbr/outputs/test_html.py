"""The HTML deck: structure, escaping, no external requests, blanks as N/A, charts."""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from backwards import charts
from backwards.wbr import render
from backwards.wbr.deck import ChartBlock, Deck
from tests.chromium import load, needs_chromium, screenshot
from tests.wbr.outputs.decks import sample_deck
from tests.wbr.outputs.page import Element, find, parse

HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)>\"'&</style>-->"


@pytest.fixture(scope="module")
def page() -> str:
    return render(sample_deck(), "html")


@pytest.fixture(scope="module")
def elements(page: str) -> list[Element]:
    return parse(page)


@pytest.fixture(scope="module")
def hostile_page() -> str:
    return render(sample_deck(HOSTILE), "html")


def specs_of(elements: list[Element]) -> dict[str, dict[str, object]]:
    (source,) = find(elements, "script", id=charts.SPECS_ELEMENT_ID)
    payload = json.loads(source.text)
    specs: dict[str, dict[str, object]] = payload["specs"]
    return specs


def test_the_deck_opens_with_needs_explanation(elements: list[Element]) -> None:
    order = [e for e in elements if e.tag in ("section", "article", "h2")]
    assert order[0].attrs.get("id") == "needs-explanation"
    needs = [e for e in elements if "#needs-explanation" in e.parents and e.tag == "tr"]
    rows = [re.sub(r"\s+", " ", e.text).strip() for e in needs]
    assert rows == [
        "MetricOwnerLast weekWeek over weekYear over yearVs target",
        # full precision in the metric's own unit (not 1.4M against 1.3M)
        "Page Views legend Page Views owner 1,402,345 ▲ +5.43% vs 1,330,000 (limit ±5%)",
        "Conversion — 3.12% ▼ -35bps vs 3.47% (limit ±25bps)",
        "Mean latency ops 12.4 ▲ +24% vs 10 (limit ±10%)",  # a table row header
    ]
    link = find(elements, "a", href="#block-1")
    assert link and link[0].text == "Page Views legend"  # the chart's legend name
    (first,) = [e for e in elements if e.tag == "td" and e.attrs.get("title") == "Page Views"]
    assert first.text == "Page Views legend"  # the metric's own name as a tooltip


def test_blocks_in_config_order_with_numbers(elements: list[Element]) -> None:
    headings = [e.text.strip() for e in elements if e.tag in ("h2", "h3")]
    assert headings[1:] == [
        "Page Views section",
        "1. Page Views chart",
        "2. Conversion",
        "3. Page Views weekly table",
        "4. Page Views monthly table",
        "Page Views embed",
        "bad embed",
    ]


def test_each_chart_has_a_spec_and_a_nine_cell_box_table(elements: list[Element]) -> None:
    specs = specs_of(elements)
    divs = [e for e in elements if e.tag == "div" and e.attrs.get("data-chart")]
    assert [d.attrs["data-chart"] for d in divs] == ["block-1", "block-2"]
    assert set(specs) == {"block-1", "block-2"}
    boxes = find(elements, "table", class_="box")
    assert len(boxes) == 2
    header = [e.text for e in elements if e.tag == "th" and "#block-1" in e.parents][:10]
    assert header == ["", "LastWk", "WOW", "YOY", "MTD", "YOY", "QTD", "YOY", "YTD", "YOY"]
    cells = [e.text for e in elements if e.tag == "td" and "#block-1" in e.parents]
    assert cells == ["1.4M", "+5.4%", "+16.9%", "4.1M", "N/A", "15.0M", "+12.5%", "N/A", "+9.8%"]
    bps = [e.text for e in elements if e.tag == "td" and "#block-2" in e.parents]
    assert bps == ["3.12%", "+12bps", "-35bps", "3.05%", "+4bps", "3.01%", "N/A", "2.99%", "-8bps"]


def test_blanks_show_as_na_never_zero(elements: list[Element]) -> None:
    blanks = [e for e in elements if e.tag == "td" and "blank" in str(e.attrs.get("class"))]
    assert blanks and all(e.text == "N/A" for e in blanks)
    weekly = [e.text for e in elements if e.tag == "td" and "#block-3" in e.parents]
    # Row 1: six weeks (the third blank), QTD, YTD (blank); row 2: the YOY row.
    assert weekly[:8] == ["1.2M", "1.2M", "N/A", "1.3M", "1.3M", "1.4M", "15.0M", "N/A"]
    assert weekly[8:] == ["20.0%", "19.0%", "N/A", "17.0%", "15.6%", "16.9%", "N/A", "N/A"]
    monthly = [e.text for e in elements if e.tag == "td" and "#block-4" in e.parents]
    assert monthly[11] == "N/A" and monthly[23] == "N/A"
    assert "0" not in (monthly[11], monthly[23])


def test_annotations_sit_under_their_charts_and_weekly_tables(elements: list[Element]) -> None:
    notes = [e for e in elements if e.tag == "li" and ".annotations" in e.parents]
    where = [next(p for p in e.parents if p.startswith("#block")) for e in notes]
    assert where == ["#block-1", "#block-1", "#block-3"]
    assert re.sub(r"\s+", " ", notes[0].text).strip() == (
        "Sep 20, 2021 · Page Views legend: Page Views event"  # by legend name, not metric id
    )
    assert "(prior year)" in notes[1].text


def test_section_header_and_table_of_contents(elements: list[Element]) -> None:
    (section,) = find(elements, "h2", class_="section")
    assert section.text == "Page Views section"
    assert "first" in str(section.attrs["class"])


def test_embedded_content_only_for_http_sources(elements: list[Element]) -> None:
    frames = find(elements, "iframe")
    assert len(frames) == 1
    frame = frames[0].attrs
    assert frame["src"] == "https://dashboards.example.com/d/1?a=1&b=2"
    assert frame["sandbox"] == "allow-scripts allow-popups"
    assert frame["referrerpolicy"] == "no-referrer"
    assert (frame["width"], frame["height"]) == ("700", "300")
    text = " ".join(e.text for e in elements if e.tag == "figcaption")
    assert "Not embedded" in text and "javascript:alert" in text


def test_the_policy_allows_only_our_scripts_and_https_frames(page: str) -> None:
    match = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert match is not None
    policy = html.unescape(match.group(1))
    assert "connect-src 'none'" in policy
    assert "frame-src https: http:" in policy
    assert "unsafe-eval" not in policy
    runs = [e.text for e in parse(page) if e.tag == "script" and "type" not in e.attrs]
    assert len(runs) == 2
    for script in runs:
        assert charts.script_hash(script) in policy


def test_no_external_requests(elements: list[Element]) -> None:
    for e in elements:
        if e.tag in ("script", "link", "img", "source", "video", "audio", "object", "embed"):
            for name in ("src", "href", "data"):
                value = str(e.attrs.get(name) or "")
                assert not re.match(r"\s*(https?:)?//", value, re.I), (e.tag, value)
        style = str(e.attrs.get("style") or "")
        assert "url(" not in style.lower()
    css = "".join(e.text for e in elements if e.tag == "style")
    assert "url(" not in css and "@import" not in css


def test_hostile_text_is_escaped_everywhere(hostile_page: str) -> None:
    elements = parse(hostile_page)
    scripts = [e for e in elements if e.tag == "script"]
    assert [e.attrs.get("type") for e in scripts] == ["application/json", None, None]
    assert not find(elements, "img")
    for e in elements:
        assert not [a for a in e.attrs if a.startswith("on")], (e.tag, e.attrs)
    # The text comes back intact where it is shown: titles, owners, annotations, rows.
    texts = [e.text for e in elements if e.tag in ("h1", "h3", "td", "th", "li", "title")]
    assert any(HOSTILE + " chart" in t for t in texts)
    assert any(HOSTILE + " owner" in t for t in texts)
    assert any(HOSTILE + " event" in t for t in texts)
    assert any(HOSTILE + " row" in t for t in texts)
    # Row styles from the config keep only safe declarations.
    styles = [str(e.attrs.get("style")) for e in elements if e.attrs.get("style")]
    assert styles == ["font-weight: bold", "text-align: right"]
    # Chart specs carry the text as data, and the JSON element cannot be closed early.
    (source,) = find(elements, "script", id=charts.SPECS_ELEMENT_ID)
    assert "<" not in source.text
    spec_text = json.dumps(json.loads(source.text))
    assert json.dumps(HOSTILE + " legend")[1:-1] in spec_text


def test_user_text_never_enters_a_vega_expression(hostile_page: str) -> None:
    (source,) = find(parse(hostile_page), "script", id=charts.SPECS_ELEMENT_ID)
    payload = json.loads(source.text)
    expressions: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("expr", "labelExpr", "calculate", "test", "signal") and isinstance(
                    value, str
                ):
                    expressions.append(value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(payload)
    assert expressions  # the unit label expressions exist...
    assert all("alert" not in x and "script" not in x for x in expressions)  # ...and are ours


def test_print_css_breaks_pages_cleanly(page: str) -> None:
    css = page.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "@media print" in css and "@page" in css
    assert "break-inside: avoid" in css
    # sections and Needs explanation do not force a page break (issue 9, point 6)
    assert "break-before: page" not in css and "break-after: page" not in css


@pytest.mark.browser
@needs_chromium
def test_headless_chromium_draws_every_chart_offline(tmp_path: Path, page: str) -> None:
    path = tmp_path / "deck.html"
    path.write_text(page, encoding="utf-8")
    loaded = load(path)
    assert loaded.dom.count('data-rendered="1"') == 2, loaded.log[-3000:]
    assert 'data-rendered="error"' not in loaded.dom
    charts_svg = re.findall(r'data-chart="block-\d"[^>]*>.*?<svg', loaded.dom, flags=re.S)
    assert len(charts_svg) == 2
    noisy = [line for line in loaded.console if "iframe" not in line.lower()]
    assert not noisy, noisy


@pytest.mark.browser
@needs_chromium
def test_headless_chromium_runs_no_injected_script(tmp_path: Path, hostile_page: str) -> None:
    path = tmp_path / "deck.html"
    path.write_text(hostile_page, encoding="utf-8")
    loaded = load(path)
    assert loaded.dom.count('data-rendered="1"') == 2, loaded.log[-3000:]
    assert "alert" not in "\n".join(loaded.console)
    png = tmp_path / "deck.png"
    screenshot(path, png, height=1200)
    assert png.stat().st_size > 10_000


@pytest.mark.browser
@needs_chromium
def test_prints_to_several_pages_with_the_charts(tmp_path: Path, page: str) -> None:
    from tests.chromium import pdf

    path = tmp_path / "deck.html"
    path.write_text(page, encoding="utf-8")
    out = tmp_path / "deck.pdf"
    pages = pdf(path, out)
    # The needs-explanation page, then the section (charts, tables, embeds) on its own pages.
    assert 2 <= pages <= 6, pages
    assert out.stat().st_size > 20_000


def blank_deck() -> Deck:
    """A deck whose only chart has no value at all, and a deck with no blocks."""
    deck = sample_deck()
    chart = deck.blocks[1]
    assert isinstance(chart, ChartBlock)
    empty = tuple(
        replace(
            s,
            current_weeks=(None,) * 6,
            current_months=(None,) * 12,
            previous_weeks=None,
            previous_months=None,
        )
        for s in chart.series
    )
    totals = replace(chart.box_rows[0].totals, **dict.fromkeys(BOX_FIELDS))
    blank = replace(chart, series=empty, box_rows=(replace(chart.box_rows[0], totals=totals),))
    return replace(deck, blocks=(blank,), needs_explanation=(), annotation_errors=())


BOX_FIELDS = ("last_week", "wow", "yoy_week", "mtd", "yoy_mtd", "qtd", "yoy_qtd", "ytd", "yoy_ytd")


def test_an_all_blank_chart_says_na() -> None:
    elements = parse(render(blank_deck(), "html"))
    cells = [e.text for e in elements if e.tag == "td" and "#block-1" in e.parents]
    assert cells == ["N/A"] * 9
    none = [e for e in elements if e.tag == "p" and "none" in str(e.attrs.get("class"))]
    assert none and "No metric crossed" in none[0].text
    panels = specs_of(elements)["block-1"]["hconcat"]
    assert [p["data"]["values"] for p in panels] == [[{"t": "N/A"}], [{"t": "N/A"}]]


@pytest.mark.browser
@needs_chromium
def test_blank_and_empty_decks_open_without_errors(tmp_path: Path) -> None:
    for name, deck in (("blank", blank_deck()), ("empty", replace(blank_deck(), blocks=()))):
        path = tmp_path / f"{name}.html"
        path.write_text(render(deck, "html"), encoding="utf-8")
        loaded = load(path)
        expected = "1" if name == "blank" else "0"
        assert f'data-charts-drawn="{expected}"' in loaded.dom, loaded.log[-2000:]
        assert 'data-rendered="error"' not in loaded.dom
        assert not loaded.console, loaded.console


@pytest.mark.browser
@needs_chromium
def test_the_demo_deck_draws_in_chromium(tmp_path: Path) -> None:
    from backwards.wbr import build

    folder = Path(__file__).resolve().parents[3] / "examples" / "demo" / "wbr"
    deck = build(folder / "wbr.yaml", [folder / "daily.csv"])
    charts_in_deck = sum(isinstance(b, ChartBlock) for b in deck.blocks)
    path = tmp_path / "demo.html"
    path.write_text(render(deck, "html"), encoding="utf-8")
    loaded = load(path)
    assert loaded.dom.count('data-rendered="1"') == charts_in_deck == 9, loaded.log[-3000:]
    assert f'data-charts-drawn="{charts_in_deck}"' in loaded.dom
    assert not loaded.console, loaded.console
    # Data labels with their unit and both axes are in the drawn SVG: "wk 47" (weeks) and
    # "Oct" (months), the label 81.3K (##.1KK) and the ticks of both panels (each its own).
    first = loaded.dom.split('data-chart="block-1"', 1)[1].split("</svg>", 1)[0]
    assert ">wk 47<" in first and ">Oct<" in first and ">81.3K<" in first
    assert ">Nov 2025<" in first and ">Jan 2026<" in first  # the months cross a year
