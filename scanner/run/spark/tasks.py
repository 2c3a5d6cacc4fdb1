"""What Spark executors run: records to cells, cells to occurrences, occurrences to finding parts.

A cell is one scannable value of one record: ``(source, kind, container, row, pos, value)``, where
``pos`` is the value's place in its record (the order the local reader adds it in). Besides values,
a partition reports, at its end, each container's first ``COLUMN_SAMPLE`` values in (row, pos)
order (its heads, from which the driver decides the container's context) and the last row that
held a value (the source's extent); and as it goes record errors, a CSV record that spans lines
(such a file cannot be split by line) and a JSON document that does not parse.
Nothing here assumes the records of a partition arrive in order.
"""

from __future__ import annotations

import csv
import heapq
import io
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar
from urllib.parse import unquote, urlparse

import pyarrow as pa

from piiaudit.scanner.engine.aggregation import FindingParts
from piiaudit.scanner.engine.detection import COLUMN_SAMPLE, Engine
from piiaudit.scanner.model import FieldBatch, FieldContext, Occurrence, RecordError
from piiaudit.scanner.run.local import EngineSpec, one_line
from piiaudit.scanner.sources.batching import Cell, as_text, record_date
from piiaudit.scanner.sources.database import cell_text
from piiaudit.scanner.sources.documents import flatten, json_stream
from piiaudit.scanner.sources.tabular import CsvLayout, csv_cells, record_dates, scannable_columns
from piiaudit.scanner.sources.text import text_cells
from piiaudit.scanner.sources.textio import UnreadableSource

VALUE, HEAD, ERROR, EXTENT, SPLIT, UNREADABLE = "value", "head", "error", "extent", "split", "unreadable"
CELL_SCHEMA = pa.schema(
    [
        ("source", pa.int32()),
        ("kind", pa.string()),
        ("container", pa.string()),
        ("row", pa.int64()),
        ("pos", pa.int32()),
        ("value", pa.string()),
        ("day", pa.string()),  # the record's own date (``batching.record_date``), or null
    ]
)
OCCURRENCE_SCHEMA = pa.schema(
    [
        ("source", pa.int32()),
        ("container", pa.string()),
        ("row", pa.int64()),
        ("pos", pa.int32()),
        ("seq", pa.int32()),  # the occurrence's place among those of its value
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("entity", pa.string()),
        ("detector", pa.string()),
        ("confidence", pa.float64()),
        ("masked", pa.string()),
        ("reasons", pa.list_(pa.string())),
        ("detail", pa.string()),
    ]
)
PARTS_SCHEMA = pa.schema(
    [
        ("source", pa.int32()),
        ("container", pa.string()),
        ("entity", pa.string()),
        ("detector", pa.string()),
        ("part", pa.string()),
        ("label", pa.string()),
        ("n", pa.int64()),  # (not "count": rows are tuples, whose count is a method)
        ("confidence", pa.float64()),
        ("first", pa.list_(pa.int64())),
    ]
)
ROW_INDEX = "__piiaudit_row_index"
FILE_PATH = "__piiaudit_file_path"
HADOOP_LINE_END = re.compile(r"\r\n|\r|\n")  # what Hadoop's line reader ends a line at
BOM = "\ufeff"
LineCells = Callable[[int, str], "list[Cell] | RecordError"]
FileCells = tuple[LineCells, int] | None  # a line file's cells of a line and its header lines; None: a JSON document
T = TypeVar("T")


class SpansLines(Exception):
    """A CSV record whose quoted field goes on past the end of its line."""


def ddl(schema: pa.Schema) -> str:
    """A Spark DDL schema string for an Arrow schema of flat and list-of-string fields."""
    names = {pa.int32(): "INT", pa.int64(): "BIGINT", pa.string(): "STRING", pa.bool_(): "BOOLEAN"}
    names |= {pa.float64(): "DOUBLE", pa.list_(pa.string()): "ARRAY<STRING>", pa.list_(pa.int64()): "ARRAY<BIGINT>"}
    return ", ".join(f"`{field.name}` {names[field.type]}" for field in schema)


def to_batch(rows: list[tuple[Any, ...]], schema: pa.Schema) -> pa.RecordBatch:
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(schema)
    return pa.RecordBatch.from_arrays(
        [pa.array(column, field.type) for column, field in zip(columns, schema, strict=True)], schema=schema
    )


