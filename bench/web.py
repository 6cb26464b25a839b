"""Web app start-up: the two candidate frameworks (Starlette, FastAPI) importing and building a
30-route app, and ``backwards serve`` from the command to its first 200 on /health (bytecode
caches allowed, one warm-up run, each run interleaved with a ``python -c pass`` so the noise
of a shared machine shows beside it; the load average is printed).

Each figure is the median of RUNS whole processes (cold imports every time; the OS file cache
is warm). FastAPI is measured only when it is installed (it is not a dependency: the figures
that chose Starlette are in docs/web.md).
"""

from __future__ import annotations

import importlib.util
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

RUNS = 7
START_TARGET = 2.0  # seconds from the command to the first answer (the target)
DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"

STARLETTE = """
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route
async def page(request): return HTMLResponse("x")
app = Starlette(routes=[Route(f"/r{i}", page) for i in range(30)])
"""

FASTAPI = """
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
app = FastAPI()
for i in range(30):
    @app.get(f"/r{i}", response_class=HTMLResponse)
    async def page() -> str: return "x"
app.openapi()
"""


def _time_code(code: str) -> list[float]:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, env=_child_env()
        )
        times.append(time.perf_counter() - start)
    return times


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _child_env() -> dict[str, str]:
    """The environment of the timed processes: bytecode caches allowed (a test shell sets
    PYTHONDONTWRITEBYTECODE, and then every start compiles every module again)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BACKWARDS_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _serve_once(exe: Path, workspace: Path, env: dict[str, str]) -> tuple[float, float]:
    """One ``backwards serve``: seconds from the command to the first 200 on /health, and
    the CPU seconds of the whole process (start-up and shutdown)."""
    cpu_before = _children_cpu()
    port = _free_port()
    start = time.perf_counter()
    process = subprocess.Popen(
        [str(exe), "serve", "--workspace", str(workspace), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        while True:
            try:
                url = f"http://127.0.0.1:{port}/health"
                with urllib.request.urlopen(url, timeout=1) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError("backwards serve exited") from None
                time.sleep(0.01)
        wall = time.perf_counter() - start
    finally:
        process.terminate()
        process.wait(timeout=30)
    return wall, _children_cpu() - cpu_before


def _time_serve(workspace: Path) -> tuple[list[float], list[float], list[float]]:
    """``backwards serve`` to its first answer (wall and CPU), interleaved run by run with
    ``python -c pass`` (the machine's noise floor at that moment), after one warm-up run
    that writes the bytecode caches."""
    exe = Path(sys.executable).with_name("backwards")
    env = _child_env()
    _serve_once(exe, workspace, env)  # warm-up: bytecode written, files in the OS cache
    walls: list[float] = []
    cpus: list[float] = []
    floor: list[float] = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True, env=env)
        floor.append(time.perf_counter() - start)
        wall, cpu = _serve_once(exe, workspace, env)
        walls.append(wall)
        cpus.append(cpu)
    return walls, cpus, floor


def _review_update() -> list[float]:
    """One editor update: the PR/FAQ review of a 2,000-word document (the demo's, repeated),
    in this process, as the server does it for each pause in typing."""
    from backwards import prfaq

    demo = (DEMO / "prfaq.md").read_text(encoding="utf-8")  # 980 words
    text = demo + "\n\n" + demo  # about 2,000 words
    prfaq.review_text(text, path="draft.md")  # rules compiled once per process
    times = []
    for i in range(RUNS * 3):  # each update a new text, as when typing (no cached result)
        edited = f"{text}\n\nEdit number {i}.\n"
        start = time.perf_counter()
        prfaq.review_text(edited, path="draft.md")
        times.append(time.perf_counter() - start)
    return times


def _row(label: str, times: list[float]) -> None:
    print(f"{label:<44} {statistics.median(times):>9.3f} {min(times):>7.3f} {max(times):>7.3f}")


def main() -> None:
    print(f"{'start-up (whole process)':<44} {'median s':>9} {'min s':>7} {'max s':>7}")
    _row("python -c pass", _time_code("pass"))
    _row("Starlette: import + 30-route app", _time_code(STARLETTE))
    if importlib.util.find_spec("fastapi") is not None:
        _row("FastAPI: import + 30-route app + OpenAPI", _time_code(FASTAPI))
    else:
        print("FastAPI: not installed (pip install fastapi to compare)")
    _row("PR/FAQ editor update: review of ~2,000 words", _review_update())
    with tempfile.TemporaryDirectory() as folder:
        workspace = Path(folder) / "demo"
        shutil.copytree(DEMO, workspace, ignore=shutil.ignore_patterns(".backwards", "out"))
        subprocess.run(
            [
                str(Path(sys.executable).with_name("backwards")),
                "--workspace",
                str(workspace),
                "db",
                "upgrade",
            ],
            check=True,
            capture_output=True,
        )
        wall, cpu, floor = _time_serve(workspace)
        _row("python -c pass (interleaved with serve)", floor)
        _row("backwards serve: command to first /health", wall)
        _row("backwards serve: CPU time of the process", cpu)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average (1, 5, 15 min): {load} on {os.cpu_count()} cores")
    met = "met" if statistics.median(wall) <= START_TARGET else "NOT met"
    print(f"target: backwards serve answers within {START_TARGET:g} s (median): {met}")
