"""Every single occurrence, one row each, streamed to JSON Lines or Parquet as the scan goes."""

from __future__ import annotations

import json
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from piiaudit.scanner.model import Occurrence
from piiaudit.scanner.model.storage import atomic_output
from piiaudit.scanner.model.tables import OCCURRENCES_SCHEMA, occurrence_format, occurrence_row, occurrences_table

ROW_GROUP_ROWS = 65_536  # occurrences per Parquet row group (the writer keeps each group's metadata to the end)


class OccurrenceWriter:
    """Context manager taking batches of occurrences; the file appears, complete, when it closes.

    Parquet rows are written in row groups of ``ROW_GROUP_ROWS``, not one per batch: a scan of millions of
    occurrences would otherwise keep the metadata of tens of thousands of row groups in memory until the end.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.parquet = occurrence_format(self.path) == ".parquet"
        self._context = atomic_output(self.path)
        self._handle: BinaryIO | None = None
        self._parquet_writer: pq.ParquetWriter | None = None
        self._pending: list[pa.Table] = []  # Parquet rows not yet written
        self._pending_rows = 0

    def __enter__(self) -> OccurrenceWriter:
        self._handle = self._context.__enter__()
        if self.parquet:
            self._parquet_writer = pq.ParquetWriter(self._handle, OCCURRENCES_SCHEMA)
        return self

    def write(self, occurrences: list[Occurrence]) -> None:
        assert self._handle is not None, "use OccurrenceWriter as a context manager"
        if self._parquet_writer is not None:
            self.write_table(occurrences_table(occurrences))
        else:
            rows = (json.dumps(occurrence_row(o), ensure_ascii=False) + "\n" for o in occurrences)
            self._handle.write("".join(rows).encode("utf-8"))

    def write_table(self, table: pa.Table) -> None:
        """Occurrences already made a table of ``OCCURRENCES_SCHEMA`` (Parquet only)."""
        assert self._parquet_writer is not None, "tables are written to Parquet"
        self._pending.append(table)
        self._pending_rows += table.num_rows
        if self._pending_rows >= ROW_GROUP_ROWS:
            self._flush(whole_groups_only=True)

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool | None:
        if self._parquet_writer is not None:
            self._flush()
            self._parquet_writer.close()
        return self._context.__exit__(kind, exc, tb)

    def _flush(self, whole_groups_only: bool = False) -> None:
        """Write the pending rows (with ``whole_groups_only``, only full row groups; the rest stays pending)."""
        assert self._parquet_writer is not None
        pending = pa.concat_tables(self._pending) if self._pending else None
        if pending is None:
            return
        cut = pending.num_rows - pending.num_rows % ROW_GROUP_ROWS if whole_groups_only else pending.num_rows
        if cut:
            self._parquet_writer.write_table(pending.slice(0, cut), row_group_size=ROW_GROUP_ROWS)
        rest = pending.slice(cut)
        self._pending, self._pending_rows = ([rest] if rest.num_rows else []), rest.num_rows
