"""Walking directories for scannable files, recognising each file's format and grouping files into datasets.

A file's kind comes from the format registry (``scanner.sources.formats``): the call-centre
formats that may be in a file of its suffix are looked for by content first (``.js`` data files,
as in a Twitter archive, are scanned only when one is recognised), else the format its suffix
says; a rotated or compressed file (``app.log.1``, ``calls.csv.gz``) is of its base name's format.
A kind given by the caller overrides both, and a file that does not fit a forced call-centre kind
is an error. Files of one shape found in a directory form datasets (``scanner.sources.datasets``).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from piiaudit.scanner.sources import formats, telephony
from piiaudit.scanner.sources.archives import ARCHIVE_SUFFIXES, CompressedSource, archive_sources
from piiaudit.scanner.sources.base import Item, Source, State, file_state
from piiaudit.scanner.sources.database import DatabaseSource, is_sqlite_file
from piiaudit.scanner.sources.datasets import format_name, group
from piiaudit.scanner.sources.textio import UnreadableSource

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
    dataset: str = field(default="")

    def __post_init__(self) -> None:
        if not self.dataset:
            object.__setattr__(self, "dataset", self.uri)

    def fingerprint(self) -> State | None:
        return file_state(self.path)

    def read(self, limit: int | None = None) -> Iterator[Item]:
        """The batches (and record errors) of this file; raises for a file that cannot be read at all."""
        if self.error:
            raise UnreadableSource(self.error)
        return formats.read(self.kind, self.path, limit)

    def columns(self) -> tuple[str, ...] | None:
        """Its columns where its format reads them cheaply (a CSV header, a Parquet schema), else None."""
        fmt = formats.by_kind(self.kind)
        return fmt.columns(self.path) if fmt is not None and fmt.columns is not None and not self.error else None


def kind_by_name(name: str) -> str | None:
    """The kind a file name says (archive members are not sniffed for call-centre formats)."""
    fmt = formats.by_suffix(format_name(name))
    return fmt.kind if fmt is not None and fmt.reader is not None else None


def kind_of(path: Path) -> str | None:
    """The kind of a file: a call-centre format recognised by content, else the kind its name says."""
    candidates = formats.content_formats(format_name(path.name))
    if candidates:
        recognised = telephony.recognise(path, candidates)
        if recognised:
            return recognised.kind
    return kind_by_name(path.name)


def forced_kind(path: Path, uri: str, kind: str) -> str:
    """``kind``, once the file is checked to fit it when it is a call-centre format."""
    fmt = telephony.FORMATS_BY_KIND.get(kind)
    problem = telephony.mismatch(fmt, path) if fmt else None
    if fmt and problem:
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
    """Whether a file of this name would be read: a known or sniffed suffix, or named with a forced kind."""
    known = formats.known_suffix(format_name(path.name)) or path.name.lower().endswith(ARCHIVE_SUFFIXES)
    return known or (named and forced is not None)


def _kind(path: Path, uri: str, forced: str | None, named: bool) -> str | None:
    if forced is None:
        return kind_of(path)
    if named or formats.known_suffix(format_name(path.name)):
        return forced_kind(path, uri, forced)
    return None


def _files(
    root: Path, exclude: tuple[str, ...], database_options: dict[str, Any] | None, kind: str | None
) -> Iterator[Source]:
    """The sources under one path (a directory is walked, a file taken as it is), in a stable order."""
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
            yield SourceFile(path, uri, kind or kind_by_name(path.name) or "file", 0, problem)
            continue
        if is_sqlite_file(path):
            yield DatabaseSource.from_sqlite_file(path, uri, **(database_options or {}))
            continue
        if path.name.lower().endswith(ARCHIVE_SUFFIXES):
            yield from archive_sources(path, uri, kind_by_name)
            continue
        found = _kind(path, uri, kind, named=not root.is_dir())
        if found is None:
            continue
        state = file_state(path)
        yield SourceFile(path, uri, found, state[0] if state else 0)


def columns_of(source: SourceFile | CompressedSource) -> tuple[str, ...] | None:
    """A file's columns where its format reads them cheaply; None for a compressed file."""
    return source.columns() if isinstance(source, SourceFile) else None


def in_datasets(sources: list[Source]) -> list[Source]:
    """The sources with the uri of their dataset set (``scanner.sources.datasets``); only files are grouped."""
    files = [
        (index, source)
        for index, source in enumerate(sources)
        if isinstance(source, SourceFile | CompressedSource) and formats.by_kind(source.kind)
    ]
    names = group([source for _, source in files], lambda s: s.uri, lambda s: s.kind, columns_of)
    grouped = list(sources)
    for (index, source), name in zip(files, names, strict=True):
        grouped[index] = replace(source, dataset=name)
    return grouped


def discover(
    paths: Iterable[Path],
    exclude: Iterable[str] = (),
    database_options: dict[str, Any] | None = None,
    kind: str | None = None,
    datasets: bool = True,
) -> Iterator[Source]:
    """Scannable files under each path (a directory is walked, a file taken as it is); SQLite files as databases.

    ``kind`` forces every file to be read as that kind: each file given by name, and each file of
    a scannable suffix in a directory. A file that does not fit a forced call-centre kind raises
    ``KindMismatch``. With ``datasets``, files of one shape in a directory form datasets.
    """
    exclude = tuple(exclude)
    for root in paths:
        found = list(_files(root, exclude, database_options, kind))
        yield from in_datasets(found) if datasets and root.is_dir() else found
