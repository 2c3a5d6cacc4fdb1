"""JSON and JSON Lines: nested fields addressed by dotted path (``CustomerEndpoint.Address``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from scanner.model import FieldBatch, RecordError
from scanner.sources.batching import Batcher
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


def read_json(path: Path, limit: int | None = None) -> Iterator[Item]:
    """A JSON document: a top-level array is a list of records (numbered from 1), anything else one record."""
    with open_text(path) as handle:
        try:
            document = json.load(handle)
        except json.JSONDecodeError as exc:
            raise UnreadableSource(f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
        except RecursionError as exc:
            raise UnreadableSource("JSON nested too deeply to read") from exc
    records = document if isinstance(document, list) else [document]
    batcher = Batcher()
    for row, record in enumerate(records, start=1):
        if limit is not None and row > limit:
            break
        for container, value in flatten(record):
            yield from batcher.add(container, row, value)
    yield from batcher.flush()


def read_jsonl(path: Path, limit: int | None = None) -> Iterator[Item]:
    """One JSON value per line; a malformed line is reported with its number and the rest is still read."""
    batcher = Batcher()
    with open_text(path) as handle:
        for row, line in enumerate(handle, start=1):
            if limit is not None and row > limit:
                break
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield RecordError(row, f"invalid JSON: {exc.msg} at column {exc.colno}")
                continue
            except RecursionError:
                yield RecordError(row, "JSON nested too deeply to read")
                continue
            for container, value in flatten(record):
                yield from batcher.add(container, row, value)
    yield from batcher.flush()