class PartitionCells:
    """Turns one partition's records of one source into cells, keeping each container's smallest (row, pos) values.

    The extent is the last row that held a value; for a database table (``table``), the rows read.
    """

    def __init__(self, source: int, table: str | None = None) -> None:
        self.source = source
        self.table = table
        self.heads: dict[str | None, list[tuple[int, int, str]]] = {}  # max-heaps of (-row, -pos, value)
        self.last_row = 0

    def record(self, row: int, cells: Iterable[Cell] | RecordError) -> Iterator[tuple[Any, ...]]:
        if isinstance(cells, RecordError):
            yield self.note(ERROR, row, cells.reason)
            return
        cells = list(cells)
        day = record_date(cells)
        for pos, (container, value) in enumerate(cells):
            text = as_text(value, container)
            if text is not None:
                yield self.value(container, row, pos, text, day)

    def value(self, container: str | None, row: int, pos: int, text: str, day: str | None = None) -> tuple[Any, ...]:
        heap = self.heads.setdefault(container, [])
        if len(heap) < COLUMN_SAMPLE:
            heapq.heappush(heap, (-row, -pos, text))
        elif (-row, -pos) > heap[0][:2]:
            heapq.heapreplace(heap, (-row, -pos, text))
        self.last_row = max(self.last_row, row)
        return (self.source, VALUE, container, row, pos, text, day)

    def note(self, kind: str, row: int = 0, text: str | None = None) -> tuple[Any, ...]:
        return (self.source, kind, None, row, 0, text, None)

    def end(self) -> Iterator[tuple[Any, ...]]:
        """The heads of every container and the extent, once the partition has been read."""
        for container, heap in self.heads.items():
            for row, pos, text in heap:
                yield (self.source, HEAD, container, -row, -pos, text, None)
        if self.last_row:
            yield (self.source, EXTENT, self.table, self.last_row, 0, None, None)


def csv_line_cells(layout: CsvLayout, row: int, line: str) -> list[Cell] | RecordError:
    """The cells of one CSV line, parsed as the local reader parses it; raises SpansLines for a partial record."""
    reader = csv.reader((line + "\n", ""), **layout.dialect)
    record = next(reader, [])
    if reader.line_num > 1:
        raise SpansLines
    return csv_cells(layout.columns, row, record)


def text_line_cells(row: int, line: str) -> list[Cell]:
    return text_cells(line)


def line_cells(
    source: int, to_cells: LineCells, header_lines: int, limit: int | None, lines: Iterable[tuple[str, int]]
) -> Iterator[tuple[Any, ...]]:
    """Cells of one partition of a line-based file, from ``(line, index)`` pairs in file order (``zipWithIndex``).

    The input is always read to its end (lines past ``limit`` or a split record are skipped, not cut
    off): a Python worker that stops reading early cannot be reused, and a new one pays the imports.
    """
    cells = PartitionCells(source)
    split = False
    for line, index in lines:
        row = index + 1 - header_lines
        if split or row < 1 or (limit is not None and row > limit):
            continue
        try:
            yield from cells.record(row, to_cells(row, line.removeprefix(BOM) if index == 0 else line))
        except SpansLines:
            yield cells.note(SPLIT, row)
            split = True
    if not split:
        yield from cells.end()


def file_index(files: dict[str, T], uri: str) -> T:
    """What ``files`` holds for the file Spark names ``uri`` (``file:/…`` or ``file:///…``, perhaps percent-encoded)."""
    path = urlparse(uri).path or uri
    return files[path] if path in files else files[unquote(path)]


def whole_file_cells(
    readers: dict[str, tuple[int, FileCells]], limit: int | None, files: Iterable[tuple[str, str]]
) -> Iterator[tuple[Any, ...]]:
    """Cells of whole files, from ``(path, text)`` pairs (``wholeTextFiles``): a JSON document's records, or
    each line's record as ``line_cells`` makes them from the lines Hadoop splits a file into."""
    for path, text in files:
        source, reader = file_index(readers, path)
        if reader is None:
            yield from document_cells(source, limit, text)
            continue
        to_cells, header_lines = reader
        lines = HADOOP_LINE_END.split(text)
        if lines and not lines[-1]:
            lines.pop()  # the last line's end starts no line
        yield from line_cells(source, to_cells, header_lines, limit, zip(lines, itertools.count()))


def document_cells(source: int, limit: int | None, text: str) -> Iterator[tuple[Any, ...]]:
    """Cells of a JSON document; its records are the rows."""
    cells = PartitionCells(source)
    try:
        for entry in json_stream(io.StringIO(text.removeprefix(BOM))):  # one document: no record errors
            if isinstance(entry, RecordError) or (limit is not None and entry[0] > limit):
                break
            yield from cells.record(entry[0], flatten(entry[1]))
    except UnreadableSource as exc:
        yield cells.note(UNREADABLE, text=one_line(exc))
    yield from cells.end()


def in_utc(data_type: pa.DataType) -> pa.DataType:
    """The type with its timestamps in UTC, as pyarrow reads the (UTC) Parquet files Spark is given."""
    if pa.types.is_timestamp(data_type) and data_type.tz is not None:
        return pa.timestamp(data_type.unit, "UTC")
    if pa.types.is_struct(data_type):
        return pa.struct([field.with_type(in_utc(field.type)) for field in data_type])
    return data_type


