"""A Review shows itself as an HTML page in a notebook (``_repr_html_``), escaping user text."""

from __future__ import annotations

import html
import re
from pathlib import Path

from backwards.prfaq import review, review_text

HOSTILE = """# <script>alert("headline")</script> Tally is revolutionary

Tally is a revolutionary, game-changing <img src=x onerror=alert(1)> app.
"""


def _srcdoc(frame: str) -> str:
    m = re.fullmatch(
        r'<iframe title="[^"]*" sandbox="allow-scripts" [^>]*srcdoc="([^"]*)"></iframe>', frame
    )
    assert m, frame[:200]
    return html.unescape(m.group(1))


def test_repr_html_is_the_review_page_in_a_sandboxed_iframe(tmp_path: Path) -> None:
    path = tmp_path / "prfaq.md"
    path.write_text(HOSTILE, encoding="utf-8")
    r = review(path)
    page = _srcdoc(r._repr_html_())
    assert page == r.to_html()
    assert page.startswith("<!DOCTYPE html>")
    assert "Content-Security-Policy" in page and "script-src 'none'" in html.unescape(page)
    assert r.verdict.overall in page
    for part in r.verdict.parts:
        assert html.escape(part.label) in page
    assert r.findings
    for f in r.findings:
        assert f.code in page
        assert html.escape(f.message, quote=False).split("'")[0] in page


def test_user_text_is_escaped_in_the_page() -> None:
    page = review_text(HOSTILE, path="<b>draft</b>.md").to_html()
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert "<b>draft</b>" not in page
    assert "&lt;b&gt;draft&lt;/b&gt;" in page


def test_a_review_without_findings_says_so() -> None:
    r = review_text("# T\n\nBody.\n", select=["L01"])
    assert r.findings == []
    assert "No findings." in r.to_html()
