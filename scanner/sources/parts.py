"""One large file cut into parts that workers read side by side: whole records, numbered as in the whole file.

Text, log and JSON Lines files are cut after a line end, CSV files after the end of a record (found
by the ``csv`` module itself, so a line break inside a quoted field is never a cut), Parquet files
between row groups; a call-centre export written as CSV or JSON Lines is cut as its syntax is, and
its parts are read in its format (records checked, fields tagged with their meanings). Each part
knows how many records come before it, so its rows are numbered as one reader of the whole file
numbers them. Text is cut only in encodings where a line end is the
byte 0x0A wherever it occurs (UTF-8 and single-byte code pages); a file smaller than two parts of
``MIN_PART_BYTES``, read with ``--sample``, or of another kind is read whole. A database is cut
between tables (``database_parts``): each table is read whole by one worker.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from piiaudit.scanner.model import FieldBatch, RecordError
from piiaudit.scanner.sources.base import Item, State
from piiaudit.scanner.sources.batching import Batcher
from piiaudit.scanner.sources.database import DatabaseSource, database_parts
from piiaudit.scanner.sources.documents import NumberedRecord, batches_of, json_record
from piiaudit.scanner.sources.files import SourceFile
from piiaudit.scanner.sources.tabular import (
    PARQUET_BATCH_ROWS,
    CsvLayout,
    open_layout,
    parquet_rows,
    read_records,
    record_batches,
    scannable_columns,
)
from piiaudit.scanner.sources.telephony import FORMATS_BY_KIND, call_centre_columns, syntax_of
from piiaudit.scanner.sources.text import line_parts, text_cells
from piiaudit.scanner.sources.textio import SNIFF_BYTES, UnreadableSource, sniff_encoding

Record = FieldBatch | RecordError  # what a part's reading yields
MIN_PART_BYTES = 8 * 1024 * 1024  # a part costs a process start and the sampling pass: small beside 8 MiB of detection
BYTE_LINE_ENCODINGS = frozenset(["utf-8", "utf-8-sig", "ascii", "cp1252", "latin_1", "iso8859_15", "mac_roman"])


@dataclass(frozen=True)
class FilePart:
    """Records ``start`` to ``end`` (bytes, or row groups for Parquet) of a file, with ``rows_before`` before them."""

    file: SourceFile
    number: int  # from 1
    start: int
    end: int
    rows_before: int
    syntax: str  # how it is read: ``text``, ``jsonl``, ``csv`` or ``parquet`` (``part_syntax``)
    encoding: str = ""  # text files: the whole file's encoding
    layout: CsvLayout | None = None  # CSV files: the whole file's dialect and columns

    @property
    def uri(self) -> str:
        return self.file.uri

    @property
    def kind(self) -> str:
        return self.file.kind

    @property
    def size(self) -> int:
        return self.end - self.start if self.syntax != "parquet" else self.file.size

    @property
    def dataset(self) -> str:
        return self.file.dataset

    def fingerprint(self) -> State | None:
        return self.file.fingerprint()

    def read(self, limit: int | None = None) -> Iterator[Item]:
        """The part's batches and record errors (``limit`` is not taken: a file read with a sample is not cut)."""
        items = PART_READERS[self.syntax](self)
        fmt = FORMATS_BY_KIND.get(self.kind)
        return fmt.annotated(items) if fmt is not None else items

    def text(self) -> io.TextIOWrapper:
        """The part's bytes as text in the file's encoding (a byte-order mark only at the file's start)."""
        encoding = self.encoding if self.start == 0 or self.encoding != "utf-8-sig" else "utf-8"
        raw = io.BufferedReader(ByteRange(self.file.path, self.start, self.end))
        return io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="")


class ByteRange(io.RawIOBase):
    """Bytes ``start`` to ``end`` of a file, read as a file of their own."""

    def __init__(self, path: Path, start: int, end: int) -> None:
        self._file = path.open("rb")
        self._file.seek(start)
        self._left = end - start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer)[: self._left]
        count = self._file.readinto(view) or 0
        self._left -= count
        return count

    def close(self) -> None:
        self._file.close()
        super().close()


def part_syntax(source: SourceFile) -> str | None:
    """How a file's parts are cut and read: as its kind says, or for a call-centre export as it is written (CSV or
    JSON Lines); None for a file read whole (a JSON document, a workbook, one that cannot be read)."""
    if source.kind in PART_READERS:
        return source.kind
    if source.kind not in FORMATS_BY_KIND:
        return None
    try:
        syntax = syntax_of(source.path)
    except (OSError, UnicodeError):
        return None  # read whole: the one reader reports what is wrong
    return syntax if syntax in PART_READERS else None


