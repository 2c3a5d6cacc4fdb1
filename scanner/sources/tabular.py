"""Tables: CSV/TSV (dialect and encoding sniffed), Parquet (read in record batches) and XLSX."""

from __future__ import annotations

import csv
import sys
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

import pyarrow as pa
import pyarrow.parquet as pq

from piiaudit.scanner.model import FieldBatch, RecordError
from piiaudit.scanner.sources.batching import (
    Batcher,
    Cell,
    first_day,
    is_record_date,
    looks_personal,
    safe_name,
)
from piiaudit.scanner.sources.textio import SNIFF_BYTES, UnreadableSource, open_text

Item = FieldBatch | RecordError
PARQUET_BATCH_ROWS = 8192
DIALECT_ATTRIBUTES = ("delimiter", "quotechar", "escapechar", "doublequote", "skipinitialspace", "quoting", "strict")
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def sniff_dialect(sample: str, path: Path) -> type[csv.Dialect] | csv.Dialect:
    if path.suffix.lower() == ".tsv":
        return csv.excel_tab
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        return csv.excel


def header_names(header: list[str]) -> list[str]:
    """Column names, with blanks and duplicates made unique (``column_3``, ``email_2``)."""
    names, seen = [], set()
    for i, raw in enumerate(header, start=1):
        name = safe_name(raw.strip().lstrip("\ufeff")) or f"column_{i}"
        base, n = name, 1
        while name in seen:
            n += 1
            name = f"{base}_{n}"
        seen.add(name)
        names.append(name)
    return names


def dialect_of(handle: TextIO, path: Path) -> dict[str, Any]:
    """The dialect sniffed from an open text file's start, as ``csv.reader`` keyword arguments (every one set)."""
    sample = handle.read(SNIFF_BYTES)
    handle.seek(0)
    sniffed = csv.reader((), sniff_dialect(sample, path)).dialect
    return {name: getattr(sniffed, name) for name in DIALECT_ATTRIBUTES}


def csv_reader(handle: TextIO, path: Path) -> Iterator[list[str]]:
    """A ``csv.reader`` over an open text file, in the dialect sniffed from its start."""
    return csv.reader(handle, **dialect_of(handle, path))


def csv_head(path: Path, rows: int) -> list[list[str]]:
    """The first ``rows`` rows of a CSV file (header included), for recognising its layout."""
    with open_text(path) as handle:
        return list(islice(csv_reader(handle, path), rows))


@dataclass(frozen=True)
class CsvLayout:
    """How a CSV file is laid out: its dialect (as ``csv.reader`` keyword arguments), columns and header lines."""

    dialect: dict[str, Any]
    columns: list[str]
    header_lines: int


def csv_layout(handle: TextIO, path: Path) -> CsvLayout | None:
    """Sniff the dialect and read the header (None for an empty file); ``handle`` is left after the header.

    A first row holding values that look like personal data has no header lines: it is data, and the
    columns are named ``column_1`` … instead.
    """
    dialect = dialect_of(handle, path)
    reader = csv.reader(handle, **dialect)
    header = next(reader, None)
    if header is None:
        return None
    if any(looks_personal(cell) for cell in header):
        handle.seek(0)
        return CsvLayout(dialect, [f"column_{i}" for i in range(1, len(header) + 1)], 0)
    return CsvLayout(dialect, header_names(header), reader.line_num)


def csv_cells(columns: Sequence[str], row: int, record: list[str]) -> list[Cell] | RecordError:
    """A record's cells by column name; a record with the wrong number of fields is an error, unless blank."""
    if len(record) != len(columns):
        if not any(cell.strip() for cell in record):
            return []
        return RecordError(row, f"expected {len(columns)} fields, got {len(record)}")
    return list(zip(columns, record, strict=True))


FIRST_LINE_KEPT = 100_000  # characters of a record's first line kept for a strict re-parse


@dataclass
class RecordText:
    """What a record's raw text needs to tell whether its quote was closed, in constant memory: how many lines
    (or 100,000-character pieces) it spans, its quote characters, and its first line."""

    lines: int = 0
    quotes: int = 0
    first: str = ""


class LineTap:
    """Counts what ``csv.reader`` pulls for each record (``RecordText``), as the lines pass through."""

    def __init__(self, quotechar: str | None) -> None:
        self.quotechar = quotechar or '"'
        self.record = RecordText()

    def through(self, handle: TextIO) -> Iterator[str]:
        for line in handle:
            record = self.record
            if not record.lines and len(line) <= FIRST_LINE_KEPT:
                record.first = line
            record.lines += 1
            record.quotes += line.count(self.quotechar)
            yield line

    def take(self) -> RecordText:
        record, self.record = self.record, RecordText()
        return record


def unclosed_quote(record: RecordText, dialect: dict[str, Any]) -> bool:
    """Whether a record ends inside a quoted field (a quote opened and never closed).

    A record on one line is parsed again strictly; one across lines (a quoted field with line breaks) is
    unclosed when it holds an odd number of quote characters (opening, closing and doubled quotes come in pairs),
    and so is a line too long to keep.
    """
    if not record.lines or dialect.get("quoting") == csv.QUOTE_NONE:
        return False
    if record.lines > 1 or not record.first:
        return record.quotes % 2 == 1
    try:
        for _ in csv.reader([record.first], **{**dialect, "strict": True}):
            pass
    except csv.Error:
        return True
    return False


def read_csv(path: Path, limit: int | None = None, columns: Sequence[str] | None = None) -> Iterator[Item]:
    """Each data row's cells by column name; rows are numbered from 1 after the header.

    ``columns`` names the columns of a file without a header row: every line is then data. A last record
    whose quote is never closed (it runs to the end of the file) is also reported as a record error.
    """
    with open_text(path) as handle:
        layout = open_layout(handle, path, columns)
        if layout is not None:
            yield from record_batches(layout, read_records(handle, layout), limit)


