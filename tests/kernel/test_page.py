"""backwards.page: one base layout, one Jinja2 environment, one Content-Security-Policy."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest

from backwards import page
from backwards.charts import runtime_js, script_hash

SRC = Path(page.__file__).resolve().parent
HOSTILE = '</script><img src=x onerror="alert(1)">'
SPEC = {"mark": "bar", "data": {"values": [{"a": 1}]}}


def test_only_one_file_holds_a_content_security_policy() -> None:
    holders = sorted(
        str(path.relative_to(SRC))
        for path in SRC.rglob("*")
        if path.suffix in {".py", ".j2"}
        and "default-src" in path.read_text(encoding="utf-8")
        # The trust report is converted by its owner (issue 8); then this line goes.
        and path.name != "trust_html.py"
    )
    assert holders == ["page.py"]


def test_a_page_without_charts_runs_no_script() -> None:
    text = page.render_page("backwards/chart_page.html.j2", title=HOSTILE, figures=[])
    policy = html.unescape(re.search(r'Security-Policy" content="([^"]+)"', text).group(1))  # type: ignore[union-attr]
    assert "script-src 'none'" in policy
    assert "frame-src 'none'" in policy
    assert "<script" not in text
    assert "<img" not in text and "&lt;/script&gt;" in text


def test_the_policy_allows_exactly_the_chart_scripts_and_the_frames_given() -> None:
    policy = page.content_security_policy([runtime_js()], frames=["https:"])
    assert script_hash(runtime_js()) in policy
    assert "frame-src https:" in policy
    assert "font-src data:" in policy
    assert script_hash("alert(1)") not in policy


def test_templates_are_autoescaped_and_undefined_names_fail() -> None:
    env = page.environment()
    assert env is page.environment()
    assert html.unescape(env.from_string("{{ x }}").render(x=HOSTILE)) == HOSTILE
    assert "<" not in env.from_string("{{ x }}").render(x=HOSTILE)
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ nope }}").render()


@pytest.mark.parametrize(
    "name",
    ["page.html.j2", "backwards/../config.py", "backwards/nope.html.j2", "no_such_pkg/x.j2"],
)
def test_template_names_are_package_and_file(name: str) -> None:
    with pytest.raises(jinja2.TemplateNotFound):
        page.environment().get_template(name)


class _Frame(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.attrs: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "iframe":
            self.attrs = dict(attrs)


def test_iframe_srcdoc_keeps_the_page_and_its_policy() -> None:
    text = page.chart_page([SPEC], title=HOSTILE)
    frame = page.iframe_srcdoc(text, title=HOSTILE, height=300)
    assert frame.startswith("<iframe ") and frame.endswith("</iframe>")
    parser = _Frame()
    parser.feed(frame)
    assert parser.attrs["srcdoc"] == text  # the whole page, policy and scripts included
    assert parser.attrs["sandbox"] == "allow-scripts"
    assert parser.attrs["title"] == HOSTILE
    assert "<img" not in frame
