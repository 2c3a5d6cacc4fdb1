"""Plain text and log files: every line is free text, numbered from 1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from scanner.model import FieldBatch, RecordError
from scanner.sources.batching import Batcher, Cell
from scanner.sources.textio import open_text


def text_cells(line: str) -> list[Cell]:
    """A line, without its line break, as the one cell of its record."""
    return [(None, line.rstrip("\r\n"))]


def read_text(path: Path, limit: int | None = None) -> Iterator[FieldBatch | RecordError]:
    batcher = Batcher(free_text=True)
    with open_text(path) as handle:
        for row, line in enumerate(handle, start=1):
            if limit is not None and row > limit:
                break
            yield from batcher.add_record(row, text_cells(line))
    yield from batcher.flush()
