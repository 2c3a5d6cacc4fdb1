"""The Spark session a scan runs on: the caller's active one, or one of piiaudit's own, offline and quiet."""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

from pyspark import SparkConf
from pyspark.sql import SparkSession

from piiaudit.scanner.run.spark import DEFAULT_MASTER

# The JVM logs errors only: no banner, no progress bars, no warnings about the host name.
LOG4J2 = """\
rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
appender.console.filter.threshold.type = ThresholdFilter
appender.console.filter.threshold.level = error
"""


MASTER_URL = re.compile(r"local(\[[^\]]+\])?|local-cluster\[[^\]]+\]|yarn|(spark|k8s)://\S+")
JDBC_JARS = (Path("/usr/share/java/postgresql.jar"),)  # Debian's libpostgresql-jdbc-java


class SparkUnavailable(ValueError):
    """Spark cannot be used here; the message says why and what to install."""


def session_config(master: str, scratch: Path) -> dict[str, str]:
    """Settings for a session of piiaudit's own: no UI, no downloads, scratch files under ``scratch``.

    Executors run the driver's interpreter unless ``PYSPARK_PYTHON`` names another (a packed
    environment on a cluster); the PostgreSQL JDBC driver is added where it is installed; a local
    master binds to the loopback interface only.
    """
    log_config = scratch / "log4j2.properties"
    log_config.write_text(LOG4J2, encoding="utf-8")
    config = {
        "spark.app.name": "piiaudit",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.local.dir": str(scratch),
        "spark.sql.warehouse.dir": str(scratch / "warehouse"),
        "spark.jars.ivy": str(scratch / "ivy"),
        "spark.driver.extraJavaOptions": f"-Dlog4j2.configurationFile={log_config.as_uri()}",
        "spark.pyspark.python": os.environ.get("PYSPARK_PYTHON") or sys.executable,
    }
    jars = [str(jar) for jar in JDBC_JARS if jar.exists()]
    if jars:
        config["spark.jars"] = ",".join(jars)
    if master.startswith("local"):
        config |= {"spark.driver.host": "127.0.0.1", "spark.driver.bindAddress": "127.0.0.1"}
    return config


@contextlib.contextmanager
def spark_session(master: str = DEFAULT_MASTER) -> Iterator[SparkSession]:
    """The caller's active session (a notebook, spark-submit code, a test), else a new one, stopped after."""
    if not MASTER_URL.fullmatch(master):
        raise SparkUnavailable(f"--spark-master {master!r} is not local[N], spark://HOST:PORT, yarn or k8s://URL")
    with without_pandas_warning():
        active = SparkSession.getActiveSession()
        if active is not None:
            yield active
            return
        with tempfile.TemporaryDirectory(prefix="piiaudit-spark-", ignore_cleanup_errors=True) as scratch:
            spark = start_session(master, Path(scratch))
            try:
                yield spark
            finally:
                spark.stop()


@contextlib.contextmanager
def without_pandas_warning() -> Iterator[None]:
    """PySpark warns about pandas >= 3; piiaudit hands data to Python as Arrow batches, never as pandas."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)
        yield


def start_session(master: str, scratch: Path) -> SparkSession:
    """A new session on ``master`` with ``session_config``; SparkUnavailable if Spark cannot start.

    Inside ``spark-submit`` its own settings (``--master``, ``--conf``, spark-defaults.conf) win.
    """
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    submitted = SparkConf() if "PYSPARK_GATEWAY_PORT" in os.environ else None  # the JVM spark-submit started
    builder = SparkSession.builder
    for key, value in {"spark.master": master, **session_config(master, scratch)}.items():
        if submitted is None or not submitted.contains(key):
            builder = builder.config(key, value)
    try:
        with without_pandas_warning():
            return builder.getOrCreate()
    except Exception as exc:  # PySpark raises several types (no Java, bad master URL, cluster unreachable)
        raise SparkUnavailable(
            f"cannot start Spark on {master}: {first_line(exc)} (Spark needs Java 17 or newer)"
        ) from exc


def first_line(exc: BaseException) -> str:
    """The first line of an error (Spark's carry JVM stack traces after it; py4j's name the JVM's exception)."""
    java = getattr(exc, "java_exception", None)
    text = str(java if java is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
