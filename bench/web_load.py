"""The web app under load: USERS concurrent people browsing for SECONDS against a workspace
with 10,000 commitments and a 100-block deck, on 127.0.0.1; it stops by itself.

``backwards serve`` runs in a subprocess (SQLite) with ``--workers`` = the CPU count (the
production setting docs/web.md recommends; ``BENCH_WEB_WORKERS`` changes it). Its start-up
(the command to the first 200 on /health, over this workspace) is printed. Each virtual person
signs in once per run (a real session), then clicks through the list pages (their
commitments, a teammate's, the people, the commitments API) and the deck (the decks page and
the deck itself, cached after the first build), a page chosen at random each time.

Two runs against the same server:

- **browsing** (the issue's figure): after each page a person pauses to read it for a random
  THINK_MIN-THINK_MAX seconds (uniform; 1-5 s, the ``wait_time = between(1, 5)`` of Locust's
  own "realistic" example in its documentation, chosen before measuring), and each starts
  after such a pause (not all at the same instant);
- **saturation**: nobody pauses (a closed loop of USERS requests always in flight): the most
  the server answers a second; its latency is about USERS / throughput (Little's law).

Printed per run: requests, errors, and the p50/p95/max latency per group (the list pages; the
cached deck and the decks page) and per page, the CPU the server and this load generator used,
and the load average. The issue's targets: no errors, p95 at most 300 ms for the cached deck
and at most 100 ms for the list pages.

``python -m bench web_load`` (slow: about three minutes); ``BENCH_WEB_USERS``,
``BENCH_WEB_SECONDS``, ``BENCH_WEB_WORKERS`` and ``BENCH_WEB_THINK`` (``MIN,MAX`` seconds)
change the defaults (50 people, 60 s a run, one worker a CPU, 1,5).
"""

from __future__ import annotations

import asyncio
import csv
import os
import random
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx

from backwards import ledger, people
from backwards.features import open_workspace

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"
COMMITMENTS = 10_000
BLOCKS = 100
PASSWORD = "load test passphrase"
WEEK = "2026-11-21"
THINK = (1.0, 5.0)  # seconds a person reads a page: Locust's documented between(1, 5)
#: The issue's targets: p95 latency per group, in seconds.
TARGETS = {"list": 0.100, "deck": 0.300}


def _hundred_blocks(config: Path) -> int:
    """Make the demo config's deck ``BLOCKS`` blocks long (its own blocks, repeated)."""
    text = config.read_text(encoding="utf-8")
    head, deck = text.split("\ndeck:\n", 1)
    blocks = ["  - block:" + b for b in deck.split("  - block:")[1:]]
    many = [blocks[i % len(blocks)].rstrip("\n") + "\n" for i in range(BLOCKS)]
    config.write_text(head + "\ndeck:\n" + "\n".join(many), encoding="utf-8")
    return len(many)


def _workspace(folder: Path, users: int) -> tuple[Path, list[str]]:
    workspace = folder / "demo"
    shutil.copytree(DEMO, workspace, ignore=shutil.ignore_patterns(".backwards", "out"))
    _hundred_blocks(workspace / "wbr" / "wbr.yaml")
    names = [f"pm{i:02d}" for i in range(users)]
    now = datetime.now(UTC) - timedelta(days=1)
    ws = open_workspace(workspace)
    with people.open(ws) as directory:
        for i, name in enumerate(names):
            directory.add(name, "member", team=f"Team{i % 5}", password=PASSWORD, by="load", at=now)
    rows = folder / "commitments.csv"
    with rows.open("w", newline="", encoding="utf-8") as sink:
        writer = csv.writer(sink)
        writer.writerow(["id", "owner", "statement", "due", "made_at"])
        for i in range(1, COMMITMENTS + 1):
            due = date(2026, 1, 1) + timedelta(days=i % 700)
            made = datetime(2025, 12, 1, tzinfo=UTC) + timedelta(minutes=i)
            owner = names[i % len(names)]
            writer.writerow([i, owner, f"Commitment {i} of {owner}", due, made.isoformat()])
    with ledger.open(ws) as book:
        book.import_file(rows, by="load")
    return workspace, names


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(workspace: Path, workers: int) -> tuple[subprocess.Popen[bytes], str, float]:
    """``backwards serve`` over ``workspace``, its address, and the seconds from the command
    to its first 200 on /health (bytecode caches allowed, as ``bench web`` times it)."""
    port = _free_port()
    exe = Path(sys.executable).with_name("backwards")
    command = ["serve", "--workspace", str(workspace), "--port", str(port)]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(exe), *command, "--workers", str(workers)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(base + "/health", timeout=1):
                return process, base, time.perf_counter() - started
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("backwards serve did not start") from None
            time.sleep(0.01)


