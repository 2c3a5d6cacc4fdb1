"""Which sources Spark reads, and how: the driver's look at each file (its head only) before any job runs.

Spark reads a file only where its records and values reach Python exactly as the local readers
produce them; anything else (workbooks, databases, other encodings, Parquet types Spark converts
differently) is scanned by the local engine in the same run, and the reason is given.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from scanner.sources import Source, SourceFile
from scanner.sources.tabular import CsvLayout, csv_layout
from scanner.sources.textio import SNIFF_BYTES, UnreadableSource, open_text, sniff_encoding

SPARK_KINDS = ("csv", "json", "jsonl", "parquet", "text")
UTF8 = ("utf-8", "utf-8-sig")  # what Spark's line reader decodes
UTC_NAMES = ("UTC", "Etc/UTC", "+00:00", "Z")
HADOOP_GLOB = re.compile(r"([\[\]{}*?\\])")


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


def plan_read(source: Source) -> SparkRead | str:
    """How Spark reads ``source``, or why the local engine scans it instead."""
    if not isinstance(source, SourceFile) or source.kind not in SPARK_KINDS:
        return "Spark reads CSV, JSON, JSON Lines, Parquet and text files"
    try:
        return plan_parquet(source) if source.kind == "parquet" else plan_text(source)
    except (UnreadableSource, OSError, UnicodeDecodeError, csv.Error, pa.ArrowException) as exc:
        return f"the local reader reports why it cannot be read ({type(exc).__name__})"


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
