"""A local Spark session for the Spark engine tests (``--engine spark``), as a pytest plugin.

A test that takes the ``spark`` fixture runs on a real local Spark (pyspark with Java 17): one
session per test process, on one core with one shuffle partition (the test data is small, and
the machine's two cores are shared). A missing Java or pyspark skips the test with what to
install, and fails it under CI=true. Mark Spark tests ``xdist_group("spark")`` so that one
xdist worker runs them all (one JVM, not two).
"""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from tests.ci import missing


def spark_missing() -> str | None:
    """What is missing for a local Spark session, or None."""
    if shutil.which("java") is None:
        return "Java (apt-get install openjdk-17-jre-headless)"
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark (pip install pyspark into .venv)"
    return None


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    absent = spark_missing()
    if absent is not None:
        missing("a local Spark (Java and pyspark) for the Spark tests", f"install {absent}")
    import os

    from pyspark.sql import SparkSession

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = (
        SparkSession.builder.master("local[1]")
        .appName("backwards-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.driver.memory", "512m")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()
