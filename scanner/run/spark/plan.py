"""Which sources Spark reads, and how: the driver's look at each source before any job runs.

Spark reads a source only where its records and values reach Python exactly as the local readers
produce them: files by their head (encoding, CSV dialect and header, Parquet schema), PostgreSQL
databases by their catalogue (the same tables, columns and queries as the local reader, each
query tried with LIMIT 0). Anything else (workbooks, SQLite, MySQL, other encodings, Parquet or
column types that arrive differently) is scanned by the local engine in the same run, and the
reason is given.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import sqlalchemy as sa
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

from piiaudit.scanner.model import TableResult
from piiaudit.scanner.sources import DatabaseSource, Source, SourceFile, formats
from piiaudit.scanner.sources.database import (
    STREAM_ROWS,
    TABLE_ERRORS,
    TableQuery,
    database_tables,
    postgresql_session,
    read_only_engine,
    table_failure,
)
from piiaudit.scanner.sources.tabular import CsvLayout, csv_layout
from piiaudit.scanner.sources.textio import SNIFF_BYTES, UnreadableSource, open_text, sniff_encoding

UTF8 = ("utf-8", "utf-8-sig")  # what Spark's line reader decodes
UTC_NAMES = ("UTC", "Etc/UTC", "+00:00", "Z")
HADOOP_GLOB = re.compile(r"([\[\]{}*?\\])")


@dataclass(frozen=True)
class JdbcTable:
    """One table as Spark reads it: its name in reports, its containers and the SQL of the local reader's query."""

    name: str
    containers: tuple[str, ...]
    sql: str
    total: int | None = None


@dataclass(frozen=True)
class JdbcRead:
    """A PostgreSQL database Spark reads over JDBC; tables skipped or failed while planning are results already."""

    source: DatabaseSource
    url: str
    options: dict[str, str]  # user, password, driver, fetch size, the read-only session statements
    tables: tuple[JdbcTable | TableResult, ...]
    free_text = None

    @property
    def password(self) -> str | None:
        return self.options.get("password")


@dataclass(frozen=True)
class SparkRead:
    """A file Spark reads: the source, and for CSV the layout its executors parse lines with."""

    source: SourceFile
    layout: CsvLayout | None = None

    @property
    def uri(self) -> str:
        """The file as a Hadoop path: absolute, ``file:`` scheme, glob characters taken literally."""
        return "file://" + HADOOP_GLOB.sub(r"\\\1", str(self.source.path.resolve()))

    @property
    def free_text(self) -> bool | None:
        return True if self.source.kind == "text" else None


def plan_read(source: Source, sample: int | None = None) -> SparkRead | JdbcRead | str:
    """How Spark reads ``source`` (at most ``sample`` records of each file or table), or why it does not."""
    plan: Callable[[], SparkRead | JdbcRead | str]
    if isinstance(source, DatabaseSource) and source.kind == "postgresql" and source.path is None:
        plan = partial(plan_database, source, sample)
    elif isinstance(source, SourceFile) and spark_reads(source.kind):
        plan = partial(plan_parquet if source.kind == "parquet" else plan_text, source)
    else:
        readable = ", ".join(f.title for f in formats.FORMATS.values() if f.spark)
        return f"Spark reads {readable} files, and PostgreSQL over JDBC"
    try:
        return plan()
    except (UnreadableSource, OSError, UnicodeDecodeError, csv.Error, pa.ArrowException, SQLAlchemyError) as exc:
        return f"the local reader reports why it cannot be read ({type(exc).__name__})"


def spark_reads(kind: str) -> bool:
    fmt = formats.by_kind(kind)
    return fmt is not None and fmt.spark


def plan_text(source: SourceFile) -> SparkRead | str:
    encoding = file_encoding(source.path)
    if encoding not in UTF8:
        return f"encoded in {encoding}, and Spark reads text as UTF-8"
    if source.kind != "csv":
        return SparkRead(source)
    with open_text(source.path) as handle:
        layout = csv_layout(handle, source.path)
    return SparkRead(source, layout) if layout is not None else "an empty CSV file"


