"""A local Spark session for the (future) Spark engine tests, as a pytest plugin.

A test that takes the ``spark`` fixture runs on a real local Spark (pyspark with Java 17). No
test uses it yet, so a machine without pyspark runs the suite in full today; once a Spark test
exists, a missing Java or pyspark skips it with what to install, and fails it under CI=true.
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
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[1]")
        .appName("backwards-tests")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    try:
        yield session
    finally:
        session.stop()
