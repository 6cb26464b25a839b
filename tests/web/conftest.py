"""The web app over a copy of the demo workspace, with four people:
ana (leader of Growth), bo (member of Growth), cy (member of Finance), root (admin)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from backwards import people
from backwards.features import open_workspace
from backwards.web import WebSettings, create_app

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo"
PASSWORD = "correct horse battery"
# Two hours before the real time: the ledger records its own entry time and refuses an outcome
# dated after the day it is entered, so the test clock stays at or before the real one. It
# stays on the real day, too: just after midnight UTC, two hours back was yesterday, and a
# revision told "yesterday" of a commitment entered today (the real time) does not count.
_NOW = datetime.now(UTC).replace(second=0, microsecond=0)
START = max(_NOW - timedelta(hours=2), _NOW.replace(hour=0, minute=0))
USERS = (
    ("ana", "leader", "Growth"),
    ("bo", "member", "Growth"),
    ("cy", "member", "Finance"),
    ("root", "admin", None),
)


@dataclass
class Clock:
    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


def make_workspace(folder: Path) -> Path:
    """A copy of the demo workspace (no database) with the four people."""
    shutil.copytree(DEMO, folder, ignore=shutil.ignore_patterns(".backwards", "out"))
    with people.open(open_workspace(folder)) as directory:
        for name, role, team in USERS:
            directory.add(name, role, team=team, password=PASSWORD, by="setup", at=START)
    return folder


@pytest.fixture(scope="session")
def _template_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("web") / "demo")


@pytest.fixture
def workspace(_template_workspace: Path, tmp_path: Path) -> Path:
    """A fresh copy per test (the people added once per session: argon2 is slow on purpose)."""
    folder = tmp_path / "demo"
    shutil.copytree(_template_workspace, folder)
    return folder


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def client(workspace: Path, clock: Clock) -> Iterator[TestClient]:
    app = create_app(WebSettings(workspace=workspace), clock=clock)
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


def login_csrf(client: TestClient) -> str:
    page = client.get("/login")
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


def sign_in(client: TestClient, name: str = "ana", password: str = PASSWORD) -> str:
    """Sign in; returns the page's CSRF token."""
    response = client.post(
        "/login",
        data={"username": name, "password": password, "csrf_token": login_csrf(client)},
    )
    assert response.status_code == 303, response.text
    return csrf_of(client)


def csrf_of(client: TestClient, path: str = "/") -> str:
    page = client.get(path)
    assert page.status_code == 200, page.text
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(folder: Path, log: Path, port: int, extra: dict[str, str]) -> Iterator[str]:
    """``backwards serve`` of ``folder`` on ``port`` (``extra`` added to its environment)."""
    exe = Path(sys.executable).with_name("backwards")
    env = {k: v for k, v in os.environ.items() if not k.startswith("BACKWARDS_")}
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [str(exe), "serve", "--workspace", str(folder), "--port", str(port)],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env={**env, **extra},
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = log.read_text(errors="replace")
                    pytest.fail(f"backwards serve did not start:\n{output}")
                time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