def file_encoding(path: Path) -> str:
    with path.open("rb") as raw:
        return sniff_encoding(raw.read(SNIFF_BYTES))


def plan_parquet(source: SourceFile) -> SparkRead | str:
    schema = pq.read_schema(source.path)
    for name, column_type in zip(schema.names, schema.types, strict=True):
        if not reads_alike(column_type):
            return f"Spark converts column {name} ({column_type}) differently from pyarrow"
    return SparkRead(source)


def reads_alike(column_type: pa.DataType) -> bool:
    """Whether Spark hands a Parquet column of this type to Python as the same values pyarrow reads."""
    if pa.types.is_struct(column_type):
        return all(reads_alike(column_type.field(i).type) for i in range(column_type.num_fields))
    if pa.types.is_list(column_type) or pa.types.is_large_list(column_type):
        return reads_alike(column_type.value_type)
    if pa.types.is_map(column_type):
        return reads_alike(column_type.key_type) and reads_alike(column_type.item_type)
    if pa.types.is_dictionary(column_type):
        return reads_alike(column_type.value_type)
    if pa.types.is_timestamp(column_type):  # nanoseconds are refused, other zones come back as UTC
        return column_type.unit != "ns" and column_type.tz in (None, *UTC_NAMES)
    return (
        pa.types.is_string(column_type)
        or pa.types.is_large_string(column_type)
        or pa.types.is_boolean(column_type)
        or pa.types.is_signed_integer(column_type)
        or column_type in (pa.uint8(), pa.uint16(), pa.uint32())  # uint64 becomes a decimal
        or column_type in (pa.float32(), pa.float64())
        or pa.types.is_decimal(column_type)
        or pa.types.is_date32(column_type)
        or pa.types.is_binary(column_type)
        or pa.types.is_large_binary(column_type)
    )


def plan_database(source: DatabaseSource, sample: int | None) -> JdbcRead | str:
    """The local reader's tables and queries, as SQL for JDBC; each query is tried first (may this table be read?)."""
    engine = read_only_engine(source)
    tables: list[JdbcTable | TableResult] = []
    try:
        with engine.connect() as connection:
            for plan in database_tables(connection, source, sample):
                if isinstance(plan, TableResult):
                    tables.append(plan)
                    continue
                different = [c for c in plan.query.selected_columns if not arrives_alike(c.type)]
                if different:
                    column = different[0]
                    return f"column {plan.name}.{column.name} ({column.type}) arrives differently over JDBC"
                tables.append(try_query(connection, plan, source))
    finally:
        engine.dispose()
    options = {
        "driver": "org.postgresql.Driver",
        "fetchsize": str(STREAM_ROWS),
        "sessionInitStatement": "; ".join(postgresql_session(source.statement_timeout_s)),
    }
    if source.url.username:
        options["user"] = source.url.username
    if source.url.password:
        options["password"] = str(source.url.password)
    return JdbcRead(source, jdbc_url(source.url), options, tuple(tables))


def try_query(connection: sa.Connection, plan: TableQuery, source: DatabaseSource) -> JdbcTable | TableResult:
    try:
        connection.execute(plan.query.limit(0))
    except TABLE_ERRORS as exc:
        return table_failure(connection, plan.name, exc, source)
    sql = str(plan.query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    return JdbcTable(plan.name, plan.containers, sql, plan.total)


def arrives_alike(column_type: sa.types.TypeEngine) -> bool:
    """Text, dates and whole numbers reach Python alike through psycopg and through JDBC and Spark."""
    if isinstance(column_type, sa.Numeric):
        return not isinstance(column_type, sa.Float)
    return isinstance(column_type, sa.String | sa.Date | sa.BigInteger)


def jdbc_url(url: URL) -> str:
    """The JDBC URL of a PostgreSQL SQLAlchemy URL, without credentials (they go as options)."""
    host = url.host or "localhost"
    query = "&".join(f"{key}={value}" for key, value in url.query.items() if isinstance(value, str))
    return f"jdbc:postgresql://{f'[{host}]' if ':' in host else host}:{url.port or 5432}/{url.database or ''}" + (
        f"?{query}" if query else ""
    )
