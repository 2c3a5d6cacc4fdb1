"""Orchestration: sources → engine → findings, one source at a time, never stopping for a bad one."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from scanner.engine import Engine
from scanner.findings import FindingCollector
from scanner.model import Occurrence, RecordError, ScanResult, SourceResult, TableResult
from scanner.sources import Source
from scanner.sources.database import DatabaseSource
from scanner.sources.textio import UnreadableSource

OccurrenceSink = Callable[[list[Occurrence]], None]
ProgressHook = Callable[[Source, int], None]  # (source, bytes done in it so far)


def one_line(exc: BaseException) -> str:
    """An exception as a single readable line: ``UnicodeDecodeError: 'utf-8' codec can't decode …``."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if isinstance(exc, UnreadableSource) else f"{type(exc).__name__}: {text}"


@dataclass
class Scan:
    """One scan over a set of sources with one engine."""

    engine: Engine
    sample: int | None = None
    on_occurrences: OccurrenceSink | None = None
    on_source_done: ProgressHook | None = None
    collector: FindingCollector = field(default_factory=FindingCollector)

    def scan_source(self, source: Source) -> SourceResult:
        result = SourceResult(source.uri, source.kind)
        try:
            for item in source.read(self.sample):
                if isinstance(item, RecordError):
                    result.record_errors.append(item)
                    continue
                if isinstance(item, TableResult):
                    result.tables.append(item)
                    result.records += item.records
                    continue
                if not isinstance(source, DatabaseSource):
                    result.records = max(result.records, item.rows[-1] if item.rows else 0)
                occurrences = self.engine.scan(source.uri, item)
                self.collector.add(occurrences)
                if self.on_occurrences and occurrences:
                    self.on_occurrences(occurrences)
        except Exception as exc:  # any reader failure is this source's error, never the scan's
            result.status, result.error = "error", one_line(exc)
        finally:
            self.engine.forget(source.uri)
        if result.record_errors:
            result.records = max(result.records, max(e.row for e in result.record_errors))
        return result

    def run(self, sources: Iterable[Source], roots: Iterable[object]) -> ScanResult:
        started = datetime.now(UTC)
        clock = time.perf_counter()
        results = []
        for source in sources:
            results.append(self.scan_source(source))
            if self.on_source_done:
                self.on_source_done(source, source.size)
        return ScanResult(
            root=", ".join(str(r) for r in roots),
            sources=results,
            findings=self.collector.findings(),
            started_at=started.isoformat(timespec="seconds"),
            duration_s=round(time.perf_counter() - clock, 3),
            sample=self.sample,
        )
