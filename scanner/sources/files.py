"""Walking directories for scannable files and dispatching each to its reader by kind."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from scanner.model import FieldBatch, RecordError
from scanner.sources.database import DatabaseSource, is_sqlite_file
from scanner.sources.documents import read_json, read_jsonl
from scanner.sources.tabular import read_csv, read_parquet, read_xlsx
from scanner.sources.text import read_text

Reader = Callable[[Path, int | None], Iterator[FieldBatch | RecordError]]
READERS: dict[str, Reader] = {
    "csv": read_csv,
    "json": read_json,
    "jsonl": read_jsonl,
    "parquet": read_parquet,
    "xlsx": read_xlsx,
    "text": read_text,
}
KIND_BY_SUFFIX = {
    ".csv": "csv", ".tsv": "csv",
    ".json": "json",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".parquet": "parquet", ".pq": "parquet",
    ".xlsx": "xlsx", ".xlsm": "xlsx",
    ".txt": "text", ".log": "text",
}  # fmt: skip


@dataclass(frozen=True)
class SourceFile:
    """A file to scan: where it is, how reports name it (relative to the scan root) and its kind."""

    path: Path
    uri: str
    kind: str
    size: int

    def read(self, limit: int | None = None) -> Iterator[FieldBatch | RecordError]:
        """The batches (and record errors) of this file; raises for a file that cannot be read at all."""
        return READERS[self.kind](self.path, limit)


def kind_of(path: Path) -> str | None:
    return KIND_BY_SUFFIX.get(path.suffix.lower())


def _excluded(uri: str, exclude: Iterable[str]) -> bool:
    return any(fnmatchcase(uri, pattern) for pattern in exclude)


def _walk(root: Path) -> Iterator[Path]:
    """Files under ``root`` in a stable order, skipping hidden entries and never following directory links."""
    for directory, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(directory) / name


def discover(
    paths: Iterable[Path], exclude: Iterable[str] = (), database_options: dict[str, Any] | None = None
) -> Iterator[SourceFile | DatabaseSource]:
    """Scannable files under each path (a directory is walked, a file taken as it is); SQLite files as databases."""
    exclude = tuple(exclude)
    for root in paths:
        candidates = _walk(root) if root.is_dir() else iter([root])
        for path in candidates:
            uri = path.relative_to(root).as_posix() if root.is_dir() else path.name
            if _excluded(uri, exclude):
                continue
            if is_sqlite_file(path):
                yield DatabaseSource.from_sqlite_file(path, uri, **(database_options or {}))
                continue
            kind = kind_of(path)
            if kind is None:
                continue
            try:
                size = path.stat().st_size
            except OSError:
                size = 0
            yield SourceFile(path, uri, kind, size)
