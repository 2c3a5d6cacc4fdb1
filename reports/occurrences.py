"""Every single occurrence, one row each, streamed to JSON Lines or Parquet as the scan goes."""

from __future__ import annotations

import json
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

import pyarrow.parquet as pq

from piiaudit.scanner.model import Occurrence
from piiaudit.scanner.model.storage import atomic_output
from piiaudit.scanner.model.tables import OCCURRENCES_SCHEMA, occurrence_format, occurrence_row, occurrences_table


class OccurrenceWriter:
    """Context manager taking batches of occurrences; the file appears, complete, when it closes."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.parquet = occurrence_format(self.path) == ".parquet"
        self._context = atomic_output(self.path)
        self._handle: BinaryIO | None = None
        self._parquet_writer: pq.ParquetWriter | None = None

    def __enter__(self) -> OccurrenceWriter:
        self._handle = self._context.__enter__()
        if self.parquet:
            self._parquet_writer = pq.ParquetWriter(self._handle, OCCURRENCES_SCHEMA)
        return self

    def write(self, occurrences: list[Occurrence]) -> None:
        assert self._handle is not None, "use OccurrenceWriter as a context manager"
        if self._parquet_writer is not None:
            self._parquet_writer.write_table(occurrences_table(occurrences))
        else:
            rows = (json.dumps(occurrence_row(o), ensure_ascii=False) + "\n" for o in occurrences)
            self._handle.write("".join(rows).encode("utf-8"))

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool | None:
        if self._parquet_writer is not None:
            self._parquet_writer.close()
        return self._context.__exit__(kind, exc, tb)