def may_cut(source: object) -> bool:
    """Whether ``source`` is a database or a file of a kind and size that ``source_parts`` may cut (reading at most
    a call-centre export's first characters)."""
    return isinstance(source, DatabaseSource) or (
        isinstance(source, SourceFile)
        and not source.error
        and source.size >= 2 * MIN_PART_BYTES
        and part_syntax(source) is not None
    )


def known_containers(part: FilePart) -> set[str | None] | None:
    """The containers of a file's batches where they are known before reading it: a CSV's or a Parquet
    file's columns (struct fields flattened, binary columns left out), a text file's one; None for JSON Lines."""
    if part.syntax == "text":
        return {None}
    if part.syntax == "parquet":
        return {name for name, _ in scannable_columns(pq.read_schema(part.file.path).empty_table())}
    return set(part.layout.columns) if part.layout is not None else None


def source_parts(source: object, count: int) -> list[FilePart] | list[DatabaseSource] | None:
    """``source`` as at most ``count`` parts that workers read side by side: a large file's byte ranges or row
    groups (``file_parts``), a database's runs of tables (``database_parts``); None where it is read whole."""
    if isinstance(source, DatabaseSource):
        return database_parts(source, count)
    return file_parts(source, count)


def file_parts(source: object, count: int) -> list[FilePart] | None:
    """``source`` cut into at most ``count`` parts of whole records, or None where it is read whole."""
    if count < 2 or not may_cut(source):
        return None
    assert isinstance(source, SourceFile)
    count = min(count, source.size // MIN_PART_BYTES)
    syntax = part_syntax(source)
    if syntax == "parquet":
        return parquet_parts(source, count)
    with source.path.open("rb") as raw:
        encoding = sniff_encoding(raw.read(SNIFF_BYTES))
    if syntax is None or encoding not in BYTE_LINE_ENCODINGS:
        return None
    targets = [source.size * k // count for k in range(1, count)]
    try:
        layout = whole_file_layout(source, encoding) if syntax == "csv" else None
        if syntax == "csv" and layout is None:
            return None  # an empty file
        cuts = cut_csv(source, encoding, layout, targets) if layout is not None else cut_lines(source, targets)
    except (csv.Error, UnicodeError, UnreadableSource):
        return None  # read whole: the one reader reports what is wrong where it is
    if len(cuts) < 3:
        return None  # one part: read whole
    starts, ends = cuts[:-1], cuts[1:]
    return [
        FilePart(source, n, start, end, rows, syntax, encoding, layout)
        for n, ((start, rows), (end, _)) in enumerate(zip(starts, ends, strict=True), start=1)
        if end > start
    ]


def whole_file_layout(source: SourceFile, encoding: str) -> CsvLayout | None:
    """A CSV file's layout as its one reader sees it (a call-centre export's positional columns where it has no
    header); None for an empty file."""
    fmt = FORMATS_BY_KIND.get(source.kind)
    columns = call_centre_columns(fmt, source.path) if fmt is not None else None
    with source.path.open("r", encoding=encoding, newline="") as handle:
        return open_layout(handle, source.path, columns)


Cut = tuple[int, int]  # (byte offset where a part starts, records before it)


def cuts_at(records: Iterable[int], first: Cut, targets: list[int], size: int) -> list[Cut]:
    """Cuts from the offsets after each record (in order): the first record end at or after each target."""
    cuts, pending = [first], iter(targets)
    target = next(pending, None)
    rows = first[1]
    for offset in records:
        rows += 1
        while target is not None and offset >= target:
            if offset > cuts[-1][0] and offset < size:
                cuts.append((offset, rows))
            target = next(pending, None)
        if target is None:
            break
    cuts.append((size, -1))
    return cuts


def line_ends(raw: io.BufferedReader) -> Iterator[int]:
    """The offset after each line end as text readers see line ends (``\\n``, ``\\r\\n`` and a lone ``\\r``)."""
    offset = raw.tell()
    for line in raw:
        offset += len(line)
        lone_returns = line.count(b"\r") - line.count(b"\r\n")
        for _ in range(lone_returns):
            yield -1  # a line end inside: counts a record, never a cut
        if line.endswith(b"\n"):
            yield offset


def cut_lines(source: SourceFile, targets: list[int]) -> list[Cut]:
    with source.path.open("rb") as raw:
        return cuts_at(line_ends(raw), (0, 0), targets, source.size)


def cut_csv(source: SourceFile, encoding: str, layout: CsvLayout, targets: list[int]) -> list[Cut]:
    """Cuts after whole CSV records, as ``csv.reader`` reads them in the file's dialect."""
    with source.path.open("rb") as raw:
        lines = DecodedLines(raw, encoding)
        reader = csv.reader(lines, **layout.dialect)
        if layout.header_lines:
            next(reader)
        first = (lines.offset, 0)
        return cuts_at((lines.offset for _ in reader), first, targets, source.size)


class DecodedLines:
    """A binary file's lines, decoded, with the offset after the last line handed out."""

    def __init__(self, raw: io.BufferedReader, encoding: str) -> None:
        self._lines = iter(raw)
        self._decoder = codecs.getincrementaldecoder(encoding)()
        self.offset = 0

    def __iter__(self) -> DecodedLines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        if b"\r" in line.rstrip(b"\r\n"):
            raise csv.Error("a line end of its own (\\r) inside a line")  # read whole, not cut
        self.offset += len(line)
        return self._decoder.decode(line)


def parquet_parts(source: SourceFile, count: int) -> list[FilePart] | None:
    """Parts of whole row groups, of about equal compressed size."""
    metadata = pq.ParquetFile(source.path).metadata
    groups = metadata.num_row_groups
    if groups < 2:
        return None
    sizes = [metadata.row_group(g).total_byte_size for g in range(groups)]
    parts: list[FilePart] = []
    total, first, rows, done = sum(sizes), 0, 0, 0
    for g in range(groups):
        done += sizes[g]
        if done >= total * (len(parts) + 1) / count or g == groups - 1:
            parts.append(FilePart(source, len(parts) + 1, first, g + 1, rows, "parquet"))
            rows += sum(metadata.row_group(i).num_rows for i in range(first, g + 1))
            first = g + 1
    return parts if len(parts) > 1 else None


def read_text_part(part: FilePart) -> Iterator[Record]:
    batcher = Batcher(free_text=True)
    with part.text() as handle:
        for row, piece in line_parts(handle):
            yield from batcher.add_record(part.rows_before + row, text_cells(piece))
    yield from batcher.flush()


def jsonl_records(part: FilePart) -> Iterator[NumberedRecord | RecordError]:
    """The part's JSON Lines records, numbered as in the whole file (checked against a call-centre format's keys
    where the file is in one)."""
    fmt = FORMATS_BY_KIND.get(part.kind)
    with part.text() as handle:
        numbered = (json_record(part.rows_before + row, line) for row, line in enumerate(handle, start=1))
        records = (record for record in numbered if record is not None)
        yield from fmt.checked(records) if fmt is not None else records


def read_jsonl_part(part: FilePart) -> Iterator[Record]:
    return batches_of(jsonl_records(part))


@dataclass(frozen=True)
class PartRead:
    """In ``read_jsonl_parts``: every record of ``part`` (and of those before it) is batched; ``containers`` are
    those given values up to its end."""

    part: FilePart
    containers: frozenset[str | None]


def read_jsonl_parts(parts: list[FilePart]) -> Iterator[Item | PartRead]:
    """A JSON Lines file's items as one reader of the whole file has them (its parts' records batched together, in
    order, tagged with a call-centre format's meanings), with a ``PartRead`` once each part's records are batched."""
    batcher = Batcher()
    passed: list[PartRead] = []

    def records() -> Iterator[NumberedRecord | RecordError]:
        for part in parts:
            yield from jsonl_records(part)
            passed.append(PartRead(part, batcher.containers()))

    fmt = FORMATS_BY_KIND.get(parts[0].kind)
    items = batches_of(records(), batcher=batcher)
    for item in fmt.annotated(items) if fmt is not None else items:
        yield item
        yield from passed
        passed.clear()
    yield from passed


def read_csv_part(part: FilePart) -> Iterator[Record]:
    assert part.layout is not None, "a CSV file is cut with its layout"
    with part.text() as handle:
        yield from record_batches(part.layout, read_records(handle, part.layout, part.rows_before))


def read_parquet_part(part: FilePart) -> Iterator[Record]:
    parquet = pq.ParquetFile(part.file.path)
    batches = parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS, row_groups=range(part.start, part.end))
    yield from parquet_rows(batches, part.rows_before)


PART_READERS: dict[str, Callable[[FilePart], Iterator[Record]]] = {
    "text": read_text_part,
    "jsonl": read_jsonl_part,
    "csv": read_csv_part,
    "parquet": read_parquet_part,
}
