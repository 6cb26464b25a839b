"""A real headless Chromium for tests (Debian's ``chromium`` package), with the network cut.

``load(page)`` opens an HTML file, lets its scripts run, and returns the DOM after scripts plus
the console messages. Every host name resolves to nothing and every request goes to a dead
proxy, so a page that tried to fetch anything would fail visibly. Tests that use it are marked
``browser`` and skip when the browser is not installed, except under ``CI=true`` (``make test``
installs it as root: see the Makefile).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


def executable() -> str | None:
    env = os.environ.get("BACKWARDS_CHROMIUM")
    if env:  # "none" (or any missing path) turns the browser tests off
        return env if Path(env).exists() else None
    for path in CANDIDATES:
        if Path(path).exists():
            return path
    return shutil.which("chromium")


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


# Outside CI a missing browser skips these tests with a reason; under CI=true it never does, so
# a CI machine without Chromium fails loudly instead of passing on fewer tests.
needs_chromium = pytest.mark.skipif(
    executable() is None and not _in_ci(),
    reason="headless Chromium not installed (apt-get install chromium)",
)

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
]

ATTEMPTS = 3


@dataclass
class Loaded:
    dom: str
    console: list[str]
    log: str


def _attempt(cmd: list[str], timeout: float) -> subprocess.CompletedProcess[str] | None:
    """One run of the browser in its own process group; ``None`` when it hung past ``timeout``.

    ``/usr/bin/chromium`` is a shell wrapper whose children outlive it, so a timeout kills the
    whole group (``subprocess.run`` would kill the wrapper only and then wait on the children's
    pipes).
    """
    with subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as process:
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            return None
        return subprocess.CompletedProcess(cmd, process.returncode, out, err)


def _run(args: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium, again with a fresh profile if it hangs (it rarely does, on a
    loaded machine, with a virtual-time budget); fail after ``ATTEMPTS`` hangs."""
    exe = executable()
    assert exe is not None, (
        "CI=true but headless Chromium is not installed (apt-get install chromium)"
    )
    for _ in range(ATTEMPTS):
        with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
            result = _attempt([exe, *FLAGS, f"--user-data-dir={profile}", *args], timeout)
        if result is not None:
            return result
    raise AssertionError(f"headless Chromium hung {ATTEMPTS} times ({timeout:.0f} s each): {args}")


def load(page: Path, *, budget_ms: int = 8000, timeout: float = 60) -> Loaded:
    """Open ``page``, run its scripts for ``budget_ms`` of virtual time, return the DOM."""
    result = _run(
        [
            "--enable-logging=stderr",
            "--v=0",
            f"--virtual-time-budget={budget_ms}",
            "--dump-dom",
            page.resolve().as_uri(),
        ],
        timeout,
    )
    console = [
        line for line in result.stderr.splitlines() if re.search(r"CONSOLE|Refused to", line)
    ]
    return Loaded(dom=result.stdout, console=console, log=result.stderr)


def screenshot(page: Path, png: Path, *, width: int = 1200, height: int = 2400) -> None:
    """A PNG of the page's first ``height`` pixels, for a person to look at."""
    _run(
        [
            "--virtual-time-budget=8000",
            "--hide-scrollbars",
            f"--window-size={width},{height}",
            f"--screenshot={png}",
            page.resolve().as_uri(),
        ],
        90,
    )


def pdf(page: Path, out: Path) -> int:
    """Print ``page`` to ``out`` as the browser's print does; returns the number of pages."""
    _run(
        [
            "--virtual-time-budget=8000",
            "--no-pdf-header-footer",
            f"--print-to-pdf={out}",
            page.resolve().as_uri(),
        ],
        90,
    )
    counts = re.findall(rb"/Count (\d+)", out.read_bytes())
    return max((int(c) for c in counts), default=0)
