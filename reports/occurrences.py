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

SCHEMA = pa.schema(
    [
        ("source", pa.string()),
        ("container", pa.string()),
        ("row", pa.int64()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("entity", pa.string()),
        ("detector", pa.string()),
        ("confidence", pa.float32()),
        ("masked", pa.string()),
    ]
)
FORMATS = (".jsonl", ".parquet")


def row_of(occ: Occurrence) -> dict[str, object]:
    return {name: getattr(occ, name) for name in SCHEMA.names}


class OccurrenceWriter:
    """Context manager taking batches of occurrences; the file appears, complete, when it closes."""

    def __init__(self, path: Path) -> None:
        suffix = Path(path).suffix.lower()
        if suffix not in FORMATS:
            raise ValueError(f"occurrences file must end in .jsonl or .parquet, not {suffix or 'nothing'!r}")
        self.path = Path(path)
        self.parquet = suffix == ".parquet"
        self._context = atomic_output(self.path)
        self._handle: BinaryIO | None = None
        self._parquet_writer: pq.ParquetWriter | None = None

    def __enter__(self) -> OccurrenceWriter:
        self._handle = self._context.__enter__()
        if self.parquet:
            self._parquet_writer = pq.ParquetWriter(self._handle, SCHEMA)
        return self

    def write(self, occurrences: list[Occurrence]) -> None:
        assert self._handle is not None, "use OccurrenceWriter as a context manager"
        rows = [row_of(o) for o in occurrences]
        if self._parquet_writer is not None:
            self._parquet_writer.write_table(pa.Table.from_pylist(rows, schema=SCHEMA))
        else:
            self._handle.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8"))

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool | None:
        if self._parquet_writer is not None:
            self._parquet_writer.close()
        return self._context.__exit__(kind, exc, tb)
