"""JSON and JSON Lines: nested fields addressed by dotted path (``CustomerEndpoint.Address``).

JSON documents are streamed (``ijson``), never read whole: the records of a top-level array, or
of a wrapper object's record list (``{"calls": [...]}``), are handed out one by one as the parser
meets them, and values written back to back (as Kinesis Firehose does) are read one after another.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

import ijson

from piiaudit.scanner.model import FieldBatch, RecordError
from piiaudit.scanner.sources.batching import Batcher, Cell, safe_name
from piiaudit.scanner.sources.textio import UnreadableSource, open_text

Item = FieldBatch | RecordError
NumberedRecord = tuple[int, object]
MAX_DEPTH = 200  # levels of a record that are flattened into containers
MAX_NESTING = 1000  # deeper JSON is not read (as Python's own parser refuses it)
READ_CHARS = 1024 * 1024  # the most text handed to the parser at once (a line, or a piece of a long one)
LINE_STARTING_A_VALUE = re.compile(r"[\[{]")
TOO_DEEP = "JSON nested too deeply to read"
NON_FINITE = re.compile(r'("(?:[^"\\]|\\.)*")|-?\bInfinity\b|\bNaN\b')  # JSON strings, or what Python writes for
# non-finite numbers (``json.dumps(float("nan"))``), which the parser does not take: they hold no data, read as null
STARTS = frozenset({"start_map", "start_array"})
ENDS = frozenset({"end_map", "end_array"})


def flatten(value: object) -> list[tuple[str, object]]:
    """(dotted path, scalar) pairs of a JSON value; list indices are dropped from the path."""
    cells: list[tuple[str, object]] = []
    flatten_into(cells, value, "", 0)
    return cells


def flatten_into(cells: list[tuple[str, object]], value: object, path: str, depth: int) -> None:
    """``flatten``'s pairs of ``value`` (met at ``depth``, under ``path``) appended to ``cells``: the levels below
    ``MAX_DEPTH`` only, one call per container (every record goes through here)."""
    if depth > MAX_DEPTH:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            name = safe_name(key if isinstance(key, str) else str(key))
            child = f"{path}.{name}" if path else name
            if isinstance(item, dict | list):
                flatten_into(cells, item, child, depth + 1)
            elif depth < MAX_DEPTH:
                cells.append((child, item))
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict | list):
                flatten_into(cells, item, path, depth + 1)
            elif depth < MAX_DEPTH:
                cells.append((path or "$", item))
    else:
        cells.append((path or "$", value))


class TooDeep(ValueError):
    """JSON nested deeper than ``MAX_NESTING`` levels."""


class Records:
    """Turns the parser's events into records: the items of a top-level array or of a wrapper's record list
    (a key of ``record_lists`` whose value is an array), else each top-level value whole."""

    def __init__(self, record_lists: Iterable[str] = ()) -> None:
        self.record_lists = frozenset(record_lists)
        self.done: list[object] = []  # records complete, to be handed out
        self.lines: list[int] = []  # the line each record of ``done`` starts on
        self.line = 1  # the line of the text the events now handed in come from
        self.start = 1  # the line the record being built starts on
        self.values = 0  # top-level values complete
        self.depth = 0  # containers open
        self.items_at: int | None = None  # the depth inside the array whose items are records
        self.item: ijson.ObjectBuilder | None = None  # the item being built
        self.document: ijson.ObjectBuilder | None = None  # the top-level object being built
        self.wrapped = False  # the top-level object has a record list: it is not a record itself
        self.listed_key: str | None = None  # a record-list key, until its value shows it is an array

    def event(self, event: str, value: Any) -> None:
        if isinstance(value, Decimal):  # a number with a fraction or exponent, read as Python's json reads it
            value = float(value)
        if event in STARTS:
            self.depth += 1
            if self.depth > MAX_NESTING:
                raise TooDeep(TOO_DEEP)
        elif event in ENDS:
            self.depth -= 1
        if self.listed_key is not None:
            key, self.listed_key = self.listed_key, None
            if event == "start_array":
                self.items_at, self.wrapped = self.depth, True
                return
            assert self.document is not None
            self.document.event("map_key", key)
        if self.item is not None:
            self.item.event(event, value)
            if self.depth == self.items_at:
                self.done.append(self.item.value)
                self.lines.append(self.start)
                self.item = None
        elif self.items_at is not None:
            self._items(event, value)
        elif self.document is not None:
            self._document(event, value)
        elif event == "start_array":
            self.items_at = 1
        elif event == "start_map":
            self.document, self.wrapped, self.start = ijson.ObjectBuilder(), False, self.line
            self.document.event(event, value)
        else:
            self._value_done(value, self.line)

    def _items(self, event: str, value: Any) -> None:
        """An event directly inside the record array: an item starts or is a scalar, or the array ends."""
        if event in STARTS:
            self.item, self.start = ijson.ObjectBuilder(), self.line
            self.item.event(event, value)
        elif event in ENDS:
            self.items_at = None
            if self.depth == 0:
                self.values += 1
        else:
            self.done.append(value)
            self.lines.append(self.line)

    def _document(self, event: str, value: Any) -> None:
        if event == "map_key" and self.depth == 1 and value in self.record_lists:
            self.listed_key = value
            return
        assert self.document is not None
        self.document.event(event, value)
        if self.depth == 0:
            document, self.document = self.document.value, None
            if self.wrapped:
                self.values += 1
            else:
                self._value_done(document, self.start)

    def _value_done(self, value: object, line: int) -> None:
        self.done.append(value)
        self.lines.append(line)
        self.values += 1

    def handed_out(self) -> Iterator[tuple[object, int]]:
        """The records complete so far, each with the line it starts on; they are then forgotten."""
        yield from zip(self.done, self.lines, strict=True)
        self.done.clear()
        self.lines.clear()


def parse_problem(exc: Exception, line: int) -> str:
    """Why a JSON text cannot be read, in one line."""
    if isinstance(exc, TooDeep | RecursionError):
        return TOO_DEEP
    message = exc.args[0] if exc.args else ""
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)
    # the first line only: the parser quotes the text around the error on the next ones
    reason = text.strip().splitlines()[0].rstrip(".") if text.strip() else type(exc).__name__
    return f"invalid JSON: {reason.removeprefix('parse error: ').removeprefix('lexical error: ')} at line {line}"


class Text:
    """An open text file handed out a line (or a piece of a long line) at a time, counting lines."""

    def __init__(self, handle: TextIO, first: str = "") -> None:
        self.handle = handle
        self.pending = first
        self.line = 1  # the line the next piece starts on
        self.at_line_start = True
        self.blank = True  # only white space so far

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        text, self.pending = self.pending or self.handle.readline(READ_CHARS), ""
        if not text:
            raise StopIteration
        self.blank = self.blank and not text.strip()
        if "NaN" in text or "Infinity" in text:
            text = NON_FINITE.sub(lambda found: found[1] or "null", text)
        return text

    def passed(self, text: str) -> None:
        """``text`` was handed to the parser."""
        self.line += text.count("\n")
        self.at_line_start = text.endswith(("\n", "\r"))

    def skip_to_a_value(self) -> str | None:
        """Skip to the next line that starts a JSON value (``{`` or ``[``), and return it."""
        for text in self:
            if self.at_line_start and LINE_STARTING_A_VALUE.match(text):
                return text
            self.passed(text)
        return None


def json_stream(
    handle: TextIO,
    record_lists: Iterable[str] = (),
    multiple: bool = False,
    first: str = "",
    lines: dict[int, int] | None = None,
) -> Iterator[NumberedRecord | RecordError]:
    """The records of a JSON text (``Records``), numbered from 1, read from ``handle`` (after ``first``).

    A broken or too deeply nested document raises ``UnreadableSource``. With ``multiple``, values
    may follow one another: a broken one is a record error, and reading goes on at the next line
    that starts a value (a text broken before any value was complete, with none after, is unreadable).
    ``lines``, if given, is filled with the line each record starts on, by record number.
    """
    text = Text(handle, first)
    number, values = 0, 0
    while True:
        records = Records(record_lists)
        try:
            for entry, line in parsed(text, records, multiple):
                number += 1
                if lines is not None:
                    lines[number] = line
                yield number, entry
            return
        except (ijson.JSONError, TooDeep, RecursionError) as exc:
            problem = parse_problem(exc, text.line)
            values += records.values
            for entry, line in records.handed_out():  # complete before the error
                number += 1
                if lines is not None:
                    lines[number] = line
                yield number, entry
            if text.blank and not number:  # an empty file has no records
                return
            restart = text.skip_to_a_value() if multiple else None
            if not multiple or (restart is None and values == 0):
                raise UnreadableSource(problem) from exc
            number += 1
            yield RecordError(number, problem)
            if restart is None:
                return
            text.pending = restart


def parsed(text: Text, records: Records, multiple: bool) -> Iterator[tuple[object, int]]:
    """The records of ``text`` as ``records`` makes them, with their lines, parsing on until the text ends or breaks."""
    events = ijson.sendable_list()
    parser = ijson.basic_parse_coro(events, multiple_values=multiple)
    for piece in text:
        records.line = text.line
        try:
            parser.send(piece.encode("utf-8"))
        finally:
            for event, value in events:
                records.event(event, value)
            del events[:]
        text.passed(piece)
        yield from records.handed_out()
    parser.close()
    for event, value in events:
        records.event(event, value)
    yield from records.handed_out()


def record_lines_of(
    records: Iterator[NumberedRecord | RecordError], lines: dict[int, int], rows: Collection[int]
) -> dict[int, int]:
    """Read ``records`` (which fill ``lines``) up to the last of ``rows``; the lines of ``rows``."""
    last = max(rows, default=0)
    for entry in records:
        if (entry.row if isinstance(entry, RecordError) else entry[0]) >= last:
            break
    return {row: lines[row] for row in rows if row in lines}


def jsonl_cells(row: int, line: str) -> list[Cell] | RecordError:
    """The cells of one JSON Lines line (none for a blank line), or why the line is not JSON."""
    if not line.strip():
        return []
    try:
        return list(flatten(json.loads(line)))
    except json.JSONDecodeError as exc:
        return RecordError(row, f"invalid JSON: {exc.msg} at column {exc.colno}")
    except RecursionError:
        return RecordError(row, "JSON nested too deeply to read")


def json_lines(path: Path) -> Iterator[NumberedRecord | RecordError]:
    """(line number, value) of each non-blank line; a malformed line is a ``RecordError``."""
    with open_text(path) as handle:
        for row, line in enumerate(handle, start=1):
            record = json_record(row, line)
            if record is not None:
                yield record


def json_record(row: int, line: str) -> NumberedRecord | RecordError | None:
    """The value of one JSON line (None for a blank line), or the line's error."""
    if not line.strip():
        return None
    try:
        return row, json.loads(line)
    except json.JSONDecodeError as exc:
        return RecordError(row, f"invalid JSON: {exc.msg} at column {exc.colno}")
    except RecursionError:
        return RecordError(row, "JSON nested too deeply to read")


def batches_of(
    records: Iterable[NumberedRecord | RecordError], limit: int | None = None, batcher: Batcher | None = None
) -> Iterator[Item]:
    """The flattened records in batches (by ``batcher``, or a new one), record errors passed on, up to record
    number ``limit``."""
    batcher = batcher or Batcher()
    for entry in records:
        row = entry.row if isinstance(entry, RecordError) else entry[0]
        if limit is not None and row > limit:
            break
        if isinstance(entry, RecordError):
            yield entry
            continue
        yield from batcher.add_record(row, flatten(entry[1]))
    yield from batcher.flush()


def json_record_lines(path: Path, rows: Collection[int]) -> dict[int, int]:
    """The line of the file each of ``rows`` (record numbers, as ``read_json`` gives them) starts on."""
    lines: dict[int, int] = {}
    with open_text(path) as handle:
        return record_lines_of(json_stream(handle, lines=lines), lines, rows)


def read_json(path: Path, limit: int | None = None) -> Iterator[Item]:
    """A JSON document: a top-level array is a list of records (numbered from 1), anything else one record.

    An empty file (or only white space) has no records, as an empty JSON Lines file has none.
    """
    with open_text(path) as handle:
        yield from batches_of(json_stream(handle), limit)


def read_jsonl(path: Path, limit: int | None = None) -> Iterator[Item]:
    """One JSON value per line; a malformed line is reported with its number and the rest is still read."""
    yield from batches_of(json_lines(path), limit)
