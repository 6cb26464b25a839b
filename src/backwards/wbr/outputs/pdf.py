"""The WBR deck as PDF (``--format pdf``): the HTML deck printed by headless Chromium.

Chromium is found as ``$BACKWARDS_CHROMIUM``, else ``chromium`` (Debian's package),
``chromium-browser`` or ``google-chrome`` on ``PATH``. It runs offline: every host name
resolves to nothing and every request goes to a dead proxy, so the printed deck is exactly the
self-contained page. Paper: A4 (default) or Letter, set by the page's ``@page`` rule. The PDF is
written next to its target and renamed into place, so a failed print leaves no file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from backwards.atomicfile import write_atomic
from backwards.errors import InputError
from backwards.wbr.deck import Deck
from backwards.wbr.outputs.html import render_html

__all__ = ["PAPERS", "chromium", "write_pdf"]

PAPERS = ("A4", "Letter")
_NAMES = ("chromium", "chromium-browser", "google-chrome")
_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
    "--no-pdf-header-footer",
    "--virtual-time-budget=20000",
)


def chromium() -> str:
    """The browser to print with; ``InputError`` naming the package when there is none."""
    env = os.environ.get("BACKWARDS_CHROMIUM", "").strip()
    if env:
        if Path(env).is_file():
            return env
        raise InputError(
            f"BACKWARDS_CHROMIUM names {env}, which does not exist",
            hint="Point it at a Chromium executable, or unset it to use chromium on PATH.",
        )
    for name in _NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise InputError(
        "printing a PDF needs headless Chromium, which is not installed",
        hint="Install Debian's chromium package (sudo apt-get install chromium), or write "
        "--format html and print it from a browser.",
    )


def write_pdf(deck: Deck, path: Path, *, paper: str = "A4", timeout: float = 300) -> Path:
    """Print ``deck`` to ``path`` on ``paper`` (A4 or Letter); returns ``path``."""
    if paper not in PAPERS:
        raise ValueError(f"unknown paper {paper!r}; choose one of {', '.join(PAPERS)}")
    exe = chromium()
    with tempfile.TemporaryDirectory(prefix="backwards-pdf-") as work:
        page = Path(work) / "deck.html"
        page.write_text(render_html(deck, paper=paper), encoding="utf-8")
        printed = Path(work) / "deck.pdf"
        profile = Path(work) / "profile"
        try:
            result = subprocess.run(
                [
                    exe,
                    *_FLAGS,
                    f"--user-data-dir={profile}",
                    f"--print-to-pdf={printed}",
                    page.as_uri(),
                ],
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise InputError(f"Chromium did not print the deck within {timeout:.0f} s") from None
        if not printed.is_file() or printed.stat().st_size == 0:
            last = (result.stderr.strip().splitlines() or ["no output"])[-1]
            raise InputError(f"Chromium could not print the deck: {last}")
        write_atomic(path, printed.read_bytes())
    return path
