"""backwards.charts: the vendored Vega bundle and safe, offline chart pages."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from backwards import charts
from backwards import page as page_module
from tests.chromium import load, needs_chromium

SPEC = {
    "mark": {"type": "line", "point": True},
    "data": {"values": [{"x": 1, "y": 2}, {"x": 2, "y": 5}, {"x": 3, "y": None}]},
    "encoding": {
        "x": {"field": "x", "type": "quantitative"},
        "y": {"field": "y", "type": "quantitative"},
        "tooltip": [{"field": "y", "type": "quantitative"}],
    },
}
HOSTILE = '</script><script>alert("x")</script><!-- & <img src=x onerror=alert(1)>'


class _Scripts(HTMLParser):
    """Collects each element's tag, attributes and (for scripts) text."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((dict(attrs), ""))

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None


def parse(page: str) -> _Scripts:
    parser = _Scripts()
    parser.feed(page)
    return parser


def test_vendored_versions_match_the_files() -> None:
    bundle = charts.javascript_bundle()
    assert f'var n="{charts.VEGA_VERSIONS["vega-lite"]}"' in bundle
    assert f't.version="{charts.VEGA_VERSIONS["vega"]}"' in bundle
    assert f'const hn="{charts.VEGA_VERSIONS["vega-embed"]}"' in bundle
    assert len(bundle) > 500_000


def test_bundle_cannot_end_its_script_element_and_names_no_source_map() -> None:
    bundle = charts.javascript_bundle()
    assert "</script" not in bundle.lower()
    assert "<!--" not in bundle
    assert "sourceMappingURL" not in bundle


def test_licences_are_shipped() -> None:
    folder = Path(charts.__file__).parent / "assets" / "vega"
    for name in charts.VEGA_VERSIONS:
        text = (folder / f"LICENSE-{name}.txt").read_text(encoding="utf-8")
        assert "Redistribution and use in source and binary forms" in text


@pytest.mark.parametrize("text", [HOSTILE, "a\u2028b", "x & y > z"])
def test_script_json_round_trips_and_hides_markup(text: str) -> None:
    encoded = charts.script_json({"title": text, "n": [1, 2.5, None]})
    assert "<" not in encoded and ">" not in encoded and "&" not in encoded
    assert "\u2028" not in encoded
    assert json.loads(encoded) == {"title": text, "n": [1, 2.5, None]}


def test_script_json_refuses_nan() -> None:
    with pytest.raises(ValueError):
        charts.script_json({"v": float("nan")})


def test_chart_page_escapes_titles_and_keeps_one_script_per_element() -> None:
    page = page_module.chart_page([SPEC, SPEC], title=HOSTILE, captions=[HOSTILE, "ok"])
    parsed = parse(page)
    # Exactly our three scripts: the specs (JSON, not run), the bundle and the runtime.
    kinds = [attrs.get("type") for attrs, _ in parsed.scripts]
    assert kinds == ["application/json", None, None]
    assert "alert" not in parsed.scripts[1][1][:100]
    specs = json.loads(parsed.scripts[0][1])["specs"]
    assert list(specs) == ["chart-1", "chart-2"]
    assert specs["chart-1"] == SPEC
    # The hostile title appears only escaped.
    assert "<img" not in page.split('<script type="application/json"')[0]
    assert "&lt;/script&gt;" in page
    assert not [t for t, a in parsed.elements if t == "img"]


def test_chart_page_loads_nothing_from_outside() -> None:
    page = page_module.chart_page([SPEC], title="t")
    for tag, attrs in parse(page).elements:
        for name in ("src", "href"):
            value = attrs.get(name) or ""
            assert not re.match(r"\s*(https?:)?//", value), (tag, name, value)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp is not None
    policy = html.unescape(csp.group(1))
    assert "default-src 'none'" in policy
    assert "connect-src 'none'" in policy
    assert "unsafe-eval" not in policy and "'unsafe-inline'" not in policy.split("style-src")[0]


def test_csp_hashes_are_those_of_the_inline_scripts() -> None:
    page = page_module.chart_page([SPEC], title="t")
    parsed = parse(page)
    run = [text for attrs, text in parsed.scripts if attrs.get("type") is None]
    policy = page_module.content_security_policy([charts.runtime_js()])
    for text in run:
        assert charts.script_hash(text) in policy
    assert charts.script_hash("alert(1)") not in policy


def test_captions_must_match_specs() -> None:
    with pytest.raises(ValueError, match="one entry per spec"):
        page_module.chart_page([SPEC], title="t", captions=["a", "b"])


@pytest.mark.browser
@needs_chromium
def test_chart_page_draws_svg_offline_without_console_errors(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        page_module.chart_page([SPEC, SPEC], title=HOSTILE, captions=[HOSTILE, "two"]),
        encoding="utf-8",
    )
    loaded = load(page)
    assert loaded.dom.count('data-rendered="1"') == 2, loaded.log[-2000:]
    assert loaded.dom.count("<svg") >= 2
    assert not loaded.console, loaded.console


COMPACT = {
    "data": {"values": {"$table": {"columns": ["x", "y"], "rows": [[1, 2], [2, 5], [3]]}}},
    "layer": [{"$use": "line"}, {"$use": "points"}],
}
SHARED = {
    "line": {
        "mark": "line",
        "encoding": {
            "x": {"field": "x", "type": "quantitative"},
            "y": {"field": "y", "type": "quantitative"},
        },
    },
    "points": {
        "mark": "point",
        "encoding": {
            "x": {"field": "x", "type": "quantitative"},
            "y": {"field": "y", "type": "quantitative"},
        },
    },
}


def test_specs_json_carries_shared_fragments_and_config() -> None:
    payload = json.loads(charts.specs_json({"a": COMPACT}, config={"font": "x"}, shared=SHARED))
    assert payload == {"config": {"font": "x"}, "shared": SHARED, "specs": {"a": COMPACT}}


@pytest.mark.browser
@needs_chromium
def test_shared_fragments_and_tables_are_expanded_in_the_page(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(page_module.chart_page([COMPACT], title="t", shared=SHARED), encoding="utf-8")
    loaded = load(page)
    assert 'data-rendered="1"' in loaded.dom, loaded.log[-2000:]
    svg = loaded.dom.split("<svg", 1)[1]
    assert svg.count('role="graphics-symbol"') >= 2  # the line and the points were drawn
    assert not loaded.console, loaded.console


@pytest.mark.browser
@needs_chromium
def test_long_pages_draw_lazily_then_everything(tmp_path: Path) -> None:
    count = charts.EAGER_CHARTS + 20
    page = tmp_path / "long.html"
    page.write_text(page_module.chart_page([SPEC] * count, title="long"), encoding="utf-8")
    loaded = load(page, budget_ms=30_000)
    assert loaded.dom.count('data-rendered="1"') == count, loaded.log[-2000:]
    assert f'data-charts-drawn="{count}"' in loaded.dom
    assert 'role="status"' not in loaded.dom  # the progress note is gone when done
    assert not loaded.console, loaded.console


def test_public_names_exist_and_import_is_cheap() -> None:
    import subprocess
    import sys

    for name in charts.__all__:
        assert hasattr(charts, name), name
    code = (
        "import sys, backwards.charts; "
        "print(sorted(m for m in ('jinja2', 'duckdb', 'json', 'hashlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
