"""JSON and JSON Lines: nested fields addressed by dotted path (``CustomerEndpoint.Address``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from scanner.model import FieldBatch, RecordError
from scanner.sources.batching import Batcher, Cell
from scanner.sources.textio import UnreadableSource, open_text

Item = FieldBatch | RecordError
MAX_DEPTH = 200


def flatten(value: object, path: str = "", depth: int = 0) -> Iterator[tuple[str, object]]:
    """(dotted path, scalar) pairs of a JSON value; list indices are dropped from the path."""
    if depth > MAX_DEPTH:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            yield from flatten(item, f"{path}.{key}" if path else str(key), depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from flatten(item, path, depth + 1)
    else:
        yield path or "$", value


def json_records(text: str) -> list[object]:
    """The records of a JSON document: a top-level array is a list of records, anything else one record."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableSource(f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    except RecursionError as exc:
        raise UnreadableSource("JSON nested too deeply to read") from exc
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


def read_json(path: Path, limit: int | None = None) -> Iterator[Item]:
    """A JSON document's records, numbered from 1."""
    with open_text(path) as handle:
        records = json_records(handle.read())
    batcher = Batcher()
    for row, record in enumerate(records, start=1):
        if limit is not None and row > limit:
            break
        yield from batcher.add_record(row, flatten(record))
    yield from batcher.flush()


def read_jsonl(path: Path, limit: int | None = None) -> Iterator[Item]:
    """One JSON value per line; a malformed line is reported with its number and the rest is still read."""
    batcher = Batcher()
    with open_text(path) as handle:
        for row, line in enumerate(handle, start=1):
            if limit is not None and row > limit:
                break
            yield from batcher.add_record(row, jsonl_cells(row, line))
    yield from batcher.flush()
