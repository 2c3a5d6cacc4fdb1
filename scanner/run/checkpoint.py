"""Checkpoints: an interrupted scan continues where it stopped without rescanning finished sources.

The checkpoint file (JSON Lines, mode 0600) starts with the fingerprint of the scan's request
(sources, options, configuration, policy, detectors); then one line per finished source with its
result and its findings (the file's own, before they are merged into its dataset's) — masked
evidence only, like every report. A line is appended and flushed to disk as each source
finishes, so a crash loses at most the source in progress. A source whose
``fingerprint`` changed since (a file's size or modification time) is scanned again.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

from piiaudit.scanner.model import Example, Finding, RecordError, SourceResult, TableResult
from piiaudit.scanner.sources import Source

CHECKPOINT_VERSION = 1


class CheckpointError(ValueError):
    """A checkpoint file that belongs to another scan, or cannot be read."""


def request_fingerprint(request: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(request, sort_keys=True, default=str).encode()).hexdigest()


def result_from(data: dict[str, Any]) -> SourceResult:
    data = dict(data)
    data["record_errors"] = [RecordError(**e) for e in data["record_errors"]]
    data["tables"] = [TableResult(**t) for t in data["tables"]]
    return SourceResult(**data)


def finding_from(data: dict[str, Any]) -> Finding:
    data = dict(data)
    data["examples"] = [Example(**e) for e in data["examples"]]
    return Finding(**data)


class Checkpoint:
    """Finished sources of one scan request, read from and appended to ``path``."""

    def __init__(self, path: Path, request: dict[str, Any]) -> None:
        self.path = Path(path)
        self.fingerprint = request_fingerprint(request)
        self.done: dict[str, tuple[list[int] | None, SourceResult, list[Finding]]] = {}
        if self.path.exists():
            self._load()
        else:
            self._append({"checkpoint": CHECKPOINT_VERSION, "scan": self.fingerprint})

    def _load(self) -> None:
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
            header = json.loads(lines[0]) if lines else {}
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CheckpointError(f"{self.path}: not a readable checkpoint: {exc}") from exc
        if header.get("checkpoint") != CHECKPOINT_VERSION or header.get("scan") != self.fingerprint:
            raise CheckpointError(
                f"{self.path} is the checkpoint of a different scan (other sources or options); "
                "delete it to start afresh"
            )
        for line in lines[1:]:
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut short by a crash: that source is scanned again
            result = result_from(entry["result"])
            self.done[result.uri] = (entry["state"], result, [finding_from(f) for f in entry["findings"]])

    def finished(self, source: Source) -> tuple[SourceResult, list[Finding]] | None:
        """The stored result of ``source`` if it finished and has not changed since (its ``fingerprint``)."""
        entry = self.done.get(source.uri)
        if entry is None or entry[0] != source.fingerprint():
            return None
        return entry[1], entry[2]

    def record(self, source: Source, result: SourceResult, findings: list[Finding]) -> None:
        entry = {"state": source.fingerprint(), "result": asdict(result), "findings": [asdict(f) for f in findings]}
        self._append(entry)

    def _append(self, entry: dict[str, Any]) -> None:
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)