def parquet_cells(files: dict[str, int], batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Cells of Parquet record batches that carry each row's file (``FILE_PATH``) and index in it (``ROW_INDEX``).

    Spark hands timestamps over in the session's time zone; they are turned back to UTC, the same instants.
    """
    cells: dict[int, PartitionCells] = {}
    for batch in batches:
        table = pa.Table.from_batches([batch])
        sources = [file_index(files, path) for path in table.column(FILE_PATH).to_pylist()]
        rows = [index + 1 for index in table.column(ROW_INDEX).to_pylist()]
        table = table.drop_columns([FILE_PATH, ROW_INDEX])
        table = table.cast(pa.schema([field.with_type(in_utc(field.type)) for field in table.schema]))
        out = []
        columns = list(scannable_columns(table))
        days = record_dates(columns, len(rows))
        for pos, (name, values) in enumerate(columns):
            for source, row, value, day in zip(sources, rows, values, days, strict=True):
                text = as_text(value, name)
                if text is not None:
                    out.append(cells.setdefault(source, PartitionCells(source)).value(name, row, pos, text, day))
        yield to_batch(out, CELL_SCHEMA)
    yield to_batch([cell for partition in cells.values() for cell in partition.end()], CELL_SCHEMA)


def table_cells(
    source: int, table: str, containers: tuple[str, ...], batches: Iterable[pa.RecordBatch]
) -> Iterator[pa.RecordBatch]:
    """Cells of a database table's rows, read by one JDBC task in the database's order and numbered from 1."""
    cells = PartitionCells(source, table)
    for batch in batches:
        out: list[tuple[Any, ...]] = []
        for record in zip(*(column.to_pylist() for column in batch.columns), strict=True):
            row = cells.last_row = cells.last_row + 1
            out += cells.record(row, zip(containers, map(cell_text, record), strict=True))
        yield to_batch(out, CELL_SCHEMA)
    yield to_batch(list(cells.end()), CELL_SCHEMA)


_engine: tuple[EngineSpec, Engine] | None = None


def engine_for(spec: EngineSpec) -> Engine:
    """The engine of this Python worker, built once per scan configuration (loading detectors takes seconds)."""
    global _engine
    if _engine is None or _engine[0] != spec:
        _engine = (spec, spec.build())
    return _engine[1]


ContainerCells = tuple[list[int], list[int], list[str], dict[int, str]]  # rows, positions, values, row → its day


def containers(batch: pa.RecordBatch) -> Iterator[tuple[tuple[int, str | None], ContainerCells]]:
    """((source, container), (rows, positions, values, record dates)) of a batch of cells, in the batch's order."""
    grouped: dict[tuple[int, str | None], ContainerCells] = {}
    names = ("source", "container", "row", "pos", "value", "day")
    columns = zip(*(batch.column(name).to_pylist() for name in names), strict=True)
    for source, container, row, pos, value, day in columns:
        rows, positions, values, days = grouped.setdefault((source, container), ([], [], [], {}))
        rows.append(row)
        positions.append(pos)
        values.append(value)
        if day is not None:
            days[row] = day
    yield from grouped.items()


def occurrence_fields(occ: Occurrence, pos: int, seq: int) -> tuple[Any, ...]:
    """An occurrence as the ``OCCURRENCE_SCHEMA`` fields after ``source``."""
    extra = {"pos": pos, "seq": seq, "reasons": list(occ.reasons)}
    return tuple(extra[name] if name in extra else getattr(occ, name) for name in OCCURRENCE_SCHEMA.names[1:])


def detect(
    spec: EngineSpec,
    shared: Any,  # a broadcast of (source URIs, {(source, container): FieldContext})
    batches: Iterable[pa.RecordBatch],
) -> Iterator[pa.RecordBatch]:
    """Occurrences in batches of value cells, each container scanned under the context the driver decided."""
    engine = engine_for(spec)
    uris: list[str]
    contexts: dict[tuple[int, str | None], FieldContext]
    uris, contexts = shared.value
    scanned = set()
    for batch in batches:
        out = []
        for (source, container), (rows, positions, values, days) in containers(batch):
            scanned.add(uris[source])
            cells = FieldBatch(container, rows, values, record_dates=days or None)
            located = engine.locate(uris[source], cells, contexts[source, container])
            last, seq = -1, 0
            for index, occ in located:
                seq, last = (seq + 1 if index == last else 0), index
                out.append((source, *occurrence_fields(occ, positions[index], seq)))
        yield to_batch(out, OCCURRENCE_SCHEMA)
    for uri in scanned:
        engine.forget(uri)


def summarise(batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """A partition's occurrences as finding parts (``aggregation.FindingParts``), for the driver to merge."""
    found: dict[tuple[int, str | None, str, str], FindingParts] = {}
    for batch in batches:
        for occ in batch.to_pylist():
            key = (occ["source"], occ["container"], occ["entity"], occ["detector"])
            order = (occ["row"], occ["pos"], occ["seq"])
            found.setdefault(key, FindingParts()).add(
                order, occ["confidence"], occ["masked"], occ["reasons"], occ["detail"]
            )
    yield to_batch([(*key, *part) for key, parts in found.items() for part in parts.parts()], PARTS_SCHEMA)
