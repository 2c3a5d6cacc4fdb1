"""The one registry of file formats: everything piiaudit knows about a format, in one record per format.

A record says how files of the format are recognised (by suffix, or by content for the call-centre
exports, which ``scanner.sources.telephony`` registers here), how they are read, in which syntax,
what reports call their containers, whether their record numbers are lines of the file, whether
Spark reads them alike, and how their columns are read cheaply (to group files into datasets).
Discovery, the Spark planner, ``--kind`` and every report look formats up here.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from piiaudit.scanner.model import FieldBatch, RecordError
from piiaudit.scanner.sources.documents import json_record_lines, read_json, read_jsonl
from piiaudit.scanner.sources.tabular import (
    csv_columns,
    csv_record_lines,
    parquet_columns,
    read_csv,
    read_parquet,
    read_xlsx,
)
from piiaudit.scanner.sources.text import read_text

Reader = Callable[[Path, int | None], Iterator[FieldBatch | RecordError]]
Columns = Callable[[Path], tuple[str, ...] | None]
RecordLines = Callable[[Path, Collection[int]], dict[int, int]]  # record numbers → the lines they start on
JSON_SYNTAXES = frozenset({"json", "jsonl"})


@dataclass(frozen=True)
class FileFormat:
    """One file format.

    ``suffixes`` are the name endings it is found under; a format ``by_content`` (a call-centre
    export) is looked for in files of those suffixes by reading their start, any other is known by
    its suffix alone. ``syntax`` is how its files are written (``csv``, ``json``, ``jsonl``,
    ``parquet``, ``xlsx``, ``text``, ``sqlite``; empty when it varies from file to file).
    ``reader`` reads a file of it (None: another kind of source reads it, as SQLite files are
    databases). ``container`` is what reports call a container (``column``, ``field``). ``lines``:
    its record numbers are line numbers of the file. ``spark``: the Spark engine reads it as the
    local reader does. ``columns`` reads a file's columns cheaply (a CSV header, a Parquet schema),
    for grouping files of one shape into a dataset. ``record_lines`` reads where records start in a
    file whose record numbers are not its lines (a CSV header, a quoted line break, a JSON document).
    """

    kind: str
    title: str
    syntax: str
    suffixes: tuple[str, ...]
    reader: Reader | None
    container: str = "field"
    by_content: bool = False
    lines: bool = False
    spark: bool = False
    columns: Columns | None = None
    record_lines: RecordLines | None = None


FORMATS: dict[str, FileFormat] = {}


def register(fmt: FileFormat) -> FileFormat:
    """Add a format to the registry (a kind is registered once)."""
    if fmt.kind in FORMATS:
        raise ValueError(f"file format {fmt.kind!r} is registered twice")
    FORMATS[fmt.kind] = fmt
    return fmt


for _format in (
    FileFormat("csv", "CSV/TSV", "csv", (".csv", ".tsv"), read_csv, "column", spark=True, columns=csv_columns,
               record_lines=csv_record_lines),
    FileFormat("json", "JSON", "json", (".json",), read_json, spark=True, record_lines=json_record_lines),
    FileFormat("jsonl", "JSON Lines", "jsonl", (".jsonl", ".ndjson"), read_jsonl, lines=True, spark=True),
    FileFormat("parquet", "Parquet", "parquet", (".parquet", ".pq"), read_parquet, "column", spark=True,
               columns=parquet_columns),
    FileFormat("xlsx", "Excel workbook", "xlsx", (".xlsx", ".xlsm"), read_xlsx, "column"),
    FileFormat("text", "text or log", "text", (".txt", ".log"), read_text, "line", lines=True, spark=True),
    FileFormat("sqlite", "SQLite database", "sqlite", (".db", ".sqlite", ".sqlite3"), None, "column"),
):  # fmt: skip
    register(_format)


def suffix_of(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


def by_kind(kind: str) -> FileFormat | None:
    return FORMATS.get(kind)


def by_suffix(name: str) -> FileFormat | None:
    """The format a file name's suffix says, among the formats known by suffix."""
    suffix = suffix_of(name)
    return next((f for f in FORMATS.values() if not f.by_content and suffix in f.suffixes), None)


def content_formats(name: str) -> list[FileFormat]:
    """The formats recognised by content that files of this name's suffix may be in."""
    suffix = suffix_of(name)
    return [f for f in FORMATS.values() if f.by_content and suffix in f.suffixes]


def known_suffix(name: str) -> bool:
    """Whether a file of this name may be scanned: a format is known by its suffix or looked for in it."""
    suffix = suffix_of(name)
    return any(suffix in f.suffixes for f in FORMATS.values())


def readable_kinds() -> list[str]:
    """The kinds a file can be read as (``--kind``)."""
    return [kind for kind, fmt in FORMATS.items() if fmt.reader is not None]


def read(kind: str, path: Path, limit: int | None) -> Iterator[FieldBatch | RecordError]:
    reader = FORMATS[kind].reader
    if reader is None:
        raise ValueError(f"{kind} files are not read as files")
    return reader(path, limit)


def file_syntax(kind: str, name: str) -> str:
    """The syntax of a file of ``kind`` named ``name``: the format's own, or (where it varies) its suffix's."""
    fmt = FORMATS.get(kind)
    if fmt is not None and fmt.syntax:
        return fmt.syntax
    by_name = by_suffix(name)
    if by_name is not None:
        return by_name.syntax
    return "json" if fmt is not None and suffix_of(name) == ".js" else ""


def container_word(kind: str) -> str:
    """What reports call a container of a source of ``kind``: ``column``, ``field``, ``line``; ``in`` if unknown."""
    fmt = FORMATS.get(kind)
    return fmt.container if fmt is not None else "in"


def rows_are_lines(kind: str) -> bool:
    fmt = FORMATS.get(kind)
    return fmt is not None and fmt.lines


def record_lines(kind: str, path: Path, rows: Collection[int]) -> dict[int, int]:
    """The line of ``path`` each of its records ``rows`` starts on, where its format knows (not Parquet, XLSX)."""
    fmt = FORMATS.get(kind)
    if fmt is not None and fmt.lines:
        return {row: row for row in rows}
    return fmt.record_lines(path, rows) if fmt is not None and fmt.record_lines is not None else {}
