"""WBR decks computed where the data lives (issue 10, points 2 and 3): DuckDB on Parquet,
PostgreSQL (the deck's SQL run in the server) and Spark (local), on the same workloads.

For each case (days x metrics, ``bench.wbr_workload``), the deck is built in process:

- ``duckdb s``: ``build(config, [daily.parquet])``;
- ``postgres s``: ``build(config, ["postgresql://...::daily"])``, the same data in a table of a
  throwaway PostgreSQL 15 server (``tests.postgres``): a probe, a profile and the deck's query,
  run in the server;
- ``spark s``: ``build(config, [daily.parquet], engine="spark")`` on a local Spark session
  (``local[2]``, started once, outside the timings).

Medians of interleaved runs. A missing PostgreSQL server or pyspark leaves its column "-".
The machine is shared and noisy: compare ratios, not digits.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.wbr_workload import generate

CASES: tuple[tuple[str, int, int], ...] = (
    ("1y x 50", 1, 50),
    ("10y x 100", 10, 100),
    ("10y x 500", 10, 500),
)
RUNS = 3


def _timed(config: Path, data: Path | str, engine: str | None = None) -> float:
    from backwards.wbr import build

    start = time.perf_counter()
    build(config, [data], engine=engine)
    return time.perf_counter() - start


def _postgres() -> Any:
    try:
        from tests.postgres import PostgresServer, postgres_available
    except ImportError:
        return None
    if not postgres_available():
        return None
    server = PostgresServer()
    server.start()
    return server


def _load(url: str, parquet: Path) -> None:
    """The Parquet file as the table ``daily`` (DATE and DOUBLE PRECISION columns)."""
    import duckdb
    import psycopg

    con = duckdb.connect()
    try:
        columns = [str(r[0]) for r in con.execute(f"DESCRIBE SELECT * FROM '{parquet}'").fetchall()]
        rows = con.execute(f"SELECT * FROM '{parquet}'").fetchall()
    finally:
        con.close()
    defs = ", ".join(f'"{c}" DATE' if c == "Date" else f'"{c}" DOUBLE PRECISION' for c in columns)
    names = ", ".join(f'"{c}"' for c in columns)
    with psycopg.connect(url) as conn:
        conn.execute(f"CREATE TABLE daily ({defs})")
        with conn.cursor().copy(f"COPY daily ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _spark() -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        return None
    import os

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


def _shown(values: list[float]) -> str:
    return f"{statistics.median(values):.2f}" if values else "-"


def main() -> None:
    from backwards.wbr import build

    server = _postgres()
    session = _spark()
    print(f"{'case':<12} {'duckdb s':>9} {'postgres s':>11} {'spark s':>8} {'pg/duck':>8}")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for label, years, metrics in CASES:
                work = generate(Path(tmp) / label.replace(" ", ""), years, metrics)
                url = None
                if server is not None:
                    url = server.create_database()
                    _load(url, work.data)
                times: dict[str, list[float]] = {"duckdb": [], "postgres": [], "spark": []}
                if session is not None:  # the first Spark query of a case plans cold
                    build(work.config, [work.data], engine="spark")
                for _ in range(RUNS):
                    times["duckdb"].append(_timed(work.config, work.data))
                    if url is not None:
                        times["postgres"].append(_timed(work.config, f"{url}::daily"))
                    if session is not None:
                        times["spark"].append(_timed(work.config, work.data, "spark"))
                ratio = "-"
                if times["postgres"]:
                    pg = statistics.median(times["postgres"])
                    ratio = f"{pg / statistics.median(times['duckdb']):.1f}x"
                print(
                    f"{label:<12} {_shown(times['duckdb']):>9} {_shown(times['postgres']):>11} "
                    f"{_shown(times['spark']):>8} {ratio:>8}"
                )
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
