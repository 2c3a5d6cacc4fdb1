"""JSON and JSON Lines: nested fields addressed by dotted path (``CustomerEndpoint.Address``)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from piiaudit.scanner.model import FieldBatch, RecordError
from piiaudit.scanner.sources.batching import Batcher, Cell, safe_name
from piiaudit.scanner.sources.textio import UnreadableSource, open_text

Item = FieldBatch | RecordError
NumberedRecord = tuple[int, object]
MAX_DEPTH = 200


def flatten(value: object, path: str = "", depth: int = 0) -> Iterator[tuple[str, object]]:
    """(dotted path, scalar) pairs of a JSON value; list indices are dropped from the path."""
    if depth > MAX_DEPTH:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            name = safe_name(str(key))
            yield from flatten(item, f"{path}.{name}" if path else name, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from flatten(item, path, depth + 1)
    else:
        yield path or "$", value


def json_problem(exc: json.JSONDecodeError | RecursionError) -> str:
    """Why a JSON text cannot be read, in one line."""
    if isinstance(exc, RecursionError):
        return "JSON nested too deeply to read"
    return f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"


def load_json(text: str) -> object:
    """A whole JSON document; a broken one raises ``UnreadableSource`` with the reason."""
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise UnreadableSource(json_problem(exc)) from exc


def json_records(text: str) -> list[object]:
    """The records of a JSON document: a top-level array is a list of records, anything else one record."""
    if not text.strip():
        return []
    document = load_json(text)
    return document if isinstance(document, list) else [document]


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
            if not line.strip():
                continue
            try:
                yield row, json.loads(line)
            except json.JSONDecodeError as exc:
                yield RecordError(row, f"invalid JSON: {exc.msg} at column {exc.colno}")
            except RecursionError:
                yield RecordError(row, "JSON nested too deeply to read")


def batches_of(records: Iterable[NumberedRecord | RecordError], limit: int | None = None) -> Iterator[Item]:
    """The flattened records in batches, record errors passed on, up to record number ``limit``."""
    batcher = Batcher()
    for entry in records:
        row = entry.row if isinstance(entry, RecordError) else entry[0]
        if limit is not None and row > limit:
            break
        if isinstance(entry, RecordError):
            yield entry
            continue
        yield from batcher.add_record(row, flatten(entry[1]))
    yield from batcher.flush()


def read_json(path: Path, limit: int | None = None) -> Iterator[Item]:
    """A JSON document: a top-level array is a list of records (numbered from 1), anything else one record.

    An empty file (or only white space) has no records, as an empty JSON Lines file has none.
    """
    with open_text(path) as handle:
        records = json_records(handle.read())
    yield from batches_of(enumerate(records, start=1), limit)


def read_jsonl(path: Path, limit: int | None = None) -> Iterator[Item]:
    """One JSON value per line; a malformed line is reported with its number and the rest is still read."""
    yield from batches_of(json_lines(path), limit)
