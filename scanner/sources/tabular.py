"""Tables: CSV/TSV (dialect and encoding sniffed), Parquet (read in record batches) and XLSX."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator, Sequence
from itertools import chain, islice
from pathlib import Path
from typing import TextIO

import pyarrow as pa
import pyarrow.parquet as pq

from scanner.model import FieldBatch, RecordError
from scanner.sources.batching import Batcher, looks_personal, safe_name
from scanner.sources.textio import SNIFF_BYTES, UnreadableSource, open_text

Item = FieldBatch | RecordError
PARQUET_BATCH_ROWS = 8192
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


def csv_reader(handle: TextIO, path: Path) -> Iterator[list[str]]:
    """A ``csv.reader`` over an open text file, in the dialect sniffed from its start."""
    sample = handle.read(SNIFF_BYTES)
    handle.seek(0)
    return csv.reader(handle, sniff_dialect(sample, path))


def csv_head(path: Path, rows: int) -> list[list[str]]:
    """The first ``rows`` rows of a CSV file (header included), for recognising its layout."""
    with open_text(path) as handle:
        return list(islice(csv_reader(handle, path), rows))


def read_csv(path: Path, limit: int | None = None, columns: Sequence[str] | None = None) -> Iterator[Item]:
    """Each data row's cells by column name; rows are numbered from 1 after the header.

    ``columns`` names the columns of a file without a header row: every line is then data. A first
    row holding values that look like personal data (an address, a long number) is data too, and the
    columns are named ``column_1`` … instead.
    """
    with open_text(path) as handle:
        reader = csv_reader(handle, path)
        if columns is None:
            header = next(reader, None)
            if header is None:
                return
            if any(looks_personal(cell) for cell in header):
                columns = [f"column_{i}" for i in range(1, len(header) + 1)]
                reader = chain([header], reader)
            else:
                columns = header_names(header)
        batcher = Batcher()
        for row, record in enumerate(reader, start=1):
            if limit is not None and row > limit:
                break
            if len(record) != len(columns):
                if not any(cell.strip() for cell in record):
                    continue
                yield RecordError(row, f"expected {len(columns)} fields, got {len(record)}")
                continue
            for name, cell in zip(columns, record, strict=True):
                yield from batcher.add(name, row, cell)
        yield from batcher.flush()


def read_parquet(path: Path, limit: int | None = None) -> Iterator[Item]:
    """Columns of a Parquet file, struct fields flattened to dotted paths, a record batch at a time."""
    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise UnreadableSource(f"not a readable Parquet file: {exc}") from exc
    offset = 0
    batcher = Batcher()
    for record_batch in parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS):
        table = pa.Table.from_batches([record_batch]).flatten()
        rows = range(offset + 1, offset + table.num_rows + 1)
        for name, column in zip(table.column_names, table.columns, strict=True):
            if pa.types.is_binary(column.type) or pa.types.is_large_binary(column.type):
                continue
            for row, value in zip(rows, column.to_pylist(), strict=True):
                if limit is not None and row > limit:
                    break
                yield from batcher.add(name, row, value)
        offset += table.num_rows
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
                for name, cell in zip(columns, record, strict=False):
                    yield from batcher.add(f"{sheet.title}.{name}", row, cell)
            yield from batcher.flush()
    finally:
        workbook.close()