async def _sign_in(client: httpx.AsyncClient, name: str) -> bool:
    form = await client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    if token is None:
        return False
    data = {"username": name, "password": PASSWORD, "csrf_token": token.group(1)}
    return (await client.post("/login", data=data)).status_code == 303


async def _pause(think: tuple[float, float] | None, until: float) -> None:
    """A person reading the page: a random pause in ``think`` (none when None), cut short at
    the end of the run."""
    if think is not None:
        await asyncio.sleep(max(0.0, min(random.uniform(*think), until - time.monotonic())))


async def _person(
    client: httpx.AsyncClient,
    teammate: str,
    until: float,
    think: tuple[float, float] | None,
    seen: dict[str, list[float]],
    errors: list[str],
) -> None:
    pages = [
        ("list", "/ledger"),
        ("list", f"/ledger?owner={teammate}"),
        ("list", "/people"),
        ("list", "/api/v1/commitments"),
        ("deck", f"/decks?week={WEEK}"),
        ("deck", f"/decks/{WEEK}/deck.html"),
    ]
    await _pause(think, until)  # people arrive spread out, as after reading something else
    while time.monotonic() < until:
        group, path = random.choice(pages)
        start = time.perf_counter()
        try:
            response = await client.get(path)
        except httpx.HTTPError as exc:
            errors.append(f"{path}: {exc!r}")
            continue
        took = time.perf_counter() - start
        seen.setdefault(group, []).append(took)
        seen.setdefault(path.split("?")[0] + ("?owner" if "owner=" in path else ""), []).append(
            took
        )
        if response.status_code != 200:
            errors.append(f"{path}: {response.status_code}")
        await _pause(think, until)


async def _browse(
    base: str, names: list[str], seconds: float, think: tuple[float, float] | None, pid: int
) -> tuple[dict[str, list[float]], list[str], tuple[float, float]]:
    """Everyone signs in first (argon2 on purpose: not part of the browsing figures), then
    browses for ``seconds``, pausing ``think`` seconds after each page (None: never). Also
    the CPU seconds the server (process ``pid`` and its workers) and this process used while
    browsing."""
    seen: dict[str, list[float]] = {}
    errors: list[str] = []
    teams = {n: i % 5 for i, n in enumerate(names)}
    clients = [httpx.AsyncClient(base_url=base, timeout=60) for _ in names]
    try:
        gate = asyncio.Semaphore(4)

        async def sign(client: httpx.AsyncClient, name: str) -> None:
            async with gate:
                if not await _sign_in(client, name):
                    errors.append(f"sign-in {name}")

        await asyncio.gather(*(sign(c, n) for c, n in zip(clients, names, strict=True)))
        cpu = _tree_cpu(pid), _self_cpu()
        until = time.monotonic() + seconds
        tasks = []
        for client, name in zip(clients, names, strict=True):
            mates = [m for m in names if teams[m] == teams[name] and m != name] or [name]
            tasks.append(_person(client, random.choice(mates), until, think, seen, errors))
        await asyncio.gather(*tasks)
        cpu = _tree_cpu(pid) - cpu[0], _self_cpu() - cpu[1]
    finally:
        for client in clients:
            await client.aclose()
    return seen, errors, cpu


