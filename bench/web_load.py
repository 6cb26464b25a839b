"""The web app under load: USERS concurrent people browsing for SECONDS against a workspace
with 10,000 commitments and a 100-block deck, on 127.0.0.1; it stops by itself.

``backwards serve`` runs in a subprocess (SQLite) with ``--workers`` = the CPU count (the
production setting docs/web.md recommends; ``BENCH_WEB_WORKERS`` changes it, 1 for the old
single-worker figures). Each virtual person signs in
once (a real session), then loops without pause over the list pages (their commitments, a
teammate's, the people, the commitments API) and the deck (the decks page and the deck itself,
cached after the first build). Printed: requests, errors, and the p50/p95/max latency per
group. The issue's targets: no errors, p95 at most 300 ms for the cached deck and at most
100 ms for the list pages.

``python -m bench web_load`` (slow: a minute or two); ``BENCH_WEB_USERS``,
``BENCH_WEB_SECONDS`` and ``BENCH_WEB_WORKERS`` change the defaults (50 people, 60 s, one
worker a CPU).
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


def _serve(workspace: Path, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    exe = Path(sys.executable).with_name("backwards")
    command = ["serve", "--workspace", str(workspace), "--port", str(port)]
    process = subprocess.Popen(
        [str(exe), *command, "--workers", str(workers)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(base + "/health", timeout=1):
                return process, base
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("backwards serve did not start") from None
            time.sleep(0.05)


async def _sign_in(client: httpx.AsyncClient, name: str) -> bool:
    form = await client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    if token is None:
        return False
    data = {"username": name, "password": PASSWORD, "csrf_token": token.group(1)}
    return (await client.post("/login", data=data)).status_code == 303


async def _person(
    client: httpx.AsyncClient,
    teammate: str,
    until: float,
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


async def _browse(
    base: str, names: list[str], seconds: float
) -> tuple[dict[str, list[float]], list[str]]:
    """Everyone signs in first (argon2 on purpose: not part of the browsing figures), then
    browses for ``seconds``."""
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
        until = time.monotonic() + seconds
        tasks = []
        for client, name in zip(clients, names, strict=True):
            mates = [m for m in names if teams[m] == teams[name] and m != name] or [name]
            tasks.append(_person(client, random.choice(mates), until, seen, errors))
        await asyncio.gather(*tasks)
    finally:
        for client in clients:
            await client.aclose()
    return seen, errors


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


def main() -> None:
    users = int(os.environ.get("BENCH_WEB_USERS", "50"))
    seconds = float(os.environ.get("BENCH_WEB_SECONDS", "60"))
    workers = int(os.environ.get("BENCH_WEB_WORKERS", str(os.cpu_count() or 1)))
    random.seed(0)
    with tempfile.TemporaryDirectory() as folder:
        workspace, names = _workspace(Path(folder), users)
        process, base = _serve(workspace, workers)
        try:
            urllib.request.urlopen(f"{base}/health").read()
            # the deck is built by the first request to it (then cached): warm it once
            warm = httpx.Client(base_url=base, follow_redirects=False)
            form = warm.get("/login")
            token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
            assert token
            warm.post(
                "/login",
                data={"username": names[0], "password": PASSWORD, "csrf_token": token.group(1)},
            )
            started = time.perf_counter()
            assert warm.get(f"/decks/{WEEK}/deck.html", timeout=300).status_code == 200
            build = time.perf_counter() - started
            # each worker keeps its own cache: fresh connections (each to any worker) warm
            # the others, the deck and the decks page
            for _ in range(4 * workers if workers > 1 else 0):
                with httpx.Client(base_url=base, cookies=warm.cookies, timeout=300) as other:
                    for path in (f"/decks/{WEEK}/deck.html", f"/decks?week={WEEK}"):
                        assert other.get(path).status_code == 200
            warm.close()
            server_cpu, client_cpu = _tree_cpu(process.pid), _self_cpu()
            seen, errors = asyncio.run(_browse(base, names, seconds))
            server_cpu = _tree_cpu(process.pid) - server_cpu
            client_cpu = _self_cpu() - client_cpu
        finally:
            process.terminate()
            process.wait(timeout=30)
    load = os.getloadavg()[0]  # the last minute: the browsing
    total = sum(len(seen.get(group, [])) for group in ("list", "deck"))
    print(
        f"{users} people, {seconds:g} s, {COMMITMENTS} commitments, a {BLOCKS}-block deck "
        f"(first build {build:.1f} s), {workers} worker{'s' if workers != 1 else ''}; "
        f"load average {load:.1f} on {os.cpu_count()} cores"
    )
    print(f"requests {total} ({total / seconds:.0f}/s), errors {len(errors)}")
    each = 1000 / max(total, 1)
    print(
        f"CPU while browsing: server {server_cpu:.1f} s ({server_cpu * each:.1f} ms a request), "
        f"this load generator {client_cpu:.1f} s ({client_cpu * each:.1f} ms a request)"
    )
    print(f"{'group or page':<28} {'requests':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for group in sorted(seen, key=lambda g: (g not in ("list", "deck"), g)):
        values = seen[group]
        if values:
            print(
                f"{group:<28} {len(values):>9} {statistics.median(values) * 1000:>8.0f} "
                f"{_pct(values, 0.95) * 1000:>8.0f} {max(values) * 1000:>8.0f}"
            )
    for error in errors[:5]:
        print("  error:", error)


if __name__ == "__main__":
    main()
