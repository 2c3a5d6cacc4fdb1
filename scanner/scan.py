"""Orchestration: sources → engine → findings, never stopping for a bad source; in parallel processes on request."""

from __future__ import annotations

import json
import multiprocessing
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scanner.config import ScanConfig
from scanner.engine import Engine
from scanner.findings import FindingCollector, sort_findings
from scanner.model import Finding, Occurrence, RecordError, ScanResult, SourceResult, TableResult
from scanner.sources import Source
from scanner.sources.database import DatabaseSource
from scanner.sources.textio import UnreadableSource

OccurrenceSink = Callable[[list[Occurrence]], None]
ProgressHook = Callable[[Source, int], None]  # (source, bytes done in it so far)
SPILL_CHUNK = 5000


def one_line(exc: BaseException) -> str:
    """An exception as a single readable line: ``UnicodeDecodeError: 'utf-8' codec can't decode …``."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if isinstance(exc, UnreadableSource) else f"{type(exc).__name__}: {text}"


@dataclass(frozen=True)
class EngineSpec:
    """How to build the engine, so that worker processes can build the same one."""

    config: ScanConfig
    detector_names: tuple[str, ...] | None = None

    def build(self) -> Engine:
        from detectors.registry import load_detectors

        config = self.config
        return Engine(load_detectors(self.detector_names, config.detectors, config.regions), config)


@dataclass
class Scan:
    """One scan over a set of sources with one engine (and, with ``workers`` > 1, one per process)."""

    engine: Engine
    sample: int | None = None
    on_occurrences: OccurrenceSink | None = None
    on_source_done: ProgressHook | None = None
    collector: FindingCollector = field(default_factory=FindingCollector)
    workers: int = 1
    spec: EngineSpec | None = None

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
        sources = list(sources)
        if self.workers > 1 and len(sources) > 1 and self.spec is not None:
            results, findings = self._run_in_workers(sources)
        else:
            results = []
            for source in sources:
                results.append(self.scan_source(source))
                if self.on_source_done:
                    self.on_source_done(source, source.size)
            findings = self.collector.findings()
        return ScanResult(
            root=", ".join(str(r) for r in roots),
            sources=results,
            findings=findings,
            started_at=started.isoformat(timespec="seconds"),
            duration_s=round(time.perf_counter() - clock, 3),
            sample=self.sample,
        )

    def _run_in_workers(self, sources: list[Source]) -> tuple[list[SourceResult], list[Finding]]:
        """One source per task across a process pool; occurrences come back through spill files, in order."""
        results, findings = [], []
        context = multiprocessing.get_context("forkserver")
        with (
            tempfile.TemporaryDirectory(prefix="piiaudit-") as spill_dir,
            ProcessPoolExecutor(
                self.workers, context, initializer=_start_worker, initargs=(self.spec, self.sample)
            ) as pool,
        ):
            os.chmod(spill_dir, 0o700)
            spill = spill_dir if self.on_occurrences else None
            tasks = [pool.submit(_scan_in_worker, source, spill) for source in sources]
            for source, task in zip(sources, tasks, strict=True):
                result, source_findings, spill_path = task.result()
                results.append(result)
                findings += source_findings
                if spill_path and self.on_occurrences:
                    for chunk in _read_spill(Path(spill_path)):
                        self.on_occurrences(chunk)
                if self.on_source_done:
                    self.on_source_done(source, source.size)
        return results, sort_findings(findings)


_worker_scan: Scan | None = None


def _start_worker(spec: EngineSpec, sample: int | None) -> None:
    global _worker_scan
    _worker_scan = Scan(spec.build(), sample=sample)


def _scan_in_worker(source: Source, spill_dir: str | None) -> tuple[SourceResult, list[Finding], str | None]:
    assert _worker_scan is not None, "worker not initialised"
    scan = _worker_scan
    scan.collector = FindingCollector()
    if not spill_dir:
        return scan.scan_source(source), scan.collector.findings(), None
    fd, spill_path = tempfile.mkstemp(dir=spill_dir, suffix=".jsonl")
    with open(fd, "w", encoding="utf-8") as handle:
        scan.on_occurrences = lambda occ: handle.writelines(json.dumps(asdict(o)) + "\n" for o in occ)
        result = scan.scan_source(source)
    scan.on_occurrences = None
    return result, scan.collector.findings(), spill_path


def _read_spill(path: Path) -> Iterator[list[Occurrence]]:
    chunk: list[Occurrence] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            data: dict[str, Any] = json.loads(line)
            data["reasons"] = tuple(data["reasons"])
            chunk.append(Occurrence(**data))
            if len(chunk) >= SPILL_CHUNK:
                yield chunk
                chunk = []
    if chunk:
        yield chunk
    path.unlink()