def _tree_cpu(pid: int) -> float:
    """CPU seconds used so far by process ``pid`` and its descendants (the server's workers),
    from /proc (Linux; 0 elsewhere)."""
    stats: dict[int, tuple[int, float]] = {}
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = entry.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        stats[int(entry.parent.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    tree, total = {pid}, 0.0
    for _ in range(3):  # the server, its workers, anything they start
        tree |= {child for child, (parent, _) in stats.items() if parent in tree}
    for member in tree:
        total += stats.get(member, (0, 0.0))[1]
    return total


def _self_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@dataclass
class Run:
    """One run's figures."""

    name: str
    think: tuple[float, float] | None
    seen: dict[str, list[float]]
    errors: list[str]
    server_cpu: float
    client_cpu: float
    load: float

    @property
    def requests(self) -> int:
        return sum(len(self.seen.get(group, [])) for group in TARGETS)


def _run(
    name: str,
    base: str,
    pid: int,
    names: list[str],
    seconds: float,
    think: tuple[float, float] | None,
) -> Run:
    seen, errors, (server_cpu, client_cpu) = asyncio.run(_browse(base, names, seconds, think, pid))
    return Run(
        name,
        think,
        seen,
        errors,
        server_cpu,
        client_cpu,
        os.getloadavg()[0],  # the last minute: mostly this run
    )


def _warm(base: str, name: str, workers: int) -> float:
    """Build the deck (its first request), then warm every worker's cache; the build's
    seconds."""
    warm = httpx.Client(base_url=base, follow_redirects=False)
    form = warm.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token
    warm.post("/login", data={"username": name, "password": PASSWORD, "csrf_token": token[1]})
    started = time.perf_counter()
    assert warm.get(f"/decks/{WEEK}/deck.html", timeout=300).status_code == 200
    build = time.perf_counter() - started
    # each worker keeps its own cache: fresh connections (each to any worker) warm the others,
    # the deck and the decks page
    for _ in range(4 * workers if workers > 1 else 0):
        with httpx.Client(base_url=base, cookies=warm.cookies, timeout=300) as other:
            for path in (f"/decks/{WEEK}/deck.html", f"/decks?week={WEEK}"):
                assert other.get(path).status_code == 200
    warm.close()
    return build


def _think() -> tuple[float, float]:
    text = os.environ.get("BENCH_WEB_THINK", "")
    if not text:
        return THINK
    low, high = (float(x) for x in text.split(","))
    return low, high


def _report(runs: list[Run], seconds: float) -> None:
    ms = 1000
    head = f"{'run':<24} {'req/s':>6} {'errors':>6} {'server ms/req':>13}"
    print(f"{head} {'p95 lists':>10} {'p95 deck':>9} {'load*':>5}  targets (100 / 300 ms)")
    for run in runs:
        total = run.requests
        p95 = {group: _pct(run.seen.get(group, [0.0]), 0.95) for group in TARGETS}
        met = all(p95[g] <= TARGETS[g] for g in TARGETS) and not run.errors
        label = run.name + (f" ({run.think[0]:g}-{run.think[1]:g} s)" if run.think else "")
        print(
            f"{label:<24} {total / seconds:>6.1f} {len(run.errors):>6} "
            f"{run.server_cpu * ms / max(total, 1):>13.1f} {p95['list'] * ms:>8.0f}ms "
            f"{p95['deck'] * ms:>7.0f}ms {run.load:>5.1f}  {'met' if met else 'NOT met'}"
        )
    print("* the 1-minute load average at the end of the run, this bench's own work included")
    for run in runs:
        total = run.requests
        print(
            f"\n{run.name}: {total} requests in {seconds:g} s; CPU: server {run.server_cpu:.1f} s, "
            f"this load generator {run.client_cpu:.1f} s"
        )
        print(f"{'group or page':<28} {'requests':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for group in sorted(run.seen, key=lambda g: (g not in TARGETS, g)):
            values = run.seen[group]
            print(
                f"{group:<28} {len(values):>9} {statistics.median(values) * ms:>8.0f} "
                f"{_pct(values, 0.95) * ms:>8.0f} {max(values) * ms:>8.0f}"
            )
        for error in run.errors[:5]:
            print("  error:", error)


def main() -> None:
    users = int(os.environ.get("BENCH_WEB_USERS", "50"))
    seconds = float(os.environ.get("BENCH_WEB_SECONDS", "60"))
    workers = int(os.environ.get("BENCH_WEB_WORKERS", str(os.cpu_count() or 1)))
    think = _think()
    random.seed(0)
    before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as folder:
        workspace, names = _workspace(Path(folder), users)
        process, base, start = _serve(workspace, workers)
        try:
            build = _warm(base, names[0], workers)
            runs = [
                _run("browsing", base, process.pid, names, seconds, think),
                _run("saturation (no pause)", base, process.pid, names, seconds, None),
            ]
        finally:
            process.terminate()
            process.wait(timeout=30)
    print(
        f"{users} people, {seconds:g} s a run, {COMMITMENTS:,} commitments, a {BLOCKS}-block "
        f"deck (first build {build:.1f} s), {workers} worker{'s' if workers != 1 else ''} "
        f"on {os.cpu_count()} cores; load average {before:.1f} before"
    )
    print(
        f"backwards serve --workers {workers}: {start:.2f} s from the command to the first 200 "
        "on /health (bench web times the default, one worker)"
    )
    _report(runs, seconds)


if __name__ == "__main__":
    main()
