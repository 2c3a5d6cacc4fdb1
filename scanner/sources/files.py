"""Walking directories for scannable files and dispatching each to its reader by kind.

A file's kind comes from its extension, except that CSV, JSON and JSON Lines files (and ``.js``
data files, as in a Twitter archive) are first checked for a call-centre export format
(``scanner.sources.telephony``); a kind given by the caller overrides both, and a file that does
not fit a forced call-centre kind is an error.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath
from typing import Any

from piiaudit.scanner.model import FieldBatch, RecordError
from piiaudit.scanner.sources import telephony
from piiaudit.scanner.sources.archives import ARCHIVE_SUFFIXES, BrokenSource, CompressedSource, archive_sources
from piiaudit.scanner.sources.database import SQLITE_SUFFIXES, DatabaseSource, is_sqlite_file
from piiaudit.scanner.sources.documents import read_json, read_jsonl
from piiaudit.scanner.sources.tabular import read_csv, read_parquet, read_xlsx
from piiaudit.scanner.sources.text import read_text
from piiaudit.scanner.sources.textio import UnreadableSource

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
SPECIAL_FILES = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"),
                 (stat.S_ISBLK, "a device"), (stat.S_ISDIR, "a directory"))  # fmt: skip


class KindMismatch(ValueError):
    """A file that does not fit the call-centre kind it was forced to be read as."""


@dataclass(frozen=True)
class SourceFile:
    """A file to scan: where it is, how reports name it (relative to the scan root) and its kind."""

    path: Path
    uri: str
    kind: str
    size: int
    error: str | None = None  # known before reading: a directory it may not list, a named pipe, a broken link

    def read(self, limit: int | None = None) -> Iterator[FieldBatch | RecordError]:
        """The batches (and record errors) of this file; raises for a file that cannot be read at all."""
        if self.error:
            raise UnreadableSource(self.error)
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


def _walk(root: Path) -> Iterator[Path | OSError]:
    """Files under ``root`` in a stable order, skipping hidden entries and never following directory links.

    A directory that cannot be listed is yielded as its ``OSError``.
    """
    unlisted: list[OSError] = []
    for directory, dirs, files in os.walk(root, onerror=unlisted.append, followlinks=False):
        yield from unlisted
        unlisted.clear()
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(directory) / name
    yield from unlisted


def unlisted_directory(root: Path, error: OSError) -> SourceFile:
    """A directory (``root`` or one under it) that could not be listed, as a source whose outcome is its error."""
    path = Path(error.filename)
    uri = path.relative_to(root).as_posix() if path != root else root.name or str(root)
    return SourceFile(path, uri, "directory", 0, f"cannot list this directory: {error.strerror or error}")


def not_a_file(path: Path) -> str | None:
    """Why ``path`` is not read although its name says it should be (a named pipe, a broken link), or None."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        broken = " (a broken symbolic link)" if path.is_symlink() else ""
        return f"cannot be read{broken}: {exc.strerror or exc}"
    what = next((name for test, name in SPECIAL_FILES if test(mode)), None)
    return f"not a regular file but {what}: not opened" if what else None


def _scannable_name(path: Path, forced: str | None, named: bool) -> bool:
    """Whether a file of this name would be read: a known or sniffed extension, or named with a forced kind."""
    suffix = path.suffix.lower()
    known = suffix in KIND_BY_SUFFIX or suffix in SNIFFED_ONLY_SUFFIXES or suffix in SQLITE_SUFFIXES
    known = known or suffix in ARCHIVE_SUFFIXES
    return known or (named and forced is not None)


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
        candidates = _walk(root) if root.is_dir() else iter([root])
        for path in candidates:
            if isinstance(path, OSError):
                unlisted = unlisted_directory(root, path)
                if not _excluded(f"{unlisted.uri}/", exclude):
                    yield unlisted
                continue
            uri = path.relative_to(root).as_posix() if root.is_dir() else path.name
            if _excluded(uri, exclude):
                continue
            problem = not_a_file(path) if _scannable_name(path, kind, not root.is_dir()) else None
            if problem:
                yield SourceFile(path, uri, kind or KIND_BY_SUFFIX.get(path.suffix.lower(), "file"), 0, problem)
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
