"""Collecting (row, container, value) triples into bounded per-container batches."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal

from scanner.engine import COLUMN_SAMPLE
from scanner.model import FieldBatch, RecordError

BATCH_VALUES = 5000
MIN_INTEGER_DIGITS = 6  # shorter integers (quantities, counts) cannot hold personal data
Cell = tuple[str | None, object]  # (container, raw value) of one record


def as_text(value: object) -> str | None:
    """The scannable text of a cell: strings as they are, long integers and dates as text, else None."""
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return str(value) if len(str(abs(value))) >= MIN_INTEGER_DIGITS else None
    if isinstance(value, float | Decimal):
        # phone and card numbers stored as floats by spreadsheets; amounts are left alone
        return str(int(value)) if value == value and value == int(value) and abs(value) >= 10**7 else None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return None


class Batcher:
    """Accumulates values per container and hands out batches of bounded size.

    A container's first batch carries at least its first ``COLUMN_SAMPLE`` values (or all it has):
    the engine decides a container's context from its first batch, and that decision must not depend
    on where a batch happens to be cut (nor differ from the Spark engine's, which samples the same values).
    """

    def __init__(self, free_text: bool | None = None, size: int = BATCH_VALUES) -> None:
        self.free_text = free_text
        self.size = size
        self._rows: dict[str | None, list[int]] = {}
        self._values: dict[str | None, list[str]] = {}
        self._count = 0
        self._started: set[str | None] = set()  # containers whose first batch is out

    def add(self, container: str | None, row: int, value: object) -> Iterator[FieldBatch]:
        text = as_text(value)
        if text is None:
            return
        self._rows.setdefault(container, []).append(row)
        self._values.setdefault(container, []).append(text)
        self._count += 1
        if self._count >= self.size:
            yield from self._flush(final=False)

    def add_record(self, row: int, cells: Iterable[Cell] | RecordError) -> Iterator[FieldBatch | RecordError]:
        """All cells of one record, or the record's error as it is."""
        if isinstance(cells, RecordError):
            yield cells
            return
        for container, value in cells:
            yield from self.add(container, row, value)

    def flush(self) -> Iterator[FieldBatch]:
        """Everything collected: call once the source (or sheet) has been read."""
        return self._flush(final=True)

    def _flush(self, final: bool) -> Iterator[FieldBatch]:
        held_rows, held_values = {}, {}
        for container, values in self._values.items():
            if not final and container not in self._started and len(values) < COLUMN_SAMPLE:
                held_rows[container], held_values[container] = self._rows[container], values
                continue
            self._started.add(container)
            yield FieldBatch(container, self._rows[container], values, self.free_text)
        self._rows, self._values, self._count = held_rows, held_values, 0
