"""The one interface every source has: files, archive members, databases and sources that cannot be read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from piiaudit.scanner.model import FieldBatch, RecordError, TableResult

Item = FieldBatch | RecordError | TableResult
State = list[int]  # what tells that a source changed: [size, modification time in ns] for a file


class Source(Protocol):
    """Something to scan.

    ``uri`` names it in reports (a path relative to the scan root, ``archive.zip!member``, or a
    database URL without password); ``kind`` is its format (``scanner.sources.formats``) or database
    backend; ``size`` is in bytes (0 where unknown); ``dataset`` is the uri of the dataset it belongs
    to (its own uri when it stands alone, see ``scanner.sources.datasets``). ``fingerprint`` is the
    state that tells that it changed (size and modification time of a file), or None where nothing
    does (databases). ``read`` yields its values in batches, its malformed records and, for
    databases, a result per table; it raises ``UnreadableSource`` when it cannot be read at all.
    """

    @property
    def uri(self) -> str: ...

    @property
    def kind(self) -> str: ...

    @property
    def size(self) -> int: ...

    @property
    def dataset(self) -> str: ...

    def fingerprint(self) -> State | None: ...

    def read(self, limit: int | None = None) -> Iterator[Item]: ...


def file_state(path: Path) -> State | None:
    """[size, modification time in ns] of a file, to notice that it changed; None if it cannot be looked at."""
    try:
        status = path.stat()
    except OSError:
        return None
    return [status.st_size, status.st_mtime_ns]