def open_layout(handle: TextIO, path: Path, columns: Sequence[str] | None) -> CsvLayout | None:
    """The layout of the file ``handle`` has just opened (its header read), or of one whose ``columns`` are given."""
    return csv_layout(handle, path) if columns is None else CsvLayout(dialect_of(handle, path), list(columns), 0)


UNCLOSED_QUOTE = "a quoted field is never closed: the record runs to the end of the file"


def read_records(
    handle: TextIO, layout: CsvLayout, rows_before: int = 0
) -> Iterator[tuple[int, int, list[str] | RecordError]]:
    """The records ``handle`` holds: each row's number (counting on from ``rows_before``), its line, its fields.

    A row's line counts the header and the line breaks inside quoted fields of the rows before it in the handle. A
    last record whose quote is never closed is followed by a record error for the same row.
    """
    tap = LineTap(layout.dialect.get("quotechar"))
    reader = csv.reader(tap.through(handle), **layout.dialect)
    row, start, last = rows_before, 0, RecordText()
    while True:
        line = layout.header_lines + reader.line_num + 1
        record = next(reader, None)
        if record is None:
            break
        row, start, last = row + 1, line, tap.take()
        yield row, start, record
    if unclosed_quote(last, layout.dialect):
        yield row, start, RecordError(row, UNCLOSED_QUOTE)


def record_batches(
    layout: CsvLayout, records: Iterable[tuple[int, int, list[str] | RecordError]], limit: int | None = None
) -> Iterator[Item]:
    """The records' cells by column name in batches, up to row ``limit``; a record error passes as it is."""
    batcher = Batcher()
    for row, _, record in records:
        if limit is not None and row > limit:
            break
        cells = record if isinstance(record, RecordError) else csv_cells(layout.columns, row, record)
        yield from batcher.add_record(row, cells)
    yield from batcher.flush()


def csv_record_lines(path: Path, rows: Collection[int], columns: Sequence[str] | None = None) -> dict[int, int]:
    """The line of the file each of ``rows`` (data row numbers, as ``read_csv`` gives them) starts on."""
    lines: dict[int, int] = {}
    last = max(rows, default=0)
    with open_text(path) as handle:
        layout = open_layout(handle, path, columns)
        if layout is None:
            return lines
        for row, line, _ in read_records(handle, layout):
            if row > last:
                break
            if row in rows:
                lines.setdefault(row, line)
    return lines


def csv_columns(path: Path) -> tuple[str, ...] | None:
    """A CSV file's columns as the reader names them (None for an empty file)."""
    with open_text(path) as handle:
        layout = csv_layout(handle, path)
    return tuple(layout.columns) if layout is not None else None


def parquet_columns(path: Path) -> tuple[str, ...] | None:
    """A Parquet file's columns and their types, from its footer."""
    schema = pq.read_schema(path)
    return tuple(f"{name}:{column_type}" for name, column_type in zip(schema.names, schema.types, strict=True))


def scannable_columns(table: pa.Table) -> Iterator[tuple[str, list[Any]]]:
    """(name, values) of a table's columns, struct fields flattened to dotted paths, binary columns left out."""
    table = table.flatten()
    for name, column in zip(table.column_names, table.columns, strict=True):
        if not (pa.types.is_binary(column.type) or pa.types.is_large_binary(column.type)):
            yield name, column.to_pylist()


def record_dates(columns: Sequence[tuple[str, list[Any]]], rows: int) -> list[str | None]:
    """Each row's own date (``batching.record_date``) from a table's columns, or None per row."""
    dated = [values for name, values in columns if is_record_date(name)]
    return [first_day(values[row] for values in dated) for row in range(rows)]


def read_parquet(path: Path, limit: int | None = None) -> Iterator[Item]:
    """Columns of a Parquet file, a record batch at a time (see ``scannable_columns``)."""
    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise UnreadableSource(f"not a readable Parquet file: {exc}") from exc
    yield from parquet_rows(parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS), 0, limit)


def parquet_rows(batches: Iterable[pa.RecordBatch], offset: int, limit: int | None = None) -> Iterator[Item]:
    """The values of Parquet record batches whose first row comes after ``offset`` rows, up to row ``limit``."""
    batcher = Batcher()
    for record_batch in batches:
        rows = range(offset + 1, offset + record_batch.num_rows + 1)
        columns = list(scannable_columns(pa.Table.from_batches([record_batch])))
        batcher.dates(offset + 1, record_dates(columns, len(rows)))
        taken = len(rows) if limit is None else max(0, min(len(rows), limit - offset))
        for name, values in columns:
            yield from batcher.add_column(name, rows[:taken], values[:taken])
        offset += record_batch.num_rows
        if limit is not None and offset >= limit:
            break
    yield from batcher.flush()


def read_xlsx(path: Path, limit: int | None = None) -> Iterator[Item]:
    """Every sheet; the first row names the columns, containers are ``Sheet.column``."""
    from openpyxl import load_workbook  # imported here: only XLSX scans pay for it

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types (zipfile, KeyError, XML) for a broken workbook
        raise UnreadableSource(f"not a readable XLSX workbook: {exc}") from exc
    try:
        for sheet in workbook.worksheets:
            rows = sheet.iter_rows(values_only=True)
            header = next(rows, None)
            if header is None:
                continue
            columns = header_names(["" if h is None else str(h) for h in header])
            batcher = Batcher()
            for row, record in enumerate(rows, start=1):
                if limit is not None and row > limit:
                    break
                yield from batcher.add_record(row, zip([f"{sheet.title}.{n}" for n in columns], record, strict=False))
            yield from batcher.flush()
    finally:
        workbook.close()
