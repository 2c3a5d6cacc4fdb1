"""Plain text and log files: every line is free text, numbered from 1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from piiaudit.scanner.model import FieldBatch, RecordError
from piiaudit.scanner.sources.batching import MAX_VALUE_CHARS, Batcher, Cell, cut_point
from piiaudit.scanner.sources.textio import open_text


def text_cells(line: str) -> list[Cell]:
    """A line, without its line break, as the one cell of its record."""
    return [(None, line.rstrip("\r\n"))]


def read_text(path: Path, limit: int | None = None) -> Iterator[FieldBatch | RecordError]:
    batcher = Batcher(free_text=True)
    with open_text(path) as handle:
        for row, part in line_parts(handle):
            if limit is not None and row > limit:
                break
            yield from batcher.add_record(row, text_cells(part))
    yield from batcher.flush()


def line_parts(handle: TextIO) -> Iterator[tuple[int, str]]:
    """(line number, text) for each line, a very long line in pieces, so memory stays bounded.

    A piece ends after a space near its limit where there is one, so that a value is not cut in two.
    """
    row, rest = 1, ""
    while part := rest + handle.readline(MAX_VALUE_CHARS - len(rest)):
        rest = ""
        if part.endswith(("\n", "\r")):
            yield row, part.rstrip("\r\n")
            row += 1
            continue
        if len(part) == MAX_VALUE_CHARS:  # the line goes on
            cut = cut_point(part, 0)
            part, rest = part[:cut], part[cut:]
        yield row, part
