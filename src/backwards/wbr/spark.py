"""``--engine spark``: the same plan in Spark SQL, on CSV or Parquet paths or catalog tables.

Each input becomes a temporary view (``wbr_src_0`` ...): Parquet as it is, CSV with its header
and every cell as text (numbers are read as in our CSV reader: thousands separators allowed;
the Date format is found from the first dates), ``table:NAME`` a table of Spark's catalog.
Then ``database.open_remote`` does what it does for a database: one profile query, then the
engine's query transpiled by SQLGlot to Spark SQL; only the grouped result is collected.

The session is ``SparkSession.builder.master(master).getOrCreate()`` (``local[*]`` unless
``wbr.spark_master`` says otherwise; ``sc://host:port`` connects to a Spark Connect server), so
an existing session (``spark-submit``, a notebook, the test suite's) is reused. ANSI mode is
turned off for the session's queries: a cell that cannot be read is blank, as in DuckDB's
``TRY_CAST``, and reported by the profile (rows without a date).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from backwards.errors import InputError
from backwards.findings import Finding
from backwards.wbr.database import RemoteDataSet, RunError, Source, open_remote
from backwards.wbr.datafile import (
    DATE_FORMATS,
    DUCKDB_SUFFIXES,
    PARQUET_SUFFIXES,
    data_finding,
)
from backwards.wbr.spec import WbrSpec

__all__ = ["DEFAULT_MASTER", "SparkRunner", "inspect_spark"]

DEFAULT_MASTER = "local[*]"
TABLE_PREFIX = "table:"
#: What pyspark's Spark Connect client imports (``pip install 'backwards[connect]'``).
CONNECT_MODULES = ("pandas", "pyarrow", "grpc", "grpc_status", "zstandard")
#: A row's place in its file (Spark's ROW_NUMBER needs an ORDER BY): increasing in file order.
ROW = "MONOTONICALLY_INCREASING_ID()"


class SparkRunner:
    """Spark SQL through a (possibly shared) SparkSession."""

    dialect = "spark"

    def __init__(self, master: str | None = None) -> None:
        self.master = master or DEFAULT_MASTER
        self.name = f"spark ({self.master})"
        self.views: list[str] = []
        try:
            from pyspark.sql import SparkSession
        except ImportError:
            raise InputError(
                "the spark engine needs pyspark",
                hint="pip install 'backwards[spark]' (and Java 17), or use --engine duckdb.",
            ) from None
        builder: Any = SparkSession.builder
        if self.master.startswith("sc://"):
            # pyspark's Connect client checks these on import, and where __main__ has no file
            # (python -c, a pytest-xdist worker) it calls sys.exit(0) instead of raising
            missing = [m for m in CONNECT_MODULES if importlib.util.find_spec(m) is None]
            if missing:
                raise RunError(
                    "pyspark's connect extra is not installed (no " + ", ".join(missing) + ")"
                )
            builder = builder.remote(self.master)
        else:
            builder = builder.master(self.master).config("spark.ui.enabled", "false")
        with self._errors():
            self.session = builder.appName("backwards-wbr").getOrCreate()
            self.session.conf.set("spark.sql.ansi.enabled", "false")

    def _errors(self) -> Any:
        from contextlib import contextmanager

        @contextmanager
        def wrap() -> Any:
            try:
                yield
            except RunError:
                raise
            except Exception as exc:
                if type(exc).__module__.split(".")[0] not in ("pyspark", "py4j"):
                    raise
                text = " ".join(str(exc).split())
                raise RunError(text[:500]) from None

        return wrap()

    def run(self, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
        with self._errors():
            frame = self.session.sql(sql)
            return list(frame.columns), [tuple(r) for r in frame.collect()]

    def view(self, name: str, frame: Any) -> None:
        frame.createOrReplaceTempView(name)
        self.views.append(name)

    def close(self) -> None:
        """Drop this run's views; the session stays for the next deck (and ends with the
        process)."""
        views, self.views = self.views, []
        for name in views:
            try:
                self.session.catalog.dropTempView(name)
            except Exception:  # pragma: no cover - a closed session
                break


def _without_token(text: str) -> str:
    """``text`` with the value of any Spark Connect ``token=`` parameter hidden."""
    return re.sub(r"(token=)[^;/\s]*", r"\1***", text)


def _clean(name: str) -> str:
    return name.lstrip("\ufeff").strip()


def _date_sql(samples: Sequence[str]) -> Callable[[str], str] | None:
    """The Date expression (DuckDB SQL, transpiled) for the format every sample has."""
    texts = [s.strip() for s in samples if s and s.strip()]
    for fmt in DATE_FORMATS:
        try:
            for text in texts:
                dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
        if fmt == "%Y-%m-%d":
            return None  # CAST(... AS DATE)
        if fmt.startswith("%a, "):
            rest = fmt[4:]
            return lambda ident: (
                f"CAST(STRPTIME(SPLIT_PART(TRIM({ident}), ', ', 2), '{rest}') AS DATE)"
            )
        return lambda ident: f"CAST(STRPTIME(TRIM({ident}), '{fmt}') AS DATE)"
    return None


def _open_file(runner: SparkRunner, k: int, text: str, alias: str | None) -> Source:
    """A view over one input (a path, or ``table:NAME``) and how to read it."""
    spark = runner.session
    shown = text if text.startswith(TABLE_PREFIX) or "://" in text else Path(text).name
    name = f"wbr_src_{k}"
    if text.startswith(TABLE_PREFIX):
        return Source(text[len(TABLE_PREFIX) :], alias, shown, (shown, None, None), row_sql=ROW)
    with runner._errors():
        if text.lower().rstrip("/").endswith(PARQUET_SUFFIXES) or Path(text).is_dir():
            frame = spark.read.parquet(text)
            runner.view(name, frame)
            return Source(name, alias, shown, (shown, None, None), row_sql=ROW)
        frame = spark.read.option("header", True).option("inferSchema", False).csv(text)
        frame = frame.toDF(*[_clean(c) for c in frame.columns])
        runner.view(name, frame)
        date = next((c for c in frame.columns if c.lower() == "date"), None)
        samples: list[str] = []
        if date is not None:
            rows = frame.select(date).where(f"`{date}` IS NOT NULL").limit(50).collect()
            samples = [str(r[0]) for r in rows]
    return Source(
        name,
        alias,
        shown,
        (shown, None, None),
        number_text=True,
        date_sql=_date_sql(samples),
        row_sql=ROW,
    )


def inspect_spark(
    spec: WbrSpec, data_files: Sequence[Path | str], master: str | None = None
) -> tuple[RemoteDataSet | None, list[Finding]]:
    """Open the deck's data on Spark and check it: (data or None, findings)."""
    inputs: list[tuple[str, str | None]] = [(str(d), None) for d in data_files] or [
        (str(path), alias) for alias, path in spec.csv_files.items()
    ]
    if not inputs:
        raise InputError(
            "no data: the config has no data_sources.csv_files and no --data file was given",
            hint="Pass --data FILE (CSV or Parquet) or --data table:NAME with --engine spark.",
        )
    findings: list[Finding] = []
    for text, _ in inputs:
        if text.lower().split("::")[0].endswith(DUCKDB_SUFFIXES):
            raise InputError(
                f"spark does not read DuckDB files ({Path(text).name})",
                hint="Give CSV or Parquet files (or table:NAME), or use --engine duckdb.",
            )
        local = not text.startswith(TABLE_PREFIX) and "://" not in text
        if local and not Path(text).exists():
            findings.append(
                data_finding(
                    "WBR018",
                    f"the data file {Path(text).name} does not exist",
                    file=text,
                    suggestion="check the path",
                )
            )
    if findings:
        return None, findings
    try:
        runner = SparkRunner(master)
    except RunError as exc:
        shown = _without_token(master or DEFAULT_MASTER)
        raise InputError(
            f"cannot start or reach spark ({shown}): {_without_token(str(exc))}",
            hint="Check wbr.spark_master: a Spark Connect URL (sc://host:15002) needs its server "
            "running and the connect extra (pip install 'backwards[connect]'); add "
            "';token=...' when the server asks for one.",
        ) from None
    try:
        sources = [_open_file(runner, k, text, alias) for k, (text, alias) in enumerate(inputs)]
    except RunError as exc:
        runner.close()
        shown = ", ".join(text for text, _ in inputs)
        raise InputError(
            f"spark cannot read {shown}: {exc}", hint="Check the path and the file's format."
        ) from None
    return open_remote(spec, runner, sources, findings), findings
