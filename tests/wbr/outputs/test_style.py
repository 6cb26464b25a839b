"""Row styles: only plain presentation CSS survives."""

from __future__ import annotations

import pytest

from backwards.wbr.outputs.style import safe_style


@pytest.mark.parametrize(
    ("style", "kept"),
    [
        (
            "font-weight: bold; background-color: white;text-align:left;",
            "font-weight: bold; background-color: white; text-align: left",
        ),
        ("color: rgb(1, 2, 3)", "color: rgb(1, 2, 3)"),
        ("COLOR: #FFF", "color: #FFF"),
        ("background-color: url(https://evil.test/x.png)", ""),
        ("background: red", ""),  # shorthand could carry url(); not allowed
        ("color: expression(alert(1))", ""),
        ("color: var(--x)", ""),
        ("color: red\\9", ""),
        ("font-weight: bold; }</style><script>alert(1)</script>", "font-weight: bold"),
        ("@import 'x.css'; color: red", "color: red"),
        ("color", ""),
        ("", ""),
        (None, ""),
        ("color: red;" * 100, ""),  # too long to be a real row style
    ],
)
def test_safe_style(style: str | None, kept: str) -> None:
    assert safe_style(style) == kept
