"""``wbr.spark_master: sc://...``: a deck computed through a real Spark Connect server equals the
DuckDB deck (issue 10, point 3).

The server is pyspark's own (its jars hold ``SparkConnectServer``: nothing is downloaded),
started on a free port of 127.0.0.1 in its own process group and killed whole afterwards. The
client is a separate ``backwards`` process: pyspark switches a whole process to Connect mode
once it opens a Connect session, which would change the classic session the other Spark tests
share. Needs Java 17 and ``backwards[connect]`` (the dev lock has it).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from backwards.wbr import build
from tests.ci import missing
from tests.wbr.conftest import compat_dir
from tests.wbr.test_database import _deck_json, _numbers_equal

pytestmark = pytest.mark.xdist_group("spark")

#: Seconds the server may take to listen (a JVM start on a loaded machine).
START_SECONDS = 120
SERVER_CLASS = "org.apache.spark.sql.connect.service.SparkConnectServer"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _stop(server: subprocess.Popen[bytes]) -> None:
    """The server's whole process group: SIGTERM, then SIGKILL after 20 s."""
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:
            return
        try:
            server.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="module")
def connect_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Spark Connect server of pyspark's jars on ``local[1]``; its ``sc://`` URL."""
    if shutil.which("java") is None or importlib.util.find_spec("pyspark") is None:
        missing("Java 17 and pyspark for the Spark Connect test", "make .venv/.installed-dev")
    absent = [m for m in ("grpc", "grpc_status", "pyarrow", "zstandard")
              if importlib.util.find_spec(m) is None]  # fmt: skip
    if absent:
        missing("pyspark's connect extra", "pip install 'backwards[connect]'")
    import pyspark

    home = Path(pyspark.__file__).parent
    jars = sorted((home / "jars").glob("spark-connect_*.jar"))
    assert jars, f"no spark-connect jar in {home / 'jars'}"
    port = _free_port()
    log = tmp_path_factory.mktemp("spark-connect") / "server.log"
    command = [
        str(home / "bin" / "spark-submit"),
        "--master", "local[1]",
        "--driver-memory", "512m",
        "--conf", f"spark.connect.grpc.binding.port={port}",
        "--conf", "spark.connect.grpc.binding.address=127.0.0.1",
        "--conf", "spark.ui.enabled=false",
        "--conf", "spark.sql.shuffle.partitions=1",
        "--class", SERVER_CLASS,
        "spark-internal",
    ]  # fmt: skip
    env = {**os.environ, "SPARK_HOME": str(home), "SPARK_LOCAL_IP": "127.0.0.1"}
    with log.open("wb") as out:
        server = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    try:
        deadline = time.monotonic() + START_SECONDS
        while not _listening(port):
            if server.poll() is not None or time.monotonic() > deadline:
                tail = log.read_text(errors="replace")[-2000:]
                pytest.fail(f"the Spark Connect server did not listen on {port}:\n{tail}")
            time.sleep(0.5)
        yield f"sc://127.0.0.1:{port}"
    finally:
        _stop(server)


def test_a_golden_scenario_through_spark_connect_equals_duckdb(
    connect_url: str, tmp_path: Path
) -> None:
    scenario = compat_dir()
    if scenario is None:
        pytest.skip("wbr-compat is missing")
    config, csv = scenario / "scenario_1" / "config.yaml", scenario / "scenario_1" / "original.csv"
    (tmp_path / "backwards.yaml").write_text(
        f"version: 1\nwbr:\n  engine: spark\n  spark_master: '{connect_url}'\n", encoding="utf-8"
    )
    out = tmp_path / "deck.json"
    args = ["--workspace", str(tmp_path), "wbr", "build", str(config), "--data", str(csv)]
    args += ["--allow-outside-paths", "--format", "json", "-o", str(out)]
    done = subprocess.run(
        [sys.executable, "-m", "backwards", *args],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    on_connect = json.loads(out.read_text(encoding="utf-8"))
    on_connect.pop("source", None)
    on_connect = {k: v for k, v in on_connect.items() if k not in ("generated_at", "data")}
    _numbers_equal(on_connect, _deck_json(build(config, [csv])), "scenario_1")
