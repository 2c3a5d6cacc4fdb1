"""Collecting (row, container, value) triples into bounded per-container batches."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from functools import lru_cache
from itertools import repeat

from piiaudit.detectors.location import coordinate_field
from piiaudit.scanner.engine.detection import COLUMN_SAMPLE
from piiaudit.scanner.model import FieldBatch, RecordError

BATCH_VALUES = 5000  # a container's batch ends at this many values
HELD_VALUES = 50_000  # all containers' batches end once they hold this many values together (a wide table)
BATCH_CHARS = 4_000_000  # a batch also ends at this many characters, so long texts keep memory bounded
MAX_VALUE_CHARS = 100_000  # longer values (a 200 MB line with no newline) are scanned in pieces; spaCy takes 1M at most
CUT_SEARCH = 1024  # a long value is cut after the last space in this many characters before the limit
MIN_INTEGER_DIGITS = 6  # shorter integers (quantities, counts) cannot hold personal data
Cell = tuple[str | None, object]  # (container, raw value) of one record


def as_text(value: object, container: str | None = None) -> str | None:
    """The scannable text of a cell: strings as they are, long integers and dates as text, else None.

    Fractional numbers are amounts, except in a latitude/longitude/coordinates field (``container``).
    """
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return str(value) if len(str(abs(value))) >= MIN_INTEGER_DIGITS else None
    if isinstance(value, float | Decimal):
        # phone and card numbers stored as floats by spreadsheets; amounts, infinities and NaN are left alone
        finite = value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)
        if finite and container is not None and coordinate_field(container):
            return str(value)
        return str(int(value)) if finite and value == int(value) and not -(10**7) < value < 10**7 else None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return None


def cut_point(text: str, start: int, limit: int = MAX_VALUE_CHARS) -> int:
    """Where a piece of ``text`` from ``start`` ends: ``limit`` characters on, or just after a space shortly before."""
    end = start + limit
    space = text.rfind(" ", max(start, end - CUT_SEARCH), end)
    return space + 1 if space > start else end


def pieces(text: str, limit: int = MAX_VALUE_CHARS) -> Iterator[str]:
    """``text`` cut into pieces of at most ``limit`` characters (by position: the rest is never copied)."""
    start = 0
    while len(text) - start > limit:
        cut = cut_point(text, start, limit)
        yield text[start:cut]
        start = cut
    yield text[start:] if start else text


# A record's own date (a signup, creation or call date), by its field's name less separators: created_at,
# signup_date, start_time, calldate, date_joined, registered_on. Dates of birth are judged at it.
RECORD_DATE_NAME = re.compile(
    r"(?:sign(?:ed)?up|created?|creation|registered|registration|joined|start(?:ed)?|call|enrolled|opened)"
    r"(?:date|time|at|on|stamp|timestamp|ts)?|date(?:created|joined|registered|opened)"
)
ISO_DAY = re.compile(r"\s*(\d{4}-\d{2}-\d{2})(?:[T ]|$)")


@lru_cache(maxsize=4096)
def is_record_date(container: str | None) -> bool:
    """Whether a field's name says it holds the record's own date (its last dotted part: ``call.start_time``)."""
    name = (container or "").rpartition(".")[2]
    return RECORD_DATE_NAME.fullmatch(re.sub(r"[^a-z]", "", name.lower())) is not None


def day_of(value: object) -> str | None:
    """The ISO day (``2024-10-14``) of a date, a datetime or ISO 8601 text, else None."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    match = ISO_DAY.match(value) if isinstance(value, str) else None
    if match is None:
        return None
    try:
        return dt.date.fromisoformat(match.group(1)).isoformat()
    except ValueError:
        return None


def first_day(values: Iterable[object]) -> str | None:
    """The ISO day of the first of ``values`` that is a date, else None."""
    return next((day for value in values if (day := day_of(value)) is not None), None)


def record_date(cells: Iterable[Cell]) -> str | None:
    """The record's own date (ISO day) from the first field named like one that holds a date, else None."""
    return first_day(value for container, value in cells if is_record_date(container))


PERSONAL_LOOKING = re.compile(r"\w@\w|\d(?:[ ().-]?\d){7,}")  # an e-mail address, or 8+ digits (phone, card, id)


def looks_personal(name: str) -> bool:
    """Whether a column name or JSON key looks like a value (an address, a phone or card number)."""
    return PERSONAL_LOOKING.search(name) is not None


