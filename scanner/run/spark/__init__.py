"""Scale-out: the local engine's detectors and findings on Apache Spark (``scan --engine spark``, docs/spark.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from piiaudit.scanner.run.spark.scan import SparkScan

DEFAULT_MASTER = "local[*]"


def spark_engine() -> type[SparkScan]:
    """The Spark engine's scan class; a ValueError saying what to install where PySpark is missing."""
    try:
        from piiaudit.scanner.run.spark.scan import SparkScan
    except ModuleNotFoundError as exc:
        if exc.name not in ("pyspark", "py4j"):
            raise
        raise ValueError("--engine spark needs PySpark: pip install 'piiaudit[spark]'") from exc
    return SparkScan
