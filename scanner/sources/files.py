"""Walking directories for scannable files and dispatching each to its reader by kind.

A file's kind comes from its extension, except that CSV, JSON and JSON Lines files (and ``.js``
data files, as in a Twitter archive) are first checked for a call-centre export format
(``scanner.sources.telephony``); a kind given by the caller overrides both, and a file that does
not fit a forced call-centre kind is an error.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath
from typing import Any

from scanner.model import FieldBatch, RecordError
from scanner.sources import telephony
from scanner.sources.archives import ARCHIVE_SUFFIXES, BrokenSource, CompressedSource, archive_sources
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
    **telephony.READERS,
}
KIND_BY_SUFFIX = {
    ".csv": "csv", ".tsv": "csv",
    ".json": "json",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".parquet": "parquet", ".pq": "parquet",
    ".xlsx": "xlsx", ".xlsm": "xlsx",
    ".txt": "text", ".log": "text",
}  # fmt: skip
SNIFFED_KINDS = frozenset({"csv", "json", "jsonl"})  # checked for a call-centre format by content
SNIFFED_ONLY_SUFFIXES = frozenset({".js"})  # scanned only when recognised (Twitter archive data files)


class KindMismatch(ValueError):
    """A file that does not fit the call-centre kind it was forced to be read as."""


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


def kind_by_name(name: str) -> str | None:
    """The kind a file name's extension says (archive members are not sniffed for call-centre formats)."""
    return KIND_BY_SUFFIX.get(PurePosixPath(name).suffix.lower())


def kind_of(path: Path) -> str | None:
    """The kind of a file: a call-centre format recognised by content, else the kind its extension says."""
    kind = KIND_BY_SUFFIX.get(path.suffix.lower())
    if kind in SNIFFED_KINDS or path.suffix.lower() in SNIFFED_ONLY_SUFFIXES:
        recognised = telephony.recognise(path)
        if recognised:
            return recognised.kind
    return kind


def forced_kind(path: Path, uri: str, kind: str) -> str:
    """``kind``, once the file is checked to fit it when it is a call-centre format."""
    fmt = telephony.FORMATS_BY_KIND.get(kind)
    problem = telephony.mismatch(fmt, path) if fmt else None
    if problem:
        raise KindMismatch(f"--kind {kind}: {uri} is not in the {fmt.title} format ({problem})")
    return kind


def _excluded(uri: str, exclude: Iterable[str]) -> bool:
    return any(fnmatchcase(uri, pattern) for pattern in exclude)


def _walk(root: Path, unreadable: list[OSError]) -> Iterator[Path]:
    """Files under ``root`` in a stable order, skipping hidden entries and never following directory links.

    Directories that cannot be listed are collected in ``unreadable``.
    """
    for directory, dirs, files in os.walk(root, followlinks=False, onerror=unreadable.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(directory) / name


def _unreadable_directory(root: Path, error: OSError) -> BrokenSource:
    where = Path(error.filename or root)
    uri = where.relative_to(root).as_posix() if where != root and where.is_relative_to(root) else str(where)
    return BrokenSource(uri + "/", "directory", f"cannot list the directory: {error.strerror or error}")


def _kind(path: Path, uri: str, forced: str | None, named: bool) -> str | None:
    if forced is None:
        return kind_of(path)
    suffix = path.suffix.lower()
    if named or suffix in KIND_BY_SUFFIX or suffix in SNIFFED_ONLY_SUFFIXES:
        return forced_kind(path, uri, forced)
    return None


def discover(
    paths: Iterable[Path],
    exclude: Iterable[str] = (),
    database_options: dict[str, Any] | None = None,
    kind: str | None = None,
) -> Iterator[SourceFile | DatabaseSource | CompressedSource | BrokenSource]:
    """Scannable files under each path (a directory is walked, a file taken as it is); SQLite files as databases.

    ``kind`` forces every file to be read as that kind: each file given by name, and each file of
    a scannable extension in a directory. A file that does not fit a forced call-centre kind raises
    ``KindMismatch``.
    """
    exclude = tuple(exclude)
    for root in paths:
        unreadable: list[OSError] = []
        candidates = _walk(root, unreadable) if root.is_dir() else iter([root])
        for path in candidates:
            uri = path.relative_to(root).as_posix() if root.is_dir() else path.name
            if _excluded(uri, exclude):
                continue
            if is_sqlite_file(path):
                yield DatabaseSource.from_sqlite_file(path, uri, **(database_options or {}))
                continue
            if path.name.lower().endswith(ARCHIVE_SUFFIXES):
                yield from archive_sources(path, uri, kind_by_name, READERS)
                continue
            found = _kind(path, uri, kind, named=not root.is_dir())
            if found is None:
                continue
            try:
                size = path.stat().st_size
            except OSError:
                size = 0
            yield SourceFile(path, uri, found, size)
        yield from (_unreadable_directory(root, error) for error in unreadable)