@lru_cache(maxsize=4096)
def safe_name(name: str) -> str:
    """A container name fit for reports: a key that looks like personal data is masked like evidence."""
    return re.sub(r"[^\W_]", "*", name) if looks_personal(name) else name


class Batcher:
    """Accumulates values per container and hands out batches of bounded size.

    Batches are handed out once one container has ``size`` values, or all of them together ``held`` values or
    ``BATCH_CHARS`` characters: a table's columns come in batches of about ``size`` values each, so that what
    the engine does once per batch and detector is shared by that many values.

    A container's first batch carries at least its first ``COLUMN_SAMPLE`` values (or all it has):
    the engine decides a container's context from its first batch, and that decision must not depend
    on where a batch happens to be cut (nor differ from the Spark engine's, which samples the same values).
    """

    def __init__(self, free_text: bool | None = None, size: int = BATCH_VALUES, held: int = HELD_VALUES) -> None:
        self.free_text = free_text
        self.size = size
        self.held = held
        self._rows: dict[str | None, list[int]] = {}
        self._values: dict[str | None, list[str]] = {}
        self._count = 0
        self._chars = 0
        self._started: set[str | None] = set()  # containers whose first batch is out
        self._dates: dict[int, str] = {}  # row → the record's own date, for rows not yet handed out
        self._open = 0  # the first row whose record may still get cells (after a batch is handed out, too)

    def _add_text(self, container: str | None, row: int, text: str) -> Iterator[FieldBatch]:
        for piece in pieces(text):
            if self._append(container, row, piece):  # also within one long value
                yield from self._flush(final=False)

    def _append(self, container: str | None, row: int, piece: str) -> bool:
        """Collect one piece; whether the batches are now full."""
        values = self._values.get(container)
        if values is None:
            values = self._values[container] = []
            self._rows[container] = []
        values.append(piece)
        self._rows[container].append(row)
        self._count += 1
        self._chars += len(piece)
        return len(values) >= self.size or self._count >= self.held or self._chars >= BATCH_CHARS

    def add_record(self, row: int, cells: Iterable[Cell] | RecordError) -> Iterator[FieldBatch | RecordError]:
        """All cells of one record, or the record's error as it is."""
        if isinstance(cells, RecordError):
            yield cells
            return
        cells = list(cells)
        self.dates(row, [record_date(cells)])
        yield from self._add_cells((container, row, value) for container, value in cells)

    def add_column(self, container: str, rows: Sequence[int], values: Sequence[object]) -> Iterator[FieldBatch]:
        """One column's cells in records ``rows`` (a table read column by column, whose dates ``dates`` noted)."""
        if len(rows) != len(values):
            raise ValueError(f"{len(values)} values for {len(rows)} rows")
        return self._add_cells(zip(repeat(container), rows, values))

    def _add_cells(self, cells: Iterable[tuple[str | None, int, object]]) -> Iterator[FieldBatch]:
        """Each (container, row, value) cell's scannable text (``as_text``), a long one in pieces: every reader's hot
        loop, with no generator per cell."""
        for container, row, value in cells:
            if type(value) is str:  # ``as_text`` of most cells, inline
                text: str | None = value if value and not value.isspace() else None
            else:
                text = as_text(value, container)
            if text is None:
                continue
            if len(text) > MAX_VALUE_CHARS:
                yield from self._add_text(container, row, text)
            elif self._append(container, row, text):
                yield from self._flush(final=False)

    def containers(self) -> frozenset[str | None]:
        """The containers given values so far (those whose first batch is out, and those still held)."""
        return frozenset(self._started.union(self._values))

    def dates(self, first: int, days: Sequence[str | None]) -> None:
        """Note the own dates (``record_date``) of the records from row ``first`` on, before their cells, for the
        batches of their values: the records before ``first`` have all their cells."""
        self._open = first
        for row, day in enumerate(days, start=first):
            if day is not None:
                self._dates[row] = day

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
            rows = self._rows[container]
            dates = {r: self._dates[r] for r in rows if r in self._dates} if self._dates else None
            yield FieldBatch(container, rows, values, self.free_text, record_dates=dates or None)
        self._rows, self._values, self._count = held_rows, held_values, 0
        if self._dates:
            held = {r for rows in held_rows.values() for r in rows}
            self._dates = {r: d for r, d in self._dates.items() if r in held or r >= self._open}
        self._chars = sum(len(v) for values in held_values.values() for v in values)
