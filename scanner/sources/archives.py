"""Compressed inputs: ``.gz`` files and the members of ``.zip`` archives, scanned like the files they hold.

A member is decompressed into a private temporary directory (mode 0700, removed as soon as the
member is read), never under a name taken from the archive, so ``../../etc/passwd`` in an archive
cannot write anywhere. Limits stop decompression bombs: a member may not expand beyond
``MAX_MEMBER_BYTES`` nor more than ``MAX_RATIO`` times its compressed size, counted while
decompressing (an archive's declared sizes can lie), and an archive may hold ``MAX_MEMBERS``
members at most. Archives inside archives are not opened.
"""

from __future__ import annotations

import gzip
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from piiaudit.scanner.sources import formats
from piiaudit.scanner.sources.base import Item, State, file_state
from piiaudit.scanner.sources.datasets import format_name
from piiaudit.scanner.sources.textio import UnreadableSource

MAX_MEMBER_BYTES = 2 * 1024**3
MAX_RATIO = 200
MAX_MEMBERS = 10_000
COPY_CHUNK = 1024 * 1024
ARCHIVE_SUFFIXES = (".gz", ".zip")


def inner_name(path: Path) -> str:
    """``calls.csv.gz`` → ``calls.csv``."""
    return path.name[: -len(".gz")] if path.name.lower().endswith(".gz") else path.name


def unsafe_member(name: str) -> str | None:
    """Why a member name is unsafe to even look at (absolute, or climbing out with ``..``), or None."""
    pure = PurePosixPath(name.replace("\\", "/"))
    if pure.is_absolute() or name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return "absolute path"
    if ".." in pure.parts:
        return "path climbs out of the archive (..)"
    return None


def copy_bounded(source: IO[bytes] | gzip.GzipFile, target: IO[bytes], compressed_size: int) -> None:
    """Copy a decompressing stream, stopping as soon as it outgrows the size or ratio limit."""
    limit = min(MAX_MEMBER_BYTES, max(compressed_size, 1) * MAX_RATIO)
    written = 0
    while chunk := source.read(COPY_CHUNK):
        written += len(chunk)
        if written > limit:
            raise UnreadableSource(
                f"decompresses to more than {limit:,} bytes ({MAX_RATIO}x its compressed size or "
                f"{MAX_MEMBER_BYTES:,} bytes): refused as a possible decompression bomb"
            )
        target.write(chunk)


@dataclass(frozen=True)
class CompressedSource:
    """A ``.gz`` file, or one member of a ``.zip`` archive, read through a bounded temporary copy."""

    path: Path  # the archive on disk
    member: str | None  # the member's name in a zip archive; None for a .gz file
    uri: str
    kind: str
    size: int  # compressed size
    dataset: str = field(default="")

    def __post_init__(self) -> None:
        if not self.dataset:
            object.__setattr__(self, "dataset", self.uri)

    def fingerprint(self) -> State | None:
        """The archive's size and modification time."""
        return file_state(self.path)

    def read(self, limit: int | None = None) -> Iterator[Item]:
        with tempfile.TemporaryDirectory(prefix="piiaudit-archive-") as private:
            Path(private).chmod(0o700)
            name = format_name(PurePosixPath(self.member).name if self.member else inner_name(self.path))
            copy = Path(private) / f"member{PurePosixPath(name).suffix.lower()}"
            self._extract(copy)
            yield from formats.read(self.kind, copy, limit)

    def _extract(self, copy: Path) -> None:
        try:
            if self.member is None:
                with gzip.open(self.path, "rb") as source, copy.open("wb") as target:
                    copy_bounded(source, target, self.size)
                return
            with zipfile.ZipFile(self.path) as archive, archive.open(self.member) as source, copy.open("wb") as target:
                copy_bounded(source, target, archive.getinfo(self.member).compress_size)
        except (OSError, EOFError, zipfile.BadZipFile, RuntimeError, NotImplementedError) as exc:
            raise UnreadableSource(f"cannot decompress: {exc}") from exc


@dataclass(frozen=True)
class BrokenSource:
    """Something found while discovering sources that cannot be read at all (an unreadable directory,
    a damaged archive, an unsafe member); scanning it reports why."""

    uri: str
    kind: str
    reason: str
    size: int = 0
    dataset: str = field(default="")

    def __post_init__(self) -> None:
        if not self.dataset:
            object.__setattr__(self, "dataset", self.uri)

    def fingerprint(self) -> State | None:
        return None

    def read(self, limit: int | None = None) -> Iterator[Item]:
        raise UnreadableSource(self.reason)


def archive_sources(
    path: Path, uri: str, kind_of_name: Callable[[str], str | None]
) -> Iterator[CompressedSource | BrokenSource]:
    """The scannable contents of a ``.gz`` file or ``.zip`` archive, as sources named ``archive!member``."""
    size = path.stat().st_size
    if path.name.lower().endswith(".gz"):
        kind = kind_of_name(inner_name(path))
        if kind is not None:
            yield CompressedSource(path, None, uri, kind, size)
        return
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
    except (OSError, zipfile.BadZipFile) as exc:
        yield BrokenSource(uri, "zip", f"not a readable zip archive: {exc}")
        return
    if len(members) > MAX_MEMBERS:
        yield BrokenSource(uri, "zip", f"{len(members):,} members: more than the {MAX_MEMBERS:,} allowed")
        return
    for member in members:
        member_uri = f"{uri}!{member.filename}"
        problem = unsafe_member(member.filename)
        if problem:
            yield BrokenSource(member_uri, "zip-member", f"unsafe member name: {problem}; not extracted")
            continue
        kind = kind_of_name(PurePosixPath(member.filename).name)
        if kind is not None:
            yield CompressedSource(path, member.filename, member_uri, kind, member.compress_size)
